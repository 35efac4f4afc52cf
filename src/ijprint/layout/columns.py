"""Item heights -> the items in order split into 1..k contiguous columns, the tallest as short as possible.

The split is the greedy packing at the smallest column height (`cap`) a bisection finds. The
bisection asks "does every item fit under `cap`?" thirty times per shape, and the fit search makes
hundreds of shapes, so that question is answered from one number worked out up front: the least cap
at which the greedy packing succeeds (see `least_cap`). The bisection's steps, and so its result,
stay exactly those of asking the greedy packing itself.
"""

from __future__ import annotations

from bisect import bisect_right

BISECTION_STEPS = 30


def split_columns(heights: list[float], columns: int, gap: float) -> list[list[int]]:
    """Items in order into `columns` contiguous groups, making the tallest group as short as possible."""
    if not heights:
        return [[]]
    if columns <= 1:
        return [list(range(len(heights)))]
    totals = _totals(heights, gap)
    low, high = max(heights), sum(heights) + gap * len(heights)
    # With a column for every item each fits alone, so the greedy packing succeeds from the tallest on.
    least = low if columns >= len(heights) else _least_of(totals, heights, gap, columns)
    # The bisection ends at a cap at least `least` and less than `reach` above it. The greedy packing
    # compares only column totals with its cap, so when no total lies in between it packs at that cap
    # as it does at `least` itself, and the bisection need not run. (A quarter of the width to spare
    # for the midpoints' rounding.)
    above = bisect_right(totals, least)
    if above < len(totals) and totals[above] <= least + (high - low) / 2**BISECTION_STEPS * 4:
        for _ in range(BISECTION_STEPS):
            cap = (low + high) / 2
            if cap < least:  # exactly when greedy_groups(heights, cap, gap, columns) is None
                low = cap
            else:
                high = cap
    else:
        high = least
    groups = greedy_groups(heights, high, gap, columns) or [list(range(len(heights)))]
    return [group for group in groups if group] or [[]]


def greedy_groups(heights: list[float], cap: float, gap: float, columns: int) -> list[list[int]] | None:
    """Items in order, each column filled while its total stays within `cap`; None if more columns are needed."""
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


def least_cap(heights: list[float], gap: float, columns: int) -> float:
    """The smallest `cap` at which `greedy_groups` succeeds.

    A column's total is summed as `greedy_groups` sums it (its first height, then height + gap for
    each further item, left to right), so the floats are the same. Such a total never falls when an
    item is added at its end nor rises when one is dropped from its start, so the greedy packing
    succeeds at `cap` exactly when some split into at most `columns` columns keeps every total
    within `cap`. The least such cap is the tallest column of some split, so it is one of the totals
    of a run of consecutive items: the least of them at which the greedy packing succeeds, found by
    bisecting over them sorted (success only ever starts at a larger cap, never stops).
    """
    return _least_of(_totals(heights, gap), heights, gap, columns)


def _totals(heights: list[float], gap: float) -> list[float]:
    """Every run of consecutive items' column total, summed as `greedy_groups` sums it, in order."""
    count = len(heights)
    totals = []
    for start in range(count):
        total = heights[start]
        totals.append(total)
        for end in range(start + 1, count):
            total += heights[end] + gap
            totals.append(total)
    totals.sort()
    return totals


def _least_of(totals: list[float], heights: list[float], gap: float, columns: int) -> float:
    """`least_cap` from the column totals (`_totals`)."""
    low, high = 0, len(totals) - 1  # the packing succeeds at the largest total: every item in one column
    while low < high:
        middle = (low + high) // 2
        if _packs(heights, totals[middle], gap, columns):
            high = middle
        else:
            low = middle + 1
    return totals[high]


def _packs(heights: list[float], cap: float, gap: float, columns: int) -> bool:
    """Whether `greedy_groups(heights, cap, gap, columns)` succeeds, by its sums, without the groups."""
    used = -1.0  # no item in the column yet
    column = 1
    for height in heights:
        extra = height + gap if used >= 0.0 else height
        if used >= 0.0 and used + extra > cap:
            if column == columns:
                return False
            column += 1
            used = -1.0
            extra = height
        if extra > cap:
            return False
        used = extra if used < 0.0 else used + extra
    return True
