"""One main branch -> a headed outline block: heading, rule, and its subtree as indented lines in 1..k columns.

Lower levels hang under their parent the way a good hand-drawn revision map packs them: each child is
indented under its parent and joined to it by a rounded elbow that runs in the indent gutter, so no
connector ever crosses text. Heights are computed cheaply (and cached) for the fit search; `place`
builds the positioned boxes once the search has chosen a size and a shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, Connector, Cubic, Fragment, NodeBox, TextLine, line_segment
from ijprint.layout.measure import Measure
from ijprint.layout.tree import TreeNode
from ijprint.layout.wrap import Piece, Word, WrappedLine, label_words, wrap_words

LINE_GAP = 0.08  # ems between the ink boxes of consecutive lines
ITEM_GAP = 0.3  # extra ems between the level-2 items of a block
COLUMN_GAP = 1.4  # ems (of the level-2 size) between the columns of a block
INDENT = 1.15  # ems (of the child's size) a child is indented under its parent
SPINE = 0.38  # where the parent->child spine runs, as a fraction of the indent


@dataclass(frozen=True)
class Sizes:
    """Font size per depth at one scale of the style's level sizes."""

    by_depth: tuple[float, ...]

    def size(self, depth: int) -> float:
        return self.by_depth[min(depth, len(self.by_depth) - 1)]


@dataclass(frozen=True)
class PlacedBlock:
    """A block placed at the origin: nodes, connectors inside it, the heading rule; shift it into place."""

    nodes: tuple[NodeBox, ...]
    connectors: tuple[Connector, ...]
    rule: tuple[tuple[float, float], tuple[float, float]]
    rule_width: float
    width: float
    height: float


def connector_width(depth: int, sizes: Sizes) -> float:
    """Thick near the centre, thinner at every level further out."""
    factors = {1: 0.24, 2: 0.12, 3: 0.085}
    return max(0.45, factors.get(depth, 0.07) * sizes.size(depth))


def elbow(start: tuple[float, float], end: tuple[float, float], radius: float) -> tuple[Cubic, ...]:
    """Down the spine from `start`, then a rounded turn right into `end` (a child's first line)."""
    sx, sy = start
    ex, ey = end
    r = max(0.0, min(radius, ex - sx, ey - sy))
    corner: Cubic = ((sx, ey - r), (sx, ey - r * 0.45), (sx + r * 0.45, ey), (sx + r, ey))
    segments = []
    if ey - r > sy:
        segments.append(line_segment((sx, sy), (sx, ey - r)))
    segments.append(corner)
    if ex > sx + r:
        segments.append(line_segment((sx + r, ey), (ex, ey)))
    return tuple(segments)


