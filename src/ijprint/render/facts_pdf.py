"""Document + style + fonts -> facts.pdf bytes: a table per main section and a timeline table, with
header rows repeated on every page, zebra rows, widths measured from the content, and "Page N of M".

Cells are wrapped here, line by line, with the embedded font's metrics (so a long id or URL breaks at
its dots and dashes instead of overflowing), and handed to platypus as Paragraphs of finished lines.
Portrait or landscape: portrait when every column fits at a comfortable width (its natural width, or
COMFORT_EMS, whichever is less), landscape otherwise.
"""

from __future__ import annotations

import io
import re
from typing import Any, Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from ijprint.context import RenderContext
from ijprint.fonts import FontFaces, ascent_descent, text_width
from ijprint.model import Document
from ijprint.reproducible import PDF_INVARIANT, prepare_pdf_canvas
from ijprint.style import Style
from ijprint.tables import (
    COMFORT_EMS,
    MAX_WORD_EMS,
    ColumnMeasures,
    TableSpec,
    column_measures,
    comfortable_width,
    fact_table_specs,
    fit_column_widths,
)

PAD_X = 4.0
PAD_Y = 2.5
# A section heading starts a new page unless the table's header and this many rows fit below it.
FIRST_ROWS = 3
LEADING = 1.22
# Wrap a hair narrower than the cell so platypus, measuring the same lines, never re-wraps them.
SLACK = 0.5
_BREAK_AFTER = re.compile(r"[.\-–—/_,;:|]")


class CellLines(Flowable):
    """A cell's finished lines in one font, drawn as a Paragraph of the same lines draws them (first
    baseline one font size below the top, one leading apart) and split between lines the same way.

    A Paragraph would parse its markup again and re-break its lines at every wrap (a table wraps each
    cell several times), which cost most of the PDF's render time; these lines are already broken."""

    def __init__(self, lines: list[str], face: str, size: float, leading: float, color: Any) -> None:
        super().__init__()
        self.lines, self.face, self.size, self.leading, self.color = lines, face, size, leading, color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Paragraph's rule: whole lines only, and never a single line left behind (no orphans).
        fits = int(availHeight / self.leading)
        if not self.lines or fits <= 1:
            return []
        if fits >= len(self.lines):
            return [self]
        parts = (self.lines[:fits], self.lines[fits:])
        return [CellLines(lines, self.face, self.size, self.leading, self.color) for lines in parts]

    def draw(self) -> None:
        if not self.lines:
            return
        canvas = self.canv
        canvas.setFillColor(self.color)
        text = canvas.beginText(0, self.height - self.size)
        text.setFont(self.face, self.size, self.leading)
        for line in self.lines:
            text.textLine(line)
        canvas.drawText(text)


class Typesetter:
    """Fonts, sizes and colours per role, and the line wrapping that uses them."""

    def __init__(self, style: Style, faces: FontFaces) -> None:
        self.style = style
        self.faces = faces
        body, small = style.body_size, style.small_size
        self.roles: dict[str, tuple[str, float, str]] = {
            "body": (faces.regular, body, style.text_color),
            "value": (faces.bold, body, style.text_color),
            "header": (faces.bold, body, style.text_color),
            "path": (faces.regular, small, style.text_color),
            "id": (faces.regular, small, style.muted_color),
        }
        self._colors = {role: colors.HexColor(color) for role, (_, _, color) in self.roles.items()}
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, role: str) -> float:
        # Words, paths and node ids repeat row after row; each is measured once.
        width = self._widths.get((text, role))
        if width is None:
            face, size, _ = self.roles[role]
            width = self._widths[text, role] = text_width(text, face, size)
        return width

    def wrap(self, text: str, role: str, width: float) -> list[str]:
        """Greedy line filling at spaces; a word wider than the line breaks after punctuation, else anywhere."""
        # Widths add up (reportlab applies no kerning), so a line is measured word by word, not re-measured.
        space = self.width(" ", role)
        lines: list[str] = []
        current, used = "", 0.0
        for word in text.split():
            word_width = self.width(word, role)
            if current and used + space + word_width <= width:
                current, used = f"{current} {word}", used + space + word_width
                continue
            if current:
                lines.append(current)
            if word_width <= width:
                current, used = word, word_width
                continue
            pieces = self._break_word(word, role, width)
            lines.extend(pieces[:-1])
            current, used = pieces[-1], self.width(pieces[-1], role)
        if current:
            lines.append(current)
        return lines

    def _break_word(self, word: str, role: str, width: float) -> list[str]:
        pieces = []
        while self.width(word, role) > width and len(word) > 1:
            fit = 1
            while fit < len(word) and self.width(word[: fit + 1], role) <= width:
                fit += 1
            cut = max((m.end() for m in _BREAK_AFTER.finditer(word[:fit]) if m.end() < len(word)), default=fit)
            pieces.append(word[:cut])
            word = word[cut:]
        pieces.append(word)
        return pieces

    def cell(self, text: str, role: str, width: float) -> CellLines:
        """`text` wrapped to a column `width` wide (padding included)."""
        face, size, _ = self.roles[role]
        lines = self.wrap(text, role, width - 2 * PAD_X - SLACK)
        # Soft hyphens are break hints, never drawn (as a Paragraph treats them).
        lines = [line.replace("\xad", "") for line in lines] if "\xad" in text else lines
        return CellLines(lines, face, size, size * LEADING, self._colors[role])


