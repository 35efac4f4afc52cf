"""The fit search's fast path against the plain search it replaced (plain_fit_search.py, the code as it
was): on random trees, pages and sizes both settle on the same sizes, arrangement, split and fill, or
report the same overflow; where `keeps_within` answers, `assign` keeps within the limit exactly then."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from ijprint.fonts import FontMeasure
from ijprint.layout.arrange import KINDS, geometry
from ijprint.layout.boxes import Rect
from ijprint.layout.branch_block import BlockModel
from ijprint.layout.fit import GAMMAS, Page, search, sizes_at
from ijprint.layout.sides import assign, keeps_within
from ijprint.layout.tree import deepest, map_tree
from ijprint.model import Document, Metadata, Node, Span

_spec = importlib.util.spec_from_file_location("plain_fit_search", Path(__file__).with_name("plain_fit_search.py"))
plain = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plain)  # type: ignore[union-attr]

# `make test` runs these counts; `make fuzz` (IJPRINT_FUZZ_SCALE=20) twenty times as many.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))
SEARCHES = max(1, round(20 * SCALE))
SPLITS = max(1, round(60 * SCALE))

WORDS = "trade corridor summit defence energy exchange pledge partnership investment security policy dialogue monsoon".split()


@st.composite
def documents(draw: st.DrawFn, most_branches: int = 12) -> Document:
    """A topic of 1 to `most_branches` branches (more than 9 for the fallback of the fast path), each
    with up to five children and a few grandchildren, labels of one to seven words. Often the
    branches are about equally big, as the sides are then easily balanced and the fast path answers."""
    made = [0]
    alike = draw(st.booleans())
    spread = (draw(st.integers(0, 4)), draw(st.integers(0, 3)))

    def node(depth: int) -> Node:
        made[0] += 1
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7))
        if alike and depth <= 2:
            count = spread[depth - 1] + draw(st.integers(0, 1))
        else:
            count = draw(st.integers(0, (5, 4, 2, 0)[min(depth, 3)]))
        return Node(id=f"n{made[0]}", label=(Span(" ".join(words)),), children=tuple(node(depth + 1) for _ in range(count)))

    branches = draw(st.integers(1, most_branches))
    return Document(Metadata(title="Random"), tuple(node(1) for _ in range(branches)))


areas = st.builds(Rect, st.just(30.0), st.just(60.0), st.floats(300.0, 1600.0), st.floats(250.0, 1100.0))


def _blocks(document: Document, faces, numbers: bool) -> tuple[list[BlockModel], int]:
    measure = FontMeasure()
    names = (faces.regular, faces.bold, faces.italic)
    roots = map_tree(document.sections)
    blocks = [BlockModel(i, root, names, measure, f"{i + 1}." if numbers else "", numbers) for i, root in enumerate(roots)]
    return blocks, max(2, deepest(roots))


def _pills(two: bool):
    """The central topic's candidate sizes: one pill, or a wide one and a narrower, taller one."""
    if two:
        return lambda sizes: [(8 * sizes.size(0), 2.5 * sizes.size(0)), (5 * sizes.size(0), 3.6 * sizes.size(0))]
    return lambda sizes: [(7 * sizes.size(0), 2.5 * sizes.size(0))]


@settings(max_examples=SEARCHES, deadline=None)
@given(documents(), areas, st.booleans(), st.booleans(), st.booleans(), st.sampled_from([7.0, 8.5]), st.sampled_from([1.0, 1.6]))
def test_the_fast_search_settles_where_the_plain_search_does(default_style, faces, document, area, portrait_too, two_pills, numbers, floor, growth) -> None:
    pages = [Page("landscape", area, _pills(two_pills))]
    if portrait_too:
        pages.append(Page("portrait", Rect(area.x, area.y, area.height, area.width), _pills(two_pills)))
    fast_blocks, depth = _blocks(document, faces, numbers)
    plain_blocks, _ = _blocks(document, faces, numbers)
    fast = search(pages, fast_blocks, default_style.level_size, depth, floor, growth)
    reference = plain.search(pages, plain_blocks, default_style.level_size, depth, floor, growth)
    assert fast == reference
    event(f"{type(fast).__name__} of {len(fast_blocks) if len(fast_blocks) < 10 else 'ten or more'} blocks")


@settings(max_examples=SPLITS, deadline=None)
@given(documents(9), areas, st.sampled_from(KINDS), st.booleans(), st.floats(7.0, 12.0), st.sampled_from(GAMMAS), st.floats(0.9, 1.1), st.sampled_from([True, True, True, False]))
def test_keeps_within_agrees_with_the_split_assign_finds(default_style, faces, document, area, kind, two_pills, smallest, gamma, near, strict) -> None:
    blocks, depth = _blocks(document, faces, False)
    sizes = sizes_at(default_style.level_size, depth, smallest, gamma)
    geo = geometry(kind, area, _pills(two_pills)(sizes)[-1], sizes)
    if geo is None:
        return
    # A limit near the fill of the least full split, where the answer is hardest to get right.
    limit = assign(geo, blocks, sizes, float("inf"), strict).worst_fill * near
    found = assign(geo, blocks, sizes, limit, strict)
    assert found == plain.assign(geo, blocks, sizes, limit, strict)
    told = keeps_within(geo, blocks, sizes, limit, strict)
    event(f"keeps_within: {told}")
    if told is not None:
        assert told == (found.worst_fill <= limit) and abs(found.worst_fill - limit) > 1e-7


@pytest.mark.parametrize("count", [100, 206, 300])
def test_the_fast_search_settles_where_the_plain_search_does_on_large_maps(default_style, faces, grown_topic, count: int) -> None:
    a3 = Rect(28.3, 54.0, 1133.9, 735.8)
    pages = [Page("landscape", a3, _pills(True)), Page("portrait", Rect(28.3, 54.0, 785.2, 1084.5), _pills(True))]
    fast_blocks, depth = _blocks(grown_topic(count), faces, False)
    plain_blocks, _ = _blocks(grown_topic(count), faces, False)
    fast = search(pages, fast_blocks, default_style.level_size, depth, 7.0)
    assert fast == plain.search(pages, plain_blocks, default_style.level_size, depth, 7.0)
