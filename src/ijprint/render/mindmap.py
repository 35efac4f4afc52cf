"""The `mindmap` format: document + context -> {"mindmap.pdf": bytes}, the topic laid out on one page and drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.registry import OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.layout.boxes import MindMapLayout
    from ijprint.model import Document


def _layout(document: Document, context: RenderContext) -> MindMapLayout:
    from ijprint.render.page_specs import layout_map

    return layout_map(document, context.style, context.fonts(), max_depth=context.max_depth)


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.mindmap_pdf import render_mindmap

    layout = _layout(document, context)
    return {"mindmap.pdf": render_mindmap(layout, document, context.style, context.fonts(), context)}


def check(document: Document, context: RenderContext) -> None:
    """The map fits the page at the style's floor (or a PageOverflowError says by how much)."""
    _layout(document, context)


def warm_up() -> None:
    import ijprint.render.mindmap_pdf  # noqa: F401
    import ijprint.render.page_specs  # noqa: F401


FORMAT = OutputFormat(
    name="mindmap",
    files=("mindmap.pdf",),
    summary="the whole topic on one page (PDF)",
    render=render,
    needs_fonts=True,
    check=check,
    warm_up=warm_up,
)
