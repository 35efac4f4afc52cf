"""The seed's layout geometry: fitted, balanced, inside the frame, no overlaps, no connector through text;
what the layout says when it cannot fit, in numbers."""

from __future__ import annotations

import dataclasses

import pytest

from ijprint.fonts import FontMeasure
from ijprint.layout.boxes import MindMapLayout, Rect
from ijprint.layout.check import layout_problems
from ijprint.layout.measure import FixedMeasure, Measure
from ijprint.layout.mindmap import MapOverflow, layout_mindmap
from ijprint.layout.tree import MaxDepthError, map_tree
from ijprint.model import Document, plain, walk
from ijprint.render.page_specs import map_page

MEASURE = FontMeasure()


def _layout(document: Document, style, faces, max_depth: int | None = None, measure: Measure = MEASURE) -> MindMapLayout:
    return layout_mindmap(document, map_page(style, faces), measure, max_depth)


@pytest.fixture(scope="module")
def seed_layout(seed_document, default_style, faces):
    return _layout(seed_document, default_style, faces)


def test_seed_fits_a4_landscape_at_8_pt_or_more(seed_layout, default_style):
    assert (seed_layout.paper, seed_layout.orientation) == ("A4", "landscape")
    assert seed_layout.smallest_size >= 8.0
    assert seed_layout.smallest_size >= default_style.floor


def test_seed_layout_has_no_broken_invariant(seed_layout, default_style):
    assert layout_problems(seed_layout, default_style.floor) == []


def test_every_node_is_placed_once(seed_layout, seed_document):
    placed = [node.node_id for node in seed_layout.nodes]
    assert sorted(placed) == sorted(node.id for _, node in walk(seed_document.sections))
    assert seed_layout.hidden_nodes == 0


def test_sizes_shrink_with_depth_and_connectors_taper(seed_layout):
    by_depth: dict[int, set[float]] = {}
    for node in seed_layout.nodes:
        by_depth.setdefault(node.depth, set()).update(line.size for line in node.lines)
    depths = sorted(by_depth)
    for upper, lower in zip(depths, depths[1:]):
        assert min(by_depth[upper]) >= max(by_depth[lower])
    widths = {c.depth: c.width for c in seed_layout.connectors}
    assert [widths[d] for d in sorted(widths)] == sorted(widths.values(), reverse=True)


def test_map_uses_both_sides_and_the_space_above_and_below_the_centre(seed_layout):
    centre = seed_layout.centre_box
    left = [b for b in seed_layout.blocks if b.box.x + b.box.width / 2 < centre.x + centre.width / 2]
    right = [b for b in seed_layout.blocks if b not in left]
    assert left and right
    over_centre = [b for b in seed_layout.blocks if b.box.x < centre.right and b.box.right > centre.x]
    assert over_centre, "no block uses the band above or below the central topic"
    area = lambda blocks: sum(b.box.width * b.box.height for b in blocks)  # noqa: E731
    assert min(area(left), area(right)) / max(area(left), area(right)) > 0.5


def test_letter_and_portrait_and_auto_also_fit(seed_document, default_style, faces):
    for changes in ({"paper": "Letter"}, {"orientation": "portrait"}, {"orientation": "auto"}, {"paper": "A3"}):
        style = dataclasses.replace(default_style, **changes)
        layout = _layout(seed_document, style, faces)
        assert layout_problems(layout, style.floor) == [], changes
        assert layout.smallest_size >= 8.0


def test_auto_orientation_never_gives_smaller_text(seed_document, default_style, faces):
    sizes = {o: _layout(seed_document, dataclasses.replace(default_style, orientation=o), faces).smallest_size for o in ("landscape", "portrait", "auto")}
    assert sizes["auto"] >= max(sizes["landscape"], sizes["portrait"]) - 1e-9


def test_max_depth_folds_levels_into_counted_markers(seed_document, default_style, faces):
    layout = _layout(seed_document, default_style, faces, max_depth=2)
    assert max(node.depth for node in layout.nodes) == 2
    total = len(walk(seed_document.sections))
    assert len(layout.nodes) + layout.hidden_nodes == total
    folded = [node for node in layout.nodes if node.hidden]
    assert folded and all(f"+{node.hidden}" in " ".join(line.text for line in node.lines) for node in folded)
    assert layout_problems(layout, default_style.floor) == []


def test_max_depth_below_one_is_refused_with_the_depth(seed_document, default_style, faces):
    with pytest.raises(MaxDepthError) as caught:
        map_tree(seed_document.sections, 0)
    assert caught.value.max_depth == 0
    with pytest.raises(MaxDepthError):
        _layout(seed_document, default_style, faces, max_depth=-1)


def test_layout_runs_on_a_fake_measure_without_fonts(seed_document, default_style, faces):
    layout = _layout(seed_document, default_style, faces, measure=FixedMeasure(0.5))
    assert layout_problems(layout, default_style.floor) == []


def test_floor_is_never_crossed_to_fit(seed_document, default_style, faces):
    tiny = dataclasses.replace(default_style, paper="A4", margins=dataclasses.replace(default_style.margins, left=250, right=250, top=120, bottom=120))
    with pytest.raises(MapOverflow) as caught:
        _layout(seed_document, tiny, faces)
    overflow = caught.value
    assert (overflow.paper, overflow.orientations, overflow.floor) == ("A4", ("landscape",), 7.0)
    assert overflow.fill > 1.0 and overflow.extra_percent == max(1, round((overflow.fill - 1) * 100))
    sizes = [count for _, count in overflow.largest]
    assert len(sizes) == min(3, len(seed_document.sections)) and sizes == sorted(sizes, reverse=True)
    assert {label for label, _ in overflow.largest} <= {plain(node.label) for node in seed_document.sections}


def test_rect_overlap_basics():
    assert Rect(0, 0, 10, 10).overlaps(Rect(5, 5, 10, 10))
    assert not Rect(0, 0, 10, 10).overlaps(Rect(10, 0, 10, 10))
