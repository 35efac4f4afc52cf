"""The `handout` format: document + context -> {"handout.pdf": bytes}, one sheet to print double-sided: the map
on the front (or, when the style splits it, on its overview and branch pages), the key facts and the timeline
on the back, the class header and a name line on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.libraries import PDF_DRAWING
from ijprint.render.registry import FormatPart, OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.render.handout_pages import HandoutLayout


def _layout(document: Document, context: RenderContext) -> HandoutLayout:
    from ijprint.render.handout_pages import check_header, layout_handout

    check_header(context.style, context.fonts())
    return layout_handout(document, context.style, context.fonts(), context.max_depth)


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.handout_pdf import render_handout

    handout = _layout(document, context)
    return {"handout.pdf": render_handout(handout, document, context.style, context.fonts(), context)}


def check(document: Document, context: RenderContext) -> None:
    """The header prints in the font, and the map fits the front with room for it (or its split pages do)."""
    _layout(document, context)


def warm_up() -> None:
    import ijprint.render.handout_pdf  # noqa: F401


FORMAT = OutputFormat(
    name="handout",
    summary="one double-sided sheet: the map, then key facts and timeline, with a class header (PDF)",
    parts=(FormatPart(("handout.pdf",), render, cost=150.0, library=PDF_DRAWING, warm_up=warm_up),),
    needs_fonts=True,
    check=check,
)
