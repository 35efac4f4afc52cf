"""Document + Style + RenderContext -> DOCX revision notes (bytes).

Layout: title block, one built-in Heading 1 per main section followed by the section's sentence and one
real nested Word bullet list of everything below it, then the timeline and key-figures tables.
Every node below a section is a bullet (levels 1-3, deeper nodes stay at level 3): a Heading 2 for
branch nodes would make the leaf siblings that follow it look like they belong to it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ijprint.context import RenderContext
from ijprint.model import Document, Inline, Metadata, Node, walk
from ijprint.render import docx_ooxml as ooxml
from ijprint.render import docx_package
from ijprint.reproducible import normalize_zip
from ijprint.style import Style
from ijprint.tables import FactGroup, TimelineRow, fact_groups, timeline_rows

BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
LABEL_SEPARATOR = " – "
TABLE_TEXT_STYLE = "Table Text"
TIMELINE_COLUMNS = (("Year", 0.13), ("Event", 0.52), ("Section", 0.35))
FACT_COLUMNS = (("Section", 0.17), ("What", 0.27), ("Value", 0.21), ("Period", 0.13), ("Note", 0.22))
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class NotesMetrics:
    """Sizes (pt) derived from the style's notes size, so a larger notes size scales the whole handout."""

    body: float
    title: float
    subtitle: float
    heading: float
    table: float
    small: float

    @classmethod
    def from_style(cls, style: Style) -> NotesMetrics:
        size = style.notes_size
        return cls(
            body=size,
            title=round(max(style.title_size, size * 2.0), 1),
            subtitle=round(size * 1.2, 1),
            heading=round(size * 1.3, 1),
            table=round(size * 0.87, 1),
            small=round(max(style.small_size, size * 0.8), 1),
        )


def render_notes(document: Document, style: Style, context: RenderContext) -> bytes:
    """The notes as the bytes of a .docx file; same inputs give the same bytes."""
    meta = document.meta
    metrics = NotesMetrics.from_style(style)
    doc = docx.Document()
    num_id = _configure_styles(doc, style, metrics)
    ids = ooxml.style_ids(doc, (*BULLET_STYLES, TABLE_TEXT_STYLE))
    _configure_page(doc, style, meta)
    _title_block(doc, meta, style, metrics)
    for section in document.sections:
        _section(doc, section, num_id, metrics, ids)
    timeline = timeline_rows(document)
    if timeline:
        doc.add_paragraph("Timeline", style="Heading 1")
        _timeline_table(doc, timeline, style, ids[TABLE_TEXT_STYLE])
    groups = fact_groups(document)
    if groups:
        doc.add_paragraph("Key figures", style="Heading 1")
        _facts_table(doc, groups, style, ids[TABLE_TEXT_STYLE])
    docx_package.set_document_properties(doc, meta, context.generator, context.build_time, title=meta.title, subject=meta.subtitle or meta.context)
    out = io.BytesIO()
    doc.save(out)
    return normalize_zip(out.getvalue(), context.build_time)


