"""Item heights -> the items in order split into 1..k contiguous columns, the tallest as short as possible.

The split is the greedy packing at the smallest column height (`cap`) a bisection finds. The
bisection asks "does every item fit under `cap`?" thirty times per shape, and the fit search makes
hundreds of shapes, so that question is answered from one number worked out up front: the least cap
at which the greedy packing succeeds (see `least_cap`). The bisection's steps, and so its result,
stay exactly those of asking the greedy packing itself.
"""

from __future__ import annotations

BISECTION_STEPS = 30


def split_columns(heights: list[float], columns: int, gap: float) -> list[list[int]]:
    """Items in order into `columns` contiguous groups, making the tallest group as short as possible."""
    if not heights:
        return [[]]
    if columns <= 1:
        return [list(range(len(heights)))]
    least = least_cap(heights, gap, columns)
    low, high = max(heights), sum(heights) + gap * len(heights)
    for _ in range(BISECTION_STEPS):
        cap = (low + high) / 2
        if cap < least:  # exactly when greedy_groups(heights, cap, gap, columns) is None
            low = cap
        else:
            high = cap
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
    within `cap`: the answer is the least tallest total over all splits, found column by column.
    """
    count = len(heights)
    spaced = [height + gap for height in heights]
    # tallest[end]: the least tallest column over splits of items[:end] into the columns so far.
    tallest = [0.0] + [float("inf")] * count
    for _ in range(columns):
        grown = tallest[:]
        for start in range(count):
            before = tallest[start]
            if before == float("inf"):
                continue
            total = heights[start]
            for end in range(start + 1, count + 1):
                if end > start + 1:
                    total += spaced[end - 1]
                candidate = total if total > before else before
                if candidate < grown[end]:
                    grown[end] = candidate
        tallest = grown
    return tallest[count]
