"""Notes blocks + a column width + a measure -> slices: the column's content cut where a column may end, each slice
its lines, fills and rules placed relative to its own top-left corner, and whether a column may end before it.

A heading, paragraph or list item gives one slice per line; a table one per line of each row (its
header is one slice, repeated where the table continues). Every line says where it comes from (a
LineSource: its block, and its part of it), so a tagged PDF can give it its structure element. A column may not end before a paragraph's
second or last line (no single first or last line left alone), inside a heading, before the two
slices after a heading, inside a table row, or between a list item and its first child.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ijprint.layout.boxes import Fragment, Rect, TextLine
from ijprint.layout.fact_columns import MAX_WORD_EMS, column_measures, fit_column_widths
from ijprint.layout.measure import Measure
from ijprint.layout.notes_spec import Block, Bookmark, Cell, CellPart, Heading, Item, NotesPage, Paragraph, Table
from ijprint.layout.wrap import CELL_BREAKS, Piece, Word, WrappedLine, label_words, wrap_text, wrap_words
from ijprint.model import Inline

# Slices after a heading that stay in its column.
KEEP_AFTER_HEADING = 2
# The widest hanging indent a list number may claim, as a share of the column; a number wider than
# that is printed on its own line above its item.
MAX_HANG_SHARE = 0.3
# List levels stop stepping right once the text would start further in than this share of the column.
MAX_INDENT_SHARE = 0.4
LABEL_SEPARATOR = "–"
TABLE_PAD_X, TABLE_PAD_Y = 3.0, 1.5
# Cells wrap a hair narrower than their column, so a line that exactly fills one never touches the next.
TABLE_SLACK = 0.5
HEADING_RULE, TABLE_RULE = 0.6, 0.5


# The parts a line may be: the title block's four, a heading (its number included), a paragraph, a list
# item's number and its label and text, a table's header cell, that header repeated where the table
# continues, a body cell, and the page furniture (running header, footer).
PARTS = ("title", "subtitle", "context", "credit", "heading", "paragraph", "number", "item", "header", "repeated_header",
         "cell", "running_header", "footer")
_PARTS = frozenset(PARTS)


@dataclass(frozen=True, slots=True)
class LineSource:
    """What a laid-out line is in the content: `block` its index in NotesContent.blocks (-1 for the title
    block and the page furniture) and `part` one of PARTS; a table cell's line also its `row` (-1 the
    header row) and `column`."""

    block: int
    part: str
    row: int = -1
    column: int = -1

    def __post_init__(self) -> None:
        if self.part not in _PARTS:
            raise ValueError(f"line part {self.part!r} is none of {PARTS}")


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line from x0 to x1 at y; `role` picks its colour."""

    x0: float
    x1: float
    y: float
    weight: float
    role: str

    def shifted(self, dx: float, dy: float) -> Rule:
        return Rule(self.x0 + dx, self.x1 + dx, self.y + dy, self.weight, self.role)


@dataclass(frozen=True, slots=True)
class Fill:
    rect: Rect
    role: str

    def shifted(self, dx: float, dy: float) -> Fill:
        return Fill(self.rect.shifted(dx, dy), self.role)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an outline entry leads: its title and level, and the point (x, y) it shows at the window's top."""

    title: str
    level: int
    x: float
    y: float

    def shifted(self, dx: float, dy: float) -> Anchor:
        return Anchor(self.title, self.level, self.x + dx, self.y + dy)


