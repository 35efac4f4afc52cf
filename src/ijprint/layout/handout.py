"""Class header, name line and a frame + a measure -> the band at the top of a handout page; and tables paginated
at candidate sizes -> the sheet of columns the handout's back page prints them in.

The band is one line when the header and the "Name: ____  Date: ____" fields fit side by side, else the
header (wrapped, never clipped) over the fields; a hairline under it parts it from the page's content.
The back page's tables flow down columns, left to right (each column a page as fact_pages lays it out),
at the largest size and column count that holds them on one page, or at the least size on as few pages
as they need: no row is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, Fragment, Point, Rect, TextLine
from ijprint.layout.fact_pages import Page
from ijprint.layout.measure import Measure
from ijprint.layout.page_spec import FaceNames
from ijprint.layout.wrap import plain_words, wrap_words

NAME_LABEL, DATE_LABEL = "Name:", "Date:"
NAME_BLANK, DATE_BLANK = 16.0, 8.0  # ems of writing room after each label
# The fields of the name line, each a label and the ems of writing room after it.
Fields = tuple[tuple[str, float], ...]
NAME_AND_DATE: Fields = ((NAME_LABEL, NAME_BLANK), (DATE_LABEL, DATE_BLANK))
FIELD_GAP = 1.5  # ems between the header and the fields, and between the two fields
LINE_GAP = 0.35  # ems between the band's lines
BAND_GAP = 0.9  # ems between the band's hairline and what the page prints under it
HAIRLINE = 0.4  # points


@dataclass(frozen=True)
class Rule:
    """A straight line to stroke: from `start` to `end`, `width` points thick."""

    start: Point
    end: Point
    width: float


@dataclass(frozen=True)
class HandoutBand:
    """The band's text lines and rules (writing blanks and the hairline), and the height it takes from
    the top of the frame, gap below included; a band with nothing to print is empty and takes none."""

    lines: tuple[TextLine, ...]
    rules: tuple[Rule, ...]
    height: float


def handout_band(header: str, name_line: bool, frame: Rect, size: float, faces: FaceNames, measure: Measure, fields: Fields = NAME_AND_DATE) -> HandoutBand:
    """The band for `header` (empty: none) and the name line of `fields` (when `name_line`) across the top of `frame`."""
    if not header and not name_line:
        return HandoutBand((), (), 0.0)
    step = (INK_ASCENT + INK_DESCENT + LINE_GAP) * size
    header_words = plain_words(header, faces.bold, measure) if header else []
    wrapped = wrap_words(header_words, frame.width / size, measure) if header_words else []
    fields_width = _fields_width(fields, faces, measure) * size if name_line else 0.0
    side_by_side = len(wrapped) == 1 and wrapped[0].width * size + FIELD_GAP * size + fields_width <= frame.width
    lines: list[TextLine] = []
    baseline = frame.y + INK_ASCENT * size
    for line in wrapped:
        lines.append(TextLine(_fragments(line.pieces, frame.x, size), size, baseline))
        baseline += step
    if wrapped and side_by_side:
        baseline -= step
    rules: list[Rule] = []
    if name_line:
        field_lines, blanks = _fields(fields, frame.right - fields_width, baseline, size, faces, measure)
        lines.append(field_lines)
        rules.extend(blanks)
    bottom = baseline + INK_DESCENT * size + 0.3 * size
    rules.append(Rule((frame.x, bottom), (frame.right, bottom), HAIRLINE))
    return HandoutBand(tuple(lines), tuple(rules), bottom - frame.y + BAND_GAP * size)


def _fields_width(fields: Fields, faces: FaceNames, measure: Measure) -> float:
    """The fields' width at 1 pt."""
    labels = sum(measure.unit_width(label, faces.regular) + measure.unit_width(" ", faces.regular) + blank for label, blank in fields)
    return labels + (len(fields) - 1) * FIELD_GAP


