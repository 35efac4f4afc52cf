"""The fit search: the largest smallest-font size at which some arrangement holds every block, never below the floor.

Font sizes are the style's level sizes scaled together so that the smallest one used equals a
candidate `t`; `t` moves in 0.1 pt steps by bisection between the floor and GROWTH times the style's
own sizes (a small topic grows to use the page). At each `t` every arrangement (two-sided and
stepped, each central-topic shape, both orientations for `auto`) is tried, and the branches are split
between the sides so that the fuller side is as empty as possible while their text areas stay within
BALANCE of each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ijprint.layout.arrange import KINDS, Assignment, Geometry, Packing, empty_packing, fill, geometry, options, pack_next
from ijprint.layout.boxes import Rect
from ijprint.layout.outline import BlockModel, Sizes

SEARCH_BUDGET = 1500  # blocks packed while searching for the best left/right split
BALANCE = 0.15  # the sides' text areas may differ by at most this share of the larger one


@dataclass(frozen=True)
class Page:
    """One orientation's candidate: where the map may go, and the central topic's candidate sizes at given sizes."""

    orientation: str
    area: Rect
    pills: Callable[[Sizes], list[tuple[float, float]]]


@dataclass(frozen=True)
class Fit:
    page: Page
    geometry: Geometry
    assignment: Assignment
    sizes: Sizes
    smallest: float


@dataclass(frozen=True)
class Overflow:
    """Why nothing fits: the smallest worst-region fill at the floor (1.0 = exactly full), and whether it is a bound."""

    fill: float
    orientation: str
    lower_bound: bool


GAMMAS = (1.0, 0.6, 0.3)
GROWTH = 1.6  # a small topic's text may grow up to this many times the style's level sizes
GROWN_SLACK = 0.25  # ... while its fullest region is at most 1 - GROWN_SLACK * (growth - 1) full


def sizes_at(level_sizes: Callable[[int], float], deepest: int, smallest: float, gamma: float = 1.0) -> Sizes:
    """Level sizes scaled so the smallest is `smallest`; `gamma` < 1 also narrows the steps between
    levels (branch headings shrink more than leaves), which buys room before the smallest text shrinks.
    The central topic keeps the plain scale."""
    least = min(level_sizes(d) for d in range(deepest + 1))
    scale = smallest / least
    sizes = [level_sizes(0) * scale]
    sizes += [smallest + (level_sizes(d) - least) * scale * gamma for d in range(1, deepest + 1)]
    return Sizes(tuple(sizes))


def min_column(sizes: Sizes) -> float:
    return 10 * sizes.size(2)


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


def _best_at(pages: list[Page], blocks: list[BlockModel], at: Callable[[float], Sizes], strict: bool) -> tuple[float, Fit | None]:
    """The chosen arrangement at the first level spacing (gamma) where one fits, else the least full."""
    best_fill, best = float("inf"), None
    for gamma in GAMMAS:
        fill_here, fit = _best_at_sizes(pages, blocks, at(gamma), 1.0, strict)
        if fill_here < best_fill:
            best_fill, best = fill_here, fit
        if best_fill <= 1.0:
            break
    return best_fill, best


def _best_at_sizes(pages: list[Page], blocks: list[BlockModel], sizes: Sizes, limit: float, strict: bool) -> tuple[float, Fit | None]:
    """Among the arrangements (pages, central topic shapes, kinds) that fit within `limit`, the
    plain two-sided one when there is one, otherwise the least full; the least full if none fits."""
    best_key, best_fill, best = (True, True, float("inf")), float("inf"), None
    for page in pages:
        for pill in page.pills(sizes):
            for kind in KINDS:
                if best_key[:2] == (False, False) and kind != "two-sided":
                    continue  # a two-sided fit is known, and no other kind can come before it
                geo = geometry(kind, page.area, pill, sizes)
                if geo is None:
                    continue
                assignment = assign(geo, blocks, sizes, limit, strict)
                worst = assignment.worst_fill
                key = (worst > limit, worst > limit or kind != "two-sided", worst)
                if key < best_key and (key[:2] != best_key[:2] or worst < best_fill - 1e-6):
                    best_key, best_fill = key, worst
                    best = Fit(page, geo, assignment, sizes, min(sizes.by_depth))
    return best_fill, best


def area_bound(pages: list[Page], blocks: list[BlockModel], sizes: Sizes) -> float:
    """Text area at `sizes` over map area: no arrangement can fit when this exceeds 1."""
    text = sum(block.text_area(sizes) for block in blocks)
    room = max(page.area.width * page.area.height for page in pages)
    return text / room if room > 0 else float("inf")


def search(pages: list[Page], blocks: list[BlockModel], level_sizes: Callable[[int], float], deepest: int, floor: float) -> Fit | Overflow:
    """The fit with the largest smallest font (0.1 pt steps), or why none exists at the floor.

    Up to the style's own sizes any level spacing (gamma) may be used; above them the sizes grow
    together (gamma 1) up to GROWTH times the style's, keeping more of the fullest region free the
    more they grow, so a small topic fills a fair part of the page without being crammed to its edges.
    """
    top = min(level_sizes(d) for d in range(deepest + 1))

    def at(t: float) -> Callable[[float], Sizes]:
        return lambda gamma: sizes_at(level_sizes, deepest, t, gamma)

    def fitting(step: int, strict: bool) -> Fit | None:
        t = floor + step / 10
        if t <= top + 1e-9:
            found_fill, found = _best_at(pages, blocks, at(t), strict)
            return found if found is not None and found_fill <= 1.0 else None
        limit = 1.0 - GROWN_SLACK * (t / top - 1.0)
        found_fill, found = _best_at_sizes(pages, blocks, sizes_at(level_sizes, deepest, t), limit, strict)
        return found if found is not None and found_fill <= limit else None

    bound = area_bound(pages, blocks, sizes_at(level_sizes, deepest, floor, GAMMAS[-1]))
    if bound > 1.0:
        return Overflow(bound, pages[0].orientation, True)
    # Balanced sides first; a map that fits only unbalanced is still better than none.
    for strict in (True, False):
        floor_fill, fit = _best_at(pages, blocks, at(floor), strict)
        if fit is not None and floor_fill <= 1.0:
            break
    else:
        worst_page = fit.page.orientation if fit else pages[0].orientation
        return Overflow(floor_fill, worst_page, False)
    steps = int(round((top * GROWTH - floor) * 10))
    low, high, best = 0, steps, fit
    while low < high:
        mid = (low + high + 1) // 2
        found = fitting(mid, strict)
        if found is not None:
            low, best = mid, found
        else:
            high = mid - 1
    return best
