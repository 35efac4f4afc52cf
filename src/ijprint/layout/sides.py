"""An arrangement + the branch blocks at given sizes -> the branches split between its two sides (`assign`), or only whether that split keeps within a limit (`keeps_within`).

The branches are split so that the fuller side is as empty as possible while the sides' text areas
stay within BALANCE of each other. Finding that split is a branch and bound over every split; the
fit search mostly needs only to know whether some arrangement keeps within the page, which a search
that gives up on a split as soon as it overflows answers with far fewer blocks packed.
"""

from __future__ import annotations

from typing import Callable

from ijprint.layout.arrange import Assignment, Geometry, Options, fill, options, place_block
from ijprint.layout.branch_block import BlockModel, Sizes

SEARCH_BUDGET = 1500  # blocks packed while searching for the best left/right split
BALANCE = 0.15  # the sides' text areas may differ by at most this share of the larger one
# Up to this many blocks the whole tree of splits (2 ** (n + 1) - 2 blocks packed) stays within
# SEARCH_BUDGET, so `assign` finds the best split itself rather than the best one seen.
EXACT_BLOCKS = max(n for n in range(64) if 2 ** (n + 1) - 2 < SEARCH_BUDGET)
# `assign` compares fills with 1e-9 to spare; a fill this close to the limit is left to it.
UNSURE = 1e-6
INF = float("inf")

Split = tuple[tuple[int, ...], tuple[int, ...]]
Taken = tuple[tuple[float, float, float, bool], ...]
# A partial split: the next block, the split so far, and each side's bottom, what it has taken and its text area.
Node = tuple[int, Split, tuple[float, float], tuple[Taken, Taken], tuple[float, float]]


def min_column(sizes: Sizes) -> float:
    return 10 * sizes.size(2)


