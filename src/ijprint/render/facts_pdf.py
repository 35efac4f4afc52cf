"""Document + style + fonts -> facts.pdf bytes: a table per main section and a timeline table, with
header rows repeated on every page, zebra rows, widths measured from the content, and "Page N of M";
and the pieces the handout's back page shares: role fonts, wrapped table content, drawing a laid-out page.

The geometry is ijprint.layout's, fed with the embedded fonts' metrics per role: fact_columns picks the
column widths and the paper (portrait when every column fits at a comfortable width), wrap breaks the
cells into lines (a long id or URL breaks at its dots and dashes instead of overflowing), fact_pages
places the lines on pages. This module draws them straight onto a reportlab canvas, one text object per page.
The PDF is tagged, with a bookmark per table (render/facts_tags).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ijprint.render.registry import RenderContext
from ijprint.fact_rows import TableSpec, fact_table_specs
from ijprint.fonts import FontFaces, ascent_descent
from ijprint.layout.fact_columns import MAX_WORD_EMS, column_measures, fact_sheet, fit_column_widths
from ijprint.layout.fact_pages import Block, Page, Paragraph, PlacedRow, TableBlock, TextBlock, paginate
from ijprint.layout.wrap import wrap_text
from ijprint.model import Document
from ijprint.render.facts_tags import HEADER, FactTags
from ijprint.render.page_specs import fact_page, shared_measure
from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Tagger
from ijprint.render.pdf_text import draw_text, plain_line, set_fill_colour, set_text_origin
from ijprint.reproducible import PDF_INVARIANT, prepare_pdf_canvas
from ijprint.style import Style
from ijprint.text_runs import is_plain

PAD_X = 4.0
PAD_Y = 2.5
# One point more below than above: the descenders of a cell's last line need it.
PAD_BOTTOM = PAD_Y + 1
LEADING = 1.22
# Cells wrap a hair narrower than their column, so a line that exactly fills one never touches the next.
SLACK = 0.5
# Column widths are sums of measured widths; a cell exactly as wide as its column (a short header like
# "No.") must not be broken by the rounding of those sums.
ROUNDING = 1e-6
HEADING_BEFORE, HEADING_AFTER = 10.0, 4.0
HEADER_RULE, CLOSING_RULE = 0.75, 0.5
BLANK_RULE, BLANK_DROP = 0.5, 0.18  # a write-in line's weight, and its drop under the baseline in ems
NO_FACTS = "This topic records no facts and no timeline entries."

# A line to draw: its role (font, size, colour) and its text.
Line = tuple[str, str]


@dataclass(frozen=True)
class Role:
    face: str
    size: float
    leading: float
    color: Color


class _Widths(dict[str, float]):
    """text -> its width in one font and size, measured on first use.

    Words, paths and node ids repeat row after row, and the column widths measure every cell and word
    before wrapping, so most look-ups are hits; a plain dict look-up keeps those cheap. A miss asks the
    measure the map and the notes measure through (the same width: fonts.text_width is the width at
    1 pt times the size), which has met most of the topic's words already."""

    def __init__(self, face: str, size: float) -> None:
        super().__init__()
        self.face, self.size = face, size
        self.measure = shared_measure()

    def __missing__(self, text: str) -> float:
        width = self[text] = self.measure.unit_width(text, self.face) * self.size
        return width


