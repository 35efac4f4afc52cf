"""Document + style + fonts -> facts.docx bytes: real Word tables (one per main section with facts, then
the timeline) with a repeating, shaded header row, zebra rows and column widths on every cell.

Headings use the built-in Heading 1 (title) and Heading 2 (one per table); tables the built-in "Table
Grid" style, recoloured. Widths come from the same measurements as the PDF (the embedded font's metrics
stand in for Word's), and the page turns landscape by the same rule.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt, RGBColor

from ijprint.context import RenderContext
from ijprint.fonts import FontFaces, text_width
from ijprint.model import Document
from ijprint.render import docx_ooxml, docx_package
from ijprint.reproducible import normalize_zip
from ijprint.style import Style
from ijprint.tables import COMFORT_EMS, MAX_WORD_EMS, TableSpec, column_measures, comfortable_width, fact_table_specs, fit_column_widths

PAD_X = 4.0
PAD_Y = 1.5


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def render_facts_docx(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The fact tables as an editable Word document."""
    specs = fact_table_specs(document)
    sizes = {"body": style.body_size, "value": style.body_size, "header": style.body_size, "path": style.small_size, "id": style.small_size}

    def measure(text: str, role: str) -> float:
        face = faces.bold if role in ("value", "header") else faces.regular
        return text_width(text, face, sizes[role])

    measures = column_measures(specs, measure, 2 * PAD_X, MAX_WORD_EMS * style.body_size)
    portrait_width = style.page_size("portrait")[0] - style.margins.left - style.margins.right
    comfort = COMFORT_EMS * style.body_size
    fits = all(comfortable_width(natural, minimum, comfort) <= portrait_width for natural, minimum in measures.values())
    orientation = "portrait" if fits else "landscape"

    out = docx.Document()
    _setup(out, document, style, orientation, context)
    frame_width = style.page_size(orientation)[0] - style.margins.left - style.margins.right
    _title(out, document, style)
    if not specs:
        out.add_paragraph("This topic records no facts and no timeline entries.")
    for spec in specs:
        natural, minimum = measures[spec.headers]
        out.add_heading(spec.title, level=2)
        _table(out, spec, style, fit_column_widths(natural, minimum, frame_width))

    buffer = io.BytesIO()
    out.save(buffer)
    return normalize_zip(buffer.getvalue(), context.build_time)


def _setup(out: Any, document: Document, style: Style, orientation: str, context: RenderContext) -> None:
    meta = document.meta
    section = out.sections[0]
    width, height = style.page_size(orientation)
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.left_margin, section.right_margin = Pt(style.margins.left), Pt(style.margins.right)
    section.top_margin, section.bottom_margin = Pt(style.margins.top), Pt(style.margins.bottom)
    section.header_distance = Pt(style.margins.top / 2)
    section.footer_distance = Pt(style.margins.bottom / 2)

    docx_package.set_default_fonts(out, style.notes_font)
    normal = out.styles["Normal"]
    docx_package.set_style_font(normal, style.notes_font)
    normal.font.size = Pt(style.body_size)
    normal.font.color.rgb = _rgb(style.text_color)
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Heading 1", style.title_size), ("Heading 2", style.body_size + 2.5)):
        heading = out.styles[name]
        docx_package.set_style_font(heading, style.notes_font)
        docx_package.set_style_color(heading, style.notes_heading_color)
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(12 if name == "Heading 2" else 0)
        heading.paragraph_format.space_after = Pt(4)

    # The template's Footer style sets tab stops for Letter portrait; page numbers go flush right instead.
    footer_style = out.styles["Footer"]
    footer_style.font.size = Pt(style.small_size)
    footer_style.font.color.rgb = _rgb(style.muted_color)
    tabs = footer_style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Pt(width - style.margins.left - style.margins.right), WD_TAB_ALIGNMENT.RIGHT)
    footer = section.footer.paragraphs[0]
    footer.style = footer_style
    footer.add_run(f"{meta.title} · Fact tables\tPage ")
    docx_ooxml.add_page_field(footer)
    footer.add_run(" of ")
    docx_ooxml.add_page_count_field(footer)

    subject = meta.subtitle or "Key figures and timeline"
    docx_package.set_document_properties(out, meta, context.generator, context.build_time, title=f"{meta.title}: fact tables", subject=subject)


def _title(out: Any, document: Document, style: Style) -> None:
    meta = document.meta
    out.add_heading(meta.title, level=1)
    lines = [f"Fact tables: key figures and timeline{f' · {meta.subtitle}' if meta.subtitle else ''}"]
    source = meta.credit or " · ".join(part for part in (meta.source_title, meta.author) if part)
    if source:
        lines.append(source)
    for index, line in enumerate(lines):
        run = out.add_paragraph().add_run(line)
        run.font.color.rgb = _rgb(style.muted_color)
        run.font.size = Pt(style.body_size if index == 0 else style.small_size)
        run.italic = index > 0


def _table(out: Any, spec: TableSpec, style: Style, widths: tuple[float, ...]) -> None:
    table = out.add_table(rows=1 + len(spec.rows), cols=len(spec.headers))
    table.style = out.styles["Table Grid"]
    docx_ooxml.set_table_look(table, first_row=True, banded_rows=False)
    docx_ooxml.set_table_borders(table, style.header_fill, 0.5)
    docx_ooxml.set_cell_margins(table, PAD_Y, PAD_X, PAD_Y, PAD_X)
    docx_ooxml.set_column_widths(table, widths)
    rows = table.rows
    header = rows[0]
    docx_ooxml.mark_header_row_repeats(header)
    docx_ooxml.keep_row_on_one_page(header)
    for cell, text in zip(header.cells, spec.headers):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        docx_ooxml.shade_cell(cell, style.header_fill)
    for index, (row, cells) in enumerate(zip(rows[1:], spec.rows)):
        docx_ooxml.keep_row_on_one_page(row)
        for cell, parts in zip(row.cells, cells):
            if index % 2:
                docx_ooxml.shade_cell(cell, style.zebra_fill)
            paragraph = cell.paragraphs[0]
            for number, part in enumerate(parts):
                if number:
                    paragraph = cell.add_paragraph()
                run = paragraph.add_run(part.text)
                if part.role == "value":
                    run.bold = True
                if part.role in ("path", "id"):
                    run.font.size = Pt(style.small_size)
                if part.role == "id":
                    run.font.color.rgb = _rgb(style.muted_color)
