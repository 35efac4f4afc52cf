"""The fit search: the largest smallest-font size at which some arrangement holds every block, never below the floor.

Font sizes are the style's level sizes scaled together so that the smallest one used equals a
candidate `t`; `t` moves in 0.1 pt steps by bisection between the floor and the style's own sizes. At
each `t` every arrangement (two-sided, ring with three band widths; both orientations for `auto`) is
tried and blocks are assigned to regions so that the fullest region is as empty as possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable

from ijprint.layout.arrange import KINDS, Assignment, Geometry, fill, geometry
from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, Rect
from ijprint.layout.outline import LINE_GAP, BlockModel, Sizes
from ijprint.layout.wrap import natural_width

EXHAUSTIVE_SPLIT = 10  # up to this many branches, every left/right split is tried
BALANCE = 0.15  # a clockwise (contiguous) left/right split is kept when the sides' areas differ by at most this


@dataclass(frozen=True)
class Page:
    """One orientation's candidate: where the map may go, and the pill size at given sizes."""

    orientation: str
    area: Rect
    pill: Callable[[Sizes], tuple[float, float]]


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


def assign(geo: Geometry, blocks: list[BlockModel], sizes: Sizes) -> Assignment:
    """Branches to the right and left sides: clockwise when that balances the areas within 15 %,
    otherwise the split that leaves the fuller side emptiest (every split up to EXHAUSTIVE_SPLIT)."""
    n = len(blocks)
    right, left = geo.regions
    narrow_w = (right.narrow or right.rect).width
    column = min_column(sizes)
    heights = [(b.best_shape(right.rect.width, sizes, column)[0], b.best_shape(narrow_w, sizes, column)[0]) for b in blocks]

    def sides(members: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        others = tuple(i for i in range(n) if i not in members)
        contiguous = members == tuple(range(len(members)))
        # Clockwise: the left side is read bottom-up, so a contiguous split stacks it in reverse.
        return members, (tuple(reversed(others)) if contiguous else others)

    def score(members: tuple[int, ...]) -> float:
        r, l = sides(members)
        return max(fill(right, [heights[i] for i in r], geo.block_gap), fill(left, [heights[i] for i in l], geo.block_gap))

    contiguous = [tuple(range(k)) for k in range(n + 1)]
    best_contiguous = min(contiguous, key=score)
    area_right = sum(heights[i][1] for i in best_contiguous)
    area_left = sum(h[1] for h in heights) - area_right
    balanced = abs(area_right - area_left) <= BALANCE * max(area_right, area_left, 1e-9)
    if balanced and score(best_contiguous) <= 1.0:
        chosen = best_contiguous
    elif n <= EXHAUSTIVE_SPLIT:
        candidates = [c for k in range(n + 1) for c in combinations(range(n), k)]
        chosen = min(candidates, key=score)
    else:
        ours: list[int] = []
        theirs: list[int] = []
        for i in sorted(range(n), key=lambda j: -heights[j][1]):
            (ours if sum(heights[j][1] for j in ours) <= sum(heights[j][1] for j in theirs) else theirs).append(i)
        chosen = tuple(sorted(ours))
    r, l = sides(chosen)
    return Assignment((r, l), score(chosen))


def _best_at(pages: list[Page], blocks: list[BlockModel], at: Callable[[float], Sizes]) -> tuple[float, Fit | None]:
    """The least-full arrangement across pages and kinds at the first level spacing (gamma) that fits."""
    best_fill, best = float("inf"), None
    for gamma in GAMMAS:
        fill_here, fit = _best_at_sizes(pages, blocks, at(gamma))
        if fill_here < best_fill:
            best_fill, best = fill_here, fit
        if best_fill <= 1.0:
            break
    return best_fill, best


def _best_at_sizes(pages: list[Page], blocks: list[BlockModel], sizes: Sizes) -> tuple[float, Fit | None]:
    best_fill, best = float("inf"), None
    for page in pages:
        pill = page.pill(sizes)
        for kind in KINDS:
            geo = geometry(kind, page.area, pill, sizes)
            if geo is None:
                continue
            assignment = assign(geo, blocks, sizes)
            if assignment.worst_fill < best_fill - 1e-6:
                best_fill = assignment.worst_fill
                best = Fit(page, geo, assignment, sizes, min(sizes.by_depth))
    return best_fill, best


def area_bound(pages: list[Page], blocks: list[BlockModel], sizes: Sizes) -> float:
    """Text area at `sizes` over map area: no arrangement can fit when this exceeds 1."""
    text = 0.0
    for block in blocks:
        stack = [block.root]
        while stack:
            node = stack.pop()
            size = sizes.size(node.depth)
            words = block.header_words if node is block.root else block.words(node)
            text += natural_width(words, block.measure) * size * (INK_ASCENT + INK_DESCENT + LINE_GAP) * size
            stack.extend(node.children)
    room = max(page.area.width * page.area.height for page in pages)
    return text / room if room > 0 else float("inf")


def search(pages: list[Page], blocks: list[BlockModel], level_sizes: Callable[[int], float], deepest: int, floor: float) -> Fit | Overflow:
    """The fit with the largest smallest font (0.1 pt steps), or why none exists at the floor."""
    def at(t: float) -> Callable[[float], Sizes]:
        return lambda gamma: sizes_at(level_sizes, deepest, t, gamma)

    bound = area_bound(pages, blocks, sizes_at(level_sizes, deepest, floor, GAMMAS[-1]))
    if bound > 1.0:
        return Overflow(bound, pages[0].orientation, True)
    fill, fit = _best_at(pages, blocks, at(floor))
    if fit is None or fill > 1.0:
        worst_page = fit.page.orientation if fit else pages[0].orientation
        return Overflow(fill, worst_page, False)
    top = min(level_sizes(d) for d in range(deepest + 1))
    steps = int(round((top - floor) * 10))
    low, high = 0, steps
    best = fit
    top_fill, top_fit = _best_at(pages, blocks, at(floor + steps / 10))
    if top_fit is not None and top_fill <= 1.0:
        return top_fit
    high = steps - 1
    while low < high:
        mid = (low + high + 1) // 2
        mid_fill, mid_fit = _best_at(pages, blocks, at(floor + mid / 10))
        if mid_fit is not None and mid_fill <= 1.0:
            low, best = mid, mid_fit
        else:
            high = mid - 1
    return best
