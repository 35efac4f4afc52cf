"""The fit search as it was before its fast path, kept as the reference `test_fit_fast_path.py` holds
the fast search to: pack_next, assign, Trials and search copied unchanged from ijprint 4a737ac (only
the names they import now come from where they live). Not collected; loaded by path. Do not speed up.
"""

from __future__ import annotations

import math
from typing import Callable

from ijprint.layout.arrange import KINDS, Assignment, Geometry, Options, Packing, Region, Slot, empty_packing, fill, geometry, options
from ijprint.layout.branch_block import BlockModel, Shape, Sizes
from ijprint.layout.fit import GAMMAS, GROWTH, GUESSES, Fit, Overflow, Page, area_bound, sizes_at, sizes_to_try
from ijprint.layout.sides import BALANCE, SEARCH_BUDGET, min_column


def pack_next(region: Region, packing: Packing, choice: Options, gap: float, cap: int = 0) -> Packing:
    """Place one more block below the ones in `packing`, in the shape and span where it ends highest.

    A block may tuck under the short columns of the blocks above it. In the centre's row only the
    narrow span is free; a narrow block's connector climbs the corridor between the centre and that
    span, so wide blocks stay clear of it. `cap` (when set) limits the block's number of columns.
    """
    zone = region.narrow
    inset = 0.0 if zone is None else (zone.x - region.rect.x if region.attach == "left" else region.rect.right - zone.right)
    top = region.rect.y
    taken = packing.taken

    def lowest(u1: float, links: bool) -> float:
        y = top
        reach = u1 - 0.01
        for start, _, bottom, link in taken:
            if start < reach and bottom + gap > y and (links or not link):
                y = bottom + gap
        return y

    wide_shapes, narrow_shapes = choice
    if cap:
        wide_shapes, narrow_shapes = wide_shapes[:cap], narrow_shapes[:cap]
    # Where the best shape so far ends, and its (y, wide, shape).
    best: tuple[float, tuple[float, bool, Shape]] | None = None
    for shape in wide_shapes:
        y = lowest(shape.width, True)
        if zone is not None and y < zone.bottom and y + shape.height > zone.y:
            y = zone.bottom
        end = y + shape.height
        if best is None or end < best[0] - 0.5:
            best = (end, (y, True, shape))
    for shape in narrow_shapes:
        assert zone is not None
        y = lowest(inset + shape.width, False)
        end = y + shape.height
        # Narrow only where the block meets the centre's row; elsewhere the full width is free.
        if y < zone.bottom and end > zone.y and (best is None or end < best[0] - 0.5):
            best = (end, (y, False, shape))
    assert best is not None
    slot = Slot(*best[1])
    shape = slot.shape
    shift = 0.0 if slot.wide else inset
    # Every search starts at the inner edge and the new block lies below whatever it spans, so
    # what it spans no longer matters: only what lies beyond it, or in the corridor, is kept.
    before, beyond = shift - 0.01, shift + shape.width + 0.01
    kept = [entry for entry in taken if entry[0] < before or entry[1] > beyond]
    if region.attach == "right":  # the block's last column is its inner one
        kept.extend((shift + (shape.width - b), shift + (shape.width - a), slot.y + depth, False) for a, b, depth in shape.profile)
    else:
        kept.extend((shift + a, shift + b, slot.y + depth, False) for a, b, depth in shape.profile)
    if not slot.wide and zone is not None:
        kept.append((0.0, inset, max(zone.bottom, slot.y + shape.head), True))
    return Packing((*packing.slots, slot), max(packing.bottom, best[0]), tuple(kept))


