"""Document + style + fonts -> the handout laid out: its class-header band, the map on the front (room kept for
the band; when the style splits a map too big for one page, an overview page and pages of branches, the
map's "continued on page N" cues counting the handout's pages, as the map comes first) and the back page's
fact and timeline tables in columns, at the largest size that fits one page.

Measuring goes through the registered fonts (FontMeasure for the band and the map, facts_pdf's role fonts
for the tables); the geometry is ijprint.layout's. Every page has the front's paper and orientation, so
the sheet prints double-sided without turning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ijprint.fact_rows import TableSpec, handout_table_specs
from ijprint.errors import ContentError
from ijprint.fonts import FontFaces, FontMeasure, has_glyph
from ijprint.layout.boxes import Rect, TextLine
from ijprint.layout.fact_columns import MAX_WORD_EMS, column_measures, fit_column_widths
from ijprint.layout.fact_pages import Page, paginate
from ijprint.layout.handout import NAME_AND_DATE, Fields, HandoutBand, Sheets, below_band, fit_sheets, handout_band, heading_lines
from ijprint.layout.page_spec import FaceNames
from ijprint.layout.split_map import MapSheet
from ijprint.model import Document
from ijprint.render.facts_pdf import HEADING_AFTER, HEADING_BEFORE, NO_FACTS, PAD_X, SLACK, RoleFonts, TableContent
from ijprint.render.page_specs import layout_map, split_map
from ijprint.style import Style

SIZE_STEP = 0.25  # points between the table sizes tried on the back page
COLUMN_GAP = 2.0  # ems (of the style's body size) between the back page's columns
COLUMN_COUNTS = (2, 1)  # tried in this order at each size: two columns fill a page with short rows best
FOOTER_ROOM = 2.4  # small sizes kept under the frame for the footer, as facts.pdf keeps
TITLE_SUFFIX = "key facts and timeline"
_MEASURE = FontMeasure()


@dataclass(frozen=True)
class HandoutLayout:
    """The map's pages (one, or an overview and pages of branches), the band on every page, the back
    pages' title lines, table frame and sheets, and the table content (wrapped lines per block) the
    sheets were laid out from."""

    maps: tuple[MapSheet, ...]
    band: HandoutBand
    title: tuple[TextLine, ...]
    sheets: Sheets
    content: TableContent
    back_frame: Rect


def band_size(style: Style) -> float:
    """The band's text: the style's body size, never under its floor."""
    return max(style.body_size, style.floor)


def table_sizes(style: Style) -> tuple[float, ...]:
    """The back page's table sizes to try, largest first: the body size down to the style's small size
    (never under its floor)."""
    least = max(style.small_size, style.floor)
    sizes, size = [], max(style.body_size, least)
    while size > least + 1e-9:
        sizes.append(round(size, 2))
        size -= SIZE_STEP
    return (*sizes, least)


def check_header(style: Style, faces: FontFaces) -> None:
    """A ContentError when the header has a character the header's font cannot draw (it may come from
    --header or from the style, so the message names both)."""
    missing = sorted({char for char in style.handout_header if not char.isspace() and not has_glyph(faces.bold, char)})
    if missing:
        shown = ", ".join(f"U+{ord(char):04X}" for char in missing)
        raise ContentError(f"the class header (--header, or handout.header in the style) has characters the font cannot draw ({shown})",
                           hint="write the header without them, or choose a style whose fonts have them")


def _frame(style: Style, width: float, height: float) -> Rect:
    m = style.margins
    return Rect(m.left, m.top, width - m.left - m.right, height - m.top - m.bottom)


def _band(style: Style, faces: FontFaces, frame: Rect, fields: Fields) -> HandoutBand:
    names = FaceNames(faces.regular, faces.bold, faces.italic)
    return handout_band(style.handout_header, style.handout_name_line, frame, band_size(style), names, _MEASURE, fields)


def layout_handout(document: Document, style: Style, faces: FontFaces, max_depth: int | None = None,
                   specs: tuple[TableSpec, ...] | None = None, title_suffix: str = TITLE_SUFFIX, fields: Fields = NAME_AND_DATE,
                   unnamed: frozenset[str] = frozenset()) -> HandoutLayout:
    """The handout laid out (the worksheet's sheets too: its own back-page `specs`, title and name-line
    `fields`, and its hidden nodes `unnamed` in a split map's headings); the map's PageOverflowError and
    UsageError (--max-depth) as layout_map and split_map raise them."""
    orientations = ("landscape", "portrait") if style.orientation == "auto" else (style.orientation,)
    # The map may turn either way for 'auto': its top margin keeps room for the taller of the bands.
    room = max(_band(style, faces, _frame(style, *style.page_size(orientation)), fields).height for orientation in orientations)
    map_style = replace(style, margins=replace(style.margins, top=style.margins.top + room))
    maps = _map_sheets(document, map_style, faces, max_depth, unnamed)
    front = maps[0].layout
    frame = _frame(style, front.page_width, front.page_height)
    band = _band(style, faces, frame, fields)
    tables = handout_table_specs(document) if specs is None else specs
    return _back(document, style, faces, maps, band, below_band(frame, band), tables, title_suffix)


def _map_sheets(document: Document, style: Style, faces: FontFaces, max_depth: int | None, unnamed: frozenset[str]) -> tuple[MapSheet, ...]:
    """The map on one page; or, when the style splits and it does not fit, its split pages, all turned
    one way (a double-sided sheet is turned once: the overview's way, for 'auto')."""
    if style.map_split != "branches":
        return (MapSheet(layout_map(document, style, faces, max_depth), document.meta.title, document.sections),)
    sheets = split_map(document, style, faces, max_depth, unnamed=unnamed)
    if len({sheet.layout.orientation for sheet in sheets}) > 1:
        sheets = split_map(document, replace(style, orientation=sheets[0].layout.orientation), faces, max_depth, unnamed=unnamed)
    return sheets


def _back(document: Document, style: Style, faces: FontFaces, maps: tuple[MapSheet, ...], band: HandoutBand, area: Rect,
          specs: tuple[TableSpec, ...], title_suffix: str) -> HandoutLayout:
    """The back page: the title across the top, then the tables in columns down to the footer's room."""
    title_size = style.body_size + 2.5
    title, bottom = heading_lines(f"{document.meta.title}: {title_suffix}", area, title_size, faces.bold, _MEASURE)
    footer_room = style.small_size * FOOTER_ROOM
    frame = Rect(area.x, bottom + HEADING_AFTER, area.width, area.bottom - footer_room - bottom - HEADING_AFTER)
    made: dict[tuple[float, float], TableContent] = {}

    def paginate_at(size: float, column: Rect) -> tuple[Page, ...] | None:
        role_fonts = RoleFonts(style, faces, body=size)
        measures = column_measures(specs, role_fonts.width, 2 * PAD_X + SLACK, MAX_WORD_EMS * size)
        # A column narrower than a table's least widths would break its words, section numbers too.
        if column.width < frame.width and any(sum(map(min, minimum, natural)) > column.width for natural, minimum in measures.values()):
            return None
        content = made[size, column.width] = TableContent(role_fonts, column.width)
        if not specs:
            content.text(NO_FACTS, "subtitle")
        for spec in specs:
            natural, minimum = measures[spec.headers]
            content.text(spec.title, "heading", HEADING_BEFORE, HEADING_AFTER, keep=True)
            content.table(spec, fit_column_widths(natural, minimum, column.width))
        return paginate(tuple(content.blocks), column)

    sheets = fit_sheets(table_sizes(style), COLUMN_COUNTS, frame, COLUMN_GAP * style.body_size, paginate_at)
    return HandoutLayout(maps, band, title, sheets, made[sheets.size, sheets.column_width], frame)