class RoleFonts:
    """Face, size, leading and colour per role, and text widths in each; table text at `body` (the
    style's body size unless given: the handout prints its tables smaller to fit its back page)."""

    def __init__(self, style: Style, faces: FontFaces, body: float | None = None) -> None:
        self.style = style
        self.faces = faces
        body = body or style.body_size
        small, heading = style.small_size, body + 2.5
        text, muted = HexColor(style.text_color), HexColor(style.muted_color)
        fonts = {
            "body": (faces.regular, body, text),
            "value": (faces.bold, body, text),
            "header": (faces.bold, body, text),
            "number": (faces.regular, body, text),
            "title": (faces.bold, style.title_size, text),
            "subtitle": (faces.regular, body, muted),
            "credit": (faces.italic, small, muted),
            "heading": (faces.bold, heading, text),
            "footer": (faces.regular, small, muted),
            # A worksheet's answer: italic and underlined (the write-in line), so it tells in black and white.
            "answer": (faces.italic, body, text),
        }
        self.roles = {role: Role(face, size, size * LEADING, color) for role, (face, size, color) in fonts.items()}
        self._widths = {role: _Widths(face, size) for role, (face, size, _) in fonts.items()}

    def width(self, text: str, role: str) -> float:
        return self._widths[role][text]


# One cell's lines, its parts one under another.
CellLines = tuple[Line, ...]


class TableContent:
    """The blocks for pagination and, alongside, the lines each block draws (per cell for tables)."""

    def __init__(self, role_fonts: RoleFonts, frame_width: float) -> None:
        self.role_fonts, self.frame_width = role_fonts, frame_width
        self.blocks: list[Block] = []
        self.texts: dict[int, tuple[Line, ...]] = {}
        self.cells: dict[int, tuple[tuple[CellLines, ...], list[tuple[CellLines, ...]]]] = {}
        # Paths, ids, units and empty cells repeat down a column; each distinct one is wrapped once.
        self._wrapped: dict[tuple[tuple[tuple[str, str], ...], float], tuple[CellLines, tuple[Paragraph, ...]]] = {}

    def tags(self, tagger: Tagger, bookmark_level: int = 0) -> FactTags:
        """The structure elements of these blocks, made in `tagger` in block order (the reading order)."""
        columns = {block: len(header) for block, (header, _) in self.cells.items()}
        return FactTags(tagger, self.texts, columns, len(self.blocks), bookmark_level)

    def text(self, text: str, role: str, before: float = 0.0, after: float = 0.0, keep: bool = False) -> None:
        lines = wrap_text(text, role, self.frame_width, self.role_fonts.width)
        self.texts[len(self.blocks)] = tuple((role, line) for line in lines)
        self.blocks.append(TextBlock(Paragraph(len(lines), self.role_fonts.roles[role].leading), before, after, keep))

    def table(self, spec: TableSpec, widths: tuple[float, ...]) -> None:
        header = [self._cell(((text, "header"),), widths[c]) for c, text in enumerate(spec.headers)]
        rows = [[self._cell(tuple((part.text, part.role) for part in cell), widths[c]) for c, cell in enumerate(row)] for row in spec.rows]
        self.cells[len(self.blocks)] = (tuple(lines for lines, _ in header), [tuple(lines for lines, _ in row) for row in rows])
        block_rows = tuple(tuple(paragraphs for _, paragraphs in row) for row in rows)
        self.blocks.append(TableBlock(widths, tuple(paragraphs for _, paragraphs in header), block_rows, PAD_Y, PAD_BOTTOM))

    def _cell(self, parts: tuple[tuple[str, str], ...], width: float) -> tuple[CellLines, tuple[Paragraph, ...]]:
        """A cell's lines (its parts one under another) and their paragraphs, for a column `width` wide."""
        known = self._wrapped.get((parts, width))
        if known is None:
            lines: list[Line] = []
            paragraphs = []
            for text, role in parts:
                wrapped = wrap_text(text, role, width - 2 * PAD_X - SLACK + ROUNDING, self.role_fonts.width)
                lines.extend((role, line) for line in wrapped)
                paragraphs.append(Paragraph(len(wrapped), self.role_fonts.roles[role].leading))
            known = self._wrapped[parts, width] = (tuple(lines), tuple(paragraphs))
        return known


@dataclass(frozen=True)
class _Footer:
    text: str
    left: float
    right: float
    baseline: float


