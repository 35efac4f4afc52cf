"""The shared outline rules: the short-label rule, canonical inline markup, root choice and limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.errors import ContentError
from ijprint.model import Metadata, Origin, Span, breakable_words, inline_markup, parse_inline, plain
from ijprint.sources.outline_document import (
    MAX_OUTLINE_NODES,
    OutlineItem,
    build_document,
    canonical_inline,
    cells,
    shape_item,
    short_label,
)
from ijprint.sources.short_label import belongs_together


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Mars, the red planet", "Mars, the red planet"),
        ("Mars, the red planet, has the tallest volcano", "Mars"),
        ("Fundamental Rights: enforceable in courts under Article 32", "Fundamental Rights"),
        ("Directive Principles – not enforceable but fundamental", "Directive Principles"),
        ("Quad summit - leaders met in Tokyo in May 2022", "Quad summit"),
        ("Storming of the Bastille (14 July 1789) began the revolution", "Storming of the Bastille"),
        ("The Constituent Assembly first met on 9 December 1946", "The Constituent Assembly first met"),
        ("B. R. Ambedkar chaired the Drafting Committee for years", "B. R. Ambedkar chaired the Drafting"),
        ("Trade rose sharply. Exports doubled and imports grew too", "Trade rose sharply"),
        ("GDP grew 7% in the year 2023 according to the data", "GDP grew 7% in the year"),
        ("Pneumonoultramicroscopicsilicovolcanoconiosis is a lung disease", "Pneumonoultramicroscopicsilicovolcanocon"),
        ("长城是中国古代为抵御北方游牧民族而修建的规模宏大的军事防御工程体系，全长两万多公里", "长城是中国古代为抵御北方游牧民族而修建的"),
        ("जलवाष्प ठंडी होकर छोटी बूँदों में बदलती है और हवा में तैरती है", "जलवाष्प ठंडी होकर छोटी बूँदों में"),
        ("—— a b c d e f g h", "—— a b c d e"),
        ("?? !! ?? !! ?? !! ?? !!", "?? !! ?? !! ?? !! ?? !!"),
        # A number is never parted from its unit or era (the 7th word joins the 6th) ...
        ("Romulus founds the city in 753 BC according to legend", "Romulus founds the city in 753 BC"),
        ("Romulus founds the city in 753 B.C. Then Remus dies", "Romulus founds the city in 753 B.C."),
        ("The city was founded c. 300 BCE by the Seleucid kings", "The city was founded c. 300 BCE"),
        ("Japan pledged investment of 5 lakh crore yen over years", "Japan pledged investment of 5 lakh crore"),
        ("Trade between the two reached USD 38 bn in 2023", "Trade between the two reached USD 38 bn"),
        ("Output grew by roughly 40 % in the decade", "Output grew by roughly 40 %"),
        ("The new railway line runs 508 km from Mumbai", "The new railway line runs 508 km"),
        # ... and where 40 cells would part them, the cut moves before the number.
        ("Brahmaputraaaaa Valley Settlements spread 1234 BC onwards", "Brahmaputraaaaa Valley Settlements"),
        # A no-break space joins two words into one, and a label is never cut there.
        ("Quad\u00a0+ talks are held every single year in Delhi", "Quad\u00a0+ talks are held every single"),
        ("JIMEX\u00a0&\u00a0Dharma Guardian exercises are held every year", "JIMEX\u00a0&\u00a0Dharma Guardian exercises are"),
    ],
)
def test_short_label_rule(sentence, label):
    assert short_label(sentence) == label


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=120).filter(lambda s: s.strip()))
def test_short_label_is_a_short_non_empty_prefix(sentence):
    short = short_label(sentence)
    assert short and sentence.strip().startswith(short)
    assert cells(short) <= 40 or short == sentence.strip()
    words = breakable_words(short)
    extra = words[6:]
    assert not extra or short == sentence.strip() or all(belongs_together(left, right) for left, right in zip(words[5:], extra))


spans = st.lists(
    st.builds(Span, st.text(alphabet="ab _*\n\t.é中1", max_size=10), st.booleans(), st.booleans()), max_size=6
).map(tuple)


@settings(max_examples=500, deadline=None)
@given(spans)
def test_canonical_markup_survives_a_write_and_read(inline):
    canonical = canonical_inline(inline)
    assert parse_inline(inline_markup(canonical).strip()) == canonical
    assert canonical_inline(canonical) == canonical


def test_emphasis_markup_cannot_say_is_dropped_not_leaked():
    assert canonical_inline((Span("abc"), Span("def", italic=True))) == (Span("abcdef"),)
    assert canonical_inline((Span("a "), Span(" b ", bold=True), Span("c"))) == (Span("a "), Span("b", bold=True), Span(" c"))
    assert canonical_inline((Span("x\n\n  y"),)) == (Span("x y"),)


def test_long_label_with_text_of_its_own_keeps_both():
    shaped = shape_item((Span("The treaty was signed in Paris in the year 1919"),), (Span("It ended the war."),))
    assert plain(shaped.label) == "The treaty was signed in Paris"
    assert plain(shaped.text) == "The treaty was signed in Paris in the year 1919. It ended the war."
    shaped = shape_item((Span("Was the treaty signed in Paris in the year 1919?"),), (Span("Yes."),))
    assert plain(shaped.text) == "Was the treaty signed in Paris in the year 1919? Yes."


def test_bold_survives_shortening():
    shaped = shape_item((Span("Act East", bold=True), Span(" policy replaced Look East in the year 2014")), ())
    assert shaped.label == (Span("Act East", bold=True), Span(" policy replaced Look East"))


def item(label, *children, text=""):
    return OutlineItem((Span(label),), (Span(text),) if text else (), tuple(children), Origin("t.md", 1, 1))


def test_root_choice():
    origin = Origin("t.md", 1, 1)
    document, _ = build_document((item("Root", item("A"), item("B"), text="Intro."),), Metadata(title=""), "my_topic.md", origin)
    assert (document.meta.title, document.meta.context) == ("Root", "Intro.")
    assert [n.label_text for n in document.sections] == ["A", "B"]
    document, _ = build_document((item("A"), item("B")), Metadata(title=""), "my_topic.md", origin)
    assert document.meta.title == "my topic"
    document, warnings = build_document((item("Root", item("A"), text="Intro."),), Metadata(title="T", context="C"), "x.md", origin)
    assert (document.meta.title, document.meta.context) == ("T", "C")
    assert len(warnings) == 1


def test_ids_are_unique_among_siblings_and_follow_the_yaml_rule():
    document, _ = build_document((item("Trade", item("Exports"), item("Exports"), item("exports!")),), Metadata(title=""), "t.md", Origin("t.md"))
    assert [n.id for n in document.sections] == ["exports", "exports-2", "exports-3"]


def test_too_many_nodes_is_an_error():
    many = tuple(item(f"n{i}") for i in range(MAX_OUTLINE_NODES + 1))
    with pytest.raises(ContentError, match="more than 10,000 nodes"):
        build_document(many, Metadata(title=""), "t.md", Origin("t.md"))


def test_text_over_the_yaml_limit_is_an_error():
    with pytest.raises(ContentError, match="over the 5,000 limit") as caught:
        build_document((item("A", text="word " * 1200), item("B")), Metadata(title=""), "t.md", Origin("t.md"))
    assert caught.value.path == "sections[0]"
