"""Fact-table column widths and sheet: widths fill the frame, line up across tables, never break a header word; portrait only when comfortable."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.layout.fact_columns import COMFORT_EMS, column_measures, comfortable_width, fact_sheet, fit_column_widths
from ijprint.layout.page_spec import FactPage, Margins, PaperSize


@dataclass(frozen=True)
class Part:
    text: str
    role: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[Part, ...], ...], ...]


def width_of(text: str, role: str) -> float:
    """5 pt a character, 6 in headers: enough to tell roles apart."""
    return len(text) * (6.0 if role == "header" else 5.0)


PAD, CAP = 8.5, 60.0
SECTION = ("What", "Value", "Section / node id")


def _row(what: str, value: str, path: str, node: str) -> tuple[tuple[Part, ...], ...]:
    return ((Part(what, "body"),), (Part(value, "value"),), (Part(path, "path"), Part(node, "id")))


def test_tables_with_the_same_headers_share_their_measures_and_header_words_are_never_broken():
    first = Table(SECTION, (_row("GDP", "3.5 trillion", "Economy", "economy.gdp"),))
    second = Table(SECTION, (_row("Defence exercises held every year", "12", "Security > Exercises", "security.exercises-with-a-very-long-id"),))
    timeline = Table(("Year", "Event", "Section / node id"), (((Part("1952", "value"),), (Part("Peace treaty", "body"),), (Part("History", "path"),)),))
    measures = column_measures((first, second, timeline), width_of, PAD, CAP)
    assert list(measures) == [SECTION, timeline.headers]
    natural, least = measures[SECTION]
    assert natural[0] == width_of("Defence exercises held every year", "body") + PAD
    assert natural[2] == width_of("security.exercises-with-a-very-long-id", "id") + PAD
    assert least[2] == max(CAP, width_of("Section", "header")) + PAD  # the long id is capped
    assert all(low <= high for low, high in zip(least, natural))
    header_words = Table(("Extraordinarily-long-header",), (((Part("x", "body"),),),))
    (_, (header_least,)) = column_measures((header_words,), width_of, PAD, CAP)[header_words.headers]
    assert header_least == width_of("Extraordinarily-long-header", "header") + PAD > CAP + PAD


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 200), st.floats(0, 400)), min_size=1, max_size=7), st.floats(50, 1200))
def test_fitted_widths_fill_the_frame_and_keep_each_column_its_least_width_when_that_fits(columns, available):
    minimum = tuple(low for low, _ in columns)
    natural = tuple(low + extra for low, extra in columns)
    widths = fit_column_widths(natural, minimum, available)
    assert sum(widths) == pytest.approx(available)
    if sum(natural) <= available:
        assert all(width >= high - 1e-9 for width, high in zip(widths, natural))
    elif sum(minimum) < available:
        assert all(low - 1e-9 <= width <= high + 1e-9 for width, low, high in zip(widths, minimum, natural))


A4 = FactPage(PaperSize("portrait", 595.0, 842.0), PaperSize("landscape", 842.0, 595.0), Margins(30.0, 20.0, 40.0, 25.0), 24.0, 9.0)


def test_the_sheet_is_portrait_only_when_every_table_fits_it_comfortably():
    room = 595.0 - 25.0 - 20.0
    comfort = COMFORT_EMS * 9.0
    narrow = {("a", "b"): ((100.0, 150.0), (40.0, 60.0))}
    wide = {("a", "b"): ((100.0, 150.0), (40.0, 60.0)), ("c", "d", "e", "f"): ((400.0,) * 4, (60.0,) * 4)}
    assert comfortable_width(*narrow[("a", "b")], comfort) <= room < comfortable_width(*wide[("c", "d", "e", "f")], comfort)
    portrait, landscape = fact_sheet(A4, narrow), fact_sheet(A4, wide)
    assert (portrait.paper, landscape.paper) == (A4.portrait, A4.landscape)
    for sheet in (portrait, landscape):
        frame = sheet.frame
        assert (frame.x, frame.y) == (25.0, 30.0)
        assert frame.right == pytest.approx(sheet.paper.width - 20.0)
        assert frame.bottom == pytest.approx(sheet.paper.height - 40.0 - 24.0)
