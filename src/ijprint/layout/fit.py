"""The fit search: the largest smallest-font size at which some arrangement holds every block, never below the floor.

Font sizes are the style's level sizes scaled together so that the smallest one used equals a
candidate `t`; `t` moves in 0.1 pt steps between the floor and GROWTH times the style's own sizes
(a small topic grows to use the page). The steps tried are first guessed from how full the page got
at the steps already tried, then bisected. At a step the arrangements (two-sided and stepped, each
central-topic shape, both orientations for `auto`) are tried until one fits; at the step the search
settles on, all of them are, and the best is chosen. The branches are split between the sides by
layout/sides.py; whether an arrangement fits is mostly told there without finding its best split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Callable

from ijprint.layout.arrange import KINDS, Assignment, Geometry, geometry
from ijprint.layout.boxes import Rect
from ijprint.layout.branch_block import BlockModel, Sizes
from ijprint.layout.sides import Sides, assign, fuller_than, keeps_within


@dataclass(frozen=True)
class Page:
    """One orientation's candidate: where the map may go, and the central topic's candidate sizes at
    given sizes. With `areas`, where the map may go depends on its smallest text (the header and
    footer follow it), and `area` is only where it goes when the smallest text is at the floor."""

    orientation: str
    area: Rect
    pills: Callable[[Sizes], list[tuple[float, float]]]
    areas: Callable[[float], Rect] | None = None

    def at(self, smallest: float) -> Page:
        """The page with its area fixed for the smallest text `smallest`."""
        return self if self.areas is None else Page(self.orientation, self.areas(smallest), self.pills)


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
GUESSES = 3  # steps chosen by extrapolating how full the page gets, before plain bisection takes over


def sizes_at(level_sizes: Callable[[int], float], deepest: int, smallest: float, gamma: float = 1.0) -> Sizes:
    """Level sizes scaled so the smallest is `smallest`; `gamma` < 1 also narrows the steps between
    levels (branch headings shrink more than leaves), which buys room before the smallest text shrinks.
    The central topic keeps the plain scale."""
    least = min(level_sizes(d) for d in range(deepest + 1))
    scale = smallest / least
    sizes = [level_sizes(0) * scale]
    sizes += [smallest + (level_sizes(d) - least) * scale * gamma for d in range(1, deepest + 1)]
    return Sizes(tuple(sizes))


@dataclass(frozen=True)
class StepFill:
    """Whether something fits at a step, and how full its first fitting sizes got as a share of their
    limit (> 1: nothing fits). The share is worked out only when asked: guessing the next step
    reads it, bisecting needs only whether the step fits."""

    fits: bool
    share: Callable[[], float]


class Trials:
    """The arrangements one search has tried, each worked out once.

    The search first asks only whether anything fits at a size (and stops at the first arrangement
    that does), then asks for the best arrangement at the size it settles on. Whether an arrangement
    fits is told by `keeps_within` where it can tell, without searching for the least full split;
    a split is searched for only when its fill is asked for, and never twice.
    """

    def __init__(self, pages: list[Page], blocks: list[BlockModel], strict: bool) -> None:
        self.pages, self.blocks, self.strict = pages, blocks, strict
        self._tried: dict[tuple, tuple[Geometry, Assignment] | None] = {}
        self._told: dict[tuple, bool | None] = {}
        self._pills: dict[tuple[int, tuple[float, ...]], list[tuple[float, float]]] = {}
        self._pages: dict[tuple[int, tuple[float, ...]], Page] = {}
        self._made: dict[tuple, Sides | None] = {}
        self._lucky: tuple[int, int, str] | None = None  # the arrangement that fitted last

    def candidates(self, sizes: Sizes) -> list[tuple[int, int, str]]:
        """(page, central-topic shape, kind) in the order the best one is chosen by."""
        return [(p, c, kind) for p in range(len(self.pages)) for c in range(len(self.pills(p, sizes))) for kind in KINDS]

    def pills(self, page_index: int, sizes: Sizes) -> list[tuple[float, float]]:
        key = (page_index, sizes.by_depth)
        if key not in self._pills:
            self._pills[key] = self.pages[page_index].pills(sizes)
        return self._pills[key]

    def page(self, page_index: int, sizes: Sizes) -> Page:
        key = (page_index, sizes.by_depth)
        found = self._pages.get(key)
        if found is None:
            found = self._pages[key] = self.pages[page_index].at(min(sizes.by_depth))
        return found

    def _geometry(self, candidate: tuple[int, int, str], sizes: Sizes) -> Geometry | None:
        page_index, pill_index, kind = candidate
        return geometry(kind, self.page(page_index, sizes).area, self.pills(page_index, sizes)[pill_index], sizes)

    def _sides(self, candidate: tuple[int, int, str], sizes: Sizes) -> Sides | None:
        """The arrangement's blocks at `sizes` as layout/sides.py takes them, made once; None when it cannot exist."""
        key = (candidate, sizes.by_depth)
        if key not in self._made:
            geo = self._geometry(candidate, sizes)
            self._made[key] = None if geo is None else Sides(geo, self.blocks, sizes)
        return self._made[key]

    def tried(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> tuple[Geometry, Assignment] | None:
        """The split of the branches in one arrangement, or None when that arrangement cannot exist."""
        key = (candidate, sizes.by_depth, limit)
        if key not in self._tried:
            made = self._sides(candidate, sizes)
            self._tried[key] = None if made is None else (made.geo, assign(made.geo, self.blocks, sizes, limit, self.strict, made))
        return self._tried[key]

    def told(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> bool | None:
        """Whether the arrangement's split keeps within `limit` as `keeps_within` tells it (then by
        more than its margin, so every test of the fill agrees); None when it cannot tell, or when
        the arrangement cannot exist."""
        key = (candidate, sizes.by_depth, limit)
        if key not in self._told:
            made = self._sides(candidate, sizes) if key not in self._tried else None
            if made is None:
                self._tried.setdefault(key, None)
                self._told[key] = None
            else:
                self._told[key] = keeps_within(made.geo, self.blocks, sizes, limit, self.strict, made)
        return self._told[key]

    def within(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> bool:
        """Whether the arrangement exists and its share of `limit` is at most 1."""
        told = self.told(candidate, sizes, limit)
        if told is not None:
            return told
        found = self.tried(candidate, sizes, limit)
        return found is not None and found[1].worst_fill / limit <= 1.0

    def share(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> float:
        """How full the arrangement's split is, as a share of `limit` (infinite when it cannot exist)."""
        found = self.tried(candidate, sizes, limit)
        return float("inf") if found is None else found[1].worst_fill / limit

    def first_within(self, sizes: Sizes, limit: float) -> tuple[int, int, str] | None:
        """The first arrangement found within `limit`, or None. The arrangement that fitted last is
        tried first, since neighbouring sizes tend to fit the same way."""
        order = self.candidates(sizes)
        if self._lucky in order:
            order.remove(self._lucky)
            order.insert(0, self._lucky)
        for candidate in order:
            if self.within(candidate, sizes, limit):
                self._lucky = candidate
                return candidate
        return None

    def least_share(self, sizes: Sizes, limit: float) -> float:
        """The least share of `limit` of any arrangement at `sizes` (infinite when none exists).

        The arrangements whose split is already known come first; an arrangement whose every split is
        fuller than the least fill found so far cannot be the least, so its own least full split is
        never searched for (dividing by `limit` keeps the order, so the least share is the least fill's)."""
        candidates = self.candidates(sizes)
        known = [candidate for candidate in candidates if (candidate, sizes.by_depth, limit) in self._tried]
        # Then the rest from the last: a stepped arrangement and the narrower central topic leave the most room.
        others = [candidate for candidate in reversed(candidates) if candidate not in known]
        least = float("inf")
        for candidate in known + others:
            if least < float("inf") and candidate not in known:
                made = self._sides(candidate, sizes)
                if made is None or fuller_than(made, least):
                    continue
            found = self.tried(candidate, sizes, limit)
            if found is not None and found[1].worst_fill < least:
                least = found[1].worst_fill
        return least / limit

    def any_fits(self, sizes: Sizes, limit: float) -> float:
        """How full the first arrangement found within `limit` is, as a share of `limit` (so at most
        1), or the least such share when none keeps within it."""
        first = self.first_within(sizes, limit)
        return self.least_share(sizes, limit) if first is None else self.share(first, sizes, limit)

    def _under(self, candidate: tuple[int, int, str], sizes: Sizes, limit: float) -> bool:
        """Whether the arrangement exists and its fill is at most `limit` (the test `best` ranks by)."""
        told = self.told(candidate, sizes, limit)
        if told is not None:
            return told
        found = self.tried(candidate, sizes, limit)
        return found is not None and found[1].worst_fill <= limit

    def fits_somewhere(self, sizes: Sizes, limit: float) -> bool:
        """Whether `best` finds an arrangement within `limit`."""
        return any(self._under(candidate, sizes, limit) for candidate in self.candidates(sizes))

    def best(self, sizes: Sizes, limit: float) -> tuple[float, Fit | None]:
        """Among the arrangements that fit within `limit`, the plain two-sided one when there is one,
        otherwise the least full; the least full if none fits."""
        # Once one fits, one that does not can never be chosen: its split need not be searched for.
        some_fit = self.fits_somewhere(sizes, limit)
        best_key, best_fill, best = (True, True, float("inf")), float("inf"), None
        for candidate in self.candidates(sizes):
            kind = candidate[2]
            if best_key[:2] == (False, False) and kind != "two-sided":
                continue  # a two-sided fit is known, and no other kind can come before it
            if some_fit and self.told(candidate, sizes, limit) is False:
                continue
            found = self.tried(candidate, sizes, limit)
            if found is None:
                continue
            geo, assignment = found
            worst = assignment.worst_fill
            key = (worst > limit, worst > limit or kind != "two-sided", worst)
            if key < best_key and (key[:2] != best_key[:2] or worst < best_fill - 1e-6):
                best_key, best_fill = key, worst
                best = Fit(self.page(candidate[0], sizes), geo, assignment, sizes, min(sizes.by_depth))
        return best_fill, best


def area_bound(pages: list[Page], blocks: list[BlockModel], sizes: Sizes) -> float:
    """Text area at `sizes` over map area: no arrangement can fit when this exceeds 1."""
    text = sum(block.text_area(sizes) for block in blocks)
    areas = [page.at(min(sizes.by_depth)).area for page in pages]
    room = max(area.width * area.height for area in areas)
    return text / room if room > 0 else float("inf")


def sizes_to_try(level_sizes: Callable[[int], float], deepest: int, floor: float, step: int) -> list[tuple[Sizes, float]]:
    """The sizes to try `step` tenths of a point above the floor, in order, each with the fill it
    must keep within: every level spacing up to the style's own sizes, plain growth above them."""
    top = min(level_sizes(d) for d in range(deepest + 1))
    t = floor + step / 10
    if step == 0 or t <= top + 1e-9:
        return [(sizes_at(level_sizes, deepest, t, gamma), 1.0) for gamma in GAMMAS]
    return [(sizes_at(level_sizes, deepest, t), 1.0 - GROWN_SLACK * (t / top - 1.0))]


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
        tries = candidates(step)
        for sizes, limit in tries:
            if trials.fits_somewhere(sizes, limit):
                # Sizes before these fit nothing, so their least full arrangement is fuller than this one.
                return trials.best(sizes, limit)
        best_fill, best = float("inf"), None
        for sizes, limit in tries:
            fill_here, fit = trials.best(sizes, limit)
            if fill_here < best_fill:
                best_fill, best = fill_here, fit
        return best_fill, best

    def share(trials: Trials, step: int) -> StepFill:
        """Whether the step fits; its share, when asked, is how full its first fitting sizes are (as a
        share of their limit), else the least full arrangement's share of any of its sizes."""
        tries = []
        for sizes, limit in candidates(step):
            tries.append((sizes, limit))
            first = trials.first_within(sizes, limit)
            if first is not None:
                return StepFill(True, partial(trials.share, first, sizes, limit))
        return StepFill(False, lambda: min(trials.least_share(sizes, limit) for sizes, limit in tries))

    bound = area_bound(pages, blocks, sizes_at(level_sizes, deepest, floor, GAMMAS[-1]))
    if bound > 1.0:
        return Overflow(bound, pages[0].orientation, True)
    # Balanced sides first; a map that fits only unbalanced is still better than none.
    for strict in (True, False):
        trials = Trials(pages, blocks, strict)
        fills = {0: share(trials, 0)}
        if fills[0].fits:
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
            probe = _guess(fills, low, high, floor)
        else:
            probe = (low + high) // 2
        fills[probe] = share(trials, probe)
        if fills[probe].fits:
            low = probe
        else:
            high = probe
    _, best = chosen(trials, low)
    assert best is not None
    return best


def _guess(fills: dict[int, StepFill], low: int, high: int, floor: float) -> int:
    """The next step to try: where the fill is expected to reach its limit, from a power law
    share ~ t**p through the fitting step `low` and the failing step `high` when it was tried, else
    the largest step tried below `low` (p = 2, as text area grows, when `low` is the only one).
    While no step has failed yet, the guess aims two steps high, so the next try probably brackets
    the answer; the answer is then found by bisection within a few steps."""
    t_low = floor + low / 10
    at_low = fills[low].share()
    other = high if high in fills else max((step for step in fills if step < low), default=None)
    power = 2.0
    if other is not None:
        at_other = fills[other].share()
        if 0 < at_other < float("inf") and at_low > 0:
            t_other = floor + other / 10
            fitted = math.log(at_other / at_low) / math.log(t_other / t_low)
            power = min(max(fitted, 0.5), 4.0)
    root = t_low * max(at_low, 1e-6) ** (-1.0 / power)
    step = round((root - floor) * 10) + (0 if high in fills else 2)
    return min(max(step, low + 1), high - 1)
