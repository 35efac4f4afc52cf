"""Blocks placed at offsets (arrange.Placed) + the map area -> the drawing's boxes centred in the area.

A map that does not fill its area (one side narrower, or blocks stacked from the top) is moved so
that its ink sits in the middle. Each block is laid out at the origin (as its boxes' fields, plain
tuples: layout/branch_block.py), so it moves twice: to the block's place, then by the centring shift.
Its boxes are built once, in their final place, with the same sums as moving them twice
((x + dx) + shift), and the ink's bounds are worked out from the numbers the first move would give,
with the same sums as the boxes' own `box` and `union`, so the result is what building the boxes at
the origin and moving them twice gives, to the last bit.
"""

from __future__ import annotations

from ijprint.layout.arrange import Placed
from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, BranchBlock, Connector, Fragment, NodeBox, Rect, TextLine
from ijprint.layout.block_boxes import LineFields

INF = float("inf")


def _node_bounds(lines: tuple[LineFields, ...], dx: float, dy: float) -> tuple[float, float, float, float]:
    """(x, y, right, bottom) of the box of a node with these `lines` moved by (dx, dy) (`node.shifted(dx, dy).box`),
    as union() and Rect give them."""
    if not lines:
        return 0.0, 0.0, 0.0, 0.0
    x0 = y0 = INF
    x1 = y1 = -INF
    for fragments, size, baseline in lines:
        if fragments:
            start = fragments[0][2] + dx
            last = fragments[-1]
            width = last[2] + dx + last[3] - start
        else:
            start = width = 0.0
        top = baseline + dy - INK_ASCENT * size
        right = start + width
        bottom = top + (INK_ASCENT + INK_DESCENT) * size
        if start < x0:
            x0 = start
        if top < y0:
            y0 = top
        if right > x1:
            x1 = right
        if bottom > y1:
            y1 = bottom
    return x0, y0, x0 + (x1 - x0), y0 + (y1 - y0)


def ink(centre: Rect, placed: list[Placed]) -> Rect:
    """The bounds of the central topic, every node and every connector's control points, each block moved to its place."""
    boxes = [(centre.x, centre.y, centre.right, centre.bottom)]
    xs: list[float] = []
    ys: list[float] = []
    for item in placed:
        dx, dy = item.dx, item.dy
        boxes.extend(_node_bounds(node[4], dx, dy) for node in item.block.node_fields)
        for connector in item.block.connector_fields:
            for segment in connector[4]:
                for x, y in segment:
                    xs.append(x + dx)
                    ys.append(y + dy)
        for segment in item.link.segments:
            for x, y in segment:
                xs.append(x)
                ys.append(y)
    x0 = min(min(box[0] for box in boxes), min(xs, default=INF))
    y0 = min(min(box[1] for box in boxes), min(ys, default=INF))
    x1 = max(max(box[2] for box in boxes), max(xs, default=-INF))
    y1 = max(max(box[3] for box in boxes), max(ys, default=-INF))
    return Rect(x0, y0, x1 - x0, y1 - y0)


def centring_shift(area: Rect, ink_box: Rect) -> tuple[float, float]:
    """How far to move the whole drawing so that its ink sits in the middle of the map area."""

    def towards_middle(low: float, high: float, start: float, end: float) -> float:
        # Never push ink out of the area (nor further out, if some already pokes out of it).
        wanted = (low + high) / 2 - (start + end) / 2
        least, most = min(0.0, low - start), max(0.0, high - end)
        return min(max(wanted, least), most)

    return towards_middle(area.x, area.right, ink_box.x, ink_box.right), towards_middle(area.y, area.bottom, ink_box.y, ink_box.bottom)


def moved(placed: list[Placed], shift_x: float, shift_y: float) -> tuple[list[NodeBox], list[Connector], list[BranchBlock]]:
    """Every block's nodes and connectors (each block's own, then its link from the centre) and its
    outline, moved to the block's place and then by the shift."""
    nodes: list[NodeBox] = []
    connectors: list[Connector] = []
    outlines: list[BranchBlock] = []
    for item in placed:
        dx, dy = item.dx, item.dy
        for node_id, label, depth, branch, node_lines, hidden in item.block.node_fields:
            lines = tuple(
                TextLine(tuple(Fragment(text, face, x + dx + shift_x, width, role, scale) for text, face, x, width, role, scale in fragments), size, baseline + dy + shift_y)
                for fragments, size, baseline in node_lines
            )
            nodes.append(NodeBox(node_id, label, depth, branch, lines, hidden))
        for parent_id, child_id, branch, depth, node_segments, width in item.block.connector_fields:
            segments = tuple(tuple((x + dx + shift_x, y + dy + shift_y) for x, y in segment) for segment in node_segments)
            connectors.append(Connector(parent_id, child_id, branch, depth, segments, width))  # type: ignore[arg-type]
        connectors.append(item.link.shifted(shift_x, shift_y))
        outlines.append(item.outline.shifted(shift_x, shift_y))
    return nodes, connectors, outlines