class Sides:
    """What both questions start from: each block's shapes and text area, and the clockwise splits.
    The fit search asks both about the same arrangement at the same sizes, so it makes this once.

    A side's stack is kept as (bottom, taken) only: `arrange.place_block` on it is `pack_next`
    without the slots, which the split does not need."""

    def __init__(self, geo: Geometry, blocks: list[BlockModel], sizes: Sizes) -> None:
        self.geo = geo
        self.n = len(blocks)
        self.right, self.left = geo.regions
        self.gap = geo.block_gap
        self._blocks, self._sizes, self._column = blocks, sizes, min_column(sizes)
        # Each block's shapes (the same on both sides, which are equally wide), made by `shaped` when a
        # split first reaches the block: a search that gives up early never makes the last blocks'.
        self.choices: list[Options | None] = [None] * self.n
        # Every shape of a block reaches at least this far out and is at least this tall, so it ends
        # at or below `least_end` (see `grow`); set with the block's shapes.
        self.reach = [0.0] * self.n
        self.height = [0.0] * self.n
        self.ink = [block.text_area(sizes) for block in blocks]
        self.total = sum(self.ink)
        # Once a balanced split within the limit is known, only balanced ones can beat it: a side may
        # then hold at most `most_ink` of the text area.
        self.most_ink = self.total / (2 - BALANCE) + 1e-9
        # A node carries its sides' text areas added up one block at a time; `sum` may add them more
        # exactly (Python 3.12), so within this much of `most_ink` the rule asks `sum` itself.
        self.ink_margin = 1e-9 * (self.total + 1.0)
        self._clockwise: dict[bool, tuple[float, Split]] | None = None

    def shaped(self, block: int) -> Options:
        """The block's shapes (wide, narrow), made on first use along with its reach and height."""
        found = self.choices[block]
        if found is None:
            found = self.choices[block] = options(self.right, self._blocks[block], self._sizes, self._column)
            shapes = found[0] + found[1]
            self.reach[block] = min(shape.width for shape in shapes) - 0.01
            self.height[block] = min(shape.height for shape in shapes)
        return found

    def balanced(self, members: tuple[int, ...]) -> bool:
        ours = sum(self.ink[i] for i in members)
        return abs(2 * ours - self.total) <= BALANCE * max(ours, self.total - ours) + 1e-9

    def clockwise_balanced(self) -> bool:
        """Whether some clockwise split is balanced (`clockwise()` has a True entry), told from the text areas alone."""
        return any(self.balanced(tuple(range(k))) for k in range(self.n + 1))

    def worst_of(self, bottoms: tuple[float, float]) -> float:
        return max(fill(self.right, bottoms[0]), fill(self.left, bottoms[1]))

    def too_much_ink(self, split: Split, inks: tuple[float, float]) -> bool:
        """Whether a side holds more than `most_ink`: max(sum(...)) > most_ink, by the node's running sums."""
        fuller = inks[0] if inks[0] > inks[1] else inks[1]
        if fuller > self.most_ink + self.ink_margin:
            return True
        if fuller < self.most_ink - self.ink_margin:
            return False
        return max(sum(self.ink[j] for j in side) for side in split) > self.most_ink

    def stacked(self, side: int, bottom: float, taken: Taken, block: int) -> tuple[float, Taken]:
        end, _, _, _, taken = place_block(self.geo.regions[side], taken, self.shaped(block), self.gap)
        return (bottom if bottom >= end else end), taken

    def clockwise(self) -> dict[bool, tuple[float, Split]]:
        """The least full clockwise split, balanced (True) and not: the right side top-down, then the
        left side bottom-up, so it stacks in reverse. The n + 1 such splits share their stacks: right
        prefixes grow forward, left ones backward. Worked out once; a copy is returned."""
        if self._clockwise is None:
            self._clockwise = self._find_clockwise()
        return dict(self._clockwise)

    def _find_clockwise(self) -> dict[bool, tuple[float, Split]]:
        n = self.n
        rights = [(self.right.rect.y, ())]
        for i in range(n):
            rights.append(self.stacked(0, *rights[-1], i))
        lefts = [(self.left.rect.y, ())]
        for i in reversed(range(n)):
            lefts.append(self.stacked(1, *lefts[-1], i))
        best: dict[bool, tuple[float, Split]] = {}
        for k in reversed(range(n + 1)):  # on a tie, more branches on the right, where reading starts
            sides = (tuple(range(k)), tuple(reversed(range(k, n))))
            worst, even = self.worst_of((rights[k][0], lefts[n - k][0])), self.balanced(sides[0])
            if even not in best or worst < best[even][0] - 1e-9:
                best[even] = (worst, sides)
        return best

    def root(self) -> Node:
        return (0, ((), ()), (self.right.rect.y, self.left.rect.y), ((), ()), (0, 0))

    def least_end(self, side: int, taken: Taken, block: int) -> float:
        """Where the block ends at the least when packed on the side: `place_block` puts every shape
        below whatever starts within its reach, so at least below what starts within the shortest reach."""
        y = self.geo.regions[side].rect.y
        reach, gap = self.reach[block], self.gap
        for start, _, bottom, link in taken:
            if start < reach and bottom + gap > y and not link:
                y = bottom + gap
        return y + self.height[block]

    def grow(self, pending: list[Node], node: Node, useful: Callable[[Split, tuple[float, float]], bool] | None = None,
             over: float = INF) -> None:
        """Push the two ways of adding the node's next block, so that it is tried first on the emptier
        side; with `useful`, only the splits it accepts, which are then the only ones packed. A split
        whose side would surely fill more than `over` is not pushed (nor packed): it is given up anyway."""
        i, split, bottoms, takens, inks = node
        ink, choice, regions = self.ink[i], self.shaped(i), self.geo.regions
        emptier = 0 if bottoms[0] - self.right.rect.y <= bottoms[1] - self.left.rect.y else 1
        for side in (1 - emptier, emptier):  # the last pushed is tried first
            if side == 0:
                grown, grown_inks = ((*split[0], i), split[1]), (inks[0] + ink, inks[1])
            else:
                grown, grown_inks = (split[0], (*split[1], i)), (inks[0], inks[1] + ink)
            if useful is not None and not useful(grown, grown_inks):
                continue
            if over < INF and fill(regions[side], self.least_end(side, takens[side], i)) > over:
                continue
            end, _, _, _, taken = place_block(regions[side], takens[side], choice, self.gap)
            _push(pending, node, side, grown, grown_inks, end, taken)


