"""The column split: the least cap is exactly where the greedy packing starts to succeed."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from ijprint.layout.columns import BISECTION_STEPS, greedy_groups, least_cap, split_columns

heights_st = st.lists(st.floats(min_value=0.01, max_value=500, allow_nan=False), min_size=1, max_size=14)
gap_st = st.sampled_from([0.0, 0.1, 2.5, 3.3333333333333335, 7.7])


@given(heights_st, gap_st, st.integers(min_value=2, max_value=5))
def test_least_cap_is_the_greedy_threshold(heights, gap, columns):
    # split_columns stands in "cap < least_cap" for "greedy_groups fails at cap": both must agree
    # on every float, or the split (and so the page) would change.
    cap = least_cap(heights, gap, columns)
    assert greedy_groups(heights, cap, gap, columns) is not None
    assert greedy_groups(heights, math.nextafter(cap, -math.inf), gap, columns) is None


def _split_by_asking_greedy(heights, columns, gap):
    low, high = max(heights), sum(heights) + gap * len(heights)
    for _ in range(BISECTION_STEPS):
        cap = (low + high) / 2
        if greedy_groups(heights, cap, gap, columns) is None:
            low = cap
        else:
            high = cap
    groups = greedy_groups(heights, high, gap, columns) or [list(range(len(heights)))]
    return [group for group in groups if group] or [[]]


@given(heights_st, gap_st, st.integers(min_value=2, max_value=5))
def test_split_matches_a_bisection_over_the_greedy_packing(heights, gap, columns):
    assert split_columns(heights, columns, gap) == _split_by_asking_greedy(heights, columns, gap)


def test_split_keeps_order_and_evens_out_columns():
    groups = split_columns([10.0, 10.0, 10.0, 10.0], 2, 1.0)
    assert groups == [[0, 1], [2, 3]]
    assert split_columns([5.0, 1.0], 1, 1.0) == [[0, 1]]
    assert split_columns([], 3, 1.0) == [[]]
