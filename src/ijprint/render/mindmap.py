"""The `mindmap` format: document + context -> {"mindmap.pdf": bytes}, the topic laid out on one page (or, when
the style splits by branches and it does not fit, on an overview page and pages of branches) and drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ijprint.render.libraries import PDF_DRAWING
from ijprint.render.registry import FormatPart, OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.layout.split_map import MapSheet
    from ijprint.model import Document


def _sheets(document: Document, context: RenderContext) -> tuple[MapSheet, ...]:
    from ijprint.layout.split_map import MapSheet
    from ijprint.render.page_specs import layout_map, split_map

    if context.style.map_split == "branches":
        return split_map(document, context.style, context.fonts(), max_depth=context.max_depth)
    return (MapSheet(layout_map(document, context.style, context.fonts(), max_depth=context.max_depth), document.meta.title, document.sections),)


def render(document: Document, context: RenderContext) -> dict[str, bytes]:
    from ijprint.render.mindmap_pdf import render_mindmap_sheets

    sheets = _sheets(document, context)
    return {"mindmap.pdf": render_mindmap_sheets(sheets, document, context.style, context.fonts(), context)}


def check(document: Document, context: RenderContext) -> None:
    """The map fits the page at the style's floor, or its split pages do (or a PageOverflowError says by how much)."""
    _sheets(document, context)


def warm_up() -> None:
    import ijprint.render.mindmap_pdf  # noqa: F401
    import ijprint.render.page_specs  # noqa: F401


FORMAT = OutputFormat(
    name="mindmap",
    summary="the whole topic on one page, or split by branches (PDF)",
    parts=(FormatPart(("mindmap.pdf",), render, cost=55.0, library=PDF_DRAWING, warm_up=warm_up),),
    needs_fonts=True,
    check=check,
)