class BlockModel:
    """A main branch, measured once per word; heights and placements at any size and width."""

    def __init__(self, branch: int, root: TreeNode, faces: tuple[str, str, str], measure: Measure, number: str = "") -> None:
        self.branch = branch
        self.root = root
        self.faces = faces
        self.measure = measure
        self._words: dict[str, list[Word]] = {}
        self._height_cache: dict[tuple[int, float, float], float] = {}
        self.header_words = self._node_words(root, strong=True)
        if number:
            prefix = Piece(number, faces[1], "number", measure.unit_width(number, faces[1]))
            self.header_words = [(prefix,), *self.header_words]
        self.items = root.children
        self.count = 1 + sum(_count(item) for item in self.items)

    def _node_words(self, node: TreeNode, strong: bool) -> list[Word]:
        words = label_words(node.label, self.faces, self.measure, strong=strong)
        if node.hidden:
            marker = f"+{node.hidden}"
            words.append((Piece(marker, self.faces[0], "marker", self.measure.unit_width(marker, self.faces[0])),))
        return words

    def words(self, node: TreeNode) -> list[Word]:
        found = self._words.get(node.node_id)
        if found is None:
            found = self._node_words(node, strong=node.depth <= 2)
            self._words[node.node_id] = found
        return found

    def header_height(self, width: float, sizes: Sizes) -> float:
        size = sizes.size(1)
        lines = wrap_words(self.header_words, width / size, self.measure)
        return _text_height(len(lines), size) + 0.25 * size + connector_width(1, sizes)

    def item_height(self, index: int, column_width: float, sizes: Sizes) -> float:
        key = (index, round(column_width, 2), sizes.by_depth[min(2, len(sizes.by_depth) - 1)])
        found = self._height_cache.get(key)
        if found is None:
            found = self._walk_item(self.items[index], 0.0, 0.0, column_width, sizes, None)
            self._height_cache[key] = found
        return found

    def shape(self, width: float, columns: int, sizes: Sizes) -> tuple[float, list[list[int]]]:
        """Height of the block in `columns` columns across `width`, and which items go in which column."""
        gap = COLUMN_GAP * sizes.size(2)
        column_width = (width - (columns - 1) * gap) / columns
        heights = [self.item_height(i, column_width, sizes) for i in range(len(self.items))]
        item_gap = ITEM_GAP * sizes.size(2)
        groups = _split_columns(heights, columns, item_gap)
        body = max((sum(heights[i] for i in group) + item_gap * max(0, len(group) - 1) for group in groups), default=0.0)
        return self.header_height(width, sizes) + body, groups

    def best_shape(self, width: float, sizes: Sizes, min_column: float) -> tuple[float, int]:
        """The number of columns (1..) that makes the block shortest at `width`."""
        best = (self.shape(width, 1, sizes)[0], 1)
        gap = COLUMN_GAP * sizes.size(2)
        for columns in range(2, min(len(self.items), 4) + 1):
            if (width - (columns - 1) * gap) / columns < min_column:
                break
            height = self.shape(width, columns, sizes)[0]
            if height < best[0] - 0.5:
                best = (height, columns)
        return best

    def place(self, width: float, columns: int, sizes: Sizes) -> PlacedBlock:
        """Positioned nodes and connectors with the block's top-left corner at (0, 0)."""
        size1 = sizes.size(1)
        gap = COLUMN_GAP * sizes.size(2)
        column_width = (width - (columns - 1) * gap) / columns
        header_lines = wrap_words(self.header_words, width / size1, self.measure)
        nodes: list[NodeBox] = []
        connectors: list[Connector] = []
        lines, bottom = lay_lines(header_lines, 0.0, 0.0, size1)
        nodes.append(NodeBox(self.root.node_id, self.root.label_text, 1, self.branch, lines, self.root.hidden))
        rule_width = connector_width(1, sizes)
        rule_y = bottom + 0.25 * size1
        top = rule_y + rule_width / 2
        _, groups = self.shape(width, columns, sizes)
        item_gap = ITEM_GAP * sizes.size(2)
        right = max(line.x + line.width for line in lines)
        body_bottom = top
        for column, group in enumerate(groups):
            x0 = column * (column_width + gap)
            y = top
            spine = (x0 + SPINE * INDENT * sizes.size(2), rule_y)
            emitted: list[NodeBox] = []
            for position, index in enumerate(group):
                if position:
                    y += item_gap
                y += self._walk_item(self.items[index], x0, y, column_width, sizes, (emitted, connectors, spine, self.root.node_id))
            nodes.extend(emitted)
            body_bottom = max(body_bottom, y)
            if emitted:
                right = max(right, *(line.x + line.width for node in emitted for line in node.lines))
        height = body_bottom
        rule = ((0.0, rule_y), (right, rule_y))
        return PlacedBlock(tuple(nodes), tuple(connectors), rule, rule_width, right, height)

    def _walk_item(self, item: TreeNode, x0: float, y0: float, column_width: float, sizes: Sizes, emit: tuple | None) -> float:
        """Lay out one level-2 subtree in pre-order from (x0, y0); returns its height, emitting boxes if asked."""
        y = y0
        first = True
        root_indent = INDENT * sizes.size(item.depth)
        stack: list[tuple[TreeNode, float, tuple[float, float] | None, str]] = [(item, x0 + root_indent, None, "")]
        while stack:
            node, text_x, anchor, parent_id = stack.pop()
            size = sizes.size(node.depth)
            available = max(column_width - (text_x - x0), size)
            wrapped = wrap_words(self.words(node), available / size, self.measure)
            start = y if first else y + LINE_GAP * size
            first = False
            if emit is None:
                y = start + _text_height(len(wrapped), size)
            else:
                nodes, connectors, spine, root_id = emit
                lines, y = lay_lines(wrapped, text_x, start, size)
                nodes.append(NodeBox(node.node_id, node.label_text, node.depth, self.branch, lines, node.hidden))
                source = anchor if anchor is not None else spine
                target = (text_x - 0.3 * size, lines[0].baseline - 0.3 * size)
                segments = elbow(source, target, 0.6 * size)
                connectors.append(Connector(parent_id or root_id, node.node_id, self.branch, node.depth, segments, connector_width(node.depth, sizes)))
            if node.children:
                child_indent = INDENT * sizes.size(node.depth + 1)
                spine_here = (text_x + SPINE * child_indent, y + 0.5)
                for child in reversed(node.children):
                    stack.append((child, text_x + child_indent, spine_here, node.node_id))
        return y - y0


def _count(node: TreeNode) -> int:
    total, stack = 0, [node]
    while stack:
        current = stack.pop()
        total += 1
        stack.extend(current.children)
    return total


def _text_height(count: int, size: float) -> float:
    """Ink height of `count` lines at `size`: ink boxes plus the gaps between them."""
    return count * (INK_ASCENT + INK_DESCENT) * size + max(0, count - 1) * LINE_GAP * size


def lay_lines(wrapped: list[WrappedLine], x: float, top: float, size: float) -> tuple[tuple[TextLine, ...], float]:
    lines = []
    baseline = top + INK_ASCENT * size
    for line in wrapped:
        fragments = []
        cursor = x
        for piece in line.pieces:
            fragments.append(Fragment(piece.text, piece.face, cursor, piece.width * size, piece.role))
            cursor += piece.width * size
        lines.append(TextLine(tuple(fragments), size, baseline))
        baseline += (INK_ASCENT + INK_DESCENT + LINE_GAP) * size
    bottom = lines[-1].baseline + INK_DESCENT * size if lines else top
    return tuple(lines), bottom


def _split_columns(heights: list[float], columns: int, gap: float) -> list[list[int]]:
    """Items in order into `columns` contiguous groups, making the tallest group as short as possible."""
    if not heights:
        return [[]]
    if columns <= 1:
        return [list(range(len(heights)))]
    low, high = max(heights), sum(heights) + gap * len(heights)
    for _ in range(30):
        cap = (low + high) / 2
        if _greedy_groups(heights, cap, gap, columns) is None:
            low = cap
        else:
            high = cap
    groups = _greedy_groups(heights, high, gap, columns) or [list(range(len(heights)))]
    return [group for group in groups if group] or [[]]


def _greedy_groups(heights: list[float], cap: float, gap: float, columns: int) -> list[list[int]] | None:
    groups: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        extra = height + (gap if groups[-1] else 0.0)
        if groups[-1] and used + extra > cap:
            if len(groups) == columns:
                return None
            groups.append([])
            used = 0.0
            extra = height
        if extra > cap:
            return None
        groups[-1].append(index)
        used += extra
    return groups
