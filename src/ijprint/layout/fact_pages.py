"""Text blocks and tables measured in lines (counts, leadings, paddings) + a frame -> pages of positioned texts and table rows.

Positions are points from the page's top-left corner, y growing downwards, as in every layout; a
renderer drawing in PDF space flips them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import Rect

# A heading starts a new page unless its table's header and this many rows fit below it.
FIRST_ROWS = 3
# A paragraph split between pages leaves at least this many lines behind (no orphan line at a page bottom).
MIN_SPLIT_LINES = 2
# Heights are sums of floats; a block that fits to within this still fits (as platypus' frames allow).
EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Paragraph:
    """`lines` finished lines, `leading` apart: a text block, or one paragraph of a table cell."""

    lines: int
    leading: float


Cell = tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph outside the tables; `keep_with_next` keeps it with the header and first rows of the table after it."""

    paragraph: Paragraph
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table: column widths, a header row repeated on every page it spans, body rows, and cell padding."""

    widths: tuple[float, ...]
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    pad_top: float
    pad_bottom: float


Block = TextBlock | TableBlock


@dataclass(frozen=True, slots=True)
class PlacedText:
    """Lines [start, stop) of text block number `block`, the first line's top at `top`."""

    block: int
    top: float
    start: int
    stop: int


@dataclass(frozen=True, slots=True)
class PlacedRow:
    """A row, or the part of one on this page: body row `index` (-1: the header), its top and height,
    and per cell the lines [start, stop) it shows, counted across the cell's paragraphs."""

    index: int
    top: float
    height: float
    lines: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class PlacedTable:
    """The part of table block number `block` on one page: its header, then its rows edge to edge.
    `ends` is true on the page holding the table's last line."""

    block: int
    x: tuple[float, ...]
    width: float
    header: PlacedRow
    rows: tuple[PlacedRow, ...]
    ends: bool


@dataclass(frozen=True, slots=True)
class Page:
    """What one page holds, top down: text lines and table parts."""

    texts: tuple[PlacedText, ...]
    tables: tuple[PlacedTable, ...]


def cell_height(cell: Cell, start: int = 0, stop: int | None = None) -> float:
    """Height of the cell's lines [start, stop), counted across its paragraphs."""
    height, first = 0.0, 0
    for paragraph in cell:
        last = first + paragraph.lines
        low, high = max(start, first), last if stop is None else min(stop, last)
        if high > low:
            height += (high - low) * paragraph.leading
        first = last
    return height


def cell_lines(cell: Cell) -> int:
    return sum(paragraph.lines for paragraph in cell)


def _cell_stop(cell: Cell, start: int, room: float, least: int) -> int | None:
    """Where the part of `cell` from line `start` that fits `room` ends: whole paragraphs, then at least
    `least` lines of the next; None when not even that fits and nothing before it did."""
    stop, used, first = start, 0.0, 0
    for paragraph in cell:
        count = paragraph.lines - max(start - first, 0)
        first += paragraph.lines
        if count <= 0:
            continue
        if used + count * paragraph.leading <= room + EPS:
            used += count * paragraph.leading
            stop += count
            continue
        fits = int(max(room - used, 0.0) / paragraph.leading + EPS)
        if fits >= least:
            return stop + fits
        # The paragraph moves whole to the next page, unless the cell would then show nothing here.
        return stop if stop > start else None
    return stop


def _least_part(cells: tuple[Cell, ...], pad: float) -> float:
    """Height of the smallest first part a row can be split into (each cell's first MIN_SPLIT_LINES lines)."""
    least = 0.0
    for cell in cells:
        paragraph = next((p for p in cell if p.lines), None)
        if paragraph is not None:
            least = max(least, min(paragraph.lines, MIN_SPLIT_LINES) * paragraph.leading)
    return least + pad


class _Pages:
    """Pages being filled top down; finished pages are frozen."""

    def __init__(self, frame: Rect) -> None:
        self.frame = frame
        self.done: list[Page] = []
        self.texts: list[PlacedText] = []
        self.tables: list[PlacedTable] = []
        self.y = frame.y

    @property
    def empty(self) -> bool:
        return not self.texts and not self.tables

    @property
    def room(self) -> float:
        return self.frame.bottom - self.y

    def new_page(self) -> None:
        self.done.append(Page(tuple(self.texts), tuple(self.tables)))
        self.texts, self.tables, self.y = [], [], self.frame.y


def paginate(blocks: tuple[Block, ...], frame: Rect) -> tuple[Page, ...]:
    """The blocks in order down the frame, page after page: text lines split between pages, tables
    split between rows (a row too tall for any page between its lines), each table part under its header."""
    pages = _Pages(frame)
    for index, block in enumerate(blocks):
        if isinstance(block, TextBlock):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            lead = _lead(following, frame) if block.keep_with_next and isinstance(following, TableBlock) else 0.0
            _place_text(pages, index, block, lead)
        else:
            _place_table(pages, index, block)
    if not pages.empty or not pages.done:
        pages.new_page()
    return tuple(pages.done)


def _row_height(cells: tuple[Cell, ...], starts: tuple[int, ...], pad: float) -> float:
    return max((cell_height(cell, start) for cell, start in zip(cells, starts)), default=0.0) + pad


