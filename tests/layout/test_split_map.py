"""The split map's sheets as geometry: every sheet sound at the floor, every node on some sheet, every
"continued on page N" cue pointing at the page that carries the branch, nesting and numbering kept."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ijprint.fonts import FontMeasure
from ijprint.layout.check import layout_problems
from ijprint.layout.mindmap import MapOverflow, layout_mindmap
from ijprint.layout.split_map import MapSheet, cuts_words, split_mindmap
from ijprint.model import Document, Metadata, Node, Span, walk
from ijprint.render.page_specs import map_page
from ijprint.style import load_style

MEASURE = FontMeasure()
CUE = re.compile(r"continued\s+on\s+page\s+(\d+)")


@pytest.fixture(scope="module")
def large_print():
    return load_style("large-print")


def _page(style, faces, **changes):
    return dataclasses.replace(map_page(style, faces), **changes)


def _tree(prefix: str, shape: tuple[int, ...]) -> tuple[Node, ...]:
    """`shape[0]` nodes with ids `prefix.i` and labels "Item prefix.i", each with `shape[1:]` below it."""
    if not shape:
        return ()
    return tuple(Node(f"{prefix}.{i}", (Span(f"Item {prefix}.{i}"),), children=_tree(f"{prefix}.{i}", shape[1:])) for i in range(shape[0]))


def _deep() -> Document:
    """Three branches; the middle one too big for a page of its own at 14 pt on A4."""
    small = Node("a", (Span("Branch a"),), children=_tree("a", (2, 2)))
    big = Node("b", (Span("Branch b"),), children=_tree("b", (9, 6, 3)))
    last = Node("c", (Span("Branch c"),), children=_tree("c", (2, 2)))
    return Document(Metadata(title="Deep topic", credit="A credit line"), (small, big, last))


def _header(sheet: MapSheet) -> str:
    return " ".join(line.text for line in sheet.layout.header)


def _cues(sheet: MapSheet) -> dict[int, int]:
    """Branch index on the sheet -> the page its cue names."""
    found = {}
    for node in sheet.layout.nodes:
        match = CUE.fullmatch(node.label)
        if match:
            found[node.branch] = int(match.group(1))
    return found


def _check_sheets(sheets: tuple[MapSheet, ...], document: Document, floor: float) -> None:
    for number, sheet in enumerate(sheets, 1):
        assert layout_problems(sheet.layout, floor) == [], number
        assert sheet.layout.smallest_size >= floor - 1e-6
        if number > 1:
            assert f"Page {number} · continued from page " in _header(sheet)
    placed = {node.node_id for sheet in sheets for node in sheet.layout.nodes}
    assert {node.id for _, node in walk(document.sections)} <= placed


def test_the_seed_splits_into_an_overview_and_branch_pages_at_14_pt(seed_document, large_print, faces):
    page = map_page(large_print, faces)
    with pytest.raises(MapOverflow):
        layout_mindmap(seed_document, page, MEASURE)
    sheets = split_mindmap(seed_document, page, MEASURE)
    assert len(sheets) >= 3
    _check_sheets(sheets, seed_document, 14)
    assert all((sheet.layout.paper, sheet.layout.orientation) == ("A4", "portrait") for sheet in sheets)
    assert not any(cuts_words(sheet.layout) for sheet in sheets)
    overview = sheets[0]
    assert overview.title == "Overview" and "Page 1" in _header(overview)
    # Every main branch is on the overview, in its palette colour; each one that goes on names a page
    # whose header names the branch, and whose blocks keep the branch's colour.
    branches = {node.branch: node.label for node in overview.layout.nodes if node.depth == 1}
    assert sorted(branches.values()) == sorted(node.label_text for node in seed_document.sections)
    assert sorted(branches) == list(range(len(seed_document.sections)))
    cues = _cues(overview)
    assert cues
    for branch, target in cues.items():
        assert 2 <= target <= len(sheets)
        assert branches[branch] in _header(sheets[target - 1])
        assert branch in {block.branch for block in sheets[target - 1].layout.blocks}
    # A branch the overview shows in full needs no page of its own.
    for index, section in enumerate(seed_document.sections):
        if not any(child.children for child in section.children):
            assert index not in cues


def test_a_map_that_fits_stays_one_page(seed_document, default_style, faces):
    page = map_page(default_style, faces)
    sheets = split_mindmap(seed_document, page, MEASURE)
    assert len(sheets) == 1
    assert sheets[0].layout == layout_mindmap(seed_document, page, MEASURE)


def test_a_branch_too_big_for_a_page_is_split_one_level_down(large_print, faces):
    document = _deep()
    sheets = split_mindmap(document, map_page(large_print, faces), MEASURE)
    _check_sheets(sheets, document, 14)
    overview_b = next(number for number, sheet in enumerate(sheets, 1) if sheet.layout.centre.label == "Branch b" and _cues(sheet))
    assert sheets[overview_b - 1].outline == 0
    inner = _cues(sheets[overview_b - 1])
    assert len(inner) == 9
    for target in inner.values():
        assert f"continued from page {overview_b}" in _header(sheets[target - 1])
        assert sheets[target - 1].outline == 1
    assert _cues(sheets[0])[1] == overview_b


def test_max_depth_folds_every_sheet_at_the_same_depth(seed_document, large_print, faces):
    sheets = split_mindmap(seed_document, map_page(large_print, faces), MEASURE, max_depth=3)
    assert len(sheets) > 1
    deepest = {node.id for _, node in walk(seed_document.sections) if node.id.count(".") >= 3}
    assert deepest
    placed = {node.node_id for sheet in sheets for node in sheet.layout.nodes}
    assert not deepest & placed
    assert sum(sheet.layout.hidden_nodes for sheet in sheets[1:]) > 0


def test_numbered_branches_keep_their_numbers_on_every_page(large_print, faces):
    document = _deep()
    sheets = split_mindmap(document, _page(large_print, faces, numbered_branches=True), MEASURE)
    headings = {node.label for sheet in sheets for node in sheet.layout.nodes if node.depth == 1}
    assert {"1. Branch a", "3. Branch c"} <= headings
    assert any(label.startswith("2.9 ") for label in headings)
    assert "2. Branch b" in {sheet.layout.centre.label for sheet in sheets}


def test_an_overview_that_cannot_fit_is_a_map_overflow(large_print, faces):
    sections = tuple(Node(f"b{i}", (Span(f"Main branch number {i} with a long label"),), children=_tree(f"b{i}", (3, 2))) for i in range(40))
    with pytest.raises(MapOverflow):
        split_mindmap(Document(Metadata(title="Too wide"), sections), map_page(large_print, faces), MEASURE)
