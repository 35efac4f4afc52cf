"""Document + style + fonts -> facts.docx bytes: real Word tables (one per main section with facts, then
the timeline) with a repeating, shaded header row, zebra rows and column widths on every cell.

Headings use the built-in Heading 1 (title) and Heading 2 (one per table); tables the built-in "Table
Grid" style, recoloured. Widths come from the same measurements as the PDF (the embedded font's metrics
stand in for Word's), and the page turns landscape by the same rule.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt, RGBColor

from ijprint.render.registry import RenderContext
from ijprint.fonts import FontFaces
from ijprint.model import Document
from ijprint.render import docx_markup as markup
from ijprint.render import docx_ooxml, docx_package, facts_markup
from ijprint.render.page_specs import shared_measure
from ijprint.style import Style
from ijprint.fact_rows import TableSpec, fact_table_specs
from ijprint.layout.fact_columns import COMFORT_EMS, MAX_WORD_EMS, column_measures, comfortable_width, fit_column_widths

PAD_X = 4.0
PAD_Y = 1.5
NUMBER_ROOM = 1.35
# Every style of reference.docx (see make_reference_docx) the fact tables format or use.
TEMPLATE_STYLES = ("Normal", "Heading 1", "Heading 2", "Footer", "Table Grid")


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(docx_ooxml.hex_value(color))


def render_facts_docx(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The fact tables as an editable Word document."""
    specs = fact_table_specs(document)
    size = style.body_size
    face_of = {role: faces.bold if role in ("value", "header") else faces.regular for role in ("body", "value", "header", "number")}
    # fonts.text_width (the width at 1 pt times the size) through the measure the map, the notes and
    # facts.pdf share for the process: paths, node ids and their words repeat row after row and topic
    # after topic, and measuring them again was a tenth of the render. A face name stands for one font's
    # bytes (fonts registers each file under a name with its hash), so a width never goes stale.
    unit_width = shared_measure().unit_width

    def measure(text: str, role: str) -> float:
        width = unit_width(text, face_of[role]) * size
        # Word draws with its own font (notes.font, or what the reader has instead), not the one measured
        # here: a section number ("4.1.3") must never wrap, so its column gets room to spare.
        return width * NUMBER_ROOM if role == "number" else width

    measures = column_measures(specs, measure, 2 * PAD_X, MAX_WORD_EMS * style.body_size)
    portrait_width = style.page_size("portrait")[0] - style.margins.left - style.margins.right
    comfort = COMFORT_EMS * style.body_size
    fits = all(comfortable_width(natural, minimum, comfort) <= portrait_width for natural, minimum in measures.values())
    orientation = "portrait" if fits else "landscape"

    out, ids = docx_package.prepared_document(_prepare, style, orientation, language=document.meta.language)
    _finish_setup(out, document, context)
    frame_width = style.page_size(orientation)[0] - style.margins.left - style.margins.right
    widths = {headers: fit_column_widths(natural, minimum, frame_width) for headers, (natural, minimum) in measures.items()}
    return docx_package.docx_bytes(out, context.build_time, _body(ids, document, specs, style, widths))


def _prepare(out: Any, style: Style, orientation: str) -> dict[str, str]:
    """What every fact-tables file of `style` printed `orientation` shares: page, styles and the footer's
    style; returns the id of every template style, by name."""
    section = out.sections[0]
    width, height = style.page_size(orientation)
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.left_margin, section.right_margin = Pt(style.margins.left), Pt(style.margins.right)
    section.top_margin, section.bottom_margin = Pt(style.margins.top), Pt(style.margins.bottom)
    section.header_distance = Pt(style.margins.top / 2)
    section.footer_distance = Pt(style.margins.bottom / 2)

    docx_ooxml.set_default_fonts(out, style.notes_font)
    styles = docx_package.named_styles(out, TEMPLATE_STYLES)
    normal = styles["Normal"]
    docx_ooxml.set_style_font(normal, style.notes_font)
    normal.font.size = Pt(style.body_size)
    normal.font.color.rgb = _rgb(style.text_color)
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Heading 1", style.title_size), ("Heading 2", style.body_size + 2.5)):
        heading = styles[name]
        docx_ooxml.set_style_font(heading, style.notes_font)
        # python-docx writes a new w:color, so the template's theme colour (which wins over an RGB value) goes.
        heading.font.color.rgb = _rgb(style.notes_heading_color)
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(12 if name == "Heading 2" else 0)
        heading.paragraph_format.space_after = Pt(4)

    # The template's Footer style sets tab stops for Letter portrait; page numbers go flush right instead.
    footer_style = styles["Footer"]
    footer_style.font.size = Pt(style.small_size)
    footer_style.font.color.rgb = _rgb(style.muted_color)
    tabs = footer_style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Pt(width - style.margins.left - style.margins.right), WD_TAB_ALIGNMENT.RIGHT)
    section.footer.paragraphs[0].style = footer_style
    return {name: found.style_id for name, found in styles.items()}


def _finish_setup(out: Any, document: Document, context: RenderContext) -> None:
    """The topic's footer text (with the page fields) and the document properties."""
    meta = document.meta
    footer = out.sections[0].footer.paragraphs[0]
    footer.add_run(f"{meta.title} · Fact tables\tPage ")
    docx_ooxml.add_page_field(footer)
    footer.add_run(" of ")
    docx_ooxml.add_page_count_field(footer)
    subject = meta.subtitle or "Key figures and timeline"
    docx_package.set_document_properties(out, meta, context.generator, context.build_time, title=f"{meta.title}: fact tables", subject=subject)


def _body(ids: dict[str, str], document: Document, specs: tuple[TableSpec, ...], style: Style, widths: dict[tuple[str, ...], tuple[float, ...]]) -> str:
    """Title, credit lines, then a Heading 2 and a table per spec, as one piece of markup; `ids` are style ids by name."""
    meta = document.meta
    parts = [markup.paragraph(markup.run(meta.title), ids["Heading 1"])]
    lines = [f"Fact tables: key figures and timeline{f' · {meta.subtitle}' if meta.subtitle else ''}"]
    source = meta.credit or " · ".join(part for part in (meta.source_title, meta.author) if part)
    if source:
        lines.append(source)
    for index, line in enumerate(lines):
        size = style.body_size if index == 0 else style.small_size
        parts.append(markup.paragraph(markup.run(line, italic=index > 0, color=style.muted_color, size_pt=size)))
    if not specs:
        parts.append(markup.paragraph(markup.run("This topic records no facts and no timeline entries.")))
    look = facts_markup.TableLook(
        frame=markup.TableFrame(ids["Table Grid"], style.header_fill, 0.5, (PAD_Y, PAD_X, PAD_Y, PAD_X)),
        header_fill=style.header_fill,
        zebra_fill=style.zebra_fill,
    )
    for spec in specs:
        parts.append(markup.paragraph(markup.run(spec.title), ids["Heading 2"]))
        parts.append(facts_markup.fact_table(spec, widths[spec.headers], look))
    return "".join(parts)