def _fields(fields: Fields, x: float, baseline: float, size: float, faces: FaceNames, measure: Measure) -> tuple[TextLine, tuple[Rule, ...]]:
    """The fields ('Name:', 'Date:') from `x`, each followed by a blank to write on (a rule at the baseline)."""
    space = measure.unit_width(" ", faces.regular) * size
    fragments, rules = [], []
    for label, blank in fields:
        width = measure.unit_width(label, faces.regular) * size
        fragments.append(Fragment(label, faces.regular, x, width, "label"))
        start = x + width + space
        rules.append(Rule((start, baseline + 0.15 * size), (start + blank * size, baseline + 0.15 * size), HAIRLINE))
        x = start + blank * size + FIELD_GAP * size
    return TextLine(tuple(fragments), size, baseline), tuple(rules)


def _fragments(pieces: Sequence, x: float, size: float) -> tuple[Fragment, ...]:
    out = []
    for piece in pieces:
        out.append(Fragment(piece.text, piece.face, x, piece.width * size, "title"))
        x += piece.width * size
    return tuple(out)


def heading_lines(text: str, frame: Rect, size: float, face: str, measure: Measure) -> tuple[tuple[TextLine, ...], float]:
    """`text` in `face` at `size`, wrapped across the top of `frame`; and where its last line's ink ends."""
    wrapped = wrap_words(plain_words(text, face, measure), frame.width / size, measure)
    lines, baseline = [], frame.y + INK_ASCENT * size
    for line in wrapped:
        lines.append(TextLine(_fragments(line.pieces, frame.x, size), size, baseline))
        baseline += (INK_ASCENT + INK_DESCENT + LINE_GAP) * size
    bottom = lines[-1].baseline + INK_DESCENT * size if lines else frame.y
    return tuple(lines), bottom


def below_band(frame: Rect, band: HandoutBand) -> Rect:
    """What is left of `frame` under the band."""
    return Rect(frame.x, frame.y + band.height, frame.width, frame.height - band.height)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the page fact_pages laid out in the column's frame, and where the column
    starts, as an offset from the first column."""

    page: Page
    dx: float


@dataclass(frozen=True)
class Sheets:
    """The tables as the back page prints them: the size chosen, the columns per page, and each page's
    columns left to right."""

    size: float
    columns: int
    column_width: float
    pages: tuple[tuple[Column, ...], ...]


def column_frame(frame: Rect, columns: int, gap: float) -> Rect:
    """The first of `columns` equal columns across `frame`, `gap` apart."""
    return Rect(frame.x, frame.y, (frame.width - (columns - 1) * gap) / columns, frame.height)


def fit_sheets(sizes: Sequence[float], column_counts: Sequence[int], frame: Rect, gap: float, paginate_at: Callable[[float, Rect], tuple[Page, ...] | None]) -> Sheets:
    """The largest of `sizes` (in order, largest first) and the first of `column_counts` at which
    `paginate_at(size, column frame)` fills no more columns than one page has; else the last size, at
    the column count that takes the fewest pages. `paginate_at` returns None for a column too narrow
    for the tables (it must not for one column across the frame). Every page it returns is kept."""
    fallback: Sheets | None = None
    for size in sizes:
        for count in column_counts:
            column = column_frame(frame, count, gap)
            pages = paginate_at(size, column)
            if pages is None:
                continue
            sheets = _sheets(size, count, column.width, gap, pages)
            if len(sheets.pages) == 1:
                return sheets
            if size == sizes[-1] and (fallback is None or len(sheets.pages) < len(fallback.pages)):
                fallback = sheets
    assert fallback is not None, "fit_sheets needs at least one size and one column count"
    return fallback


def _sheets(size: float, count: int, width: float, gap: float, pages: tuple[Page, ...]) -> Sheets:
    grouped = tuple(
        tuple(Column(page, index * (width + gap)) for index, page in enumerate(pages[start : start + count]))
        for start in range(0, len(pages), count)
    )
    return Sheets(size, count, width, grouped)


def moved(page: Page, dx: float) -> Page:
    """`page` with its tables `dx` further right (its texts take their x from the caller)."""
    if not dx:
        return page
    return replace(page, tables=tuple(replace(table, x=tuple(x + dx for x in table.x)) for table in page.tables))