def render_facts_pdf(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The fact tables as a PDF: title and credit, one table per section with facts, the timeline."""
    role_fonts = RoleFonts(style, faces)
    specs = fact_table_specs(document)
    measures = column_measures(specs, role_fonts.width, 2 * PAD_X + SLACK, MAX_WORD_EMS * style.body_size)
    sheet = fact_sheet(fact_page(style, style.small_size * 2.4), measures)
    page_width, page_height, frame = sheet.paper.width, sheet.paper.height, sheet.frame
    margins = style.margins
    widths = {headers: fit_column_widths(natural, minimum, frame.width) for headers, (natural, minimum) in measures.items()}
    content = TableContent(role_fonts, frame.width)
    meta = document.meta
    content.text(meta.title, "title")
    content.text(f"Fact tables: key figures and timeline{f' · {meta.subtitle}' if meta.subtitle else ''}", "subtitle", before=2.0)
    content.text(meta.credit or " · ".join(part for part in (meta.source_title, meta.author) if part), "credit")
    if not specs:
        content.text(NO_FACTS, "subtitle", before=12.0)
    for spec in specs:
        content.text(spec.title, "heading", HEADING_BEFORE, HEADING_AFTER, keep=True)
        content.table(spec, widths[spec.headers])
    pages = paginate(tuple(content.blocks), frame)

    buffer = io.BytesIO()
    # initialFontName: else every page selects Helvetica first, and the file lists a font it does not embed.
    canvas = Canvas(buffer, pagesize=(page_width, page_height), invariant=PDF_INVARIANT, initialFontName=faces.regular, lang=meta.language)
    canvas.setTitle(f"{meta.title}: fact tables")
    canvas.setAuthor(meta.document_author)
    canvas.setSubject(meta.subtitle or "Key figures and timeline")
    canvas.setKeywords(", ".join(meta.tags))
    canvas.setCreator(context.generator)
    canvas.setProducer(context.generator)
    tags = content.tags(Tagger(canvas))
    footer = _Footer(f"{meta.title} · Fact tables", margins.left, page_width - margins.right, margins.bottom - ascent_descent(faces.regular, style.small_size)[1] + 0.5)
    for number, page in enumerate(pages, start=1):
        prepare_pdf_canvas(canvas, context.build_time, context.generator)
        writer = draw_tables(canvas, page, content, frame.x, page_height, tags)
        number_text = f"Page {number} of {len(pages)}"
        with tags.tagger.artifact(writer.text, "Pagination"):
            writer.line("footer", footer.text, footer.left, footer.baseline)
            writer.line("footer", number_text, footer.right - role_fonts.width(number_text, "footer"), footer.baseline)
        canvas.drawText(writer.text)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return finish_tagged_pdf(buffer.getvalue(), tags.tagger, meta.language)


def draw_tables(canvas: Canvas, page: Page, content: TableContent, left: float, page_height: float, tags: FactTags, answers: bool = True) -> TextWriter:
    """The fills and rules of one laid-out page (or column) of tables, and a text object holding its
    text, `left` the x its texts start at, for the caller to add to and draw; the layout's positions
    count down from the page's top, PDF's up from its bottom. Texts and cells are tagged in `tags`,
    fills and rules are artifacts. Cells in the "answer" role get a write-in line across the cell;
    `answers` False leaves the text out (a worksheet's blank)."""
    role_fonts = content.role_fonts
    style = role_fonts.style
    fills = {-1: HexColor(style.header_fill), 0: HexColor(style.background), 1: HexColor(style.zebra_fill)}
    current: Color | None = None
    tags.tagger.begin_artifact()
    for table in page.tables:
        for row in (table.header, *table.rows):
            # Zebra by the row's place in the whole table, so a row continued on the next page keeps its shade.
            fill = fills[-1 if row.index < 0 else row.index % 2]
            if fill is not current:
                canvas.setFillColor(fill)
                current = fill
            canvas.rect(table.x[0], page_height - (row.top + row.height), table.width, row.height, stroke=0, fill=1)
    rules = [(HEADER_RULE, table, table.header) for table in page.tables]
    rules += [(CLOSING_RULE, table, (table.header, *table.rows)[-1]) for table in page.tables if table.ends]
    if rules:
        canvas.setStrokeColor(HexColor(style.muted_color))
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
    weight = None
    for rule, table, row in rules:
        if rule != weight:
            canvas.setLineWidth(rule)
            weight = rule
        bottom = page_height - (row.top + row.height)
        canvas.line(table.x[0], bottom, table.x[0] + table.width, bottom)
    tags.tagger.end()
    writer = TextWriter(canvas, role_fonts, answers)
    for placed in page.texts:
        with tags.text(placed.block, writer.text, left, page_height - placed.top):
            writer.lines(content.texts[placed.block][placed.start : placed.stop], left, page_height - placed.top)
    for table in page.tables:
        header, rows = content.cells[table.block]
        edges = (*table.x, table.x[0] + table.width)
        _write_row(writer, table.header, header, edges, page_height, tags, table.block)
        for row in table.rows:
            _write_row(writer, row, rows[row.index], edges, page_height, tags, table.block)
    if writer.blanks:
        with tags.tagger.artifact():
            canvas.setStrokeColor(HexColor(style.text_color))
            canvas.setLineWidth(BLANK_RULE)
            for x0, x1, y in writer.blanks:
                canvas.line(x0, y, x1, y)
    return writer


def _write_row(writer: TextWriter, row: PlacedRow, cells: tuple[CellLines, ...], edges: tuple[float, ...], page_height: float, tags: FactTags, block: int) -> None:
    for column, (start, stop) in enumerate(row.lines):
        if stop > start:
            writer.cell_width = edges[column + 1] - edges[column] - 2 * PAD_X
            tags.begin_cell(block, HEADER if row.index < 0 else row.index, column, writer.text)
            writer.lines(cells[column][start:stop], edges[column] + PAD_X, page_height - (row.top + PAD_Y))
            tags.tagger.end(writer.text)


class TextWriter:
    """One text object for a page; font and colour are set only when they change."""

    def __init__(self, canvas: Canvas, role_fonts: RoleFonts, answers: bool = True) -> None:
        self.text = canvas.beginText()
        self.roles = role_fonts.roles
        self.font: tuple[str, float] | None = None
        self.color: Color | None = None
        self.answers = answers
        self.cell_width = 0.0
        # Write-in lines under "answer" cells, (x0, x1, y) in PDF points, for draw_tables to stroke.
        self.blanks: list[tuple[float, float, float]] = []

    def _use(self, role: Role) -> None:
        if (role.face, role.size) != self.font:
            self.text.setFont(role.face, role.size, role.leading)
            self.font = (role.face, role.size)
        if role.color is not self.color:
            set_fill_colour(self.text, role.color)
            self.color = role.color

    def lines(self, lines: tuple[Line, ...], x: float, top: float) -> None:
        """Lines from `top` down: each baseline one font size below its line's top, one leading apart."""
        previous = None
        for name, line in lines:
            role = self.roles[name]
            if name != previous:
                self._use(role)
                # plain_line moves down one leading of the current font; a new role restarts at its own line top.
                set_text_origin(self.text, x, top - role.size)
                previous = name
            if name == "answer":
                self.blanks.append((x, x + max(self.cell_width, 0.0), top - role.size - BLANK_DROP * role.size))
                if not self.answers:
                    line = ""
            if is_plain(line, role.face):
                plain_line(self.text, line)
            else:
                draw_text(self.text, line, x, top - role.size, role.face, role.size)
                # plain_line would have moved to the next line's start; draw_text leaves the point where it likes.
                self.text.setTextOrigin(x, top - role.size - role.leading)
            top -= role.leading

    def line(self, name: str, text: str, x: float, baseline: float) -> None:
        role = self.roles[name]
        self._use(role)
        if is_plain(text, role.face):
            set_text_origin(self.text, x, baseline)
            plain_line(self.text, text)
        else:
            draw_text(self.text, text, x, baseline, role.face, role.size)