def _configure_styles(doc: DocxDocument, style: Style, metrics: NotesMetrics) -> int:
    """Fonts, sizes and colours of the built-in styles used; returns the bullet list's numId."""
    font = style.notes_font
    docx_package.set_default_fonts(doc, font)
    styles = doc.styles
    normal = styles["Normal"]
    docx_package.set_style_font(normal, font)
    normal.font.size = Pt(metrics.body)
    normal.font.color.rgb = RGBColor.from_string(style.text_color.lstrip("#").upper())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(metrics.body * 0.4)
    normal.paragraph_format.line_spacing = 1.12
    normal.paragraph_format.widow_control = True

    for name, size, before, after in (
        ("Title", metrics.title, 0, metrics.body * 0.3),
        ("Subtitle", metrics.subtitle, 0, metrics.body * 0.6),
        ("Heading 1", metrics.heading, metrics.body * 1.5, metrics.body * 0.4),
        ("Heading 2", metrics.body * 1.1, metrics.body, metrics.body * 0.3),
        ("Heading 3", metrics.body, metrics.body * 0.8, metrics.body * 0.2),
    ):
        heading = styles[name]
        docx_package.set_style_font(heading, font)
        docx_package.set_style_color(heading, style.notes_heading_color)
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
    styles["Title"].font.bold = True
    styles["Subtitle"].font.italic = False
    ooxml.set_style_numbering(styles["Subtitle"], None)
    docx_package.set_paragraph_border(styles["Title"], "bottom", style.notes_heading_color, 1.5, 4)
    docx_package.set_paragraph_border(styles["Heading 1"], "bottom", style.header_fill, 1.0, 2)

    for name in ("Header", "Footer"):
        edge = styles[name]
        edge.font.size = Pt(metrics.small)
        edge.font.color.rgb = RGBColor.from_string(style.muted_color.lstrip("#").upper())

    table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(metrics.table)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    step = metrics.body * 1.3
    levels = [
        ooxml.BulletLevel(glyph, font, indent_pt=step * (index + 1), hanging_pt=step * 0.75, color=style.notes_heading_color)
        for index, glyph in enumerate(("•", "–", "▪"))
    ]
    num_id = ooxml.add_bullet_numbering(doc, levels)
    for ilvl, name in enumerate(BULLET_STYLES):
        bullet = styles[name]
        ooxml.set_style_numbering(bullet, num_id, ilvl)
        ooxml.drop_contextual_spacing(bullet)
        bullet.paragraph_format.space_before = Pt(0)
        bullet.paragraph_format.space_after = Pt(metrics.body * 0.2)
    return num_id


def _configure_page(doc: DocxDocument, style: Style, meta: Metadata) -> None:
    """Portrait paper and margins from the style; running header (title) and footer (page numbers)."""
    width, height = style.page_size("portrait")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    margins = style.margins
    section.top_margin, section.bottom_margin = Pt(margins.top), Pt(margins.bottom)
    section.left_margin, section.right_margin = Pt(margins.left), Pt(margins.right)
    section.header_distance = Pt(max(margins.top * 0.5, 12))
    section.footer_distance = Pt(max(margins.bottom * 0.5, 12))
    section.gutter = Pt(0)
    # The first page opens with the title block, so its header stays empty; page numbers run on every page.
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.text = meta.title
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docx_package.set_paragraph_border(header, "bottom", style.header_fill, 0.75, 2)
    section.first_page_header.is_linked_to_previous = False
    for footer in (section.footer, section.first_page_footer):
        _page_number(footer.paragraphs[0])


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    ooxml.add_page_field(paragraph)
    paragraph.add_run(" of ")
    ooxml.add_page_count_field(paragraph)


def _title_block(doc: DocxDocument, meta: Metadata, style: Style, metrics: NotesMetrics) -> None:
    doc.add_paragraph(meta.title, style="Title")
    if meta.subtitle:
        doc.add_paragraph(meta.subtitle, style="Subtitle")
    if meta.context:
        context = doc.add_paragraph()
        run = context.add_run(meta.context)
        run.italic = True
    credit = _credit_line(meta)
    if credit:
        line = doc.add_paragraph()
        run = line.add_run(credit)
        run.font.size = Pt(metrics.small)
        run.font.color.rgb = RGBColor.from_string(style.muted_color.lstrip("#").upper())


def _credit_line(meta: Metadata) -> str:
    """'Source: <title>, <url>. <credit>.': every part optional."""
    parts = []
    source = ", ".join(part for part in (meta.source_title, meta.source_url) if part)
    if source:
        parts.append(f"Source: {source}")
    who = meta.credit or (f"Author: {meta.author}" if meta.author else "")
    if who:
        parts.append(who)
    return ". ".join(part.rstrip(".") for part in parts) + "." if parts else ""


def _add_spans(paragraph: Paragraph, spans: Inline, bold: bool = False) -> None:
    for span in spans:
        run = paragraph.add_run(span.text)
        if span.bold or bold:
            run.bold = True
        if span.italic:
            run.italic = True


