"""Wrapping, for map labels and table cells alike: lines never exceed the width, long unbroken tokens break sensibly, spans keep their faces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.fonts import FontMeasure
from ijprint.layout.measure import FixedMeasure
from ijprint.layout.wrap import CELL_BREAKS, label_words, natural_width, plain_words, word_metrics, word_width, wrap_extent, wrap_text, wrap_words
from ijprint.model import Span, breakable_words, parse_inline

FACES = ("Regular", "Bold", "Italic")


def _texts(lines):
    return ["".join(p.text for p in line.pieces) for line in lines]


def test_greedy_wrap_never_overflows_and_keeps_every_word():
    measure = FixedMeasure(0.5)
    words = label_words(parse_inline("Japan committed to putting ten trillion yen into India"), FACES, measure)
    for width in (3.0, 5.0, 8.0, 12.5, 40.0):
        lines = wrap_words(words, width, measure)
        assert all(line.width <= width + 1e-9 for line in lines)
        assert "".join(_texts(lines)).replace(" ", "") == "JapancommittedtoputtingtentrillionyenintoIndia"
        if width >= 5.0:  # wide enough for the longest word: words are never split
            assert " ".join(_texts(lines)).split() == "Japan committed to putting ten trillion yen into India".split()


def test_a_long_url_breaks_after_separators_not_mid_word():
    measure = FixedMeasure(0.5)
    url = "https://example.org/relations/india-japan/annual-summit-2025"
    lines = wrap_words(label_words(parse_inline(url), FACES, measure), 12.0, measure)
    assert "".join(_texts(lines)) == url
    assert all(line.width <= 12.0 for line in lines)
    assert all(text[-1] in "/.-:" for text in _texts(lines)[:-1])


def test_an_unbreakable_word_is_cut_between_characters():
    measure = FixedMeasure(0.5)
    lines = wrap_words(label_words(parse_inline("Αλληλοεξάρτηση" * 3), FACES, measure), 4.0, measure)
    assert all(line.width <= 4.0 for line in lines)
    assert "".join(_texts(lines)) == "Αλληλοεξάρτηση" * 3


def test_bold_spans_keep_their_face_and_widths_add_up(faces):
    measure = FontMeasure()
    words = label_words(parse_inline("The **Quad** and Indo-Pacific"), (faces.regular, faces.bold, faces.italic), measure)
    (line,) = wrap_words(words, 1000.0, measure)
    assert [p.face for p in line.pieces] == [faces.regular, faces.bold, faces.regular]
    assert line.width == natural_width(words, measure)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij klmnopq/-.WMiil", min_size=1, max_size=30), min_size=0, max_size=8), st.floats(0.5, 40.0), st.booleans())
def test_wrap_extent_gives_what_wrap_words_gives(parts, width, bold_middle):
    # The fit search counts lines with wrap_extent and the placement wraps with wrap_words: any
    # disagreement would put text where the search did not reserve room.
    measure = FixedMeasure(0.37)
    spans = "".join(f"**{part}**" if bold_middle and i == 1 and part.strip() else part for i, part in enumerate(parts))
    words = label_words(parse_inline(spans), FACES, measure)
    lines = wrap_words(words, width, measure)
    found = wrap_extent(word_metrics(words, measure), width)
    if found is None:
        assert any(word_width(word) > width for word in words)
    else:
        assert found == (len(lines), max(line.width for line in lines))


def test_wrap_extent_with_real_font_metrics(faces):
    measure = FontMeasure()
    words = label_words(parse_inline("India–Japan **Special Strategic** and _Global_ Partnership 2014+"), (faces.regular, faces.bold, faces.italic), measure)
    assert wrap_extent(word_metrics(words, measure), 3.0) is None  # "India–Japan" must be broken
    for width in (5.2, 6.0, 8.0, 12.0, 30.0):
        lines = wrap_words(words, width, measure)
        assert wrap_extent(word_metrics(words, measure), width) == (len(lines), max(line.width for line in lines))


def test_each_gap_is_a_space_in_the_face_of_the_word_after_it():
    # A regular word after a word opening in bold: the gap before the regular word is a regular space
    # again, however the word before it was put together. Bold is 1.1 times as wide, so a bold gap
    # there would make the line wider than the sum the fit search counts.
    measure = FixedMeasure(0.5)
    words = label_words(parse_inline("a b **c**d e **f** g"), FACES, measure)
    (line,) = wrap_words(words, 1000.0, measure)
    assert [(piece.text, piece.face) for piece in line.pieces] == [("a b", "Regular"), (" c", "Bold"), ("d e", "Regular"), (" f", "Bold"), (" g", "Regular")]
    assert wrap_extent(word_metrics(words, measure), 1000.0) == (1, line.width)
    assert line.width == pytest.approx(8 * 0.5 + 4 * 0.55)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \t\n\u00a0\u2009\u00ad\u2060", max_size=12), max_size=4))
def test_label_words_split_only_at_breakable_spaces_and_run_across_spans(texts):
    # Printable text takes a quicker split than text with tabs, no-break or thin spaces: both must find
    # the words the breakable-space rule finds, a word running on from one span into the next.
    measure = FixedMeasure(0.5)
    spans = tuple(Span(text, bold=index % 2 == 1) for index, text in enumerate(texts))
    words = label_words(spans, FACES, measure)
    assert ["".join(piece.text for piece in word) for word in words] == breakable_words("".join(texts).replace("\u00ad", ""))
    assert all(piece.text and piece.width == measure.unit_width(piece.text, piece.face) for word in words for piece in word)


def test_soft_hyphens_are_dropped_not_drawn():
    measure = FixedMeasure(0.5)
    words = label_words(parse_inline("co\u00adoperation pact"), ("R", "B", "I"), measure)
    assert [piece.text for word in words for piece in word] == ["cooperation", "pact"]


def _widths(text: str, role: str) -> float:
    """5 pt a character, whatever the role: the cell wrapper's width function."""
    return 5.0 * len(text)


