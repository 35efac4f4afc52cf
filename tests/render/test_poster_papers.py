"""Poster papers (A2, A1, A0): a map too big for A3 prints on one poster page, every label legible and inside the margins."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from ijprint.errors import PageOverflowError
from ijprint.paper import PAPER_SIZES_PT
from ijprint.render.mindmap_pdf import render_mindmap
from ijprint.render.page_specs import layout_map

def test_poster_papers_are_offered_in_size_order() -> None:
    areas = [width * height for width, height in PAPER_SIZES_PT.values()]
    assert list(PAPER_SIZES_PT)[-3:] == ["A2", "A1", "A0"]
    assert areas[-4] < areas[-3] < areas[-2] < areas[-1]  # each doubles the one before
    assert PAPER_SIZES_PT["A0"] == pytest.approx((2383.94, 3370.39))


def test_a_450_node_map_overflows_a3_and_fits_one_a2_page(default_style, faces, context, grown_topic) -> None:
    document = grown_topic(450, "Wall poster")
    with pytest.raises(PageOverflowError):
        layout_map(document, dataclasses.replace(default_style, paper="A3"), faces)
    style = dataclasses.replace(default_style, paper="A2")
    layout = layout_map(document, style, faces)
    assert len(layout.nodes) == 450 and layout.smallest_size >= style.floor
    data = render_mindmap(layout, document, style, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert sorted((page.width, page.height)) == pytest.approx(sorted(PAPER_SIZES_PT["A2"]), abs=0.5)
        words = {word["text"] for word in page.extract_words()}
        chars = page.chars
    assert {str(number) for number in range(450)} <= words  # every label's own number is printed
    margins = style.margins
    assert all(margins.left - 1 <= char["x0"] and char["x1"] <= page.width - margins.right + 1 for char in chars)
    assert all(margins.top - 1 <= char["top"] and char["bottom"] <= page.height - margins.bottom + 1 for char in chars)
    assert min(char["size"] for char in chars) >= style.floor - 0.01
