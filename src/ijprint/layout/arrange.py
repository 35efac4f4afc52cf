"""Arrangements of branch blocks around the central topic: region geometry, stacking, centre connectors.

`two-sided`: blocks stacked in a column left and right of the centre. `stepped`: the same two sides,
but a block that sits wholly above or below the centre's row widens into the middle of the page, so
the space above and below the centre is used too. Connectors from the centre run where no text is
ever placed: along the centre row and up the side corridors (S-curves), or up and down the central
trunk for widened blocks; each meets the inner end of its block's heading rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import BranchBlock, Connector, Cubic, NodeBox, Rect, line_segment
from ijprint.layout.outline import BlockModel, Sizes, connector_width

KINDS = ("two-sided", "stepped")


@dataclass(frozen=True)
class Region:
    """A side of the page. `rect` is its full width; within `zone` (the centre's row) only `narrow` is free."""

    name: str
    rect: Rect
    attach: str  # the end of the heading rule the connector meets: "left" or "right"
    narrow: Rect | None = None


@dataclass(frozen=True)
class Geometry:
    kind: str
    centre: Rect
    band: tuple[float, float]
    regions: tuple[Region, ...]
    block_gap: float


@dataclass(frozen=True)
class Slot:
    """Where one block goes: top y, whether it uses the wide span, and its height there."""

    y: float
    wide: bool
    height: float


@dataclass(frozen=True)
class Assignment:
    """Which branches each region holds, in stacking order, and how full the fullest region is."""

    regions: tuple[tuple[int, ...], ...]
    worst_fill: float


def corridor(sizes: Sizes) -> float:
    return max(16.0, 2.4 * sizes.size(1))


def geometry(kind: str, area: Rect, pill: tuple[float, float], sizes: Sizes) -> Geometry | None:
    """Regions of one arrangement in `area` around a pill of size `pill`; None if it cannot exist."""
    pill_w, pill_h = pill
    lane = corridor(sizes)
    gap = 1.0 * sizes.size(1)
    cx, cy = area.x + area.width / 2, area.y + area.height / 2
    band_w = pill_w + 0.6 * lane
    side_w = (area.width - band_w - 2 * lane) / 2
    if side_w < 6 * sizes.size(2) or pill_h > area.height:
        return None
    mx0, mx1 = cx - band_w / 2, cx + band_w / 2
    centre = Rect(cx - pill_w / 2, cy - pill_h / 2, pill_w, pill_h)
    right_narrow = Rect(mx1 + lane, area.y, side_w, area.height)
    left_narrow = Rect(area.x, area.y, side_w, area.height)
    if kind == "two-sided":
        return Geometry(kind, centre, (mx0, mx1), (Region("right", right_narrow, "left"), Region("left", left_narrow, "right")), gap)
    wide_w = (area.width - lane) / 2
    zone = (centre.y - gap, centre.height + 2 * gap)
    right = Region("right", Rect(cx + lane / 2, area.y, wide_w, area.height), "left", Rect(right_narrow.x, zone[0], side_w, zone[1]))
    left = Region("left", Rect(area.x, area.y, wide_w, area.height), "right", Rect(area.x, zone[0], side_w, zone[1]))
    return Geometry(kind, centre, (mx0, mx1), (right, left), gap)


def stack(region: Region, heights: list[tuple[float, float]], gap: float, extra: float = 0.0) -> tuple[list[Slot], float]:
    """Stack blocks top-down; `heights` are (wide, narrow). A block that would reach into the centre's
    row either narrows or moves below the row, whichever ends higher. Returns slots and the bottom."""
    y = region.rect.y
    slots = []
    zone = region.narrow
    for position, (wide, narrow) in enumerate(heights):
        if position:
            y += gap + extra
        if zone is None or y + wide <= zone.y or y >= zone.bottom:
            slots.append(Slot(y, zone is not None, wide))
            y += wide
        elif y + narrow <= zone.bottom + wide:
            slots.append(Slot(y, False, narrow))
            y += narrow
        else:
            slots.append(Slot(zone.bottom, True, wide))
            y = zone.bottom + wide
    return slots, y


def fill(region: Region, heights: list[tuple[float, float]], gap: float) -> float:
    if not heights:
        return 0.0
    _, bottom = stack(region, heights, gap)
    return (bottom - region.rect.y) / region.rect.height


def place(geo: Geometry, assignment: Assignment, blocks: list[BlockModel], sizes: Sizes, min_column: float) -> tuple[list[NodeBox], list[Connector], list[BranchBlock]]:
    """Positioned boxes of every block, and the centre -> heading connectors."""
    nodes: list[NodeBox] = []
    connectors: list[Connector] = []
    placed_blocks: list[BranchBlock] = []
    cy = geo.centre.y + geo.centre.height / 2
    for region, members in zip(geo.regions, assignment.regions):
        if not members:
            continue
        narrow_w = (region.narrow or region.rect).width
        shapes = {i: (blocks[i].best_shape(region.rect.width, sizes, min_column), blocks[i].best_shape(narrow_w, sizes, min_column)) for i in members}
        heights = [(shapes[i][0][0], shapes[i][1][0]) for i in members]
        slots, bottom = stack(region, heights, geo.block_gap)
        free = region.rect.bottom - bottom
        # Spread leftover height between blocks (calmer), as long as the stack still fits.
        for share in (free / (len(members) + 1), free / (2 * len(members) + 2), 0.0):
            extra = min(share, 2.5 * sizes.size(1))
            trial, end = stack(region, heights, geo.block_gap, extra)
            if end <= region.rect.bottom + 0.01:
                slots, bottom = trial, end
                break
        shift = (region.rect.bottom - bottom) / 2 if len(members) == 1 or region.narrow is None else 0.0
        if region.narrow is not None and len(members) == 1 and not slots[0].wide:
            shift = 0.0
        for index, slot in zip(members, slots):
            wide = slot.wide or region.narrow is None
            span = region.rect if wide else region.narrow
            assert span is not None
            (_, columns) = shapes[index][0] if wide else shapes[index][1]
            block = blocks[index].place(span.width, columns, sizes)
            y = slot.y + (shift if region.narrow is None else 0.0)
            dx = span.x if region.attach == "left" else span.right - block.width
            nodes.extend(node.shifted(dx, y) for node in block.nodes)
            connectors.extend(connector.shifted(dx, y) for connector in block.connectors)
            (x0, ry), (x1, _) = block.rule
            rule = ((x0 + dx, ry + y), (x1 + dx, ry + y))
            model = blocks[index]
            placed_blocks.append(BranchBlock(model.branch, model.root.node_id, model.root.label_text, Rect(dx, y, block.width, block.height), rule, block.rule_width, region.name))
            end = rule[0] if region.attach == "left" else rule[1]
            via_trunk = region.narrow is not None and slot.wide
            segments = _trunk_link(geo, end, cy) if via_trunk else _side_link(geo, region, end, cy)
            connectors.append(Connector("", model.root.node_id, model.branch, 1, segments, connector_width(1, sizes) * 1.35))
    return nodes, connectors, placed_blocks


def _side_link(geo: Geometry, region: Region, end: tuple[float, float], cy: float) -> tuple[Cubic, ...]:
    """From the pill's end along the centre row to the band's edge, then an S-curve in the side corridor."""
    mx0, mx1 = geo.band
    ex, ey = end
    start_x, edge = (geo.centre.right, mx1) if region.name == "right" else (geo.centre.x, mx0)
    segments: list[Cubic] = []
    if abs(edge - start_x) > 0.5:
        segments.append(line_segment((start_x, cy), (edge, cy)))
    mid = (edge + ex) / 2
    segments.append(((edge, cy), (mid, cy), (mid, ey), (ex, ey)))
    return tuple(segments)


def _trunk_link(geo: Geometry, end: tuple[float, float], cy: float) -> tuple[Cubic, ...]:
    """Up or down the central trunk from the pill, then a rounded turn into the rule's end."""
    mx0, mx1 = geo.band
    trunk = (mx0 + mx1) / 2
    ex, ey = end
    half = geo.centre.height / 2
    start_y = cy - half if ey < cy else cy + half
    toward = 1 if ey > start_y else -1
    bend = min(abs(ey - start_y) * 0.6, 3 * abs(ex - trunk) + 8)
    turn = ey - toward * bend
    return (
        line_segment((trunk, start_y), (trunk, turn)),
        ((trunk, turn), (trunk, ey - toward * bend * 0.25), (trunk + (ex - trunk) * 0.25, ey), (ex, ey)),
    )