def assign(geo: Geometry, blocks: list[BlockModel], sizes: Sizes, limit: float = 1.0, strict: bool = True, sides: Sides | None = None) -> Assignment:
    """Branches to the right and left sides whose text areas differ by at most BALANCE: clockwise
    (the reading order) when such a split keeps within `limit`, otherwise the one that leaves the
    fuller side emptiest. The emptiest of all splits is taken only when no split is balanced or,
    unless `strict`, when no balanced split keeps within `limit`. Found by branch and bound: exact
    unless SEARCH_BUDGET runs out, then the best seen. `sides`: the same arrangement's Sides, when made."""
    sides = sides or Sides(geo, blocks, sizes)
    n = sides.n
    best = sides.clockwise()

    def settled() -> bool:
        return True in best and (strict or best[True][0] <= limit)

    def bound() -> float:
        return best[True][0] if settled() else min(found[0] for found in best.values())

    if True in best and best[True][0] <= limit:
        return Assignment(best[True][1], best[True][0])
    # Depth first, each block tried first on the emptier side. Adding a block never raises a
    # stack's bottom, so a partial split already as full as the best one cannot lead to a better one.
    budget = SEARCH_BUDGET
    pending = [sides.root()]
    # `best` changes only at complete splits, so the bound is worked out again only then.
    done, cut = settled(), bound() - 1e-9
    while pending and budget > 0:
        node = pending.pop()
        i, split, bottoms, _, inks = node
        worst = sides.worst_of(bottoms)
        if worst >= cut:
            continue
        if done and sides.too_much_ink(split, inks):
            continue
        if i == n:
            even = sides.balanced(split[0])
            if even not in best or worst < best[even][0]:
                best[even] = (worst, split)
                done, cut = settled(), bound() - 1e-9
            continue
        budget -= 2
        sides.grow(pending, node, over=cut)
    worst, split = best[True] if settled() else min(best.values(), key=lambda found: found[0])
    return Assignment(split, worst)


def keeps_within(geo: Geometry, blocks: list[BlockModel], sizes: Sizes, limit: float, strict: bool = True, sides: Sides | None = None) -> bool | None:
    """Whether `assign(geo, blocks, sizes, limit, strict)` keeps within `limit`, and by more than
    UNSURE either way; None when that cannot be told this way (the caller then asks `assign`).

    Told only where `assign`'s search is exhaustive (at most EXACT_BLOCKS blocks) and what it returns
    is plain: strict with a balanced clockwise split known from the start, it keeps within `limit`
    exactly when some balanced split its text-area rule does not cut off does; not strict, when any
    split does (the rule applies only once a balanced one within the limit is found). A partial split
    already over the limit cannot lead to one, so it is given up at once, where `assign` goes on
    looking for the least full split; a fill within UNSURE of the limit leaves the answer to `assign`.

    Strict with no balanced clockwise split, `assign` returns the fill of some split found at or
    under its bound, which starts at the least full clockwise split and never rises: within `limit`
    when that clockwise split is, and over it when every split is. In between it depends on which
    split its search meets first (a balanced one over the limit may come before an unbalanced one
    within it), so only `assign` can tell.
    """
    if len(blocks) > EXACT_BLOCKS:
        return None
    sides = sides or Sides(geo, blocks, sizes)
    if strict and not sides.clockwise_balanced():
        # An arrangement that fails is told by the search alone, without packing the clockwise splits.
        if _any_within(sides, limit, False) is False:
            return False
        least = min(found[0] for found in sides.clockwise().values())
        return True if least < limit - UNSURE else None
    best = sides.clockwise()
    # What assign would return if its search found nothing better than the clockwise splits.
    starts = [best[True][0]] if strict else [found[0] for found in best.values()]
    if any(abs(start - limit) <= UNSURE for start in starts):
        return None
    if min(starts) < limit:
        return True
    return _any_within(sides, limit, strict)


