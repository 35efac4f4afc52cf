"""Style + font faces -> the page specs the pure layouts take; and document + style + faces -> the laid-out mind map
(one page, or split into sheets), its refusals turned into the errors a user reads (PageOverflowError, UsageError)."""

from __future__ import annotations

from ijprint.errors import PageOverflowError, UsageError
from ijprint.fonts import FontFaces, FontMeasure
from ijprint.layout.boxes import MindMapLayout
from ijprint.layout.measure import Measure
from ijprint.layout.mindmap import MapOverflow, layout_mindmap
from ijprint.layout.split_map import MapSheet, split_mindmap
from ijprint.layout.notes_spec import NotesPage
from ijprint.layout.page_spec import FaceNames, FactPage, MapPage, Margins, PaperSize
from ijprint.layout.tree import MaxDepthError
from ijprint.model import Document
from ijprint.style import Style

OVERFLOW_HINT = "use larger paper (--paper A3, or A2 to A0 for a wall poster), --split branches to spread it over pages, --max-depth N to fold deeper levels into +k markers, or shorter labels"
# A split map fails only when an overview cannot show its branches side by side: folding does not help.
SPLIT_HINT = "use a larger-paper style, a smaller floor, or fewer branches under one parent"
# One measure for every map of a run: the fit search measures the same words again and again, and a
# batch build meets the same words in topic after topic.
_SHARED_MEASURE = FontMeasure()


def shared_measure() -> FontMeasure:
    """The measure every map of the run measures through, for the notes and the fact tables too: they
    measure the map's labels once more, and the same words recur in their tables and topic after topic."""
    return _SHARED_MEASURE


def _paper(style: Style, orientation: str) -> PaperSize:
    width, height = style.page_size(orientation)
    return PaperSize(orientation, width, height)


def _margins(style: Style) -> Margins:
    margins = style.margins
    return Margins(margins.top, margins.right, margins.bottom, margins.left)


def map_page(style: Style, faces: FontFaces) -> MapPage:
    """The style's paper (both orientations, landscape first, for 'auto'), margins, sizes and faces."""
    orientations = ("landscape", "portrait") if style.orientation == "auto" else (style.orientation,)
    return MapPage(
        paper=style.paper,
        choices=tuple(_paper(style, orientation) for orientation in orientations),
        margins=_margins(style),
        level_sizes=style.level_sizes,
        body_size=style.body_size,
        small_size=style.small_size,
        floor=style.floor,
        faces=FaceNames(faces.regular, faces.bold, faces.italic),
        numbered_branches=style.numbered_branches,
        numbers=style.map_numbers,
    )


def fact_page(style: Style, footer_height: float) -> FactPage:
    """The style's paper both ways and margins, `footer_height` kept free under the frame; the fact
    tables choose their orientation from their content, not from the style's."""
    return FactPage(_paper(style, "portrait"), _paper(style, "landscape"), _margins(style), footer_height, style.body_size)


def notes_page(style: Style, faces: FontFaces) -> NotesPage:
    """The revision notes' page: the style's paper portrait, its margins, two columns, and sizes scaled
    from notes.pdf_size (nothing below sizes.small, so a large-print style stays large throughout)."""
    body = style.notes_pdf_size
    return NotesPage(
        paper=_paper(style, "portrait"),
        margins=_margins(style),
        columns=2,
        column_gap=round(body * 1.5, 2),
        body_size=body,
        heading_size=round(body * 1.25, 2),
        title_size=round(max(style.title_size, body * 1.9), 2),
        subtitle_size=round(body * 1.15, 2),
        table_size=round(max(body * 0.95, style.small_size), 2),
        marker_size=round(max(body * 0.82, style.small_size), 2),
        small_size=style.small_size,
        leading=1.2,
        tight_leading=1.15,
        faces=FaceNames(faces.regular, faces.bold, faces.italic),
    )


def layout_map(document: Document, style: Style, faces: FontFaces, max_depth: int | None = None, measure: Measure | None = None) -> MindMapLayout:
    """The positioned one-page map, measured with the registered fonts unless `measure` is given; a map
    that does not fit at the style's floor is a PageOverflowError, a `max_depth` under 1 a UsageError."""
    try:
        return layout_mindmap(document, map_page(style, faces), measure or _SHARED_MEASURE, max_depth)
    except MaxDepthError as error:
        raise UsageError(f"--max-depth {error.max_depth} hides every branch", "use 1 or more") from None
    except MapOverflow as overflow:
        raise overflow_error(overflow) from None


def split_map(document: Document, style: Style, faces: FontFaces, max_depth: int | None = None, measure: Measure | None = None,
              unnamed: frozenset[str] = frozenset()) -> tuple[MapSheet, ...]:
    """The map on one page when it fits at the style's floor, else an overview and pages of branches
    (layout/split_map.py; `unnamed`: a worksheet's hidden nodes, which its page headings call by their
    section numbers); an overview that cannot fit is a PageOverflowError, as in layout_map."""
    try:
        return split_mindmap(document, map_page(style, faces), measure or _SHARED_MEASURE, max_depth, unnamed)
    except MaxDepthError as error:
        raise UsageError(f"--max-depth {error.max_depth} hides every branch", "use 1 or more") from None
    except MapOverflow as overflow:
        raise overflow_error(overflow, "an overview page of the map", SPLIT_HINT) from None


def overflow_error(overflow: MapOverflow, what: str = "mind map", hint: str = OVERFLOW_HINT) -> PageOverflowError:
    """The user's message for a map (or `what` else) that does not fit: by how much, on what, and the largest branches."""
    at_least = "at least " if overflow.lower_bound else ""
    orientation = "either orientation" if len(overflow.orientations) > 1 else overflow.orientations[0]
    named = ", ".join(f"'{label}' ({count} nodes)" for label, count in overflow.largest)
    if overflow.no_room:
        return PageOverflowError(
            f"{what} has no room for its branches on {overflow.paper} {orientation} at the {overflow.floor:g} pt floor: "
            f"the central topic, header and footer fill the page; largest branches: {named}",
            hint="use smaller sizes or margins in the style, or larger paper",
        )
    return PageOverflowError(
        f"{what} needs {at_least}{overflow.extra_percent}% more space than {overflow.paper} {orientation} at the {overflow.floor:g} pt floor; largest branches: {named}",
        hint=hint,
    )
