"""model.py: inline markup, slugs and ids, iterative walk, timeline order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ijprint.model import (
    Document,
    Metadata,
    Node,
    Span,
    TimelineEntry,
    all_timeline,
    child_id,
    inline_markup,
    parse_inline,
    plain,
    slugify,
    timeline_year,
    walk,
)


def _styled(source: str) -> list[tuple[str, bool, bool]]:
    return [(span.text, span.bold, span.italic) for span in parse_inline(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("plain words", [("plain words", False, False)]),
        ("a **bold** word", [("a ", False, False), ("bold", True, False), (" word", False, False)]),
        ("an _italic_ word", [("an ", False, False), ("italic", False, True), (" word", False, False)]),
        ("**bold _both_ bold**", [("bold ", True, False), ("both", True, True), (" bold", True, False)]),
        ("_it **both** it_", [("it ", False, True), ("both", True, True), (" it", False, True)]),
        ("**_both_**", [("both", True, True)]),
        ("_**both**_", [("both", True, True)]),
        ("(_aside_)", [("(", False, False), ("aside", False, True), (")", False, False)]),
        ("**a**_b_", [("a", True, False), ("b", False, True)]),
        ("**two\nlines**", [("two\nlines", True, False)]),
    ],
)
def test_parse_inline_emphasis(source: str, expected: list[tuple[str, bool, bool]]) -> None:
    assert _styled(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "snake_case_word",
        "open file_name.txt now",
        "__init__ and _private_var",
        "my_var_ trailing",
        "_a_b_",
        "**unclosed bold",
        "unopened bold**",
        "_unclosed italic",
        "a ** b ** c",
        "** spaced **",
        "_ spaced _",
        "x * y * z",
        "****",
    ],
)
def test_parse_inline_leaves_non_markup_literal(source: str) -> None:
    assert _styled(source) == [(source, False, False)]


def test_parse_inline_empty() -> None:
    assert parse_inline("") == ()


@given(st.text(alphabet="ab _*\n", max_size=40))
def test_parse_inline_never_invents_text(source: str) -> None:
    spans = parse_inline(source)
    text = plain(spans)
    assert len(text) <= len(source)
    assert text.replace("*", "").replace("_", "") == source.replace("*", "").replace("_", "")
    assert all(span.text for span in spans)
    # neighbours differ in emphasis (adjacent equal spans are merged)
    assert all((a.bold, a.italic) != (b.bold, b.italic) for a, b in zip(spans, spans[1:]))


@given(st.text(alphabet="ab _*()\n", max_size=40))
def test_inline_markup_round_trip_keeps_every_visible_characters_emphasis(source: str) -> None:
    spans = parse_inline(source)
    again = parse_inline(inline_markup(spans))

    def visible(inline: tuple[Span, ...]) -> list[tuple[str, bool, bool]]:
        return [(ch, s.bold, s.italic) for s in inline for ch in s.text if not ch.isspace()]

    assert visible(again) == visible(spans)


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Trade & Investment", "trade-investment"),
        ("Café Économie", "cafe-economie"),
        ("snake_case -- x", "snake-case-x"),
        ("  ---  ", "node"),
        ("日本とインド", "日本とインド"),  # the dakuten of ド is part of the letter, not an accent
        ("हिन्दी भाषा", "हिन्दी-भाषा"),  # Devanagari vowel signs and virama are kept
        ("Ünïcödé", "unicode"),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


def test_slugify_cuts_at_a_word_boundary_and_keeps_whole_words() -> None:
    assert slugify("alpha beta gamma", max_length=10) == "alpha-beta"  # exactly at a boundary: keep "beta"
    assert slugify("alpha beta gamma", max_length=12) == "alpha-beta"
    assert slugify("supercalifragilistic", max_length=8) == "supercal"
    for length in range(1, 30):
        assert len(slugify("The quick brown fox jumps over the lazy dog", length)) <= length


def test_child_id_is_parent_path_and_unique_among_siblings() -> None:
    taken: set[str] = set()
    ids = [child_id("economy", label, taken) for label in ("Trade", "Trade", "Trade 2", "Investment")]
    assert ids == ["economy.trade", "economy.trade-2", "economy.trade-2-2", "economy.investment"]
    assert child_id("", "Top", set()) == "top"


def test_walk_is_iterative_for_very_deep_chains() -> None:
    depth = 20_000
    node = Node(id="leaf", label=parse_inline("leaf"))
    for level in range(depth - 1, 0, -1):
        node = Node(id=f"n{level}", label=parse_inline(f"n{level}"), children=(node,))
    walked = walk((node,))
    assert len(walked) == depth
    assert [level for level, _ in walked[:3]] == [1, 2, 3]
    assert walked[-1][0] == depth and walked[-1][1].id == "leaf"


def test_walk_is_in_content_order() -> None:
    tree = (
        Node("a", parse_inline("a"), children=(Node("a.b", parse_inline("b")), Node("a.c", parse_inline("c")))),
        Node("d", parse_inline("d")),
    )
    assert [(level, node.id) for level, node in walk(tree)] == [(1, "a"), (2, "a.b"), (2, "a.c"), (1, "d")]


def test_all_timeline_sorted_by_first_year_undated_last() -> None:
    entries = [TimelineEntry(y, f"e{y}") for y in ("2014 onwards", "undated", "2000", "2023–24", "1950s")]
    document = Document(Metadata("T"), (Node("t", parse_inline("T"), timeline=tuple(entries)),))
    assert [entry.year for _, entry in all_timeline(document)] == ["1950s", "2000", "2014 onwards", "2023–24", "undated"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("476", 476),
        ("44 BC", -44),
        ("1500 BC", -1500),
        ("c. 300 BCE", -300),
        ("5 B.C.", -5),
        ("44–43 BC", -44),
        ("AD 476", 476),
        ("476 AD", 476),
        ("300 CE", 300),
        ("9", 9),
        ("2023–24", 2023),
        ("2014 onwards", 2014),
        ("1950s", 1950),
        ("15 August 1947", 1947),
        ("Q3 2023", 2023),
        ("undated", None),
        ("", None),
    ],
)
def test_timeline_year_reads_signed_years_of_any_length(text: str, year: int | None) -> None:
    assert timeline_year(text) == year


def test_all_timeline_puts_bc_before_ad_and_short_years_in_place() -> None:
    years = ("1947", "AD 476", "c. 300 BCE", "undated", "44 BC", "1500 BC", "2023–24", "476", "2023", "9 CE")
    document = Document(Metadata("T"), (Node("t", parse_inline("T"), timeline=tuple(TimelineEntry(y, y) for y in years)),))
    assert [entry.year for _, entry in all_timeline(document)] == [
        "1500 BC", "c. 300 BCE", "44 BC", "9 CE", "476", "AD 476", "1947", "2023", "2023–24", "undated",
    ]


def test_the_seed_timeline_keeps_its_date_order(seed_document: Document) -> None:
    assert [entry.year for _, entry in all_timeline(seed_document)] == [
        "2000", "2006", "2008", "2014", "2014", "2015", "2018", "2020", "2023–24", "2024", "2024", "2025",
    ]


def test_section_numbers_follow_positions_at_every_depth(seed_document) -> None:
    from ijprint.model import section_numbers, walk

    numbers = section_numbers(seed_document.sections)
    assert len(numbers) == len(walk(seed_document.sections))
    assert [numbers[section.id] for section in seed_document.sections] == [str(i) for i in range(1, len(seed_document.sections) + 1)]
    for _, node in walk(seed_document.sections):
        for index, child in enumerate(node.children, 1):
            assert numbers[child.id] == f"{numbers[node.id]}.{index}"