def test_a_cell_id_breaks_after_its_last_separator_and_starts_its_own_lines():
    # 20 characters fit a line; the id is 43 long and follows a short word its first piece would fit after.
    # Its last piece is a line like any other: the next word joins it.
    lines = wrap_text("see india-japan.security.exercises.malabar-2024 now", "id", 100.0, _widths)
    assert lines == ["see", "india-japan.", "security.exercises.", "malabar-2024 now"]
    assert all(_widths(line, "id") <= 100.0 for line in lines)


def test_a_label_cut_keeps_at_least_half_a_line_and_its_first_piece_may_join_the_line():
    measure = FixedMeasure(0.5)
    # 20 characters fit; a separator after 3 of them wastes too much, so the cut is where the line is full.
    lines = _texts(wrap_words(label_words(parse_inline("abc.defghijklmnopqrstuvwxyz"), FACES, measure), 10.0, measure))
    assert lines == ["abc.defghijklmnopqrs", "tuvwxyz"]
    lines = _texts(wrap_words(label_words(parse_inline("ab cdefghijklm.nopqrstuvwxyz"), FACES, measure), 10.0, measure))
    assert lines == ["ab cdefghijklm.", "nopqrstuvwxyz"]


def test_the_rest_of_a_cut_word_that_fits_a_line_is_not_cut_again():
    class NarrowI(FixedMeasure):
        """A W is 1 em, an i 0.1: the rest of the word is narrow although it has most of the characters."""

        def unit_width(self, text: str, face: str) -> float:
            return sum(0.1 if char == "i" else 1.0 for char in text)

    measure = NarrowI()
    rest = "i" * 20 + "-" + "i" * 19
    lines = _texts(wrap_words(label_words(parse_inline("W" * 10 + rest), FACES, measure), 10.0, measure))
    assert lines == ["W" * 10, rest]


def test_cells_drop_soft_hyphens_before_measuring_and_empty_text_has_no_lines():
    assert wrap_text("co\u00adoperation", "body", 55.0, _widths) == ["cooperation"]
    assert wrap_text("", "body", 50.0, _widths) == [] and wrap_text("   ", "body", 50.0, _widths) == []


class Proportional(FixedMeasure):
    """W 1.3 em, i 0.1 em, anything else (the space too) 0.3 em."""

    def unit_width(self, text: str, face: str) -> float:
        return sum(1.3 if char == "W" else 0.1 if char == "i" else 0.3 for char in text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abWi-./_", min_size=1, max_size=40), st.floats(0.2, 6.0))
def test_a_cut_word_never_gets_a_space_inside_it(word, width):
    measure = Proportional()
    lines = _texts(wrap_words(plain_words(word, "Regular", measure), width, measure))
    assert "".join(lines) == word
    assert not any(" " in line for line in lines)
    cells = wrap_text(word, "id", width, measure.unit_width)
    assert "".join(cells) == word and not any(" " in line for line in cells)


def test_the_pieces_of_a_cut_word_are_not_joined_even_when_they_would_fit_together():
    measure = Proportional()
    lines = _texts(wrap_words(label_words(parse_inline("a-bWWW"), FACES, measure), 1.5, measure))
    assert lines == ["a-", "b", "W", "W", "W"]


class Binary(FixedMeasure):
    """W 1.25 em, i 0.125 em, anything else 0.5 em: sums are exact, so lines often fill their width exactly."""

    def unit_width(self, text: str, face: str) -> float:
        return sum(1.25 if char == "W" else 0.125 if char == "i" else 0.5 for char in text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abWi-./ \t\u00a0\u00ad", max_size=60), st.integers(1, 48).map(lambda eighths: eighths / 8))
def test_wrap_text_gives_the_lines_wrap_words_gives(text, width):
    # A cell whose words all fit is wrapped on its strings alone, without pieces: the same lines.
    measure = Binary()
    lines = wrap_words(plain_words(text, "id", measure), width, measure, CELL_BREAKS)
    expected = ["".join(piece.text for piece in line.pieces) for line in lines if line.pieces]
    assert wrap_text(text, "id", width, measure.unit_width) == expected