def fuller_than(sides: Sides, fill: float) -> bool:
    """Whether every split of the arrangement fills more than `fill`, by more than UNSURE (so the one
    `assign` finds does too); False also when that cannot be told (more than EXACT_BLOCKS blocks)."""
    return sides.n <= EXACT_BLOCKS and _any_within(sides, fill, False) is False


def _any_within(sides: Sides, limit: float, strict: bool) -> bool | None:
    """The search `keeps_within` ends with: True when some split its rules reach keeps within `limit`,
    None when one comes within UNSURE of it first, else False. Depth first, each block tried first on
    the emptier side, as `Sides.grow` does; the checks of `Sides.worst_of`, `too_much_ink`,
    `balanced`, `least_end` and `fill` are written out here (the same sums), as a failing arrangement
    is searched through node by node."""
    n = sides.n
    over, under = limit + UNSURE, limit - UNSURE
    ink, choices, regions, gap = sides.ink, sides.choices, sides.geo.regions, sides.gap
    reach, height = sides.reach, sides.height
    most, margin = sides.most_ink, sides.ink_margin
    tops = (regions[0].rect.y, regions[1].rect.y)
    heights = (regions[0].rect.height, regions[1].rect.height)
    root = sides.root()
    if strict and (sides.too_much_ink(root[1], root[4]) or not (n > 0 or sides.balanced(root[1][0]))):
        return False
    pending = [root]
    while pending:
        node = pending.pop()
        i, split, bottoms, takens, inks = node
        right = (bottoms[0] - tops[0]) / heights[0]
        left = (bottoms[1] - tops[1]) / heights[1]
        worst = left if left > right else right
        if worst > over:
            continue
        if worst >= under:
            return None
        if i == n:
            return True
        block_ink, choice = ink[i], choices[i] or sides.shaped(i)
        emptier = 0 if bottoms[0] - tops[0] <= bottoms[1] - tops[1] else 1
        for side in (1 - emptier, emptier):  # the last pushed is tried first
            if side == 0:
                grown, grown_inks = ((*split[0], i), split[1]), (inks[0] + block_ink, inks[1])
            else:
                grown, grown_inks = (split[0], (*split[1], i)), (inks[0], inks[1] + block_ink)
            if strict:
                fuller = grown_inks[0] if grown_inks[0] > grown_inks[1] else grown_inks[1]
                if fuller > most + margin:
                    continue
                if fuller >= most - margin and max(sum(ink[j] for j in part) for part in grown) > most:
                    continue
                if i + 1 == n and not sides.balanced(grown[0]):
                    continue
            taken, top = takens[side], tops[side]
            if over < INF:
                y, block_reach = top, reach[i]
                for start, _, bottom, link in taken:
                    if start < block_reach and bottom + gap > y and not link:
                        y = bottom + gap
                if (y + height[i] - top) / heights[side] > over:
                    continue
            end, _, _, _, taken = place_block(regions[side], taken, choice, gap)
            _push(pending, node, side, grown, grown_inks, end, taken)
    return False


def _push(pending: list[Node], node: Node, side: int, grown: Split, grown_inks: tuple[float, float], end: float, taken: Taken) -> None:
    """Queue `node` with its next block placed on `side` (ending at `end`, that side's blocks now `taken`)."""
    i, _, bottoms, takens, _ = node
    bottom = bottoms[side]
    if end > bottom:
        bottom = end
    if side == 0:
        pending.append((i + 1, grown, (bottom, bottoms[1]), (taken, takens[1]), grown_inks))
    else:
        pending.append((i + 1, grown, (bottoms[0], bottom), (takens[0], taken), grown_inks))
