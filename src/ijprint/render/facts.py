"""The `facts` format: document + context -> {"facts.pdf", "facts.docx", "facts.csv"} as bytes.

All three read their rows from ijprint.fact_rows, the same source as the notes' key-figures table.
The DOCX measures its column widths with the PDF fonts, so the format needs them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.libraries import PDF_DRAWING, PYTHON_DOCX
from ijprint.render.registry import FormatPart, OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def render_pdf(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.facts_pdf import render_facts_pdf

    return {"facts.pdf": render_facts_pdf(document, context.style, context.fonts(), context)}


def render_docx(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.facts_docx import render_facts_docx

    return {"facts.docx": render_facts_docx(document, context.style, context.fonts(), context)}


def render_csv(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.facts_csv import render_facts_csv

    return {"facts.csv": render_facts_csv(document, bom=context.style.csv_bom)}


def _warm_up_pdf() -> None:
    import ijprint.render.facts_pdf  # noqa: F401


def _warm_up_docx() -> None:
    import ijprint.render.facts_docx  # noqa: F401


FORMAT = OutputFormat(
    name="facts",
    summary="every figure, year and name as tables (PDF, DOCX, CSV)",
    parts=(
        FormatPart(("facts.pdf",), render_pdf, cost=45.0, library=PDF_DRAWING, warm_up=_warm_up_pdf),
        FormatPart(("facts.docx",), render_docx, cost=60.0, library=PYTHON_DOCX, warm_up=_warm_up_docx),
        FormatPart(("facts.csv",), render_csv, cost=2.0),
    ),
    needs_fonts=True,
)