@dataclass(frozen=True, slots=True)
class Slice:
    """A strip of a column: its height, what it draws (relative to its top-left corner), the space above it
    (dropped at a column's top), whether it must stay in the column of the slice before (`keep`), and,
    for table rows, the header slice that opens every column the table continues into and the row's
    number (its slices are read cell by cell, see notes_pages). `sources[i]` is where `lines[i]` comes from."""

    height: float
    lines: tuple[TextLine, ...] = ()
    sources: tuple[LineSource, ...] = ()
    fills: tuple[Fill, ...] = ()
    rules: tuple[Rule, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    space_before: float = 0.0
    keep: bool = False
    header: Slice | None = None
    row: int = -1

    def __post_init__(self) -> None:
        if len(self.sources) != len(self.lines):
            raise ValueError(f"{len(self.lines)} lines but {len(self.sources)} sources")

    def shifted(self, dx: float, dy: float) -> Slice:
        """The slice moved by (dx, dy): what it draws and its row; how it flows no longer matters."""
        return Slice(
            self.height,
            tuple(line.shifted(dx, dy) for line in self.lines),
            self.sources,
            tuple(fill.shifted(dx, dy) for fill in self.fills),
            tuple(rule.shifted(dx, dy) for rule in self.rules),
            tuple(anchor.shifted(dx, dy) for anchor in self.anchors),
            row=self.row,
        )


# One line of a table row: per cell with a line there, what it draws and where it comes from.
_GridLine = list[tuple[tuple[Fragment, ...], LineSource]]


class SliceMaker:
    """Cuts blocks into slices for columns `width` wide, measuring through `measure`.

    `wraps` keeps what does not depend on the leading: each wrapped text by what was wrapped and how
    wide, each wrapped line's fragments, each table's cells cut into lines. The notes are laid out a
    second time at a tighter leading, which moves lines but wraps none differently, so a second maker
    given the first one's `wraps` measures and wraps nothing again. Blocks are known by identity, so it
    must not outlive the content it was filled from."""

    def __init__(self, spec: NotesPage, measure: Measure, width: float, wraps: dict[tuple[object, ...], list] | None = None) -> None:
        self.spec, self.measure, self.width = spec, measure, width
        self.wraps: dict[tuple[object, ...], list] = {} if wraps is None else wraps
        faces = spec.faces
        self.faces = (faces.regular, faces.bold, faces.italic)
        self.descent = measure.unit_descent(faces.regular)
        self.rows = 0

    def baseline(self, size: float, leading: float) -> float:
        """The baseline in a line `leading` tall: the glyph boxes PDF tools draw (size tall, `descent` of it
        below the baseline) centred in the line, so lines never overlap and none leaves its line."""
        return (leading - size) / 2 + (1 - self.descent) * size

    def text_line(self, line: WrappedLine, x: float, top: float, size: float, leading: float) -> TextLine:
        # The fragments do not depend on the leading: the second layout takes the first one's. The
        # entry holds the line, so its id is never another's while the entry lives.
        key = ("fragments", id(line), x, size)
        found = self.wraps.get(key)
        if found is None:
            fragments, at = [], x
            for piece in line.pieces:
                fragments.append(Fragment(piece.text, piece.face, at, piece.width * size, piece.role))
                at += piece.width * size
            found = self.wraps[key] = [line, tuple(fragments)]
        return TextLine(found[1], size, top + self.baseline(size, leading))

    def plain_line(self, text: str, face: str, role: str, x: float, top: float, size: float, leading: float) -> TextLine:
        width = self.measure.unit_width(text, face) * size
        return TextLine((Fragment(text, face, x, width, role),), size, top + self.baseline(size, leading))

    def wrap_plain(self, text: str, face: str, width: float, size: float) -> list[str]:
        key = ("plain", text, face, width, size)
        found = self.wraps.get(key)
        if found is None:
            found = self.wraps[key] = wrap_text(text, face, width, lambda part, name: self.measure.unit_width(part, name) * size, CELL_BREAKS)
        return found

    def _wrapped(self, owner: object, words: Callable[[], list[Word]], width: float) -> list[WrappedLine]:
        """wrap_words of `words()` at `width`, worked out once per block (or its text) and width (see `wraps`)."""
        key = ("block", id(owner), width)
        found = self.wraps.get(key)
        if found is None:
            found = self.wraps[key] = wrap_words(words(), width, self.measure)
        return found

    def slices(self, blocks: tuple[Block, ...]) -> list[Slice]:
        """Every block's slices in order, with the keeps between them."""
        hangs = self._hangs([block for block in blocks if isinstance(block, Item)])
        out: list[Slice] = []
        keep_next = 0
        previous: Block | None = None
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                made = self._heading(block, index)
            elif isinstance(block, Paragraph):
                made = self._paragraph(block.text, index)
            elif isinstance(block, Item):
                made = self._item(block, index, hangs)
                # An item opening its parent's list stays with the parent's last line.
                if isinstance(previous, Item) and block.depth > previous.depth:
                    made[0] = _kept(made[0])
            else:
                made = self._table(block, index)
            for item in made:
                if keep_next:
                    item = _kept(item)
                    keep_next -= 1
                out.append(item)
            if isinstance(block, Heading):
                keep_next = KEEP_AFTER_HEADING
            previous = block
        return out

    def _words(self, spans: Inline, role: str, strong: bool = False) -> list[tuple[Piece, ...]]:
        return label_words(spans, self.faces, self.measure, role, strong)

    def _heading(self, block: Heading, index: int) -> list[Slice]:
        """One slice per line, kept together (a heading taller than a column is the only one split), the
        rule under the last; the number in the hanging indent of the first."""
        spec = self.spec
        size, leading = spec.heading_size, spec.heading_size * spec.leading
        bold = spec.faces.bold
        number = block.number
        indent = (self.measure.unit_width(number, bold) + self.measure.unit_width("  ", bold)) * size if number else 0.0
        lines = self._wrapped(block, lambda: self._words(block.text, "heading", strong=True), (self.width - indent) / size)
        source = LineSource(index, "heading")
        out = [Slice(leading, (self.text_line(line, indent, 0.0, size, leading),), (source,), keep=at > 0) for at, line in enumerate(lines)]
        first = out[0]
        # The space is drawn too, so copied text reads "4 Drivers", not "4Drivers".
        numbers = (self.plain_line(number + " ", bold, "heading", 0.0, 0.0, size, leading),) if number else ()
        out[0] = replace(first, lines=numbers + first.lines, sources=(source,) * len(numbers) + first.sources, anchors=self._anchor(block.bookmark), space_before=spec.body_size * 1.1)
        rule_y = leading + spec.body_size * 0.15
        last = out[-1]
        out[-1] = replace(last, height=rule_y + spec.body_size * 0.35, rules=(Rule(0.0, self.width, rule_y, HEADING_RULE, "heading_rule"),))
        return out

    def _anchor(self, bookmark: Bookmark | None) -> tuple[Anchor, ...]:
        return (Anchor(bookmark.title, bookmark.level, 0.0, 0.0),) if bookmark else ()

    def _paragraph(self, text: Inline, index: int) -> list[Slice]:
        spec = self.spec
        size, leading = spec.body_size, spec.body_size * spec.leading
        lines = self._wrapped(text, lambda: self._words(text, "text"), self.width / size)
        placed = [self.text_line(line, 0.0, 0.0, size, leading) for line in lines]
        return _line_slices(placed, [LineSource(index, "paragraph")] * len(placed), leading, 0.0)

    def _hangs(self, items: list[Item]) -> dict[int, tuple[float, float]]:
        """Per list depth, where its numbers start and its text starts (numbers align under the parent's text)."""
        spec = self.spec
        widest: dict[int, float] = {}
        for item in items:
            width = self.measure.unit_width(_marker(item.number), spec.faces.regular) * spec.marker_size
            widest[item.depth] = max(widest.get(item.depth, 0.0), width)
        gap = spec.body_size * 0.2
        out: dict[int, tuple[float, float]] = {}
        x = 0.0
        for depth in range(1, max(widest, default=0) + 1):
            hang = min(widest.get(depth, 0.0), self.width * MAX_HANG_SHARE) + gap
            out[depth] = (x, x + hang)
            if x + hang + hang <= self.width * MAX_INDENT_SHARE:
                x += hang
        return out

    def _item(self, item: Item, index: int, hangs: dict[int, tuple[float, float]]) -> list[Slice]:
        spec = self.spec
        number_x, text_x = hangs[item.depth]

        def words() -> list[Word]:
            found = self._words(item.label, "label", strong=True)
            if item.text:
                separator = self.measure.unit_width(LABEL_SEPARATOR, spec.faces.regular)
                found.append((Piece(LABEL_SEPARATOR, spec.faces.regular, "text", separator),))
                found.extend(self._words(item.text, "text"))
            return found

        # Lines as tall as the larger of the text and its number, so neither reaches into the next line.
        size, leading = spec.body_size, max(spec.body_size, spec.marker_size) * spec.leading
        lines = [self.text_line(line, text_x, 0.0, size, leading) for line in self._wrapped(item, words, (self.width - text_x) / size)]
        number_source, text_source = LineSource(index, "number"), LineSource(index, "item")
        sources = [text_source] * len(lines)
        face = spec.faces.regular
        numbers: list[TextLine] = []
        if item.number:
            if self.measure.unit_width(_marker(item.number), face) * spec.marker_size <= text_x - number_x:
                # On the label's baseline, however much smaller it is.
                number = self.plain_line(_marker(item.number), face, "marker", number_x, 0.0, spec.marker_size, leading)
                numbers.append(TextLine(number.fragments, number.size, self.baseline(size, leading)))
            else:
                texts = self.wrap_plain(item.number, face, self.width - number_x, spec.marker_size)
                marker_lines = [self.plain_line(text, face, "marker", number_x, 0.0, spec.marker_size, leading) for text in texts]
                lines = marker_lines + lines
                sources = [number_source] * len(marker_lines) + sources
        gap = spec.body_size * (0.22 if item.depth == 1 else 0.1)
        return _line_slices(lines, sources, leading, gap, tuple(numbers), (number_source,) * len(numbers), self._anchor(item.bookmark))

    def _table(self, table: Table, block: int) -> list[Slice]:
        spec = self.spec
        size = spec.table_size
        leading = size * spec.leading
        header_cells, body_cells = self._grid(table, block)

        def row(cells: list[_GridLine], fill: str, keep_first: bool, header: Slice | None) -> list[Slice]:
            count = len(cells)
            self.rows += 1
            out = []
            for index, drawn in enumerate(cells):
                top = TABLE_PAD_Y if index == 0 else 0.0
                height = leading + top + (TABLE_PAD_Y if index == count - 1 else 0.0)
                baseline = top + self.baseline(size, leading)
                placed = tuple(TextLine(fragments, size, baseline) for fragments, _ in drawn)
                sources = tuple(source for _, source in drawn)
                fills = (Fill(Rect(0.0, 0.0, self.width, height), fill),) if fill else ()
                out.append(Slice(height, placed, sources, fills, keep=index > 0 or keep_first, header=header, row=self.rows))
            return out

        stacked = _stacked(row(header_cells, "header_fill", False, None))
        rule = (Rule(0.0, self.width, stacked.height, TABLE_RULE, "table_rule"),)
        out = [Slice(stacked.height, stacked.lines, stacked.sources, stacked.fills, rule, space_before=spec.body_size * 0.5)]
        # The copy opening each column the table continues into is read once, where the table starts.
        repeated = tuple(LineSource(source.block, "repeated_header", source.row, source.column) for source in stacked.sources)
        header = Slice(stacked.height, stacked.lines, repeated, stacked.fills, rule)
        for number, cells in enumerate(body_cells):
            out.extend(row(cells, "zebra" if number % 2 else "", number == 0, header))
        last = out[-1]
        out[-1] = Slice(last.height, last.lines, last.sources, last.fills, (*last.rules, Rule(0.0, self.width, last.height, TABLE_RULE, "table_rule")),
                        last.anchors, last.space_before, last.keep, last.header, last.row)
        return out

    def _grid(self, table: Table, block: int) -> tuple[list[_GridLine], list[list[_GridLine]]]:
        """The header row's lines and each body row's, each line what it draws: per cell with a line there,
        its fragment (x from the row's left) and its source. None of it depends on the leading, so the
        second layout takes the first one's."""
        key = ("grid", id(table), block)
        found = self.wraps.get(key)
        if found is not None:
            return found[1], found[2]
        spec = self.spec
        size = spec.table_size
        faces = {"plain": spec.faces.regular, "strong": spec.faces.bold, "muted": spec.faces.regular, "header": spec.faces.bold}

        def width_of(text: str, role: str) -> float:
            return self.measure.unit_width(text, faces[role]) * size

        padding = 2 * TABLE_PAD_X + TABLE_SLACK
        natural, least = column_measures([table], width_of, padding, MAX_WORD_EMS * size)[table.headers]
        widths = fit_column_widths(natural, least, self.width)
        lefts = [sum(widths[:column]) for column in range(len(widths))]

        def lines_of(cells: tuple[Cell, ...], number: int) -> list[_GridLine]:
            columns = []
            for cell, width in zip(cells, widths):
                # The column is its widest text plus the padding: that text must still fit when the
                # subtraction rounds down.
                room = width - padding + 1e-6
                columns.append([(part.role, text) for part in cell for text in self._cell_lines(part, room, width_of, size)])
            count = max((len(lines) for lines in columns), default=0) or 1
            part = "cell" if number >= 0 else "header"
            out = []
            for index in range(count):
                drawn = []
                for column, (lines, left) in enumerate(zip(columns, lefts)):
                    if index < len(lines):
                        role, text = lines[index]
                        fragment = Fragment(text, faces[role], left + TABLE_PAD_X, self.measure.unit_width(text, faces[role]) * size, "muted" if role == "muted" else "text")
                        drawn.append(((fragment,), LineSource(block, part, number, column)))
                out.append(drawn)
            return out

        header = lines_of(tuple((CellPart(text, "header"),) for text in table.headers), -1)
        rows = [lines_of(cells, number) for number, cells in enumerate(table.rows)]
        self.wraps[key] = [table, header, rows]
        return header, rows

    def _cell_lines(self, part: CellPart, room: float, width_of: Callable[[str, str], float], size: float) -> list[str]:
        key = ("cell", part.text, part.role, room, size)
        found = self.wraps.get(key)
        if found is None:
            found = self.wraps[key] = wrap_text(part.text, part.role, room, width_of, CELL_BREAKS)
        return found


def _marker(number: str) -> str:
    """A list number as drawn: the space after it is drawn too, so copied text reads "4.1 Economy", not "4.1Economy"."""
    return number + " "


def _stacked(slices: list[Slice]) -> Slice:
    """Slices one under another as one slice."""
    parts, top = [], 0.0
    for item in slices:
        parts.append(item.shifted(0.0, top))
        top += item.height
    lines = tuple(line for part in parts for line in part.lines)
    return Slice(top, lines, tuple(source for part in parts for source in part.sources), tuple(fill for part in parts for fill in part.fills))


def _line_slices(lines: list[TextLine], sources: list[LineSource], leading: float, space_before: float, first_lines: tuple[TextLine, ...] = (),
                 first_sources: tuple[LineSource, ...] = (), anchors: tuple[Anchor, ...] = ()) -> list[Slice]:
    """One slice per line (and its source), the first one also drawing `first_lines` (before its own) and
    holding `anchors`; a column may not end after a first line or before a last one."""
    count = len(lines)
    if not count:
        return [Slice(leading, first_lines, first_sources, anchors=anchors, space_before=space_before)]
    out = [Slice(leading, (*first_lines, lines[0]), (*first_sources, sources[0]), anchors=anchors, space_before=space_before)]
    for index in range(1, count):
        out.append(Slice(leading, (lines[index],), (sources[index],), keep=index == 1 or index == count - 1))
    return out


def _kept(item: Slice) -> Slice:
    """`item` kept in the column of the slice before it."""
    return Slice(item.height, item.lines, item.sources, item.fills, item.rules, item.anchors, item.space_before, True, item.header, item.row)
