"""The mind-map PDF as a reader checks it: opened with pdfplumber/pypdf, never trusted from the layout."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.colors import HexColor

from ijprint.errors import PageOverflowError
from ijprint.layout.tree import map_tree, tree_size
from ijprint.model import Document, Metadata, Node, Span
from ijprint.render.mindmap_pdf import contrast, render_mindmap
from ijprint.render.page_specs import layout_map
from ijprint.style import load_style

STYLES = Path(__file__).resolve().parents[2] / "styles"


def _style(name: str, paper: str | None = None):
    style = load_style(str(STYLES / f"{name}.yaml"))
    return dataclasses.replace(style, paper=paper) if paper else style


def _render(document, style, faces, context, max_depth=None) -> bytes:
    layout = layout_map(document, style, faces, max_depth=max_depth)
    return render_mindmap(layout, document, style, faces, context)


VARIANTS = {"default-A4": ("default", None), "print-bw-A4": ("print-bw", None), "default-Letter": ("default", "Letter")}


@pytest.fixture(scope="module", params=list(VARIANTS))
def seed_pdf(request, seed_document, faces, context):
    name, paper = VARIANTS[request.param]
    style = _style(name, paper)
    data = _render(seed_document, style, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        page = pages[0]
        chars = list(page.chars)
        words = page.extract_words(use_text_flow=False, keep_blank_chars=False, extra_attrs=["size"])
        text = page.extract_text()
        size = (page.width, page.height)
        count = len(pages)
    return {"data": data, "style": style, "chars": chars, "words": words, "text": text, "size": size, "pages": count}


def test_exactly_one_page_of_the_chosen_paper(seed_pdf):
    assert seed_pdf["pages"] == 1
    width, height = seed_pdf["style"].page_size("landscape")
    assert seed_pdf["size"] == pytest.approx((width, height), abs=0.5) or seed_pdf["size"] == pytest.approx((height, width), abs=0.5)


def test_no_two_words_overlap(seed_pdf):
    words = seed_pdf["words"]
    clashes = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if a["x0"] < b["x1"] - 0.2 and b["x0"] < a["x1"] - 0.2 and a["top"] < b["bottom"] - 0.2 and b["top"] < a["bottom"] - 0.2:
                clashes.append((a["text"], b["text"]))
    assert clashes == []


def test_every_character_inside_the_margins(seed_pdf):
    style = seed_pdf["style"]
    width, height = seed_pdf["size"]
    m = style.margins
    outside = [
        c["text"]
        for c in seed_pdf["chars"]
        if c["x0"] < m.left - 0.5 or c["x1"] > width - m.right + 0.5 or c["top"] < m.top - 0.5 or c["bottom"] > height - m.bottom + 0.5
    ]
    assert outside == []


def test_smallest_text_is_at_least_8_pt_and_the_floor(seed_pdf):
    smallest = min(c["size"] for c in seed_pdf["chars"])
    assert smallest >= seed_pdf["style"].floor - 0.01
    assert smallest >= 8.0


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_node_label_is_extractable_text(seed_pdf, seed_document, missing_labels):
    # Wrapped labels come back on several lines, possibly interleaved with a neighbouring column:
    # every word of a label must be present, and the words of each label must appear in order.
    words = [w["text"] for w in seed_pdf["words"]]
    text = " ".join(words)
    assert missing_labels(text, seed_document) == []
    assert _normal(seed_document.meta.title) in _normal(seed_pdf["text"])


def test_fonts_are_embedded_and_have_every_glyph(seed_pdf, unembedded_fonts):
    reader = PdfReader(io.BytesIO(seed_pdf["data"]))
    assert reader.pages[0]["/Resources"]["/Font"]
    assert unembedded_fonts(seed_pdf["data"]) == []
    assert all(c["text"] not in ("\ufffd", "") for c in seed_pdf["chars"])


def test_metadata_and_one_bookmark_per_main_branch(seed_pdf, seed_document):
    reader = PdfReader(io.BytesIO(seed_pdf["data"]))
    info = reader.metadata
    assert info.title == seed_document.meta.title
    assert info.author == seed_document.meta.author
    assert info.subject
    assert "Japan" in (info.get("/Keywords") or "")
    titles = [item.title for item in reader.outline]
    assert titles == [node.label_text for node in seed_document.sections]


def test_header_and_footer_carry_context_credit_and_date(seed_pdf, seed_document, context):
    text = _normal(seed_pdf["text"])
    assert _normal(seed_document.meta.context)[:40] in text
    assert "Sakshi Gupta" in text
    assert context.build_time.strftime("%Y-%m-%d") in text


def test_two_renders_are_byte_identical(seed_pdf, seed_document, faces, context):
    again = _render(seed_document, seed_pdf["style"], faces, context)
    assert again == seed_pdf["data"]


def test_print_bw_is_grey_numbered_and_readable(seed_document, faces, context):
    style = _style("print-bw")
    data = _render(seed_document, style, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        chars = page.chars
        curves = page.curves + page.lines
        text = page.extract_text()
    for item in [*chars, *curves]:
        for key in ("non_stroking_color", "stroking_color"):
            colour = item.get(key)
            if colour and len(colour) == 3:
                assert max(colour) - min(colour) < 0.01, colour
    # The central pill is filled light grey: text is checked against both it and the white page.
    for c in chars:
        colour = c["non_stroking_color"]
        rgb = tuple(colour) if len(colour) == 3 else (colour[0],) * 3
        assert contrast(rgb, (1.0, 1.0, 1.0)) >= 4.5
        assert contrast(rgb, (0.9, 0.9, 0.9)) >= 4.5
    # Branches are told apart by their section numbers (smaller than the heading they start).
    for number, node in enumerate(seed_document.sections, 1):
        assert f"{number} {node.label_text.split()[0]}" in _normal(text)
    words = pdfplumber.open(io.BytesIO(data)).pages[0].extract_words(extra_attrs=["size"])
    for number, node in enumerate(seed_document.sections, 1):
        first = node.label_text.split()[0]
        pairs = [(a, b) for a, b in zip(words, words[1:]) if (a["text"], b["text"]) == (str(number), first)]
        assert pairs and all(a["size"] < b["size"] for a, b in pairs), (number, first)
    dashes = {tuple(c.get("dash", ((), 0))[0] or ()) for c in curves}
    assert len(dashes) >= 3


def test_numbered_branches_without_section_numbers_print_a_bold_number(seed_document, faces, context):
    style = dataclasses.replace(_style("print-bw"), map_numbers=False)
    text = _normal(pdfplumber.open(io.BytesIO(_render(seed_document, style, faces, context))).pages[0].extract_text())
    for number, node in enumerate(seed_document.sections, 1):
        assert f"{number}. {node.label_text.split()[0]}" in text
    assert "1.1 " not in text


def test_large_print_on_one_page_overflows_a4_but_fits_a3_or_folded(seed_document, faces, context):
    # large-print splits its map by branches (tests/render/test_split_map.py); on one page the seed
    # needs A3 at its 14 pt floor (landscape: with section numbers A3 portrait is 1 % short), or levels folded.
    a4 = _style("large-print")
    assert (a4.paper, a4.map_split, a4.floor) == ("A4", "branches", 14)
    a3 = dataclasses.replace(a4, paper="A3", orientation="landscape")
    data = _render(seed_document, a3, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        assert min(c["size"] for c in pdf.pages[0].chars) >= a3.floor - 0.01
    with pytest.raises(PageOverflowError) as caught:
        layout_map(seed_document, a4, faces)
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(r"needs (at least )?\d+% more space than A4 portrait at the 14 pt floor", message)
    assert "Drivers of cooperation" in message and "--split branches" in message and "--max-depth" in message
    folded = layout_map(seed_document, a4, faces, max_depth=2)
    assert folded.hidden_nodes > 0


def _synthetic(branches: int, children: int, grandchildren: int) -> Document:
    def node(path: str, depth: int) -> Node:
        kids = ()
        if depth == 1:
            kids = tuple(node(f"{path}.{i}", 2) for i in range(children))
        elif depth == 2:
            kids = tuple(node(f"{path}.{i}", 3) for i in range(grandchildren))
        label = f"Topic {path} with a fairly long descriptive label"
        return Node(id=path, label=(Span(label),), children=kids)

    return Document(Metadata(title="Synthetic topic"), tuple(node(f"b{i}", 1) for i in range(branches)))


def test_overflow_is_a_clean_error_and_max_depth_then_fits(default_style, faces, context):
    document = _synthetic(8, 8, 6)
    with pytest.raises(PageOverflowError) as caught:
        layout_map(document, default_style, faces)
    assert re.search(r"needs (at least )?\d+% more space than A4 landscape at the 7 pt floor", str(caught.value))
    data = _render(document, default_style, faces, context, max_depth=2)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        assert len(pdf.pages) == 1
        text = page.extract_text()
        assert min(c["size"] for c in page.chars) >= default_style.floor
    # Every level-2 node shows how many descendants it folds.
    assert len(re.findall(r"\+6\b", text)) == 8 * 8
    total = sum(tree_size(root) for root in map_tree(document.sections))
    assert total == 8 + 64 + 384


def test_main_connectors_are_filled_tapering_shapes_in_their_branch_colour(seed_document, faces, context):
    style = _style("default")
    data = _render(seed_document, style, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        filled = [curve for curve in pdf.pages[0].curves if curve.get("fill")]
    colours = {tuple(round(c, 3) for c in curve["non_stroking_color"]) for curve in filled}
    palette = [HexColor(value) for value in style.palette[: len(seed_document.sections)]]
    for colour in palette:
        assert (round(colour.red, 3), round(colour.green, 3), round(colour.blue, 3)) in colours
