"""Arrangements of branch blocks around the central topic: region geometry, packing, centre connectors.

`two-sided`: blocks stacked in a column left and right of the centre. `stepped`: the same two sides,
but a block that sits wholly above or below the centre's row widens into the middle of the page, so
the space above and below the centre is used too. Within a side, blocks are packed top-down in
order, each in the shape (number of columns) that ends highest, and a block may tuck under the
short columns of the one above it. Connectors from the centre run where no text is ever placed:
along the centre row and up the side corridors (S-curves), or up and down the central trunk (one
lane per side) for widened blocks; each tapers into the inner end of its block's heading rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ijprint.layout import block_boxes
from ijprint.layout.block_boxes import PlacedBlock
from ijprint.layout.boxes import BranchBlock, Connector, Cubic, Rect, line_segment
from ijprint.layout.branch_block import BlockModel, Shape, Sizes

KINDS = ("two-sided", "stepped")
TRUNK_SPLIT = 0.2  # each side's trunk runs this many corridor widths off the middle
RUN_IN = 0.25  # corridor widths a side connector runs straight into its rule
TAPER = 2.0  # a main connector leaves the central topic this many times as thick as it arrives
SETTLE_ROUNDS = 24  # at most this many blocks are given one more column while a region overflows


@dataclass(frozen=True)
class Region:
    """A side of the page. `rect` is its full width; within `zone` (the centre's row) only `narrow` is free."""

    name: str
    rect: Rect
    attach: str  # the end of the heading rule the connector meets: "left" or "right"
    narrow: Rect | None = None

    @cached_property
    def packing(self) -> tuple[float, float, float, float, bool, bool]:
        """What `place_block` reads of the region on every call: the top, how far the narrow span starts
        from the inner edge, where the centre's row starts and ends (all 0 without one), whether there
        is one, and whether the block's inner edge is its right one. Worked out once: the fit search packs thousands of blocks."""
        zone, rect = self.narrow, self.rect
        if zone is None:
            return rect.y, 0.0, 0.0, 0.0, False, self.attach == "right"
        inset = zone.x - rect.x if self.attach == "left" else rect.right - zone.right
        return rect.y, inset, zone.y, zone.bottom, True, self.attach == "right"


@dataclass(frozen=True)
class Geometry:
    kind: str
    centre: Rect
    band: tuple[float, float]
    regions: tuple[Region, ...]
    block_gap: float
    lane: float  # the corridor width: the gap between the centre's band and the side regions


@dataclass(frozen=True)
class Slot:
    """Where one block goes: top y, whether it uses the wide span, and the shape it takes there."""

    y: float
    wide: bool
    shape: Shape


@dataclass(frozen=True)
class Assignment:
    """Which branches each region holds, in stacking order, and how full the fullest region is."""

    regions: tuple[tuple[int, ...], ...]
    worst_fill: float


# A block's candidate shapes in a region: at the full width, and at the narrow width beside the centre.
Options = tuple[list[Shape], list[Shape]]


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
        return Geometry(kind, centre, (mx0, mx1), (Region("right", right_narrow, "left"), Region("left", left_narrow, "right")), gap, lane)
    wide_w = (area.width - lane) / 2
    zone = (centre.y - gap, centre.height + 2 * gap)
    right = Region("right", Rect(cx + lane / 2, area.y, wide_w, area.height), "left", Rect(right_narrow.x, zone[0], side_w, zone[1]))
    left = Region("left", Rect(area.x, area.y, wide_w, area.height), "right", Rect(area.x, zone[0], side_w, zone[1]))
    return Geometry(kind, centre, (mx0, mx1), (right, left), gap, lane)


def options(region: Region, block: BlockModel, sizes: Sizes, min_column: float) -> Options:
    narrow = block.shapes(region.narrow.width, sizes, min_column) if region.narrow is not None else []
    return block.shapes(region.rect.width, sizes, min_column), narrow


@dataclass(frozen=True)
class Packing:
    """A region's blocks placed so far: their slots, the bottom of the lowest text, and what is taken
    as (from, to, bottom, is a connector's path), with distances running outward from the inner edge."""

    slots: tuple[Slot, ...]
    bottom: float
    taken: tuple[tuple[float, float, float, bool], ...]


def empty_packing(region: Region) -> Packing:
    return Packing((), region.rect.y, ())


def pack_next(region: Region, packing: Packing, choice: Options, gap: float, cap: int = 0) -> Packing:
    """Place one more block below the ones in `packing`, in the shape and span where it ends highest.

    A block may tuck under the short columns of the blocks above it. In the centre's row only the
    narrow span is free; a narrow block's connector climbs the corridor between the centre and that
    span, so wide blocks stay clear of it. `cap` (when set) limits the block's number of columns.
    """
    end, y, wide, shape, taken = place_block(region, packing.taken, choice, gap, cap)
    bottom = packing.bottom
    return Packing((*packing.slots, Slot(y, wide, shape)), bottom if bottom >= end else end, taken)


def place_block(region: Region, taken: tuple[tuple[float, float, float, bool], ...], choice: Options, gap: float,
                cap: int = 0) -> tuple[float, float, bool, Shape, tuple[tuple[float, float, float, bool], ...]]:
    """pack_next on a packing's `taken` alone: where the block ends, its slot's (y, wide, shape), and
    what is taken after it. The fit search packs blocks many thousand times, so this is written for speed."""
    top, inset, zone_y, zone_bottom, zoned, inner_right = region.packing
    wide_shapes, narrow_shapes = choice
    if cap:
        wide_shapes, narrow_shapes = wide_shapes[:cap], narrow_shapes[:cap]
    # The best shape so far: where it ends, its top, whether it uses the wide span.
    best_end, best_y, best_wide, best_shape = 0.0, 0.0, True, None
    for shape in wide_shapes:
        # Below everything that starts inside the block's reach.
        y = top
        reach = shape.width - 0.01
        for start, _, bottom, _ in taken:
            if start < reach and bottom + gap > y:
                y = bottom + gap
        height = shape.height
        if zoned and y < zone_bottom and y + height > zone_y:
            y = zone_bottom
        end = y + height
        if best_shape is None or end < best_end - 0.5:
            best_end, best_y, best_shape = end, y, shape
    for shape in narrow_shapes:
        # A narrow block starts after the corridor, where only connectors run: it need not keep below them.
        y = top
        reach = inset + shape.width - 0.01
        for start, _, bottom, link in taken:
            if start < reach and bottom + gap > y and not link:
                y = bottom + gap
        end = y + shape.height
        # Narrow only where the block meets the centre's row; elsewhere the full width is free.
        if y < zone_bottom and end > zone_y and (best_shape is None or end < best_end - 0.5):
            best_end, best_y, best_wide, best_shape = end, y, False, shape
    assert best_shape is not None
    shape = best_shape
    width = shape.width
    shift = 0.0 if best_wide else inset
    # Every search starts at the inner edge and the new block lies below whatever it spans, so
    # what it spans no longer matters: only what lies beyond it, or in the corridor, is kept.
    before, beyond = shift - 0.01, shift + width + 0.01
    kept = [entry for entry in taken if entry[0] < before or entry[1] > beyond]
    if inner_right:  # the block's last column is its inner one
        for a, b, depth in shape.profile:
            kept.append((shift + (width - b), shift + (width - a), best_y + depth, False))
    else:
        for a, b, depth in shape.profile:
            kept.append((shift + a, shift + b, best_y + depth, False))
    if not best_wide and zoned:
        kept.append((0.0, inset, max(zone_bottom, best_y + shape.head), True))
    return best_end, best_y, best_wide, shape, tuple(kept)


def stack(region: Region, choices: list[Options], gap: float, caps: list[int] | None = None) -> tuple[list[Slot], float]:
    """Blocks top-down in order (see pack_next); returns the slots and the bottom of the lowest text."""
    packing = empty_packing(region)
    for index, choice in enumerate(choices):
        packing = pack_next(region, packing, choice, gap, caps[index] if caps is not None else 0)
    return list(packing.slots), packing.bottom


def fill(region: Region, bottom: float) -> float:
    """How much of the region's height a stack ending at `bottom` uses (1.0 = exactly full)."""
    return (bottom - region.rect.y) / region.rect.height


def settle(region: Region, choices: list[Options], gap: float) -> tuple[list[Slot], float, list[int] | None]:
    """The stack with as few columns as fit the region: a block spreads into more columns only while
    the region would overflow otherwise (one extra column at a time, where it helps most)."""
    limit = region.rect.bottom + 0.01
    most = [max(len(wide), len(narrow)) for wide, narrow in choices]
    caps = [1] * len(choices)
    slots, bottom = stack(region, choices, gap, caps)
    for _ in range(SETTLE_ROUNDS):
        if bottom <= limit:
            break
        trials = []
        for index in range(len(choices)):
            if caps[index] < most[index]:
                trial = caps[:index] + [caps[index] + 1] + caps[index + 1 :]
                trials.append((stack(region, choices, gap, trial), trial))
        if not trials:
            break
        (trial_slots, trial_bottom), trial = min(trials, key=lambda item: item[0][1])
        if trial_bottom >= bottom - 0.01:
            break
        slots, bottom, caps = trial_slots, trial_bottom, trial
    if bottom > limit:
        # Fewer columns cannot be had: every block takes the shape where it ends highest, as the
        # fit search measured it.
        return (*stack(region, choices, gap), None)
    return slots, bottom, caps


@dataclass(frozen=True)
class Placed:
    """One block as `place` leaves it: its boxes at the origin and where the origin goes (layout/centring.py
    moves them there), its connector from the centre and its outline, already in place."""

    block: PlacedBlock
    dx: float
    dy: float
    link: Connector
    outline: BranchBlock


def place(geo: Geometry, assignment: Assignment, blocks: list[BlockModel], sizes: Sizes, min_column: float) -> list[Placed]:
    """Every block placed, region by region in stacking order, with its centre -> heading connector."""
    placed: list[Placed] = []
    cy = geo.centre.y + geo.centre.height / 2
    for region, members in zip(geo.regions, assignment.regions):
        if not members:
            continue
        choices = [options(region, blocks[i], sizes, min_column) for i in members]
        slots, bottom, caps = settle(region, choices, geo.block_gap)
        free = region.rect.bottom - bottom
        # Spread leftover height between blocks (calmer), as long as the stack still fits.
        for share in (free / (len(members) + 1), free / (2 * len(members) + 2)):
            extra = min(share, 2.5 * sizes.size(1))
            trial, end = stack(region, choices, geo.block_gap + extra, caps)
            if extra > 0 and end <= region.rect.bottom + 0.01:
                slots, bottom = trial, end
                break
        shift = (region.rect.bottom - bottom) / 2 if region.narrow is None else 0.0
        for index, slot in zip(members, slots):
            span = region.rect if slot.wide else region.narrow
            assert span is not None
            model = blocks[index]
            block = block_boxes.place(model, slot.shape, sizes)
            y = slot.y + shift
            dx = span.x if region.attach == "left" else span.right - block.width
            (x0, ry), (x1, _) = block.rule
            rule = ((x0 + dx, ry + y), (x1 + dx, ry + y))
            outline = BranchBlock(model.branch, model.root.node_id, model.root.label_text, Rect(dx, y, block.width, block.height), rule, block.rule_width, region.name)
            end = rule[0] if region.attach == "left" else rule[1]
            via_trunk = region.narrow is not None and slot.wide
            segments = _trunk_link(geo, end, cy) if via_trunk else _side_link(geo, region, end, cy)
            # Thick where it leaves the central topic, as thick as the heading rule where it meets it.
            link = Connector("", model.root.node_id, model.branch, 1, segments, block.rule_width * TAPER, block.rule_width)
            placed.append(Placed(block, dx, y, link, outline))
    return placed


def _side_link(geo: Geometry, region: Region, end: tuple[float, float], cy: float) -> tuple[Cubic, ...]:
    """From the pill's end along the centre row to the band's edge, then an S-curve in the side
    corridor, which straightens out before the rule: a block is only as wide as its text, so the
    rule's end can sit right above a line's end, and a curve arriving there would graze it."""
    mx0, mx1 = geo.band
    ex, ey = end
    start_x, edge = (geo.centre.right, mx1) if region.name == "right" else (geo.centre.x, mx0)
    segments: list[Cubic] = []
    if abs(edge - start_x) > 0.5:
        segments.append(line_segment((start_x, cy), (edge, cy)))
    straight = ex - RUN_IN * geo.lane * (1 if ex > edge else -1)
    mid = (edge + straight) / 2
    segments.append(((edge, cy), (mid, cy), (mid, ey), (straight, ey)))
    segments.append(line_segment((straight, ey), (ex, ey)))
    return tuple(segments)


def _trunk_link(geo: Geometry, end: tuple[float, float], cy: float) -> tuple[Cubic, ...]:
    """Up or down the central trunk from the pill, then a rounded turn into the rule's end. Each
    side has its own lane of the trunk, so links to the left and right never run on top of each other."""
    mx0, mx1 = geo.band
    ex, ey = end
    middle = (mx0 + mx1) / 2
    trunk = middle + (TRUNK_SPLIT if ex > middle else -TRUNK_SPLIT) * geo.lane
    half = geo.centre.height / 2
    start_y = cy - half if ey < cy else cy + half
    toward = 1 if ey > start_y else -1
    bend = min(abs(ey - start_y) * 0.6, 3 * abs(ex - trunk) + 8)
    turn = ey - toward * bend
    return (
        line_segment((trunk, start_y), (trunk, turn)),
        ((trunk, turn), (trunk, ey - toward * bend * 0.25), (trunk + (ex - trunk) * 0.25, ey), (ex, ey)),
    )
