"""The `notes` format: document + context -> {"notes.docx": bytes}, the full revision notes in Word's own styles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.registry import OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.notes_docx import render_notes

    return {"notes.docx": render_notes(document, context.style, context)}


def warm_up() -> None:
    from ijprint.render.docx_package import blank_document

    blank_document()


FORMAT = OutputFormat(
    name="notes",
    files=("notes.docx",),
    summary="revision notes with Word headings, lists and tables (DOCX)",
    render=render,
    warm_up=warm_up,
)
