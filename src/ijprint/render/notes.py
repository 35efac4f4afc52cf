"""The `notes` format: document + context -> {"notes.docx", "notes.pdf"}: the full revision notes in Word's own
styles, and the same notes compact in two columns as a PDF drawn with the embedded fonts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.registry import OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.notes_docx import render_notes
    from ijprint.render.notes_pdf import render_notes_pdf

    return {
        "notes.docx": render_notes(document, context.style, context),
        "notes.pdf": render_notes_pdf(document, context.style, context.fonts(), context),
    }


def warm_up() -> None:
    import ijprint.render.notes_pdf  # noqa: F401
    from ijprint.render.docx_package import blank_document

    blank_document()


FORMAT = OutputFormat(
    name="notes",
    files=("notes.docx", "notes.pdf"),
    summary="revision notes: Word headings, lists and tables (DOCX), and two compact columns (PDF)",
    render=render,
    needs_fonts=True,
    warm_up=warm_up,
)
