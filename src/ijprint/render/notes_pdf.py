"""Document + style + fonts -> notes.pdf bytes: the revision notes laid out by ijprint.layout.notes_pages, drawn
on a reportlab canvas with the embedded fonts (text through pdf_text.draw_text, so Devanagari is shaped),
an outline entry per section and sub-section, and the document's metadata, tagged (render/notes_tags: each
line's element from where the layout says it comes from; fills and rules are Layout artifacts). Draws only;
every position comes from the layout."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ijprint.fonts import FontFaces
from ijprint.layout.notes_pages import NotesPageBoxes, layout_notes
from ijprint.model import Document
from ijprint.render.notes_content import notes_content
from ijprint.render.notes_tags import NotesTags
from ijprint.render.page_specs import notes_page, shared_measure
from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Element, Tagger
from ijprint.render.pdf_text import draw_text, set_fill_colour
from ijprint.render.registry import RenderContext
from ijprint.reproducible import PDF_INVARIANT, prepare_pdf_canvas
from ijprint.style import Style

# How far above an outline entry's first line the reader's window opens, in points.
OUTLINE_MARGIN = 6.0


def render_notes_pdf(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The notes as the bytes of a tagged PDF; same inputs give the same bytes."""
    content = notes_content(document)
    layout = layout_notes(content, notes_page(style, faces), shared_measure())
    meta = document.meta
    buffer = io.BytesIO()
    # initialFontName: else every page selects Helvetica first, and the file lists a font it does not embed.
    canvas = Canvas(buffer, pagesize=(layout.width, layout.height), invariant=PDF_INVARIANT, pageCompression=1,
                    initialFontName=faces.regular, lang=meta.language)
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.document_author)
    canvas.setSubject(meta.subtitle or meta.context or "Revision notes")
    canvas.setKeywords(", ".join(meta.tags))
    colours = _colours(style)
    tags = NotesTags(Tagger(canvas), content.blocks)
    anchors = 0
    for page in layout.pages:
        prepare_pdf_canvas(canvas, context.build_time, context.generator)
        _draw_page(canvas, page, layout.height, colours, tags)
        for anchor in page.anchors:
            key = f"notes-{anchors}"
            anchors += 1
            canvas.bookmarkPage(key, fit="XYZ", left=0, top=layout.height - anchor.y + OUTLINE_MARGIN)
            canvas.addOutlineEntry(anchor.title, key, level=anchor.level)
        canvas.showPage()
    if anchors:
        canvas.showOutline()
    canvas.save()
    return finish_tagged_pdf(buffer.getvalue(), tags.tagger, meta.language)


def _colours(style: Style) -> dict[str, Color]:
    """Colour per role of the layout's lines, fills and rules: all from the style, so print-bw stays grey."""
    text, muted, accent = HexColor(style.text_color), HexColor(style.muted_color), HexColor(style.notes_heading_color)
    return {
        "text": text,
        "muted": muted,
        "marker": muted,
        "label": accent,
        "heading": accent,
        "title": accent,
        "header_fill": HexColor(style.header_fill),
        "zebra": HexColor(style.zebra_fill),
        "heading_rule": accent,
        "title_rule": accent,
        "table_rule": muted,
        "header_rule": muted,
    }


def _draw_page(canvas: Canvas, page: NotesPageBoxes, height: float, colours: dict[str, Color], tags: NotesTags) -> None:
    """Fills, then rules (one Layout artifact), then every line in one text object, in reading order, each
    run of lines of one element in one marked-content sequence; the layout's y counts down from the top."""
    tagger = tags.tagger
    with tagger.artifact():
        for fill in page.fills:
            canvas.setFillColor(colours[fill.role])
            canvas.rect(fill.rect.x, height - fill.rect.bottom, fill.rect.width, fill.rect.height, stroke=0, fill=1)
        canvas.setLineCap(0)
        for rule in page.rules:
            canvas.setStrokeColor(colours[rule.role])
            canvas.setLineWidth(rule.weight)
            canvas.line(rule.x0, height - rule.y, rule.x1, height - rule.y)
    text = canvas.beginText()
    font_face: str | None = None
    font_size = 0.0
    colour: Color | None = None
    # The open sequence's element (None: a Pagination artifact), once one is open.
    opened = False
    marking: Element | None = None
    for (line, dx, dy), source in zip(page.placed, page.sources):
        element = tags.element(source)
        if not opened or element is not marking:
            if opened:
                tagger.end(text)
            if element is None:
                tagger.begin_artifact(text, "Pagination")
            else:
                tagger.begin(element, text)
            opened, marking = True, element
        # The line's slice offset added here, as the layout's moved lines would have it (NotesPageBoxes.lines).
        size, baseline = line.size, height - (line.baseline + dy)
        for fragment in line.fragments:
            face = fragment.face
            if face != font_face or size != font_size:
                font_face, font_size = face, size
                text.setFont(face, size)
            fill = colours[fragment.role]
            if fill is not colour:
                colour = fill
                set_fill_colour(text, fill)
            draw_text(text, fragment.text, fragment.x + dx, baseline, face, size)
    if opened:
        tagger.end(text)
    canvas.drawText(text)
