"""Markdown outlines -> Document: structure, metadata, inline markup, warnings and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijprint.errors import ContentError
from ijprint.model import Span, inline_markup, walk
from ijprint.sources import load_document, read_document, source_kind
from ijprint.sources.markdown_source import parse_markdown

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


def by_label(document, label):
    found = [node for _, node in walk(document.sections) if node.label_text == label]
    assert found, f"no node labelled {label!r}"
    return found[0]


def md(text: str, file: str = "notes.md"):
    return parse_markdown(text.encode("utf-8"), file)


def test_deep_outline_keeps_every_level_and_the_metadata():
    document, warnings = read_document(DATA / "deep_outline.md")
    assert warnings == []
    meta = document.meta
    assert meta.title == "Photosynthesis"
    assert meta.subtitle == "How plants turn light into sugar"
    assert meta.date == "2024-03-15"
    assert meta.tags == ("biology", "plants")
    assert (meta.source_title, meta.source_url) == ("Class 11 Biology, chapter 13", "https://example.org/biology/photosynthesis")
    assert meta.author == "A. Teacher"
    # The single H1 is the root: its paragraph is the context line, its H2s the main sections.
    assert meta.context == "Plants, algae and some bacteria make glucose from carbon dioxide and water."
    assert [node.label_text for node in document.sections] == ["Light reactions", "Calvin cycle", "Limiting factors"]
    depths = {node.label_text: depth for depth, node in walk(document.sections)}
    assert max(depths.values()) == 7
    # H2 > H3 > '-' > '-' > '*' > '+' > '1.': every list marker nests.
    assert depths["Photosystem II"] == 2
    assert depths["Water splitting"] == 3
    assert depths["Diffuses out through stomata"] == 5
    assert depths["Used by animals for respiration"] == 6
    assert depths["Releases energy as ATP"] == 7
    assert [c.label_text for c in by_label(document, "Calvin cycle").children] == ["Carbon fixation", "Reduction", "Regeneration of RuBP"]
    assert len(walk(document.sections)) == 23


def test_inline_markup_code_and_links():
    document, _ = read_document(DATA / "deep_outline.md")
    light = by_label(document, "Light reactions")
    assert light.text == (Span("Take place in the "), Span("thylakoid membranes", italic=True), Span("."))
    calvin = by_label(document, "Calvin cycle")
    assert Span("dark reactions", bold=True) in calvin.text
    assert calvin.text_plain == "The dark reactions run in the stroma; see the cycle."
    assert "https://" not in calvin.text_plain
    assert by_label(document, "Uses Ferredoxin as carrier").label == (Span("Uses Ferredoxin as carrier"),)


def test_wide_outline_without_children_under_the_h1():
    document, _ = read_document(DATA / "wide_outline.md")
    assert document.meta.title == "First 36 elements"
    assert len(document.sections) == 36
    assert document.sections[4].label == (Span("Boron", bold=True),)
    assert [c.label_text for c in by_label(document, "Nitrogen").children] == ["Atomic number 7"]
    assert len({node.id for node in document.sections}) == 36


def test_long_sentence_labels_are_shortened_and_kept_as_text():
    document, _ = read_document(DATA / "long_labels.md")
    assert document.meta.title == "Indian Constitution"
    for _, node in walk(document.sections):
        assert len(node.label_text.split()) <= 6 and len(node.label_text) <= 40
    first = document.sections[0]
    assert first.label_text == "The Constituent Assembly first met"
    assert first.text_plain == "The Constituent Assembly first met on 9 December 1946 in the Central Hall of Parliament"
    ambedkar = document.sections[1]
    assert ambedkar.label_text == "B. R. Ambedkar chaired the Drafting"
    rights, principles = ambedkar.children
    assert rights.label_text == "Fundamental Rights"
    assert rights.text_plain.startswith("Fundamental Rights: enforceable")
    assert principles.label_text == "Directive Principles"
    # The item's own paragraph follows the full sentence, after a full stop.
    adopted = document.sections[2]
    assert adopted.text_plain == (
        "The Constitution was adopted on 26 November 1949 and came into force on 26 January 1950. "
        "The date was chosen to honour the Purna Swaraj declaration of 1930."
    )
    assert by_label(document, "Amendments").children[0].label_text == "The Forty-second Amendment"


def test_hindi_outline_loads():
    document, _ = read_document(DATA / "hindi_outline.md")
    assert document.meta.title == "जल चक्र"
    assert document.meta.language == "hi"
    assert document.meta.tags == ("भूगोल", "विज्ञान")
    assert [node.label_text for node in document.sections] == ["वाष्पीकरण", "संघनन", "वर्षण"]
    evaporation = document.sections[0]
    assert Span("भाप", bold=True) in evaporation.text
    cloud = by_label(document, "बादल बनना").children[0]
    assert cloud.label_text == "जलवाष्प ठंडी होकर छोटी बूँदों में"
    assert cloud.text_plain.endswith("जिससे बादल बनते हैं")
    assert [c.label_text for c in document.sections[2].children] == ["वर्षा", "ओले", "हिमपात"]


def test_several_top_level_headings_without_front_matter_take_the_file_name():
    document, _ = md("# Alpha\n- a\n# Beta\n- b\n", "revision_notes-unit-3.md")
    assert document.meta.title == "revision notes unit 3"
    assert [n.label_text for n in document.sections] == ["Alpha", "Beta"]


def test_list_only_file_with_a_single_root_item():
    document, _ = md("- Ecology\n  - Food chains\n  - Biomes\n    - Tundra\n")
    assert document.meta.title == "Ecology"
    assert [n.label_text for n in document.sections] == ["Food chains", "Biomes"]
    assert document.sections[1].children[0].id == "biomes.tundra"


def test_front_matter_title_wins_and_headings_may_start_at_h2():
    document, _ = md("---\ntitle: Declared\n---\n## One\n### One a\n## Two\n")
    assert document.meta.title == "Declared"
    assert [n.label_text for n in document.sections] == ["One", "Two"]
    assert document.sections[0].children[0].label_text == "One a"
    assert document.sections[0].origin.line == 4


def test_skipped_blocks_and_images_warn_with_their_line():
    source = "# T\n\n- a\n\n  ```\n  code\n  ```\n- b ![chart](c.png)\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n<div>raw</div>\n"
    document, warnings = md(source)
    assert [n.label_text for n in document.sections] == ["a", "b"]
    lines = {w.message.split(" ")[0]: w.line for w in warnings}
    assert lines == {"code": 5, "image": 8, "table": 10, "HTML": 14}
    assert all(w.file == "notes.md" for w in warnings)


def test_markmap_options_are_ignored_and_unknown_keys_warn():
    source = "---\ntitle: Map\nmarkmap:\n  colorFreezeLevel: 2\n  initialExpandLevel: 3\ntitel: typo\n---\n- a\n- b\n"
    document, warnings = md(source)
    assert document.meta.title == "Map"
    assert len(warnings) == 1
    assert (warnings[0].line, warnings[0].hint) == (6, "did you mean 'title'?")


def test_front_matter_tags_as_text_and_source_as_url():
    document, _ = md("---\ntags: trade, economy\nsource: https://example.org/a\n---\n- a\n- b\n")
    assert document.meta.tags == ("trade", "economy")
    assert document.meta.source_url == "https://example.org/a"


def test_empty_item_is_skipped_and_its_children_move_up():
    document, warnings = md("# T\n- a\n-\n  - b\n")
    assert [n.label_text for n in document.sections] == ["a", "b"]
    assert len(warnings) == 1 and warnings[0].line == 3


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"Just a paragraph.\n\nAnother one.\n", "no headings or list items", 1),
        (b"", "no headings or list items", 1),
        (b"---\ntitle: [unclosed\n---\n- a\n", "YAML syntax error", 2),
        (b"---\n- just a list\n---\n- a\n", "front matter must be a mapping", 2),
        (b"---\ntitle:\n  nested: map\n---\n- a\n", "expected text", 3),
        (b"# T\n- caf\xe9\n", "not valid UTF-8", 2),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary", 3),
    ],
)
def test_errors_are_one_line_with_a_position(data, message, line):
    with pytest.raises(ContentError) as caught:
        parse_markdown(data, "bad.md")
    error = caught.value
    assert message in str(error)
    assert error.file == "bad.md" and error.line == line
    assert "\n" not in str(error)


def test_nesting_deeper_than_the_format_allows_is_an_error():
    source = "".join("  " * level + f"- level {level}\n" for level in range(40))
    with pytest.raises(ContentError, match="nested deeper than 30 levels") as caught:
        md(source)
    assert caught.value.line == 32  # line 1 is the root, line 32 the 31st level


def test_block_quote_nesting_beyond_the_parser_limit_is_an_error_not_silent_loss():
    with pytest.raises(ContentError, match="nested deeper"):
        md("- a\n" + ">" * 150 + " deep\n")


def test_registry_chooses_markdown_by_extension_and_from_override(tmp_path):
    assert source_kind(Path("notes.md")) == "markdown"
    assert source_kind(Path("notes.markdown")) == "markdown"
    plain = tmp_path / "outline.txt"
    plain.write_text("- a\n- b\n", encoding="utf-8")
    document = load_document(plain, "markdown")
    assert [inline_markup(n.label) for n in document.sections] == ["a", "b"]
