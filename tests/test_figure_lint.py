"""Figure lint: figures in labels and texts must be recorded by a fact or timeline entry nearby."""

from __future__ import annotations

import re

import pytest

from ijprint.figure_lint import find_figures, lint_figures
from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline
from ijprint.sources.yaml_source import parse_yaml_document


def node(id: str, label: str, text: str = "", children=(), facts=(), timeline=()) -> Node:
    return Node(id, parse_inline(label), parse_inline(text), tuple(children), tuple(facts), tuple(timeline))


def lint(*sections: Node) -> list[str]:
    return [d.message for d in lint_figures(Document(Metadata("T"), tuple(sections)))]


def test_seed_records_every_figure(seed_document):
    assert [d.one_line() for d in lint_figures(seed_document)] == []


def remove_fact(source: str, value: str) -> str:
    """Delete the fact entry (the `- what:` item and its fields) whose value is `value`."""
    lines = source.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == f'value: "{value}"')
    start = at - 1
    assert lines[start].lstrip().startswith("- what:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = at + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize(
    ("value", "figure", "where"),
    [
        ("54,000", "54,000", "54,000 Indians in Japan"),
        ("5 lakh", "5 lakh", "Talent Bridge: 5 lakh"),
        ("USD 38 bn", "USD 38 bn", "FDI over USD 38 bn"),
    ],
)
def test_removing_a_fact_names_the_figure_and_where_it_is(seed_path, tmp_path, value, figure, where):
    edited = remove_fact(seed_path.read_text(encoding="utf-8"), value)
    target = tmp_path / "edited.yaml"
    target.write_text(edited, encoding="utf-8")
    document = parse_yaml_document(target.read_bytes(), str(target))
    diagnostics = lint_figures(document)
    assert diagnostics, f"removing {value!r} went unnoticed"
    named = [d for d in diagnostics if f"'{figure}'" in d.message]
    assert named, [d.one_line() for d in diagnostics]
    label_line = next(i for i, line in enumerate(edited.splitlines(), start=1) if line.strip() == f'- label: "{where}"')
    for diagnostic in named:
        assert diagnostic.file == str(target)
        assert diagnostic.line == label_line
        assert re.fullmatch(r"sections\[\d+\](\.children\[\d+\])*\.(label|text)", diagnostic.path)
        assert str(target) in diagnostic.one_line() and f":{label_line}" in diagnostic.one_line()
    assert {d.path.rsplit(".", 1)[1] for d in named} == {"label", "text"}


def test_spelling_variants_of_one_figure_match():
    recorded = [Fact("Trade", "USD 22.8 bn", "2023–2024"), Fact("People", "5 lakh")]
    assert lint(node("a", "Trade $22.8 bn in 2023-24", "About ~US$ 22.8 billion; 500,000 people; 5,00,000 again", facts=recorded)) == []


def test_unrecorded_figures_of_each_kind_are_reported():
    text = "Up 12% to JPY 10 trillion, 3 crore people, 54,000 workers, in 2008 and 2023–24."
    messages = lint(node("a", "Plain label", text))
    for figure in ("12%", "JPY 10 trillion", "3 crore", "54,000", "2008", "2023–24"):
        assert any(f"'{figure}'" in message for message in messages), (figure, messages)
    assert len(messages) == 6


def test_ordinals_versions_and_small_counts_are_not_figures():
    assert find_figures("the 15th summit, Digital Partnership 2.0, Chandrayaan-5, 5 years, G7, a 5 m wall") == []


def test_ancestor_and_descendant_records_count_but_siblings_do_not():
    child = node("p.c", "Deal of 2014", facts=[Fact("Deal", "Pact", "2015")])
    parent = node("p", "Since 2015", children=[child], timeline=[TimelineEntry("2014", "Pact")])
    sibling = node("q", "Also 2015")
    messages = lint(parent, sibling)
    assert len(messages) == 1 and "'2015'" in messages[0]


def test_a_recorded_range_records_its_end_years():
    assert lint(node("a", "Between 2000 and 2023", facts=[Fact("FDI", "USD 38 bn", "2000–2023")])) == []


def test_currency_must_agree_when_both_sides_name_one():
    messages = lint(node("a", "JPY 68 bn", facts=[Fact("Pledge", "USD 68 bn")]))
    assert len(messages) == 1 and "'JPY 68 bn'" in messages[0]
