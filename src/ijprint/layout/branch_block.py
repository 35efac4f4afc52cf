"""One main branch -> a headed outline block: heading, rule, and its subtree as indented lines in 1..k columns.

Lower levels hang under their parent the way a good hand-drawn revision map packs them: each child is
indented under its parent and joined to it by a rounded elbow that runs in the indent gutter, so no
connector ever crosses text. Each column is as wide as its widest line and the next starts one gap
after it, so a block is never wider than its text. Shapes (sizes and column profiles) are computed
cheaply, without building lines, and cached for the fit search; layout/block_boxes.py builds the
positioned boxes once the search has chosen a size and a shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT
from ijprint.layout.columns import split_columns
from ijprint.layout.extents import INF, ExtentCache
from ijprint.layout.measure import Measure
from ijprint.layout.tree import TreeNode
from ijprint.layout.wrap import Piece, Word, label_words, natural_width, word_metrics, wrap_extent, wrap_words

LINE_GAP = 0.08  # ems between the ink boxes of consecutive lines
ITEM_GAP = 0.3  # extra ems between the level-2 items of a block
COLUMN_GAP = 1.4  # ems (of the level-2 size) between the columns of a block
INDENT = 1.15  # ems (of the child's size) a child is indented under its parent
SPINE = 0.38  # where the parent->child spine runs, as a fraction of the indent
SPAN_MARGIN = 1e-6  # points: a subtree's measured span is trusted only this far inside its ends


@dataclass(frozen=True)
class Sizes:
    """Font size per depth at one scale of the style's level sizes."""

    by_depth: tuple[float, ...]

    def size(self, depth: int) -> float:
        by_depth = self.by_depth
        return by_depth[depth] if depth < len(by_depth) else by_depth[-1]


@dataclass(frozen=True)
class Shape:
    """A block wrapped at `wrap` in `columns` columns: its tight size and, left to right, where each
    column starts, ends and how far down it reaches, so that a later block can tuck under a short one.

    The profile's spans cover [0, width] without gaps: a column owns the gutter after it.
    """

    wrap: float
    columns: int
    width: float
    height: float
    head: float  # where the body starts, just under the heading rule
    profile: tuple[tuple[float, float, float], ...]


# A node of a level-2 subtree as the search measures it: the node, its words' metrics, its font size,
# how far its text starts from the column's left edge, and the extents kept for its label (see
# layout/extents.py). A plain tuple: the search makes many.
ItemRow = tuple[TreeNode, tuple[tuple[float, float], ...], float, float, list]
# A node of a level-2 subtree as its rows are made at every size: the node, its parent's position in
# the pre-order, its depth and its parent's, its label's metrics without a number, its kept extents and
# whether it may print a number.
PreorderRow = tuple[TreeNode, int, int, int, tuple[tuple[float, float], ...], list, bool]

CONNECTOR_FACTORS = {1: 0.24, 2: 0.12, 3: 0.085}  # connector widths as shares of their level's size


def connector_width(depth: int, sizes: Sizes) -> float:
    """Thick near the centre, thinner at every level further out."""
    return max(0.45, CONNECTOR_FACTORS.get(depth, 0.07) * sizes.size(depth))


def number_scale(sizes: Sizes, depth: int) -> float:
    """The share of a level's size its section numbers print at: every number at the map's smallest label
    size, so a number is small beside a heading and never the smallest text on the page."""
    by_depth = sizes.by_depth
    size = by_depth[depth] if depth < len(by_depth) else by_depth[-1]
    # The fit search asks this thousands of times: min()'s default, worked out before every call, is not.
    smallest = min(by_depth[1:]) if len(by_depth) > 1 else size
    share = smallest / size
    return share if share < 1.0 else 1.0


