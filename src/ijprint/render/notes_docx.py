"""Document + Style + RenderContext -> DOCX revision notes (bytes).

Layout: title block and contents (notes_front), one built-in Heading 1 per main section followed by the
section's sentence and one real nested Word bullet list of everything below it, then the timeline and
key-figures tables. Every heading and list item starts with its section number ("4.1", muted), the
number the map and the fact tables print for the same node.
Every node below a section is a bullet (levels 1-3, deeper nodes stay at level 3): a Heading 2 for
branch nodes would make the leaf siblings that follow it look like they belong to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from ijprint.render.registry import RenderContext
from ijprint.model import Document, Inline, Metadata, Node, section_numbers, walk
from ijprint.render import docx_markup as markup
from ijprint.render import docx_ooxml as ooxml
from ijprint.render import docx_package, make_reference_docx, notes_front
from ijprint.style import Style
from ijprint.fact_rows import FactGroup, TimelineRow, fact_groups, timeline_rows

BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
LABEL_SEPARATOR = " – "
TABLE_TEXT_STYLE = make_reference_docx.TABLE_TEXT_STYLE
TIMELINE_COLUMNS = (("Year", 0.12), ("Event", 0.5), ("No.", 0.08), ("Section", 0.3))
FACT_COLUMNS = (("Section", 0.16), ("No.", 0.08), ("What", 0.25), ("Value", 0.19), ("Period", 0.12), ("Note", 0.2))
# A heading's number and its title are a tab apart (Word's default stops), so a title that starts with a
# year ("2025 Summit takeaways") is not read as part of the number.
HEADING_NUMBER_GAP = "\t"
PATH_SEPARATOR = " › "
TOC_ENTRY_STYLE = make_reference_docx.TOC_ENTRY_STYLE
HYPERLINK_STYLE = make_reference_docx.HYPERLINK_STYLE
TIMELINE_HEADING = "Timeline"
FACTS_HEADING = "Key figures"
# Every style of reference.docx (see make_reference_docx) the notes format or use in the body.
TEMPLATE_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer",
                   *BULLET_STYLES, "Table Grid", TABLE_TEXT_STYLE, "TOC Heading", TOC_ENTRY_STYLE, HYPERLINK_STYLE)


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
    doc, (num_id, ids, text_width) = docx_package.prepared_document(_prepare, style, language=meta.language)
    # The running header's paragraph was styled when the page was set up; its text is the topic's.
    doc.sections[0].header.paragraphs[0].text = meta.title
    timeline = timeline_rows(document)
    groups = fact_groups(document)
    numbers = section_numbers(document.sections)
    headings = [f"{numbers[section.id]}{HEADING_NUMBER_GAP}{section.label_text}" for section in document.sections]
    if timeline:
        headings.append(TIMELINE_HEADING)
    if groups:
        headings.append(FACTS_HEADING)
    entries = [notes_front.ContentsEntry(text, notes_front.bookmark_name(index)) for index, text in enumerate(headings)]
    # The body is written as markup (see docx_markup) into the saved document; python-docx keeps the styles,
    # numbering, page setup, header and footer, properties and packaging.
    # Pt() first: the credit line's size is stored as python-docx stores it (whole EMUs, truncated half-points).
    look = notes_front.TitleLook(ids, style.muted_color, Pt(metrics.small).pt)
    body = [notes_front.title_block(meta, look, _source_link(doc, meta))]
    body.append(notes_front.contents(entries, ids["TOC Heading"], ids[TOC_ENTRY_STYLE]))
    bullets = _BulletFormat(num_id, tuple(ids[name] for name in BULLET_STYLES), metrics.body * 0.4, numbers, style.muted_color)
    body.extend(_section(section, bullets, ids["Heading 1"], index) for index, section in enumerate(document.sections))
    frame = markup.TableFrame(ids["Table Grid"], style.muted_color, 0.5, (2, 4, 2, 4))
    next_heading = len(document.sections)  # the index of the next main heading among the contents entries
    if timeline:
        body.append(_heading(markup.run(TIMELINE_HEADING), ids["Heading 1"], next_heading))
        body.append(_timeline_table(timeline, style, frame, text_width, ids[TABLE_TEXT_STYLE]))
        next_heading += 1
    if groups:
        body.append(_heading(markup.run(FACTS_HEADING), ids["Heading 1"], next_heading))
        body.append(_facts_table(groups, style, frame, text_width, ids[TABLE_TEXT_STYLE]))
    if entries:
        ooxml.request_field_update(doc)
    docx_package.set_document_properties(doc, meta, context.generator, context.build_time, title=meta.title, subject=meta.subtitle or meta.context)
    return docx_package.docx_bytes(doc, context.build_time, "".join(body))


def _prepare(doc: DocxDocument, style: Style) -> tuple[int, dict[str, str], float]:
    """What every notes file of `style` shares: its styles and page; returns what _configure_styles does
    and the width between the margins."""
    num_id, ids = _configure_styles(doc, style, NotesMetrics.from_style(style))
    _configure_page(doc, style)
    return num_id, ids, _text_width(doc)


def _configure_styles(doc: DocxDocument, style: Style, metrics: NotesMetrics) -> tuple[int, dict[str, str]]:
    """Fonts, sizes and colours of the built-in styles used; returns the bullet list's numId and the id of
    every style the body uses, by name (ids come from the document, never assumed)."""
    font = style.notes_font
    ooxml.set_default_fonts(doc, font)
    styles = docx_package.named_styles(doc, TEMPLATE_STYLES)
    normal = styles["Normal"]
    ooxml.set_style_font(normal, font)
    normal.font.size = Pt(metrics.body)
    normal.font.color.rgb = RGBColor.from_string(ooxml.hex_value(style.text_color))
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
        ooxml.set_style_font(heading, font)
        # python-docx writes a new w:color, so the template's theme colour (which wins over an RGB value) goes.
        heading.font.color.rgb = RGBColor.from_string(ooxml.hex_value(style.notes_heading_color))
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
    styles["Title"].font.bold = True
    styles["Subtitle"].font.italic = False
    ooxml.set_paragraph_border(styles["Title"], "bottom", style.notes_heading_color, 1.5, 4)
    ooxml.set_paragraph_border(styles["Heading 1"], "bottom", style.header_fill, 1.0, 2)
    # The contents are one line per section, spaced like the bullets; links in the heading colour.
    styles[TOC_ENTRY_STYLE].paragraph_format.space_after = Pt(metrics.body * 0.2)
    styles[HYPERLINK_STYLE].font.color.rgb = RGBColor.from_string(ooxml.hex_value(style.notes_heading_color))

    for name in ("Header", "Footer"):
        edge = styles[name]
        edge.font.size = Pt(metrics.small)
        edge.font.color.rgb = RGBColor.from_string(ooxml.hex_value(style.muted_color))

    table_text = styles[TABLE_TEXT_STYLE]
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
        bullet.paragraph_format.space_before = Pt(0)
        bullet.paragraph_format.space_after = Pt(metrics.body * 0.2)
    return num_id, {name: found.style_id for name, found in styles.items()}


def _configure_page(doc: DocxDocument, style: Style) -> None:
    """Portrait paper and margins from the style; running header (its text is set per topic) and footer (page numbers)."""
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
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ooxml.set_paragraph_border(header, "bottom", style.header_fill, 0.75, 2)
    section.first_page_header.is_linked_to_previous = False
    for footer in (section.footer, section.first_page_footer):
        _page_number(footer.paragraphs[0])


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    ooxml.add_page_field(paragraph)
    paragraph.add_run(" of ")
    ooxml.add_page_count_field(paragraph)


def _source_link(doc: DocxDocument, meta: Metadata) -> str:
    """The id of an external relationship to the source address when it is a web address, else ""."""
    if not notes_front.is_web_address(meta.source_url):
        return ""
    return doc.part.relate_to(notes_front.link_target(meta.source_url), RT.HYPERLINK, is_external=True)


def _heading(content: str, style_id: str, index: int) -> str:
    """A main heading, inside the bookmark its contents entry links to."""
    return markup.paragraph(markup.bookmarked(content, index, notes_front.bookmark_name(index)), style_id)


def _spans(spans: Inline, bold: bool = False) -> str:
    return "".join(markup.run(span.text, span.bold or bold, span.italic) for span in spans)


@dataclass(frozen=True)
class _BulletFormat:
    """The list every bullet belongs to, the paragraph style id of each level, the space (points) above
    a top-level item that opens a group, every node's section number and the numbers' colour."""

    num_id: int
    style_ids: tuple[str, ...]
    group_space: float
    numbers: dict[str, str]
    number_color: str

    def number(self, node: Node, gap: str = " ") -> str:
        """The run of a node's section number and the gap after it, muted."""
        return markup.run(self.numbers[node.id] + gap, color=self.number_color)


