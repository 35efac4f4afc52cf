"""Wrapping: lines never exceed the width, long unbroken tokens break sensibly, spans keep their faces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.fonts import FontMeasure
from ijprint.layout.measure import FixedMeasure
from ijprint.layout.wrap import label_words, natural_width, word_metrics, word_width, wrap_extent, wrap_words
from ijprint.model import parse_inline

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


def test_soft_hyphens_are_dropped_not_drawn():
    measure = FixedMeasure(0.5)
    words = label_words(parse_inline("co\u00adoperation pact"), ("R", "B", "I"), measure)
    assert [piece.text for word in words for piece in word] == ["cooperation", "pact"]
