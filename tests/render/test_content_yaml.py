"""Document -> ijprint YAML: reading the written YAML back gives the same Document, for every source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijprint.errors import ContentError
from ijprint.model import Document, Metadata, Node, Origin, Span, walk
from ijprint.render.content_yaml import MAX_NODE_DEPTH, render_content_yaml
from ijprint.sources import load_document
from ijprint.sources.outline_document import OutlineItem, build_document
from ijprint.sources.yaml_source import parse_yaml_document

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
FIXTURES = sorted(p for p in SOURCES.iterdir() if p.suffix in (".md", ".mm", ".opml"))


def test_there_is_a_fixture_of_every_source_kind():
    assert {p.suffix for p in FIXTURES} == {".md", ".mm", ".opml"}
    assert len(FIXTURES) >= 7


@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.name)
def test_import_round_trip_gives_the_same_document(source):
    document = load_document(source)
    written = render_content_yaml(document)
    assert parse_yaml_document(written, "imported.yaml") == document


def test_seed_round_trip_keeps_facts_timeline_and_metadata(seed_document):
    written = render_content_yaml(seed_document)
    again = parse_yaml_document(written, "seed-copy.yaml")
    assert again == seed_document
    assert sum(len(node.facts) for _, node in walk(again.sections)) > 0


def test_output_is_readable_block_yaml():
    document = load_document(SOURCES / "long_labels.md")
    text = render_content_yaml(document).decode("utf-8")
    assert text.startswith("# ijprint content, format 1")
    tree = yaml.safe_load(text)
    assert tree["format"] == 1 and tree["meta"]["title"] == "Indian Constitution"
    first = tree["sections"][0]
    assert first["label"] == "The Constituent Assembly first met"
    assert first["text"] == "The Constituent Assembly first met on 9 December 1946 in the Central Hall of Parliament"
    assert "\n  - label: " in text and "\n    children:\n      - label: " in text
    assert "{" not in text  # no flow mappings
    assert "id:" not in text  # ids derived from labels need no explicit id
    assert max(len(line) for line in text.splitlines() if "text:" not in line) < 120


def test_unicode_is_written_as_itself_and_markup_as_markers():
    document = load_document(SOURCES / "hindi_outline.md")
    text = render_content_yaml(document).decode("utf-8")
    assert 'title: "जल चक्र"' in text
    assert "**भाप**" in text
    assert "\\u" not in text


def test_same_document_same_bytes():
    document = load_document(SOURCES / "french_revolution_freeplane13.mm")
    assert render_content_yaml(document) == render_content_yaml(load_document(SOURCES / "french_revolution_freeplane13.mm"))


def test_ids_the_reader_would_not_derive_are_written():
    node = Node(id="custom", label=(Span("Exports"),), children=(Node(id="custom.x", label=(Span("Y"),)),))
    document = Document(meta=Metadata(title="T"), sections=(node,))
    text = render_content_yaml(document).decode("utf-8")
    assert 'id: "custom"' in text and 'id: "x"' in text
    assert parse_yaml_document(text.encode("utf-8"), "t.yaml") == document


def test_values_that_look_like_other_types_stay_text():
    node = Node(id="2000", label=(Span("2000"),), text=(Span("no"),), children=(Node(id="2000.null", label=(Span("null"),)),))
    document = Document(meta=Metadata(title="yes", date="2024-01-01", tags=("1", "true")), sections=(node,))
    assert parse_yaml_document(render_content_yaml(document), "t.yaml") == document


def test_too_deep_for_the_yaml_format_is_an_error():
    node = Node(id="n", label=(Span("n"),))
    for _ in range(MAX_NODE_DEPTH):
        node = Node(id="n", label=(Span("n"),), children=(node,))
    with pytest.raises(ContentError, match="nested"):
        render_content_yaml(Document(meta=Metadata(title="T"), sections=(node,)))


words = st.text(alphabet=st.sampled_from("abcxyz é中ह_*:,.-—(1\n"), min_size=0, max_size=60)


def outline_items(depth: int = 0):
    leaf = st.builds(lambda label, text: OutlineItem((Span(label),), (Span(text),), (), Origin("r.md")), words, words)
    if depth >= 2:
        return leaf
    return st.builds(
        lambda label, bold, text, children: OutlineItem((Span(label, bold=bold),), (Span(text),), tuple(children), Origin("r.md")),
        words,
        st.booleans(),
        words,
        st.lists(outline_items(depth + 1), max_size=3),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(outline_items(), min_size=1, max_size=4))
def test_any_outline_round_trips(items):
    try:
        document, _ = build_document(tuple(items), Metadata(title=""), "random.md", Origin("random.md"))
    except ContentError as error:
        assert "the outline is empty" in str(error)  # nothing but empty items
        return
    assert parse_yaml_document(render_content_yaml(document), "random.yaml") == document
