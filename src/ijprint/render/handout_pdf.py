"""A laid-out handout + document + style -> handout.pdf bytes: the map on the front (or on its split pages), the
fact and timeline tables on the back, the class header and name line on top of every page; draws only, never measures.

The map is drawn by mindmap_pdf and the tables by facts_pdf's drawing code, so the handout looks like
mindmap.pdf and facts.pdf; this module adds the band, the back page's title, its columns and footer.
Tagged as they are: the band is read once, on the front (a P), and is a Pagination artifact after; the
back page's title is an H1 over the tables' headings and tables; the footers are artifacts. Bookmarks:
a one-page map's main branches, or one per page of a split map, then the back page.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ijprint.fonts import FontFaces, ascent_descent
from ijprint.layout.boxes import TextLine
from ijprint.layout.handout import HandoutBand, moved
from ijprint.model import Document
from ijprint.render.facts_pdf import RoleFonts, TextWriter, draw_tables
from ijprint.render.handout_pages import HandoutLayout
from ijprint.render.mindmap_pdf import draw_map_sheet
from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Element, Tagger
from ijprint.render.pdf_text import draw_text
from ijprint.render.registry import RenderContext
from ijprint.reproducible import PDF_INVARIANT, prepare_pdf_canvas
from ijprint.style import Style

BACK_BOOKMARK = "Key facts and timeline"


def render_handout(handout: HandoutLayout, document: Document, style: Style, faces: FontFaces, context: RenderContext,
                   name: str = "Handout", hidden: frozenset[str] = frozenset(), answers: bool = True) -> bytes:
    """The handout as a PDF: the map's page(s), then the back page(s), all on the front's paper and orientation.
    A worksheet is drawn the same way under its own `name`, with its `hidden` map labels and its answer
    cells blank (`answers` False) or filled in (its key)."""
    front = handout.maps[0].layout
    width, height = front.page_width, front.page_height
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=PDF_INVARIANT, pageCompression=1, initialFontName=faces.regular, lang=document.meta.language)
    meta = document.meta
    canvas.setTitle(f"{meta.title}: {name.lower()}")
    canvas.setAuthor(meta.document_author)
    canvas.setSubject(meta.subtitle or meta.context)
    canvas.setKeywords(", ".join(meta.tags))
    prepare_pdf_canvas(canvas, context.build_time, context.generator)
    tagger = Tagger(canvas)
    maps = handout.maps
    for number in range(1, len(maps) + 1):
        _draw_band(canvas, handout.band, style, height, tagger, tagger.element("P") if number == 1 else None)
        draw_map_sheet(canvas, maps, number, style, faces, context, tagger, hidden, answers)
        canvas.showPage()
    content = handout.content
    back_title = tagger.element("H1")
    tags = content.tags(tagger, bookmark_level=1)
    first_back = len(maps) + 1
    total = len(maps) + len(handout.sheets.pages)
    footer_text = f"{meta.title} · {name}"
    baseline = style.margins.bottom - ascent_descent(faces.regular, style.small_size)[1] + 0.5
    for number, columns in enumerate(handout.sheets.pages, start=first_back):
        prepare_pdf_canvas(canvas, context.build_time, context.generator)
        if number == first_back:
            canvas.bookmarkPage("back", fit="XYZ", left=0, top=height)
            canvas.addOutlineEntry(BACK_BOOKMARK, "back", level=0)
        _draw_band(canvas, handout.band, style, height, tagger, None)
        _draw_lines(canvas, handout.title, HexColor(style.text_color), height, tagger, back_title if number == first_back else None)
        for column in columns:
            writer = draw_tables(canvas, moved(column.page, column.dx), content, handout.back_frame.x + column.dx, height, tags, answers)
            canvas.drawText(writer.text)
        _footer(canvas, content.role_fonts, (footer_text, f"Page {number} of {total}"), style.margins.left, width - style.margins.right, baseline, tagger)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return finish_tagged_pdf(buffer.getvalue(), tagger, document.meta.language)


def _footer(canvas: Canvas, role_fonts: RoleFonts, texts: tuple[str, str], left: float, right: float, baseline: float, tagger: Tagger) -> None:
    """The handout's name at the left, the page number flush right, as facts.pdf's footer (an artifact)."""
    writer = TextWriter(canvas, role_fonts)
    name, number = texts
    with tagger.artifact(writer.text, "Pagination"):
        writer.line("footer", name, left, baseline)
        writer.line("footer", number, right - role_fonts.width(number, "footer"), baseline)
    canvas.drawText(writer.text)


def _draw_band(canvas: Canvas, band: HandoutBand, style: Style, page_height: float, tagger: Tagger, element: Element | None) -> None:
    """The class header, the name and date fields and their writing lines (artifacts), and the hairline
    under them; the text is `element`'s, or a Pagination artifact when None (a repeat on a later page)."""
    if not band.lines and not band.rules:
        return
    with tagger.artifact():
        canvas.setStrokeColor(HexColor(style.muted_color))
        canvas.setDash([])
        for rule in band.rules:
            canvas.setLineWidth(rule.width)
            (x0, y0), (x1, y1) = rule.start, rule.end
            canvas.line(x0, page_height - y0, x1, page_height - y1)
    _draw_lines(canvas, band.lines, HexColor(style.text_color), page_height, tagger, element)


def _draw_lines(canvas: Canvas, lines: tuple[TextLine, ...], colour: HexColor, page_height: float, tagger: Tagger, element: Element | None) -> None:
    """Laid-out lines in one colour, each run in its own face and size, in one text object, marked as
    `element`'s content (a Pagination artifact when None)."""
    if not lines:
        return
    text = canvas.beginText()
    text.setFillColor(colour)
    if element is None:
        tagger.begin_artifact(text, "Pagination")
    else:
        tagger.begin(element, text)
    for line in lines:
        for fragment in line.fragments:
            size = line.size * fragment.scale
            text.setFont(fragment.face, size)
            draw_text(text, fragment.text, fragment.x, page_height - line.baseline, fragment.face, size)
    tagger.end(text)
    canvas.drawText(text)