class BlockModel:
    """A main branch, measured once per word; heights and placements at any size and width.

    `number` is printed before the heading in its own bold face and size (numbered branches); with
    `numbers`, every other label of the block starts with its section number, small and muted."""

    def __init__(self, branch: int, root: TreeNode, faces: tuple[str, str, str], measure: Measure, number: str = "", numbers: bool = False) -> None:
        self.branch = branch
        self.root = root
        self.faces = faces
        self.measure = measure
        self.numbers = numbers
        self._labels: dict[str, list[Word]] = {}
        self._shape_cache: dict[tuple[float, int, tuple[float, ...]], Shape] = {}
        self._shape_lists: dict[tuple[float, tuple[float, ...], float], list[Shape]] = {}
        self._metrics: dict[tuple[str, float], tuple[tuple[float, float], ...]] = {}
        self._rows: dict[tuple[float, ...], tuple[tuple[ItemRow, ...], ...]] = {}
        self._areas: dict[tuple[float, ...], float] = {}
        self._scales: dict[tuple[tuple[float, ...], int], float] = {}
        self._plain: dict[str, tuple[tuple[tuple[float, float], ...], float, float]] = {}
        self._number_widths: dict[str, float] = {}  # a label's section number at 1 pt, by node id ("" for the heading)
        self._extents = ExtentCache()
        # Each level-2 subtree's rows (`_item_rows`) and the spans of column widths it measured over, by size.
        self._item_spans: dict[tuple[float, ...], tuple[tuple[tuple[ItemRow, ...], ...], list[list[tuple[float, float, float, float]]]]] = {}
        self._terms: list[tuple[int, int, float, float | None, tuple[float, ...]]] | None = None
        self._preorders: list[list[PreorderRow]] | None = None
        self._space = measure.unit_width(" ", faces[0])
        self._heading = self._node_words(root, strong=True)
        if number:
            prefix = Piece(number, faces[1], "number", measure.unit_width(number, faces[1]))
            self._heading = [(prefix,), *self._heading]
            self.numbers_heading = False
        else:
            self.numbers_heading = numbers
        self.items = root.children

    def _node_words(self, node: TreeNode, strong: bool) -> list[Word]:
        words = label_words(node.label, self.faces, self.measure, strong=strong)
        if node.hidden:
            marker = f"+{node.hidden}"
            words.append((Piece(marker, self.faces[0], "marker", self.measure.unit_width(marker, self.faces[0])),))
        return words

    def _label(self, node: TreeNode | None) -> list[Word]:
        """The words of a label (the heading for None) without its section number."""
        if node is None:
            return self._heading
        found = self._labels.get(node.node_id)
        if found is None:
            found = self._labels[node.node_id] = self._node_words(node, strong=node.depth <= 2)
        return found

    def _scale(self, node: TreeNode | None, sizes: Sizes) -> float:
        """The section number's scale for this label at `sizes`; 0 when the label prints no number."""
        if not (self.numbers_heading if node is None else self.numbers and node.number):
            return 0.0
        key = (sizes.by_depth, 1 if node is None else node.depth)
        found = self._scales.get(key)
        if found is None:
            found = self._scales[key] = number_scale(sizes, key[1])
        return found

    def words(self, node: TreeNode | None, sizes: Sizes) -> list[Word]:
        """The words a label (the heading for None) prints at `sizes`: its section number first, if any."""
        label = self._label(node)
        scale = self._scale(node, sizes)
        if not scale:
            return label
        return [(Piece((node or self.root).number, self.faces[0], "section", self._numbered(node, scale), scale),), *label]

    def _plain_label(self, node: TreeNode | None) -> tuple[tuple[tuple[float, float], ...], float, float]:
        """A label's word metrics without its number, its natural width, and the width of a space in
        its first word's face: the parts `words` adds a number to, worked out once per label."""
        key = "" if node is None else node.node_id
        found = self._plain.get(key)
        if found is None:
            label = self._label(node)
            space = self.measure.unit_width(" ", label[0][0].face) if label else 0.0
            found = self._plain[key] = (word_metrics(label, self.measure), natural_width(label, self.measure), space)
        return found

    def _numbered(self, node: TreeNode | None, scale: float) -> float:
        """The width of the section number `words` puts before a label at `scale`, at 1 pt."""
        key = "" if node is None else node.node_id
        width = self._number_widths.get(key)
        if width is None:
            width = self._number_widths[key] = self.measure.unit_width((node or self.root).number, self.faces[0])
        return width * scale

    def text_area(self, sizes: Sizes) -> float:
        """The area the block's labels cover on one line each, with their line spacing, at `sizes`."""
        found = self._areas.get(sizes.by_depth)
        if found is None:
            found = 0.0
            by_depth = sizes.by_depth
            last = len(by_depth) - 1
            squares = [size**2 for size in by_depth]
            spacing = INK_ASCENT + INK_DESCENT + LINE_GAP
            scales: dict[int, float] = {}
            for depth, numbered_at, natural, number, widths in self._area_terms():
                if number is not None:
                    scale = scales.get(numbered_at)
                    if scale is None:
                        scale = scales[numbered_at] = number_scale(sizes, numbered_at)
                    if scale:
                        # natural_width(self.words(...)) by the same sums in the same order: the number
                        # word first, then each label word, then the spaces (in the number's face).
                        natural = sum(widths, number * scale) + len(widths) * self._space
                found += natural * squares[depth if depth < last else last] * spacing
            self._areas[sizes.by_depth] = found
        return found

    def _area_terms(self) -> list[tuple[int, int, float, float | None, tuple[float, ...]]]:
        """Every label in the order `text_area` adds them up (depth first, last child first): its
        depth, the depth its number's scale is taken at (1 for the heading, as `_scale`), its natural
        width, the width of its section number at 1 pt when it may print one (else None), and its
        words' widths."""
        if self._terms is None:
            self._terms = []
            stack = [self.root]
            while stack:
                node = stack.pop()
                label = None if node is self.root else node
                numbered = self.numbers_heading if label is None else bool(self.numbers and node.number)
                metrics, natural, _ = self._plain_label(label)
                number = self._numbered(label, 1.0) if numbered else None
                self._terms.append((node.depth, 1 if label is None else node.depth, natural, number, tuple(width for _, width in metrics)))
                stack.extend(node.children)
        return self._terms

    def _word_metrics(self, node: TreeNode | None, sizes: Sizes) -> tuple[tuple[float, float], ...]:
        """word_metrics(self.words(node, sizes)), built from the label's own metrics: a number is one
        more word in front, and the label's first word then has a space before it."""
        return self._metrics_at(node, self._scale(node, sizes))

    def _metrics_at(self, node: TreeNode | None, scale: float) -> tuple[tuple[float, float], ...]:
        """`_word_metrics` with the label's number scale known (0: no number)."""
        if not scale:
            return self._plain_label(node)[0]
        key = ("" if node is None else node.node_id, scale)
        found = self._metrics.get(key)
        if found is None:
            metrics, _, space = self._plain_label(node)
            number = ((0.0, self._numbered(node, scale)),)
            found = self._metrics[key] = number + (((space, metrics[0][1]), *metrics[1:]) if metrics else ())
        return found

    def _extent(self, node: TreeNode | None, width: float, sizes: Sizes) -> tuple[int, float]:
        """Line count and widest line of a label (the heading for None) wrapped at `width`, at 1 pt."""
        found = wrap_extent(self._word_metrics(node, sizes), width)
        if found is None:
            lines = wrap_words(self.words(node, sizes), width, self.measure)
            found = len(lines), max(line.width for line in lines)
        return found

    def heading_extent(self, width: float, sizes: Sizes) -> tuple[int, float, float]:
        """The heading wrapped at `width`: its line count, its widest line, and where the body starts
        below its rule."""
        size = sizes.size(1)
        count, widest = self._extent(None, width / size, sizes)
        return count, widest * size, _text_height(count, size) + 0.25 * size + connector_width(1, sizes) / 2

    def item_extents(self, column_width: float, sizes: Sizes) -> list[tuple[float, float]]:
        """Height and right edge of each level-2 subtree laid out in a column of `column_width`.
        A subtree's numbers hold over a span of column widths (see layout/extents.py), so they are
        worked out again only when the width leaves it."""
        heights, rights = self._item_extents(column_width, sizes)
        return list(zip(heights, rights))

    def _item_extents(self, column_width: float, sizes: Sizes) -> tuple[list[float], list[float]]:
        """`item_extents` as the subtrees' heights and their right edges."""
        found = self._item_spans.get(sizes.by_depth)
        if found is None:
            rows_by_item = self._item_rows(sizes)
            found = self._item_spans[sizes.by_depth] = (rows_by_item, [[] for _ in rows_by_item])
        rows_by_item, spans = found
        heights, rights = [], []
        for rows, kept in zip(rows_by_item, spans):
            for low, high, height, right in kept:
                if low <= column_width < high:
                    break
            else:
                low, high, height, right = measured = self._measure_item(rows, column_width, sizes)
                if low < high:
                    kept.append(measured)
            heights.append(height)
            rights.append(right)
        return heights, rights

    def _item_rows(self, sizes: Sizes) -> tuple[tuple[ItemRow, ...], ...]:
        """Each level-2 subtree's nodes in pre-order with their size and indent at `sizes`. The search
        measures the subtrees at many column widths but few sizes, so they are walked once per size."""
        found = self._rows.get(sizes.by_depth)
        if found is None:
            if self._preorders is None:
                self._preorders = [self._preorder(item) for item in self.items]
            found = self._rows[sizes.by_depth] = tuple(self._rows_at(order, sizes) for order in self._preorders)
        return found

    def _preorder(self, item: TreeNode) -> list[PreorderRow]:
        """A level-2 subtree's nodes in pre-order, each with what its rows take at every size: its parent's
        position in that order (-1 for the item), its depth and its parent's, its label's metrics without
        a number, its kept extents, and whether it may print a number."""
        order: list[PreorderRow] = []
        stack: list[tuple[TreeNode, int]] = [(item, -1)]
        while stack:
            node, parent = stack.pop()
            position = len(order)
            parent_depth = order[parent][0].depth if parent >= 0 else -1
            numbered = bool(self.numbers and node.number)
            order.append((node, parent, node.depth, parent_depth, self._plain_label(node)[0], self._extents.spans(node.node_id), numbered))
            stack.extend((child, position) for child in reversed(node.children))
        return order

    def _rows_at(self, order: list[PreorderRow], sizes: Sizes) -> tuple[ItemRow, ...]:
        """A subtree's rows at `sizes`, from its pre-order: each row's text starts its parent's indent further in."""
        by_depth = sizes.by_depth
        last = len(by_depth) - 1
        rows: list[ItemRow] = []
        scales: dict[int, float] = {}
        for node, parent, depth, parent_depth, metrics, spans, numbered in order:
            if numbered:
                scale = scales.get(depth, -1.0)
                if scale < 0.0:
                    # What `_scale` gives a numbered label, without its look-up.
                    scale = scales[depth] = number_scale(sizes, depth)
                metrics = self._metrics_at(node, scale)
            if parent < 0:
                text_x = INDENT * by_depth[depth if depth < last else last]
            else:
                # The parent's text start plus the indent at its children's size, as the placement adds them.
                below = parent_depth + 1
                text_x = rows[parent][3] + INDENT * by_depth[below if below < last else last]
            rows.append((node, metrics, by_depth[depth if depth < last else last], text_x, spans))
        return tuple(rows)

    def _measure_item(self, rows: tuple[ItemRow, ...], column_width: float, sizes: Sizes) -> tuple[float, float, float, float]:
        """Height and right edge of a subtree's rows in a column of `column_width` (the numbers
        `_walk_item`'s placement reaches for the same subtree at x0 = y0 = 0, by the same sums), after
        the column widths (low, high) over which every row wraps the same, so they stay the same."""
        y = 0.0
        right = 0.0
        low, high = -INF, INF
        extent = self._extents.extent
        # The search measures subtrees many thousand times: max, min, _text_height and the look-up of
        # a label's kept extents are written out.
        ink, line_gap = INK_ASCENT + INK_DESCENT, LINE_GAP
        for position, (node, metrics, size, text_x, spans) in enumerate(rows):
            start = y + line_gap * size if position else y
            room = column_width - text_x
            unit = (size if size > room else room) / size
            for span in spans:
                if span[4] is metrics and span[0] <= unit < span[1]:
                    found: tuple[int, float, float, float] | None = (span[2], span[3], span[0], span[1])
                    break
            else:
                found = extent(node.node_id, metrics, unit)
            if found is None:
                count, widest = self._extent(node, max(room, size) / size, sizes)
                low = high = column_width  # a broken word: no span, measured again next time
            else:
                count, widest, row_low, row_high = found
                if room < size:  # every narrower column wraps this row at the same (smallest) width
                    row_low, row_high = -INF, text_x + size
                else:
                    # Back to column widths, a hair inside, so rounding can never carry a width across an end.
                    row_low = row_low * size + text_x
                    floor = text_x + size
                    row_low = (floor if floor > row_low else row_low) + SPAN_MARGIN
                    row_high = row_high * size + text_x - SPAN_MARGIN
                if row_low > low:
                    low = row_low
                if row_high < high:
                    high = row_high
            reach = text_x + widest * size
            if reach > right:
                right = reach
            y = start + (count * ink * size + (count - 1 if count > 1 else 0) * line_gap * size)
        return low, high, y, right

    def shape(self, width: float, columns: int, sizes: Sizes) -> Shape:
        """The block wrapped at `width` in `columns` columns, each as wide as its widest line."""
        key = (width, columns, sizes.by_depth)
        found = self._shape_cache.get(key)
        if found is None:
            found = self._shape_cache[key] = self._shape(width, columns, sizes, self.heading_extent(width, sizes), COLUMN_GAP * sizes.size(2))
        return found

    def _shape(self, width: float, columns: int, sizes: Sizes, header: tuple[int, float, float], gap: float) -> Shape:
        """`shape` with the heading wrapped at `width` (`heading_extent`) and the gap between columns known:
        every shape at one width has the same heading."""
        item_gap = ITEM_GAP * sizes.size(2)
        column_width = (width - (columns - 1) * gap) / columns
        heights, rights = self._item_extents(column_width, sizes)
        _, right, top = header
        spans: list[list[float]] = []
        if columns == 1:  # split_columns' one group of every item, without its call
            if heights:
                column_right = 0.0 + max(rights)
                spans.append([0.0, column_right, top + (sum(heights) + item_gap * (len(heights) - 1))])
        else:
            x0 = 0.0
            for group in split_columns(heights, columns, item_gap):
                if not group:
                    continue
                body = sum([heights[i] for i in group]) + item_gap * (len(group) - 1)
                column_right = x0 + max([rights[i] for i in group])
                spans.append([x0, column_right, top + body])
                x0 = column_right + gap
        width_used = max(right, spans[-1][1] if spans else 0.0)
        if not spans:
            spans.append([0.0, width_used, top])
        for span, following in zip(spans, spans[1:]):
            span[1] = following[0]
        spans[-1][1] = width_used
        return Shape(width, columns, width_used, max(span[2] for span in spans), top, tuple((a, b, c) for a, b, c in spans))

    def shapes(self, width: float, sizes: Sizes, min_column: float) -> list[Shape]:
        """Every shape at `width` from one column up to as many as stay `min_column` wide (at most 4).
        The fit search asks for the same ones in every arrangement it tries at a size, so they are kept."""
        key = (width, sizes.by_depth, min_column)
        found = self._shape_lists.get(key)
        if found is None:
            gap = COLUMN_GAP * sizes.size(2)
            header = self.heading_extent(width, sizes)
            found = [self._shape(width, 1, sizes, header, gap)]
            for columns in range(2, min(len(self.items), 4) + 1):
                if (width - (columns - 1) * gap) / columns < min_column:
                    break
                found.append(self._shape(width, columns, sizes, header, gap))
            self._shape_lists[key] = found
        return found


def _text_height(count: int, size: float) -> float:
    """Ink height of `count` lines at `size`: ink boxes plus the gaps between them."""
    return count * (INK_ASCENT + INK_DESCENT) * size + max(0, count - 1) * LINE_GAP * size
