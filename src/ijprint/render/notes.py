"""The `notes` format: document + context -> {"notes.docx", "notes.pdf"}: the full revision notes in Word's own
styles, and the same notes compact in two columns as a PDF drawn with the embedded fonts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.libraries import PDF_DRAWING, PYTHON_DOCX
from ijprint.render.registry import FormatPart, OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def render_docx(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.notes_docx import render_notes

    return {"notes.docx": render_notes(document, context.style, context)}


def render_pdf(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.notes_pdf import render_notes_pdf

    return {"notes.pdf": render_notes_pdf(document, context.style, context.fonts(), context)}


def _warm_up_docx() -> None:
    import ijprint.render.notes_docx  # noqa: F401


def _warm_up_pdf() -> None:
    import ijprint.render.notes_pdf  # noqa: F401


FORMAT = OutputFormat(
    name="notes",
    summary="revision notes: Word headings, lists and tables (DOCX), and two compact columns (PDF)",
    parts=(
        FormatPart(("notes.docx",), render_docx, cost=27.0, library=PYTHON_DOCX, warm_up=_warm_up_docx),
        FormatPart(("notes.pdf",), render_pdf, cost=80.0, library=PDF_DRAWING, warm_up=_warm_up_pdf),
    ),
    needs_fonts=True,
)
