"""Page specs from styles, and the map layout's refusals as the messages a user reads."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ijprint.errors import PageOverflowError, UsageError
from ijprint.layout.page_spec import PaperSize
from ijprint.model import Document, Metadata, Node, Span
from ijprint.render.page_specs import fact_page, layout_map, map_page
from ijprint.style import PAPER_SIZES_PT


def test_map_page_tries_both_orientations_for_auto_landscape_first(default_style, faces):
    width, height = PAPER_SIZES_PT[default_style.paper]
    auto = map_page(dataclasses.replace(default_style, orientation="auto"), faces)
    assert auto.choices == (PaperSize("landscape", height, width), PaperSize("portrait", width, height))
    portrait = map_page(dataclasses.replace(default_style, orientation="portrait"), faces)
    assert portrait.choices == (PaperSize("portrait", width, height),)
    assert (auto.faces.regular, auto.faces.bold, auto.faces.italic) == (faces.regular, faces.bold, faces.italic)
    assert [auto.level_size(depth) for depth in range(12)] == [default_style.level_size(depth) for depth in range(12)]
    assert auto.margins.left == default_style.margins.left and auto.floor == default_style.floor


def test_fact_page_has_the_paper_both_ways_whatever_the_style_says(default_style):
    page = fact_page(dataclasses.replace(default_style, orientation="landscape"), 20.0)
    assert (page.portrait.orientation, page.landscape.orientation) == ("portrait", "landscape")
    assert page.portrait.width < page.portrait.height and (page.landscape.width, page.landscape.height) == (page.portrait.height, page.portrait.width)
    assert page.footer_height == 20.0 and page.body_size == default_style.body_size


def test_max_depth_below_one_is_a_usage_error(seed_document, default_style, faces):
    with pytest.raises(UsageError) as caught:
        layout_map(seed_document, default_style, faces, max_depth=0)
    assert caught.value.message == "--max-depth 0 hides every branch" and caught.value.hint == "use 1 or more"
    assert caught.value.exit_code == 2


def _crowded() -> Document:
    def node(path: str, depth: int) -> Node:
        kids = tuple(node(f"{path}.{i}", depth + 1) for i in range(7)) if depth < 3 else ()
        return Node(id=path, label=(Span(f"Branch {path} with a long descriptive label"),), children=kids)

    return Document(Metadata(title="Crowded"), tuple(node(f"b{i}", 1) for i in range(6)))


@pytest.mark.parametrize(("orientation", "named"), [("landscape", "A4 landscape"), ("portrait", "A4 portrait"), ("auto", "A4 either orientation")])
def test_overflow_message_names_paper_orientation_floor_and_largest_branches(default_style, faces, orientation, named):
    style = dataclasses.replace(default_style, orientation=orientation)
    with pytest.raises(PageOverflowError) as caught:
        layout_map(_crowded(), style, faces)
    error = caught.value
    assert re.fullmatch(rf"mind map needs (at least )?\d+% more space than {named} at the 7 pt floor; largest branches: ('Branch b\d with a long descriptive label' \(57 nodes\)(, )?){{3}}", error.message)
    assert error.hint == "use larger paper (--paper A3, or A2 to A0 for a wall poster), --max-depth N to fold deeper levels into +k markers, or shorter labels"