def _lead(table: TableBlock, frame: Rect) -> float:
    """What must fit below a heading: the header and the first FIRST_ROWS rows, a row too tall for any
    page counting as its least first part (it is split wherever it starts)."""
    pad = table.pad_top + table.pad_bottom
    header = _row_height(table.header, (0,) * len(table.header), pad)
    lead = header
    for cells in table.rows[:FIRST_ROWS]:
        height = _row_height(cells, (0,) * len(cells), pad)
        if height > frame.height - header + EPS:
            return lead + _least_part(cells, pad)
        lead += height
    return lead


def _place_text(pages: _Pages, index: int, block: TextBlock, lead: float) -> None:
    paragraph = block.paragraph
    if lead and not pages.empty and block.space_before + paragraph.lines * paragraph.leading + block.space_after + lead > pages.room + EPS:
        pages.new_page()
    if not pages.empty:
        pages.y += block.space_before
    start = 0
    while start < paragraph.lines:
        fits = min(int(max(pages.room, 0.0) / paragraph.leading + EPS), paragraph.lines - start)
        if fits < paragraph.lines - start and fits < MIN_SPLIT_LINES and not pages.empty:
            pages.new_page()
            continue
        # A fresh page too short for even one line still takes one, so the text always moves on.
        fits = max(fits, 1)
        pages.texts.append(PlacedText(index, pages.y, start, start + fits))
        pages.y += fits * paragraph.leading
        start += fits
        if start < paragraph.lines:
            pages.new_page()
    pages.y += block.space_after


def _whole(cells: tuple[Cell, ...]) -> tuple[tuple[int, ...], float]:
    """Each cell's line count, and the tallest cell's height: a row as it stands when it fits."""
    totals, tallest = [], 0.0
    for cell in cells:
        lines, height = 0, 0.0
        for paragraph in cell:
            lines += paragraph.lines
            height += paragraph.lines * paragraph.leading
        totals.append(lines)
        tallest = max(tallest, height)
    return tuple(totals), tallest


class _TablePart:
    """The rows of one table placed on the current page, under its header."""

    def __init__(self, pages: _Pages, index: int, table: TableBlock) -> None:
        frame = pages.frame
        self.pages, self.index = pages, index
        self.x = tuple(frame.x + sum(table.widths[:column]) for column in range(len(table.widths)))
        self.width = sum(table.widths)
        totals, tallest = _whole(table.header)
        self.header_lines = tuple((0, total) for total in totals)
        self.header_height = tallest + table.pad_top + table.pad_bottom
        self.open()

    def open(self) -> None:
        self.header = PlacedRow(-1, self.pages.y, self.header_height, self.header_lines)
        self.at_top = self.pages.empty
        self.rows: list[PlacedRow] = []
        self.pages.y += self.header_height

    def place(self, number: int, height: float, lines: tuple[tuple[int, int], ...]) -> None:
        self.rows.append(PlacedRow(number, self.pages.y, height, lines))
        self.pages.y += height

    def close(self, ends: bool) -> None:
        """The part onto its page; a header with no row under it is taken back (the rows start on the next page)."""
        if self.rows or ends:
            self.pages.tables.append(PlacedTable(self.index, self.x, self.width, self.header, tuple(self.rows), ends))
        else:
            self.pages.y -= self.header_height

    def next_page(self) -> None:
        self.close(False)
        self.pages.new_page()
        self.open()


def _place_table(pages: _Pages, index: int, table: TableBlock) -> None:
    pad = table.pad_top + table.pad_bottom
    _, header_content = _whole(table.header)
    fresh_room = pages.frame.height - header_content - pad
    first = _least_part(table.rows[0], pad) if table.rows else 0.0
    if not pages.empty and header_content + pad + first > pages.room + EPS:
        pages.new_page()
    part = _TablePart(pages, index, table)
    for number, cells in enumerate(table.rows):
        totals, tallest = _whole(cells)
        if tallest + pad <= pages.room + EPS:
            part.place(number, tallest + pad, tuple((0, total) for total in totals))
            continue
        starts = (0,) * len(cells)
        while True:
            height = _row_height(cells, starts, pad)
            if height <= pages.room + EPS:
                part.place(number, height, tuple(zip(starts, totals)))
                break
            # Rows stay whole when a page can hold them; only a row taller than that is split, where it is.
            forced = part.at_top and not part.rows
            stops = None if part.rows and height <= fresh_room + EPS else _split(cells, starts, pages.room - pad, forced)
            if stops == starts:
                # No line fits (a row of empty cells here): the next page, unless this one holds only the
                # header, which only a frame shorter than a header and a line does; then the row overflows.
                stops = totals if forced else None
            if stops is not None:
                part.place(number, max(cell_height(cell, start, stop) for cell, start, stop in zip(cells, starts, stops)) + pad, tuple(zip(starts, stops)))
                starts = stops
                if starts == totals:
                    break
            part.next_page()
    part.close(True)


def _split(cells: tuple[Cell, ...], starts: tuple[int, ...], room: float, force: bool) -> tuple[int, ...] | None:
    """Per cell, the line its part in `room` ends at; None when a cell cannot give MIN_SPLIT_LINES lines.
    `force` (a page holding nothing but the header) lets such a cell show what fits, at least a line,
    so the row moves on."""
    stops = []
    for cell, start in zip(cells, starts):
        stop = _cell_stop(cell, start, room, MIN_SPLIT_LINES)
        if stop is None:
            if not force:
                return None
            stop = _cell_stop(cell, start, room, 1)
            stop = start + 1 if stop is None else stop
        stops.append(stop)
    return tuple(stops)
