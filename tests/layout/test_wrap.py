"""Wrapping: lines never exceed the width, long unbroken tokens break sensibly, spans keep their faces."""

from __future__ import annotations

from ijprint.layout.measure import FixedMeasure, FontMeasure
from ijprint.layout.wrap import label_words, natural_width, wrap_words
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
