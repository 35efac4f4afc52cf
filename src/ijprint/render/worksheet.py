"""The `worksheet` format: document + context -> {"worksheet.pdf", "worksheet-answers.pdf"}: the handout's
sheet with a share of the map's labels blanked (each keeps its section number), the hidden facts as
fill-in-the-blank rows and the timeline shuffled to date; and its key, the same pages with every blank
filled in italic on the write-in line, to lay over a student's sheet."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ijprint.render.libraries import PDF_DRAWING
from ijprint.render.registry import FormatPart, OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.recall import RecallPlan
    from ijprint.render.handout_pages import HandoutLayout

TITLE_SUFFIX = "worksheet"
NAME_CLASS_DATE = (("Name:", 14.0), ("Class:", 5.0), ("Date:", 7.0))  # labels and ems of writing room


def _layout(document: Document, context: RenderContext) -> tuple[HandoutLayout, RecallPlan]:
    from ijprint.recall import recall_plan
    from ijprint.render.handout_pages import check_header, layout_handout
    from ijprint.render.worksheet_rows import worksheet_table_specs

    style = context.style
    check_header(style, context.fonts())
    plan = recall_plan(document, style.worksheet_blank, style.worksheet_seed)
    specs = worksheet_table_specs(document, plan)
    sheet = layout_handout(document, style, context.fonts(), context.max_depth, specs, TITLE_SUFFIX, NAME_CLASS_DATE, plan.hidden_nodes)
    # Without facts or timeline there is nothing to ask on a back page: the worksheet is the map alone.
    return (sheet if specs else replace(sheet, sheets=replace(sheet.sheets, pages=()))), plan


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.handout_pdf import render_handout

    sheet, plan = _layout(document, context)
    faces = context.fonts()
    return {
        "worksheet.pdf": render_handout(sheet, document, context.style, faces, context, "Worksheet", plan.hidden_nodes, answers=False),
        "worksheet-answers.pdf": render_handout(sheet, document, context.style, faces, context, "Worksheet answers", plan.hidden_nodes, answers=True),
    }


def check(document: Document, context: RenderContext) -> None:
    """The header prints in the font, and the map fits the front with room for it (or its split pages do)."""
    _layout(document, context)


def warm_up() -> None:
    import ijprint.render.handout_pdf  # noqa: F401


FORMAT = OutputFormat(
    name="worksheet",
    summary="the handout with map labels, facts and timeline years to fill in, and its answer key (PDF)",
    # One part: the sheet and its key share one layout.
    parts=(FormatPart(("worksheet.pdf", "worksheet-answers.pdf"), render, cost=100.0, library=PDF_DRAWING, warm_up=warm_up),),
    needs_fonts=True,
    check=check,
)
