"""A NotesPage spec + a measure + NotesContent -> NotesLayout: the revision notes as pages of positioned lines,
fills, rules and outline anchors, in columns, with the title block on the first page, a running header
from the second, and "Page X of Y" on every page.

Slices (notes_slices) flow down the columns in order; a slice that does not fit ends the column at the
last place one may end, and a table continuing in a new column repeats its header there. The last page's
columns are balanced: as short as they can be with everything still on that page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ijprint.layout.boxes import TextLine
from ijprint.layout.measure import Measure
from ijprint.layout.notes_slices import Anchor, Fill, LineSource, Rule, Slice, SliceMaker
from ijprint.layout.notes_spec import NotesContent, NotesPage, TitleBlock
from ijprint.layout.wrap import WrappedLine, label_words, wrap_words
from ijprint.model import Span

# Heights are sums of floats; a slice that fits to within this still fits.
EPS = 1e-6
FOOTER = "Page {number} of {count}"
TITLE_RULE = 1.0


# A line as the slice it came from placed it, and where the page puts that slice: (line, dx, dy).
PlacedLine = tuple[TextLine, float, float]


@dataclass(frozen=True, slots=True)
class NotesPageBoxes:
    """What one page draws, its lines in reading order (title block or running header, the columns left to
    right, the footer) and `sources[i]` where line i comes from; y grows down from the page's top.

    Each line is kept as its slice drew it, with the slice's offset on the page (`placed`): a renderer
    adds the offset as it draws (x + dx, baseline + dy) rather than have a page of lines made twice;
    `lines` makes them moved, for any other reader."""

    placed: tuple[PlacedLine, ...]
    fills: tuple[Fill, ...]
    rules: tuple[Rule, ...]
    anchors: tuple[Anchor, ...]
    sources: tuple[LineSource, ...]

    def __post_init__(self) -> None:
        if len(self.sources) != len(self.placed):
            raise ValueError(f"{len(self.placed)} lines but {len(self.sources)} sources")

    @property
    def lines(self) -> tuple[TextLine, ...]:
        """The lines where the page draws them."""
        return tuple(line.shifted(dx, dy) for line, dx, dy in self.placed)


@dataclass(frozen=True, slots=True)
class NotesLayout:
    width: float
    height: float
    pages: tuple[NotesPageBoxes, ...]


@dataclass(slots=True)
class _Column:
    """A column being filled: the index of its first slice, each slice placed in it with its top, whether
    it ends where a keep said it must not (it had no other place to end), and whether something in it
    reaches below the bottom it was flowed to (a first slice or a header taller than the room)."""

    first: int
    placed: list[tuple[Slice, float]]
    forced: bool = False
    overfull: bool = False


def layout_notes(content: NotesContent, spec: NotesPage, measure: Measure) -> NotesLayout:
    """The notes on as many pages as they need; with the lines closed up to the spec's tight leading
    when that needs a page less (a last page holding a few lines wastes a sheet)."""
    wraps: dict[tuple[object, ...], list] = {}
    flowed = _Flowed.of(content, spec, measure, wraps)
    # Only the page counts decide: the last page is balanced and the pages drawn for the choice alone.
    if flowed.page_count > 1 and spec.tight_leading < spec.leading and not flowed.fills_pages_at(spec.tight_leading):
        tighter = _Flowed.of(content, replace(spec, leading=spec.tight_leading), measure, wraps)
        if tighter.page_count < flowed.page_count:
            flowed = tighter
    return flowed.layout(content)


@dataclass(frozen=True, slots=True)
class _Flowed:
    """The notes cut into slices at one leading and flowed down the columns, the last page not yet
    balanced (balancing keeps every slice on that page, so the page count is already known)."""

    spec: NotesPage
    maker: SliceMaker
    slices: list[Slice]
    columns: list[_Column]
    title: tuple[list[TextLine], list[LineSource], list[Rule], float]
    count: int
    inner: float
    lefts: tuple[float, ...]
    bottom: float
    first_top: float
    later_top: float

    @classmethod
    def of(cls, content: NotesContent, spec: NotesPage, measure: Measure, wraps: dict[tuple[object, ...], list]) -> _Flowed:
        margins, paper = spec.margins, spec.paper
        count = max(spec.columns, 1)
        inner = paper.width - margins.left - margins.right
        width = (inner - spec.column_gap * (count - 1)) / count
        band = spec.small_size * spec.leading + spec.body_size * 0.6
        lefts = tuple(margins.left + index * (width + spec.column_gap) for index in range(count))
        bottom = paper.height - margins.bottom - band
        maker = SliceMaker(spec, measure, width, wraps)
        title = _title_block(content.title, spec, maker, inner)
        first_top, later_top = margins.top + title[3], margins.top + band
        slices = maker.slices(content.blocks)
        columns = _flow(slices, 0, lambda column: first_top if column < count else later_top, bottom, later_top)
        return cls(spec, maker, slices, columns, title, count, inner, lefts, bottom, first_top, later_top)

    def top_of(self, column: int) -> float:
        return self.first_top if column < self.count else self.later_top

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.columns) // self.count))

    def fills_pages_at(self, leading: float) -> bool:
        """Whether the notes at `leading` (less than the spec's) certainly still need this many pages: then
        they need not be cut and flowed again to see. Every height here is a sum of sizes times the
        leading and of fixed spaces, so at the smaller leading each is at least `leading / spec.leading`
        of what it is now; and a column never holds more than its height (but for a slice taller than
        a whole column, when this says nothing). So when even that much less content overfills one page
        fewer's columns, the flow there cannot end sooner."""
        spec, margins = self.spec, self.spec.margins
        share = leading / spec.leading * (1 - 1e-9)  # the margin covers float sums' rounding
        band = spec.small_size * leading + spec.body_size * 0.6
        bottom = spec.paper.height - margins.bottom - band
        full = bottom - (margins.top + band)
        if not self.slices or max(item.height for item in self.slices) > full:
            return False
        first = max(bottom - (margins.top + self.title[3] * share), 0.0)
        room = self.count * (first + EPS) + (self.page_count - 2) * self.count * (full + EPS)
        return sum(item.height for item in self.slices) * share > room

    def layout(self, content: NotesContent) -> NotesLayout:
        """The pages, the last one's columns balanced."""
        spec, maker, count, inner, lefts = self.spec, self.maker, self.count, self.inner, self.lefts
        columns = _balance_last_page(self.slices, self.columns, count, self.top_of, self.bottom)
        pages = [columns[start : start + count] for start in range(0, len(columns), count)] or [[]]
        title_lines, title_sources, title_rules, _ = self.title
        out = []
        for number, page_columns in enumerate(pages, start=1):
            placed = [(item, lefts[index], top) for index, column in enumerate(page_columns) for item, top in column.placed]
            lines, sources = _reading_order(placed)
            rules = [rule.shifted(dx, dy) for item, dx, dy in placed for rule in item.rules]
            if number == 1:
                lines[:0], sources[:0], rules[:0] = [(line, 0.0, 0.0) for line in title_lines], title_sources, title_rules
            else:
                header_line, header_rule = _header(content.header, spec, maker, inner)
                lines.insert(0, (header_line, 0.0, 0.0))
                sources.insert(0, LineSource(-1, "running_header"))
                rules.append(header_rule)
            lines.append((_footer(FOOTER.format(number=number, count=len(pages)), spec, maker, inner), 0.0, 0.0))
            sources.append(LineSource(-1, "footer"))
            fills = tuple([fill.shifted(dx, dy) for item, dx, dy in placed for fill in item.fills])
            anchors = tuple([anchor.shifted(dx, dy) for item, dx, dy in placed for anchor in item.anchors])
            out.append(NotesPageBoxes(tuple(lines), fills, tuple(rules), anchors, tuple(sources)))
        return NotesLayout(spec.paper.width, spec.paper.height, tuple(out))


def _reading_order(placed: list[tuple[Slice, float, float]]) -> tuple[list[PlacedLine], list[LineSource]]:
    """The lines of the slices, each with its slice's (dx, dy), in order with their sources, except that a
    table row's lines go cell by cell (left to right, each cell top down), so text copied or read aloud from
    a row keeps each cell's text together."""
    out: list[tuple[PlacedLine, LineSource]] = []
    row: list[tuple[PlacedLine, LineSource]] = []
    for index, (item, dx, dy) in enumerate(placed):
        lines = [(line, dx, dy) for line in item.lines]
        if item.row < 0:
            out.extend(zip(lines, item.sources))
            continue
        row.extend(zip(lines, item.sources))
        if index + 1 == len(placed) or placed[index + 1][0].row != item.row:
            # By each line's x on the page, as the moved line's own x would be.
            out.extend(sorted(row, key=lambda pair: pair[0][0].fragments[0].x + pair[0][1] if pair[0][0].fragments else 0.0))
            row = []
    return [line for line, _ in out], [source for _, source in out]


def _flow(slices: list[Slice], start: int, top_of: Callable[[int], float], bottom: float, fresh_top: float) -> list[_Column]:
    """slices[start:] down columns `top_of(n)` to `bottom`, each column ending before the last slice
    before which one may end (or where it is full, when it holds no such place). A table continuing
    into a column opens it with its header. `fresh_top` is where a full column starts."""
    columns: list[_Column] = []
    index, count = start, len(slices)
    limit = bottom + EPS
    while index < count:
        first = index
        column = _Column(first, [])
        placed = column.placed
        y = top = top_of(len(columns))
        header = slices[index].header
        if header is not None:
            placed.append((header, y))
            y += header.height
            column.overfull = y > limit
        while index < count:
            item = slices[index]
            gap = item.space_before if index > first else 0.0
            fits = y + gap + item.height <= limit
            if index == first and not fits and top > fresh_top + EPS:
                # Too tall for the short columns under the title block: it starts a full column.
                placed.clear()
                column.overfull = False
                break
            # A full column's first slice goes in whatever its height, so the flow always moves on.
            if fits or index == first:
                placed.append((item, y + gap))
                y += gap + item.height
                column.overfull = column.overfull or not fits
                index += 1
                continue
            # The column ends before the last slice after its first that it may end before.
            end = index
            while end > first and slices[end].keep:
                end -= 1
            if end > first and end < index:
                del placed[end - index :]
                index = end
            column.forced = end == first
            break
        columns.append(column)
    return columns


def _balance_last_page(slices: list[Slice], columns: list[_Column], count: int, top_of: Callable[[int], float], bottom: float) -> list[_Column]:
    """The last page's slices flowed again into columns as short as still hold them all on that page."""
    if count < 2 or not columns:
        return columns
    start = (len(columns) - 1) // count * count
    top = top_of(start)
    low, high = top, bottom
    first = columns[start].first
    forced = any(column.forced for column in columns[start:])
    balanced: float | None = None
    # Bisection to a hundredth of a point or so: the balanced height is found, not guessed. Each trial
    # only asks whether the flow fits; the columns are made once, for the height found.
    for _ in range(20):
        middle = (low + high) / 2
        # A shorter page that breaks a keep the full page kept is no better.
        if _fits_page(slices, first, top, middle, count, forced):
            balanced, high = middle, middle
        else:
            low = middle
    if balanced is None:
        return columns
    return columns[:start] + _flow(slices, first, lambda _column: top, balanced, top)


def _fits_page(slices: list[Slice], start: int, top: float, bottom: float, count: int, may_force: bool) -> bool:
    """Whether `_flow(slices, start, top, bottom, top)` (every column `top` to `bottom`) fills at most `count`
    columns, with nothing reaching below `bottom` and, unless `may_force`, no column ending where a keep
    says it must not: the same flow, step by step, without placing anything."""
    index, total = start, len(slices)
    limit = bottom + EPS
    used = 0
    while index < total:
        used += 1
        if used > count:
            return False
        first = index
        y = top
        header = slices[index].header
        if header is not None:
            y += header.height
            if y > limit:
                return False
        while index < total:
            item = slices[index]
            gap = item.space_before if index > first else 0.0
            fits = y + gap + item.height <= limit
            if fits or index == first:
                if not fits:
                    return False
                y += gap + item.height
                index += 1
                continue
            end = index
            while end > first and slices[end].keep:
                end -= 1
            if end == first and not may_force:
                return False
            if end > first and end < index:
                index = end
            break
    return True


def _title_block(title: TitleBlock, spec: NotesPage, maker: SliceMaker, width: float) -> tuple[list[TextLine], list[LineSource], list[Rule], float]:
    """The first page's opening across the columns, from the top margin: its lines and their sources, its
    rule, and the height it takes including the space below it."""
    margins = spec.margins
    lines: list[TextLine] = []
    sources: list[LineSource] = []
    y = margins.top
    parts = (
        (Span(title.title, bold=True), "title", spec.title_size, "title"),
        (Span(title.subtitle), "text", spec.subtitle_size, "subtitle"),
        (Span(title.context, italic=True), "muted", spec.body_size, "context"),
        (Span(title.credit), "muted", spec.small_size, "credit"),
    )
    for span, role, size, part in parts:
        leading = size * spec.leading
        for line in _wrap_plain(span, role, width, size, maker):
            lines.append(maker.text_line(line, margins.left, y, size, leading))
            sources.append(LineSource(-1, part))
            y += leading
    rule_y = y + spec.body_size * 0.3
    rule = Rule(margins.left, margins.left + width, rule_y, TITLE_RULE, "title_rule")
    return lines, sources, [rule], rule_y + spec.body_size * 0.5 - margins.top


def _wrap_plain(span: Span, role: str, width: float, size: float, maker: SliceMaker) -> list[WrappedLine]:
    """The title block's `span` wrapped, once per layout (kept in maker.wraps by value: a leading wraps none differently)."""
    if not span.text:
        return []
    key = ("title", span, role, width / size)
    found = maker.wraps.get(key)
    if found is None:
        found = maker.wraps[key] = wrap_words(label_words((span,), maker.faces, maker.measure, role), width / size, maker.measure)
    return found


def _header(text: str, spec: NotesPage, maker: SliceMaker, width: float) -> tuple[TextLine, Rule]:
    """The running header: `text` on one line (cut short with an ellipsis when too long), ruled below."""
    size, face = spec.small_size, spec.faces.regular
    leading = size * spec.leading
    shown = _one_line(text, face, width, size, maker)
    line = maker.plain_line(shown, face, "muted", spec.margins.left, spec.margins.top, size, leading)
    rule_y = spec.margins.top + leading + spec.body_size * 0.15
    return line, Rule(spec.margins.left, spec.margins.left + width, rule_y, 0.5, "header_rule")


def _footer(text: str, spec: NotesPage, maker: SliceMaker, width: float) -> TextLine:
    size, face = spec.small_size, spec.faces.regular
    leading = size * spec.leading
    text_width = maker.measure.unit_width(text, face) * size
    top = spec.paper.height - spec.margins.bottom - leading
    return maker.plain_line(text, face, "muted", spec.margins.left + (width - text_width) / 2, top, size, leading)


def _one_line(text: str, face: str, width: float, size: float, maker: SliceMaker) -> str:
    """`text` when it fits `width`, else its longest start that fits with an ellipsis after it."""
    measure = maker.measure
    if measure.unit_width(text, face) * size <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure.unit_width(text[:middle] + "…", face) * size <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"