def _section(section: Node, bullets: _BulletFormat, heading_style: str, index: int) -> str:
    # The heading style is bold already; only italic spans change its runs.
    title = "".join(markup.run(span.text, italic=span.italic) for span in section.label)
    out = [_heading(bullets.number(section, HEADING_NUMBER_GAP) + title, heading_style, index)]
    if section.text:
        out.append(markup.paragraph(_spans(section.text)))
    deepest = len(bullets.style_ids) - 1
    out.extend(_bullet(node, min(depth, deepest), bullets) for depth, node in walk(section.children, depth=0))
    return "".join(out)


def _bullet(node: Node, ilvl: int, bullets: _BulletFormat) -> str:
    """'4.1 **Label** – text' as a list item at `ilvl`; a node with children keeps with its first child."""
    content = bullets.number(node) + _spans(node.label, bold=True)
    if node.text:
        content += markup.run(LABEL_SEPARATOR) + _spans(node.text)
    branch = bool(node.children)
    return markup.paragraph(
        content,
        bullets.style_ids[ilvl],
        keep_next=branch,
        numbering=(bullets.num_id, ilvl),
        space_before=bullets.group_space if branch and ilvl == 0 else None,
    )


def _text_width(doc: DocxDocument) -> float:
    """Width between the margins in points."""
    section = doc.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / 12700