def choose_orientation(measures: ColumnMeasures, style: Style) -> str:
    """'portrait' when every table fits the portrait frame at comfortable widths, else 'landscape'."""
    portrait_width = style.page_size("portrait")[0] - style.margins.left - style.margins.right
    comfort = COMFORT_EMS * style.body_size
    fits = all(comfortable_width(natural, minimum, comfort) <= portrait_width for natural, minimum in measures.values())
    return "portrait" if fits else "landscape"


def _table(spec: TableSpec, setter: Typesetter, widths: tuple[float, ...]) -> tuple[Table, float]:
    """The platypus table, and the height of its header plus first rows (what must fit below a heading)."""
    header = [setter.cell(text, "header", widths[c]) for c, text in enumerate(spec.headers)]
    body = [[[setter.cell(part.text, part.role, widths[c]) for part in cell] for c, cell in enumerate(row)] for row in spec.rows]
    start = _styled(Table([header] + body[:FIRST_ROWS], colWidths=list(widths)), setter)
    _, start_height = start.wrap(sum(widths), 1e6)
    table = Table([header] + body, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
    return _styled(table, setter), start_height


def _styled(table: Table, setter: Typesetter) -> Table:
    style = setter.style
    rule = colors.HexColor(style.muted_color)
    table.setStyle(
        TableStyle(
            [
                # A table selects its cell font even when cells hold Paragraphs; the default is Helvetica.
                ("FONT", (0, 0), (-1, -1), setter.faces.regular, style.body_size),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
                ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(style.header_fill)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.HexColor(style.background), colors.HexColor(style.zebra_fill)]),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, rule),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, rule),
            ]
        )
    )
    return table


def _numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say 'Page N of M'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def render_facts_pdf(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The fact tables as a PDF: title and credit, one table per section with facts, the timeline."""
    setter = Typesetter(style, faces)
    specs = fact_table_specs(document)
    measures = column_measures(specs, setter.width, 2 * PAD_X + SLACK, MAX_WORD_EMS * style.body_size)
    orientation = choose_orientation(measures, style)
    page_width, page_height = style.page_size(orientation)
    margins = style.margins
    frame_width = page_width - margins.left - margins.right
    footer_height = style.small_size * 2.4
    meta = document.meta

    def footer(canvas: Canvas, number: int, total: int) -> None:
        _, descent = ascent_descent(faces.regular, style.small_size)
        baseline = margins.bottom - descent + 0.5
        canvas.saveState()
        canvas.setFont(faces.regular, style.small_size)
        canvas.setFillColor(colors.HexColor(style.muted_color))
        canvas.drawString(margins.left, baseline, f"{meta.title} · Fact tables")
        canvas.drawRightString(page_width - margins.right, baseline, f"Page {number} of {total}")
        canvas.restoreState()

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        prepare_pdf_canvas(canvas, context.build_time, context.generator)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=f"{meta.title}: fact tables",
        author=meta.document_author,
        subject=meta.subtitle or "Key figures and timeline",
        keywords=", ".join(meta.tags),
        creator=context.generator,
        producer=context.generator,
        lang=meta.language,
        invariant=PDF_INVARIANT,
        # Else every page selects Helvetica first, and the file lists a font it does not embed.
        initialFontName=faces.regular,
    )
    frame = Frame(
        margins.left,
        margins.bottom + footer_height,
        frame_width,
        page_height - margins.top - margins.bottom - footer_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("facts", frames=[frame], onPage=on_page)])
    widths = {headers: fit_column_widths(natural, minimum, frame_width) for headers, (natural, minimum) in measures.items()}
    doc.build(_story(document, specs, setter, widths), canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()


def _story(document: Document, specs: tuple[TableSpec, ...], setter: Typesetter, widths: dict[tuple[str, ...], tuple[float, ...]]) -> list[Any]:
    style, faces, meta = setter.style, setter.faces, document.meta
    text, muted = colors.HexColor(style.text_color), colors.HexColor(style.muted_color)
    title = ParagraphStyle("title", fontName=faces.bold, fontSize=style.title_size, leading=style.title_size * LEADING, textColor=text)
    subtitle = ParagraphStyle("subtitle", fontName=faces.regular, fontSize=style.body_size, leading=style.body_size * LEADING, textColor=muted)
    credit = ParagraphStyle("credit", fontName=faces.italic, fontSize=style.small_size, leading=style.small_size * LEADING, textColor=muted)
    heading_size = style.body_size + 2.5
    heading = ParagraphStyle("heading", fontName=faces.bold, fontSize=heading_size, leading=heading_size * LEADING, textColor=text, spaceBefore=10, spaceAfter=4)
    heading_height = heading.spaceBefore + heading_size * LEADING + heading.spaceAfter
    story: list[Any] = [Paragraph(escape(meta.title), title), Spacer(0, 2)]
    story.append(Paragraph(escape(f"Fact tables: key figures and timeline{f' · {meta.subtitle}' if meta.subtitle else ''}"), subtitle))
    source = meta.credit or " · ".join(part for part in (meta.source_title, meta.author) if part)
    if source:
        story.append(Paragraph(escape(source), credit))
    if not specs:
        story.append(Spacer(0, 12))
        story.append(Paragraph("This topic records no facts and no timeline entries.", subtitle))
    for spec in specs:
        table, start_height = _table(spec, setter, widths[spec.headers])
        # keepWithNext would move a whole long table to the next page; this keeps a heading with its first rows.
        story.append(CondPageBreak(heading_height + start_height))
        story.append(Paragraph(escape(spec.title), heading))
        story.append(table)
    return story