def assign(geo: Geometry, blocks: list[BlockModel], sizes: Sizes, limit: float = 1.0, strict: bool = True) -> Assignment:
    """Branches to the right and left sides whose text areas differ by at most BALANCE: clockwise
    (the reading order) when such a split keeps within `limit`, otherwise the one that leaves the
    fuller side emptiest. The emptiest of all splits is taken only when no split is balanced or,
    unless `strict`, when no balanced split keeps within `limit`. Found by branch and bound: exact
    unless SEARCH_BUDGET runs out, then the best seen."""
    n = len(blocks)
    right, left = geo.regions
    gap = geo.block_gap
    column = min_column(sizes)
    # Both sides are equally wide, so a block has the same shapes on either.
    choices = [options(right, block, sizes, column) for block in blocks]
    ink = [block.text_area(sizes) for block in blocks]
    total = sum(ink)

    def balanced(members: tuple[int, ...]) -> bool:
        ours = sum(ink[i] for i in members)
        return abs(2 * ours - total) <= BALANCE * max(ours, total - ours) + 1e-9

    def worst_of(packings: tuple[Packing, Packing]) -> float:
        return max(fill(right, packings[0].bottom), fill(left, packings[1].bottom))

    # Clockwise: the right side top-down, then the left side bottom-up, so it stacks in reverse. The
    # n + 1 such splits share their stacks: right prefixes grow forward, left ones backward.
    rights = [empty_packing(right)]
    for i in range(n):
        rights.append(pack_next(right, rights[-1], choices[i], gap))
    lefts = [empty_packing(left)]
    for i in reversed(range(n)):
        lefts.append(pack_next(left, lefts[-1], choices[i], gap))
    best: dict[bool, tuple[float, tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for k in reversed(range(n + 1)):  # on a tie, more branches on the right, where reading starts
        sides = (tuple(range(k)), tuple(reversed(range(k, n))))
        worst, even = worst_of((rights[k], lefts[n - k])), balanced(sides[0])
        if even not in best or worst < best[even][0] - 1e-9:
            best[even] = (worst, sides)

    def settled() -> bool:
        return True in best and (strict or best[True][0] <= limit)

    def bound() -> float:
        return best[True][0] if settled() else min(found[0] for found in best.values())

    if True in best and best[True][0] <= limit:
        return Assignment(best[True][1], best[True][0])
    # Depth first, each block tried first on the emptier side. Adding a block never raises a
    # stack's bottom, so a partial split already as full as the best one cannot lead to a better one.
    budget = SEARCH_BUDGET
    pending: list[tuple[int, tuple[tuple[int, ...], tuple[int, ...]], tuple[Packing, Packing]]] = [(0, ((), ()), (empty_packing(right), empty_packing(left)))]
    # Once a balanced split within the limit is known, only balanced ones can beat it: a side may
    # then hold at most `most_ink` of the text area.
    most_ink = total / (2 - BALANCE) + 1e-9
    # `best` changes only at complete splits, so the bound is worked out again only then.
    done, cut = settled(), bound() - 1e-9
    while pending and budget > 0:
        i, sides, packings = pending.pop()
        worst = worst_of(packings)
        if worst >= cut:
            continue
        if done and max(sum(ink[j] for j in side) for side in sides) > most_ink:
            continue
        if i == n:
            even = balanced(sides[0])
            if even not in best or worst < best[even][0]:
                best[even] = (worst, sides)
                done, cut = settled(), bound() - 1e-9
            continue
        emptier = 0 if packings[0].bottom - right.rect.y <= packings[1].bottom - left.rect.y else 1
        for side in (1 - emptier, emptier):  # the last pushed is tried first
            budget -= 1
            grown = pack_next(geo.regions[side], packings[side], choices[i], gap)
            if side == 0:
                pending.append((i + 1, ((*sides[0], i), sides[1]), (grown, packings[1])))
            else:
                pending.append((i + 1, (sides[0], (*sides[1], i)), (packings[0], grown)))
    worst, sides = best[True] if settled() else min(best.values(), key=lambda found: found[0])
    return Assignment(sides, worst)


class Trials:
    """The arrangements one search has tried, each worked out once.

    The search first asks only whether anything fits at a size (and stops at the first arrangement
    that does), then asks for the best arrangement at the size it settles on; the arrangements the
    first question already tried are not packed again for the second.
    """

    def __init__(self, pages: list[Page], blocks: list[BlockModel], strict: bool) -> None:
        self.pages, self.blocks, self.strict = pages, blocks, strict
        self._tried: dict[tuple, tuple[Geometry, Assignment] | None] = {}
        self._pills: dict[tuple[int, tuple[float, ...]], list[tuple[float, float]]] = {}
        self._lucky: tuple[int, int, str] | None = None  # the arrangement that fitted last

    def candidates(self, sizes: Sizes) -> list[tuple[int, int, str]]:
        """(page, central-topic shape, kind) in the order the best one is chosen by."""
        return [(p, c, kind) for p in range(len(self.pages)) for c in range(len(self.pills(p, sizes))) for kind in KINDS]

    def pills(self, page_index: int, sizes: Sizes) -> list[tuple[float, float]]:
        key = (page_index, sizes.by_depth)
        if key not in self._pills:
            self._pills[key] = self.pages[page_index].pills(sizes)
        return self._pills[key]

    def tried(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> tuple[Geometry, Assignment] | None:
        """The split of the branches in one arrangement, or None when that arrangement cannot exist."""
        key = (candidate, sizes.by_depth, limit)
        if key not in self._tried:
            page_index, pill_index, kind = candidate
            geo = geometry(kind, self.pages[page_index].area, self.pills(page_index, sizes)[pill_index], sizes)
            self._tried[key] = None if geo is None else (geo, assign(geo, self.blocks, sizes, limit, self.strict))
        return self._tried[key]

    def any_fits(self, sizes: Sizes, limit: float) -> float:
        """How full the first arrangement found within `limit` is, as a share of `limit` (so at most
        1), or the least such share when none keeps within it. The arrangement that fitted last is
        tried first, since neighbouring sizes tend to fit the same way."""
        order = self.candidates(sizes)
        if self._lucky in order:
            order.remove(self._lucky)
            order.insert(0, self._lucky)
        least = float("inf")
        for candidate in order:
            found = self.tried(candidate, sizes, limit)
            if found is None:
                continue
            share = found[1].worst_fill / limit
            if share <= 1.0:
                self._lucky = candidate
                return share
            least = min(least, share)
        return least

    def best(self, sizes: Sizes, limit: float) -> tuple[float, Fit | None]:
        """Among the arrangements that fit within `limit`, the plain two-sided one when there is one,
        otherwise the least full; the least full if none fits."""
        best_key, best_fill, best = (True, True, float("inf")), float("inf"), None
        for candidate in self.candidates(sizes):
            kind = candidate[2]
            if best_key[:2] == (False, False) and kind != "two-sided":
                continue  # a two-sided fit is known, and no other kind can come before it
            found = self.tried(candidate, sizes, limit)
            if found is None:
                continue
            geo, assignment = found
            worst = assignment.worst_fill
            key = (worst > limit, worst > limit or kind != "two-sided", worst)
            if key < best_key and (key[:2] != best_key[:2] or worst < best_fill - 1e-6):
                best_key, best_fill = key, worst
                best = Fit(self.pages[candidate[0]], geo, assignment, sizes, min(sizes.by_depth))
        return best_fill, best


def search(pages: list[Page], blocks: list[BlockModel], level_sizes: Callable[[int], float], deepest: int, floor: float,
           growth: float = GROWTH) -> Fit | Overflow:
    """The fit with the largest smallest font (0.1 pt steps), or why none exists at the floor.

    Largest as far as a search can tell: the size found fits and the next step up does not. Text
    that grows only gets harder to fit, so that is the largest, unless a larger size happens to fit
    again after one that did not (a different wrap can free a line); such a size may be missed.

    Up to the style's own sizes any level spacing (gamma) may be used, the first one at which
    something fits; above them the sizes grow together (gamma 1) up to `growth` times the style's,
    keeping more of the fullest region free the more they grow, so a small topic fills a fair part of
    the page without being crammed to its edges (1: no growth).
    """
    top = min(level_sizes(d) for d in range(deepest + 1))

    def candidates(step: int) -> list[tuple[Sizes, float]]:
        return sizes_to_try(level_sizes, deepest, floor, step)

    def chosen(trials: Trials, step: int) -> tuple[float, Fit | None]:
        """The best arrangement at the first sizes of the step where one fits, else the least full."""
        best_fill, best = float("inf"), None
        for sizes, limit in candidates(step):
            fill_here, fit = trials.best(sizes, limit)
            if fill_here < best_fill:
                best_fill, best = fill_here, fit
            if best_fill <= limit:
                break
        return best_fill, best

    def share(trials: Trials, step: int) -> float:
        """How full the step's first fitting sizes are, as a share of their limit (> 1: nothing fits)."""
        least = float("inf")
        for sizes, limit in candidates(step):
            least = min(least, trials.any_fits(sizes, limit))
            if least <= 1.0:
                break
        return least

    bound = area_bound(pages, blocks, sizes_at(level_sizes, deepest, floor, GAMMAS[-1]))
    if bound > 1.0:
        return Overflow(bound, pages[0].orientation, True)
    # Balanced sides first; a map that fits only unbalanced is still better than none.
    for strict in (True, False):
        trials = Trials(pages, blocks, strict)
        shares = {0: share(trials, 0)}
        if shares[0] <= 1.0:
            break
    else:
        floor_fill, fit = chosen(trials, 0)
        return Overflow(floor_fill, fit.page.orientation if fit else pages[0].orientation, False)
    steps = max(0, int(round((top * growth - floor) * 10)))
    low, high = 0, steps + 1  # `low` fits; `high` does not, or lies beyond the largest step
    guesses = 0
    while high - low > 1:
        if guesses < GUESSES and high - low > 4:
            guesses += 1
            probe = _guess(shares, low, high, floor)
        else:
            probe = (low + high) // 2
        shares[probe] = share(trials, probe)
        if shares[probe] <= 1.0:
            low = probe
        else:
            high = probe
    _, best = chosen(trials, low)
    assert best is not None
    return best


def _guess(shares: dict[int, float], low: int, high: int, floor: float) -> int:
    """The next step to try: where the fill is expected to reach its limit, from a power law
    share ~ t**p through the fitting step `low` and the failing step `high` when it was tried, else
    the largest step tried below `low` (p = 2, as text area grows, when `low` is the only one).
    While no step has failed yet, the guess aims two steps high, so the next try probably brackets
    the answer; the answer is then found by bisection within a few steps."""
    t_low = floor + low / 10
    other = high if high in shares else max((step for step in shares if step < low), default=None)
    power = 2.0
    if other is not None and 0 < shares[other] < float("inf") and shares[low] > 0:
        t_other = floor + other / 10
        fitted = math.log(shares[other] / shares[low]) / math.log(t_other / t_low)
        power = min(max(fitted, 0.5), 4.0)
    root = t_low * max(shares[low], 1e-6) ** (-1.0 / power)
    step = round((root - floor) * 10) + (0 if high in shares else 2)
    return min(max(step, low + 1), high - 1)
