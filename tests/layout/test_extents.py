"""Span-cached extents: a label's wrap and a subtree's height hold over the span the cache claims, and a
block measured through the cache gives exactly what a fresh block gives, section numbers included."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.fonts import FontMeasure
from ijprint.layout.branch_block import BlockModel, Sizes
from ijprint.layout.extents import ExtentCache, extent_span
from ijprint.layout.tree import map_tree
from ijprint.layout.wrap import wrap_extent

# `make test` runs this many examples per property; `make fuzz` (IJPRINT_FUZZ_SCALE=20) twenty times as many.
EXAMPLES = max(1, round(100 * float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))))

widths = st.floats(min_value=0.5, max_value=60.0, allow_nan=False)
metrics = st.lists(st.tuples(st.floats(min_value=0.1, max_value=0.4), st.floats(min_value=0.2, max_value=12.0)), max_size=12).map(
    lambda words: tuple((0.0 if index == 0 else gap, word) for index, (gap, word) in enumerate(words))
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(metrics, widths, st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=8))
def test_an_extent_holds_over_its_whole_span(label: tuple, width: float, shares: list[float]) -> None:
    found = extent_span(label, width)
    if found is None:
        assert wrap_extent(label, width) is None
        return
    count, widest, low, high = found
    assert wrap_extent(label, width) == (count, widest) and low <= width < high
    for share in shares:
        inside = low + share * (min(high, low + 100.0) - low)
        if low <= inside < high:
            assert wrap_extent(label, inside) == (count, widest)


def test_the_cache_answers_only_for_the_metrics_it_measured() -> None:
    cache = ExtentCache()
    short = ((0.0, 2.0), (0.3, 2.0))
    longer = ((0.0, 2.0), (0.3, 9.0))
    assert cache.extent("a", short, 10.0)[:2] == (1, 4.3)
    # Same label, metrics at another section-number scale: worked out again, not the stale span.
    assert cache.extent("a", longer, 10.0)[:2] == (2, 9.0)


def _sizes(scale: float) -> Sizes:
    return Sizes(tuple(size * scale for size in (16.0, 12.0, 10.5, 9.5, 9.0, 9.0)))


@settings(max_examples=max(1, EXAMPLES // 4), deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=20.0, max_value=400.0), st.sampled_from([0.6, 0.8, 1.0])), min_size=1, max_size=40))
def test_a_block_measured_through_the_cache_matches_a_fresh_block(seed_document, faces, steps: list[tuple[float, float]]) -> None:
    measure = FontMeasure()
    names = (faces.regular, faces.bold, faces.italic)
    roots = map_tree(seed_document.sections)
    cached = [BlockModel(i, root, names, measure, "", numbers=True) for i, root in enumerate(roots)]
    for column_width, scale in steps:
        sizes = _sizes(scale)
        for index, root in enumerate(roots):
            fresh = BlockModel(index, root, names, measure, "", numbers=True)
            assert cached[index].item_extents(column_width, sizes) == fresh.item_extents(column_width, sizes)
