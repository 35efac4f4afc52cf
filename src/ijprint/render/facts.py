"""The `facts` format: document + context -> {"facts.pdf", "facts.docx", "facts.csv"} as bytes.

All three read their rows from ijprint.fact_rows, the same source as the notes' key-figures table.
The DOCX measures its column widths with the PDF fonts, so the format needs them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.registry import OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.facts_csv import render_facts_csv
    from ijprint.render.facts_docx import render_facts_docx
    from ijprint.render.facts_pdf import render_facts_pdf

    faces = context.fonts()
    return {
        "facts.pdf": render_facts_pdf(document, context.style, faces, context),
        "facts.docx": render_facts_docx(document, context.style, faces, context),
        "facts.csv": render_facts_csv(document, bom=context.style.csv_bom),
    }


def warm_up() -> None:
    import ijprint.render.facts_pdf  # noqa: F401
    from ijprint.render.docx_package import blank_document

    blank_document()


FORMAT = OutputFormat(
    name="facts",
    files=("facts.pdf", "facts.docx", "facts.csv"),
    summary="every figure, year and name as tables (PDF, DOCX, CSV)",
    render=render,
    needs_fonts=True,
    warm_up=warm_up,
)
