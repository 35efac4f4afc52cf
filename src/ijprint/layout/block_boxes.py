"""A branch's BlockModel + the shape and sizes the fit search chose -> its boxes at the origin: heading, rule, each subtree's lines and elbows.

The boxes come out as their fields (plain tuples), as layout/centring.py builds them once, in their
final place; `PlacedBlock.nodes` and `.connectors` give them as boxes at the origin.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, Connector, Cubic, Fragment, NodeBox, TextLine, line_segment
from ijprint.layout.branch_block import COLUMN_GAP, INDENT, ITEM_GAP, LINE_GAP, SPINE, BlockModel, Shape, Sizes, connector_width
from ijprint.layout.columns import split_columns
from ijprint.layout.tree import TreeNode
from ijprint.layout.wrap import WrappedLine, wrap_words

# A line as `place` leaves it: its runs as Fragment's fields (text, face, x, width, role, scale), its
# size and its baseline. A node: NodeBox's fields with such lines. A connector: Connector's fields
# (parent, child, branch, depth, segments, width).
LineFields = tuple[tuple[tuple[str, str, float, float, str, float], ...], float, float]
NodeFields = tuple[str, str, int, int, tuple[LineFields, ...], int]
ConnectorFields = tuple[str, str, int, int, tuple[Cubic, ...], float]


@dataclass(frozen=True)
class PlacedBlock:
    """A block placed at the origin: its nodes, the connectors inside it, the heading rule; shift it into place."""

    node_fields: tuple[NodeFields, ...]
    connector_fields: tuple[ConnectorFields, ...]
    rule: tuple[tuple[float, float], tuple[float, float]]
    rule_width: float
    width: float
    height: float

    @property
    def nodes(self) -> tuple[NodeBox, ...]:
        """The nodes as boxes, at the origin."""
        return tuple(NodeBox(node_id, label, depth, branch, tuple(TextLine(tuple(Fragment(*fragment) for fragment in fragments), size, baseline)
                                                                  for fragments, size, baseline in lines), hidden)
                     for node_id, label, depth, branch, lines, hidden in self.node_fields)

    @property
    def connectors(self) -> tuple[Connector, ...]:
        """The connectors inside the block, at the origin."""
        return tuple(Connector(*fields) for fields in self.connector_fields)


def place(model: BlockModel, shape: Shape, sizes: Sizes) -> PlacedBlock:
    """Positioned nodes and connectors of the block in `shape` with its top-left corner at (0, 0)."""
    size1 = sizes.size(1)
    gap = COLUMN_GAP * sizes.size(2)
    item_gap = ITEM_GAP * sizes.size(2)
    column_width = (shape.wrap - (shape.columns - 1) * gap) / shape.columns
    _, _, top = model.heading_extent(shape.wrap, sizes)
    nodes: list[NodeFields] = []
    connectors: list[ConnectorFields] = []
    lines, bottom = lay_fields(wrap_words(model.words(None, sizes), shape.wrap / size1, model.measure), 0.0, 0.0, size1)
    nodes.append((model.root.node_id, model.root.label_text, 1, model.branch, lines, model.root.hidden))
    rule_width = connector_width(1, sizes)
    rule_y = bottom + 0.25 * size1
    heights = [height for height, _ in model.item_extents(column_width, sizes)]
    for (x0, _, _), group in zip(shape.profile, [g for g in split_columns(heights, shape.columns, item_gap) if g]):
        # Columns sit where the shape measured them: each as wide as its widest line, so a
        # block never spreads its children across empty space.
        y = top
        spine = (x0 + SPINE * INDENT * sizes.size(2), rule_y)
        for position, index in enumerate(group):
            if position:
                y += item_gap
            y += _walk_item(model, model.items[index], x0, y, column_width, sizes, (nodes, connectors, spine, model.root.node_id))
    rule = ((0.0, rule_y), (shape.width, rule_y))
    return PlacedBlock(tuple(nodes), tuple(connectors), rule, rule_width, shape.width, shape.height)


def _walk_item(model: BlockModel, item: TreeNode, x0: float, y0: float, column_width: float, sizes: Sizes, emit: tuple) -> float:
    """Lay out one level-2 subtree in pre-order from (x0, y0), emitting its boxes; returns its height."""
    nodes, connectors, spine, root_id = emit
    y = y0
    first = True
    root_indent = INDENT * sizes.size(item.depth)
    stack: list[tuple[TreeNode, float, tuple[float, float] | None, str]] = [(item, x0 + root_indent, None, "")]
    while stack:
        node, text_x, anchor, parent_id = stack.pop()
        size = sizes.size(node.depth)
        available = max(column_width - (text_x - x0), size)
        start = y if first else y + LINE_GAP * size
        first = False
        wrapped = wrap_words(model.words(node, sizes), available / size, model.measure)
        lines, y = lay_fields(wrapped, text_x, start, size)
        nodes.append((node.node_id, node.label_text, node.depth, model.branch, lines, node.hidden))
        source = anchor if anchor is not None else spine
        target = (text_x - 0.3 * size, lines[0][2] - 0.3 * size)
        segments = elbow(source, target, 0.6 * size)
        connectors.append((parent_id or root_id, node.node_id, model.branch, node.depth, segments, connector_width(node.depth, sizes)))
        if node.children:
            child_indent = INDENT * sizes.size(node.depth + 1)
            spine_here = (text_x + SPINE * child_indent, y + 0.5)
            for child in reversed(node.children):
                stack.append((child, text_x + child_indent, spine_here, node.node_id))
    return y - y0


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


def lay_fields(wrapped: list[WrappedLine], x: float, top: float, size: float) -> tuple[tuple[LineFields, ...], float]:
    """Wrapped lines set from `top` at `x` (as `lay_lines`), each as its TextLine's fields; and their bottom."""
    lines = []
    baseline = top + INK_ASCENT * size
    for line in wrapped:
        fragments = []
        cursor = x
        for piece in line.pieces:
            fragments.append((piece.text, piece.face, cursor, piece.width * size, piece.role, piece.scale))
            cursor += piece.width * size
        lines.append((tuple(fragments), size, baseline))
        baseline += (INK_ASCENT + INK_DESCENT + LINE_GAP) * size
    bottom = lines[-1][2] + INK_DESCENT * size if lines else top
    return tuple(lines), bottom


def lay_lines(wrapped: list[WrappedLine], x: float, top: float, size: float) -> tuple[tuple[TextLine, ...], float]:
    """Wrapped lines set from `top` at `x`, at `size`; and their bottom."""
    lines, bottom = lay_fields(wrapped, x, top, size)
    return tuple(TextLine(tuple(Fragment(*fragment) for fragment in fragments), line_size, baseline) for fragments, line_size, baseline in lines), bottom