def _section(doc: DocxDocument, section: Node, num_id: int, metrics: NotesMetrics, ids: dict[str, str]) -> None:
    heading = doc.add_paragraph(style="Heading 1")
    for span in section.label:
        run = heading.add_run(span.text)
        if span.italic:
            run.italic = True
    if section.text:
        _add_spans(doc.add_paragraph(), section.text)
    for depth, node in walk(section.children, depth=0):
        ilvl = min(depth, len(BULLET_STYLES) - 1)
        _bullet(doc, node, ilvl, ids[BULLET_STYLES[ilvl]], num_id, metrics)


def _bullet(doc: DocxDocument, node: Node, ilvl: int, style_id: str, num_id: int, metrics: NotesMetrics) -> None:
    """'**Label** – text' as a list item at `ilvl`; a node with children keeps with its first child."""
    paragraph = doc.add_paragraph()
    ooxml.set_paragraph_style(paragraph, style_id)
    ooxml.set_paragraph_numbering(paragraph, num_id, ilvl)
    _add_spans(paragraph, node.label, bold=True)
    if node.text:
        paragraph.add_run(LABEL_SEPARATOR)
        _add_spans(paragraph, node.text)
    if node.children:
        paragraph.paragraph_format.keep_with_next = True
        if ilvl == 0:
            paragraph.paragraph_format.space_before = Pt(metrics.body * 0.4)


def _table(doc: DocxDocument, columns: tuple[tuple[str, float], ...], style: Style, text_style: str) -> tuple[Table, list[float]]:
    """A table with a shaded, bold header row that repeats on every page; widths as fractions of the text width."""
    section = doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.set_table_look(table, first_row=True)
    ooxml.set_table_borders(table, style.muted_color, 0.5)
    ooxml.set_cell_margins(table, top=2, right=4, bottom=2, left=4)
    header = table.rows[0]
    ooxml.mark_header_row_repeats(header)
    ooxml.keep_row_on_one_page(header)
    for cell, (name, _) in zip(header.cells, columns):
        _fill(cell, name, text_style, bold=True)
        ooxml.shade_cell(cell, style.header_fill)
    widths = [round(text_width * fraction, 1) for _, fraction in columns]
    return table, widths


def _fill(cell: _Cell, text: str, style_id: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    ooxml.set_paragraph_style(paragraph, style_id)
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def _timeline_table(doc: DocxDocument, rows: tuple[TimelineRow, ...], style: Style, text_style: str) -> None:
    table, widths = _table(doc, TIMELINE_COLUMNS, style, text_style)
    for index, entry in enumerate(rows):
        row = table.add_row()
        ooxml.keep_row_on_one_page(row)
        for cell, text in zip(row.cells, (entry.year, entry.event, entry.section_path.replace(" > ", PATH_SEPARATOR))):
            _fill(cell, text, text_style, bold=cell is row.cells[0])
            if index % 2:
                ooxml.shade_cell(cell, style.zebra_fill)
    ooxml.set_column_widths(table, widths)


def _facts_table(doc: DocxDocument, groups: tuple[FactGroup, ...], style: Style, text_style: str) -> None:
    """One row per fact; the Section cell of a group's rows is merged into one shaded cell."""
    table, widths = _table(doc, FACT_COLUMNS, style, text_style)
    for group in groups:
        section_cells = []
        for fact in group.rows:
            row = table.add_row()
            ooxml.keep_row_on_one_page(row)
            cells = row.cells
            value = f"{fact.value} {fact.unit}" if fact.unit else fact.value
            for cell, text in zip(cells[1:], (fact.what, value, fact.period, fact.note)):
                _fill(cell, text, text_style, bold=cell is cells[2])
            ooxml.shade_cell(cells[0], style.zebra_fill)
            section_cells.append(cells[0])
        _fill(section_cells[0], group.section, text_style, bold=True)
        ooxml.merge_vertically(section_cells)
    _style_cell_paragraphs(table, text_style)
    ooxml.set_column_widths(table, widths)


def _style_cell_paragraphs(table: Table, text_style: str) -> None:
    """Cells continuing a vertical merge keep an empty paragraph; it must not add Normal spacing."""
    for element in table._tbl.iter(qn("w:p")):
        ooxml.set_paragraph_style(Paragraph(element, table), text_style)
