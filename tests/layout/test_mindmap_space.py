"""How a map uses its page: a small topic grows, blocks are tight to their text, the drawing sits centred, sides balance."""

from __future__ import annotations

import dataclasses

import pytest

from ijprint.fonts import FontMeasure
from ijprint.layout.boxes import MindMapLayout, Rect, sample_connector, union
from ijprint.layout.branch_block import COLUMN_GAP, INDENT
from ijprint.layout.check import layout_problems
from ijprint.layout.fit import GROWTH
from ijprint.layout.mindmap import layout_mindmap
from ijprint.model import Document, Metadata, Node, Span
from ijprint.render.page_specs import map_page

MEASURE = FontMeasure()


def _node(node_id: str, label: str, *children: Node) -> Node:
    return Node(id=node_id, label=(Span(label),), children=children)


def photosynthesis() -> Document:
    """The example of docs/content-format.md: three branches, two leaves."""
    inputs = _node("inputs", "Inputs", _node("light", "Light"), _node("co2", "Carbon dioxide"))
    return Document(Metadata(title="Photosynthesis", subtitle="How plants turn light into sugar"), (inputs, _node("outputs", "Outputs"), _node("history", "History")))


def medium() -> Document:
    """About thirty nodes on three levels, labels of one to four words."""
    words = "trade corridor summit defence energy exchange pledge partnership investment security policy dialogue".split()
    counter = iter(range(1000))

    def label() -> str:
        k = next(counter)
        return " ".join(words[(k * 5 + i * 3) % len(words)] for i in range(1 + k % 4)).capitalize()

    shape = [[2, 0, 3], [1, 2], [0, 2, 1, 0], [3], [1, 1, 0]]
    branches = []
    for b, items in enumerate(shape):
        kids = [_node(f"b{b}.{i}", label(), *(_node(f"b{b}.{i}.{j}", label()) for j in range(leaves))) for i, leaves in enumerate(items)]
        branches.append(_node(f"b{b}", label(), *kids))
    return Document(Metadata(title="Medium synthetic topic"), tuple(branches))


@pytest.fixture(scope="module")
def layouts(seed_document, default_style, faces) -> dict[str, MindMapLayout]:
    return {name: layout_mindmap(document, map_page(default_style, faces), MEASURE) for name, document in (("seed", seed_document), ("small", photosynthesis()), ("medium", medium()))}


def _ink(layout: MindMapLayout) -> Rect:
    points = [point for connector in layout.connectors for point in sample_connector(connector, 8)]
    return union([layout.centre_box, *(node.box for node in layout.nodes), *(Rect(x, y, 0.0, 0.0) for x, y in points)])


def test_every_layout_is_sound(layouts, default_style):
    for name, layout in layouts.items():
        assert layout_problems(layout, default_style.floor) == [], name


def test_a_small_topic_grows_beyond_the_style_sizes_up_to_the_cap(layouts, default_style):
    layout = layouts["small"]
    for node in [layout.centre, *layout.nodes]:
        size = node.lines[0].size
        assert 1.3 * default_style.level_size(node.depth) <= size <= GROWTH * default_style.level_size(node.depth) + 1e-6, node.label


def test_a_small_topic_spreads_across_the_page(layouts):
    layout = layouts["small"]
    assert _ink(layout).width >= 0.5 * layout.map_area.width
    # Its header and footer stay ordinary text: the map grows, the chrome does not follow it.
    assert max(line.size for line in (*layout.header, *layout.footer)) < min(line.size for node in layout.nodes for line in node.lines)


def test_a_medium_topic_fills_most_of_the_page_at_grown_sizes(layouts, default_style):
    layout = layouts["medium"]
    assert min(line.size for node in layout.nodes for line in node.lines) > default_style.level_size(3)
    ink = _ink(layout)
    assert ink.width >= 0.85 * layout.map_area.width and ink.height >= 0.75 * layout.map_area.height


def test_the_drawing_is_centred_in_the_map_area(layouts):
    for name, layout in layouts.items():
        ink, area = _ink(layout), layout.map_area
        # Tapered connectors reach up to half their width beyond their centre line.
        assert abs((ink.x + ink.right) - (area.x + area.right)) / 2 <= 3.0, name
        assert abs((ink.y + ink.bottom) - (area.y + area.bottom)) / 2 <= 3.0, name


def test_blocks_are_no_wider_than_their_text(layouts):
    for name, layout in layouts.items():
        for block in layout.blocks:
            lines = [line for node in layout.nodes if node.branch == block.branch for line in node.lines]
            assert block.box.x == pytest.approx(min(line.x for line in lines), abs=0.01), (name, block.title)
            assert block.box.right == pytest.approx(max(line.x + line.width for line in lines), abs=0.01), (name, block.title)
            (x0, _), (x1, _) = block.rule
            assert (x0, x1) == pytest.approx((block.box.x, block.box.right), abs=0.01)


def test_columns_of_a_block_sit_one_gap_apart(layouts):
    for name, layout in layouts.items():
        for block in layout.blocks:
            nodes = [node for node in layout.nodes if node.branch == block.branch and node.depth >= 2]
            starts = sorted({round(node.lines[0].x, 2) for node in nodes if node.depth == 2})
            if len(starts) < 2:
                continue
            size2 = next(node.lines[0].size for node in nodes if node.depth == 2)
            for start, following in zip(starts, starts[1:]):
                right = max(line.x + line.width for node in nodes for line in node.lines if start - 0.01 <= line.x < following - 0.01)
                assert following - right == pytest.approx((COLUMN_GAP + INDENT) * size2, abs=0.01), (name, block.title)


@pytest.mark.parametrize("changes", [{}, {"paper": "Letter"}, {"orientation": "portrait"}, {"paper": "A3"}])
def test_seed_sides_hold_text_areas_within_15_percent_at_9_pt_or_more(seed_document, default_style, faces, changes):
    layout = layout_mindmap(seed_document, map_page(dataclasses.replace(default_style, **changes), faces), MEASURE)
    side = {block.branch: block.region for block in layout.blocks}
    areas = {"left": 0.0, "right": 0.0}
    for node in layout.nodes:
        areas[side[node.branch]] += sum(line.box.width * line.box.height for line in node.lines)
    assert min(areas.values()) >= 0.85 * max(areas.values())
    assert layout.smallest_size >= 9.0


def test_main_connectors_taper_from_the_centre_into_the_heading_rule(layouts):
    for name, layout in layouts.items():
        rules = {block.branch: block.rule_width for block in layout.blocks}
        main = [connector for connector in layout.connectors if connector.depth == 1]
        assert len(main) == len(layout.blocks)
        for connector in main:
            assert connector.end_width == pytest.approx(rules[connector.branch]), name
            assert connector.width > 1.5 * connector.end_width, name
