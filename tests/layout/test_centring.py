"""Centring the map and sizing its header: the boxes built once in their final place are those moving them twice
gives, to the last bit; header and footer follow the map's smallest text, found by one fit search."""

from __future__ import annotations

import dataclasses
import math

import pytest

import ijprint.layout.mindmap as mindmap
from ijprint.fonts import FontMeasure
from ijprint.layout.arrange import place
from ijprint.layout.boxes import Rect, union
from ijprint.layout.branch_block import BlockModel
from ijprint.layout.centring import centring_shift, ink, moved
from ijprint.layout.fit import Page, search
from ijprint.layout.sides import min_column
from ijprint.layout.tree import deepest, map_tree
from ijprint.render.page_specs import map_page

MEASURE = FontMeasure()


@pytest.fixture(scope="module", params=["seed", "grown"])
def placed(request, seed_document, grown_topic, default_style, faces):
    """A fitted map's blocks as `place` leaves them, and its centre and area."""
    document = seed_document if request.param == "seed" else grown_topic(120)
    names = (faces.regular, faces.bold, faces.italic)
    roots = map_tree(document.sections)
    blocks = [BlockModel(i, root, names, MEASURE, "", True) for i, root in enumerate(roots)]
    area = Rect(28.3, 60.0, 785.0, 500.0)
    page = Page("landscape", area, lambda sizes: [(8 * sizes.size(0), 2.5 * sizes.size(0))])
    fit = search([page], blocks, default_style.level_size, max(2, deepest(roots)), 6.0)
    return place(fit.geometry, fit.assignment, blocks, fit.sizes, min_column(fit.sizes)), fit.geometry.centre, area


def test_the_boxes_built_in_place_are_the_boxes_moved_twice(placed):
    items, centre, area = placed
    once_nodes = [node.shifted(item.dx, item.dy) for item in items for node in item.block.nodes]
    once_connectors = []
    for item in items:
        once_connectors += [connector.shifted(item.dx, item.dy) for connector in item.block.connectors]
        once_connectors.append(item.link)
    points = [point for connector in once_connectors for segment in connector.segments for point in segment]
    expected_ink = union([centre, *(node.box for node in once_nodes), *(Rect(x, y, 0.0, 0.0) for x, y in points)])
    assert ink(centre, items) == expected_ink
    dx, dy = centring_shift(area, expected_ink)
    assert (dx, dy) != (0.0, 0.0)  # the drawing really moves, so the sums are tested
    nodes, connectors, outlines = moved(items, dx, dy)
    assert nodes == [node.shifted(dx, dy) for node in once_nodes]
    assert connectors == [connector.shifted(dx, dy) for connector in once_connectors]
    assert outlines == [item.outline.shifted(dx, dy) for item in items]


def test_header_and_footer_follow_the_maps_smallest_text_in_one_search(grown_topic, default_style, faces, monkeypatch):
    searches = []

    def counted(*args, **kwargs):
        searches.append(args)
        return search(*args, **kwargs)

    monkeypatch.setattr(mindmap, "search", counted)
    page = map_page(dataclasses.replace(default_style, paper="A3"), faces)
    layout = mindmap.layout_mindmap(grown_topic(206, "Grown topic"), page, MEASURE)
    assert len(searches) == 1
    smallest = min(line.size for node in layout.nodes for line in node.lines)
    # The case where the header shrinks with the map: under body text, above the least header size.
    assert page.small_size + 0.1 < smallest < page.body_size
    chrome = math.floor(smallest * 10 + 1e-6) / 10
    assert [line.size for line in layout.header] == [max(chrome * 1.3, page.floor)]
    assert all(line.size == chrome for line in layout.footer)