def _table(columns: tuple[tuple[str, float], ...], frame: markup.TableFrame, text_width: float, header_fill: str,
           text_style: str, rows: list[str]) -> str:
    """A table with a shaded, bold header row that repeats on every page; widths as fractions of the text width."""
    widths = _widths(columns, text_width)
    header = markup.table_row(
        (markup.table_cell(width, _cell_text(name, text_style, bold=True), header_fill) for width, (name, _) in zip(widths, columns)),
        header=True,
    )
    return markup.table(frame, widths, [header, *rows])


def _widths(columns: tuple[tuple[str, float], ...], text_width: float) -> list[float]:
    return [round(text_width * fraction, 1) for _, fraction in columns]


def _cell_text(text: str, style_id: str, bold: bool = False) -> str:
    return markup.paragraph(markup.run(text, bold), style_id)


def _timeline_table(rows: tuple[TimelineRow, ...], style: Style, frame: markup.TableFrame, text_width: float, text_style: str) -> str:
    widths = _widths(TIMELINE_COLUMNS, text_width)
    body = []
    for index, entry in enumerate(rows):
        fill = style.zebra_fill if index % 2 else ""
        texts = (entry.year, entry.event, entry.number, entry.section_path.replace(" > ", PATH_SEPARATOR))
        # The year is bold, as the value is in the key-figures table: it is what a reader scans for.
        cells = (markup.table_cell(width, _cell_text(text, text_style, bold=column == 0), fill) for column, (width, text) in enumerate(zip(widths, texts)))
        body.append(markup.table_row(cells))
    return _table(TIMELINE_COLUMNS, frame, text_width, style.header_fill, text_style, body)


def _facts_table(groups: tuple[FactGroup, ...], style: Style, frame: markup.TableFrame, text_width: float, text_style: str) -> str:
    """One row per fact with its section number; the Section cell of a group's rows is merged into one shaded cell.

    Cells continuing the merge keep an empty paragraph in the table text style, so they add no Normal spacing.
    """
    widths = _widths(FACT_COLUMNS, text_width)
    body = []
    for group in groups:
        for index, fact in enumerate(group.rows):
            value = f"{fact.value} {fact.unit}" if fact.unit else fact.value
            section = _cell_text(group.section, text_style, bold=True) if index == 0 else markup.paragraph("", text_style)
            cells = [markup.table_cell(widths[0], section, style.zebra_fill, "restart" if index == 0 else "continue")]
            cells.append(markup.table_cell(widths[1], _cell_text(fact.number, text_style)))
            cells.extend(
                markup.table_cell(width, _cell_text(text, text_style, bold=column == 3))
                for column, (width, text) in enumerate(zip(widths[2:], (fact.what, value, fact.period, fact.note)), start=2)
            )
            body.append(markup.table_row(cells))
    return _table(FACT_COLUMNS, frame, text_width, style.header_fill, text_style, body)
