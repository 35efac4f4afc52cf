"""sources/yaml_source.py: content files -> Document, ids, and every kind of positioned content error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ijprint.errors import ContentError
from ijprint.model import Document, walk
from ijprint.sources import yaml_source
from ijprint.sources.yaml_source import (
    MAX_ID_CHARS,
    MAX_LABEL_CHARS,
    MAX_TEXT_CHARS,
    load_yaml_document,
    parse_yaml_document,
)
from ijprint.sources.yaml_tree import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "content-format.md"
FILE = "topic.yaml"
HEAD = "format: 1\nmeta:\n  title: T\nsections:\n"  # the body of each case starts on line 5


def _load(text: str) -> Document:
    return parse_yaml_document(text.encode("utf-8"), FILE)


def _ids(text: str) -> dict[str, str]:
    """label path -> id."""
    document = parse_yaml_document(text.encode("utf-8"), FILE)
    out: dict[str, str] = {}
    for _, node in walk(document.sections):
        out[node.origin.path if node.origin else node.id] = node.id
    return out


def _fails(text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        parse_yaml_document(text.encode("utf-8"), FILE)
    error = info.value
    line = error.one_line()
    assert "\n" not in line
    assert line.startswith(f"{FILE}:{error.line}:{error.column}: ") if error.line else line.startswith(FILE)
    assert error.hint and error.hint in line
    return error


def test_seed_loads_with_unique_ids_and_origins(seed_document: Document) -> None:
    nodes = [node for _, node in walk(seed_document.sections)]
    assert len(nodes) > 50
    assert len({node.id for node in nodes}) == len(nodes)
    assert all(node.origin and node.origin.line and node.origin.path.startswith("sections[") for node in nodes)


def test_values_are_kept_as_written() -> None:
    document = _load(
        "format: 1\nmeta:\n  title: 2014\n  date: 2025-08-30\n  tags: [yes, 3.10]\nsections:\n"
        "  - label: no\n    facts:\n      - what: on\n        value: 1,000\n        period: 05\n"
        "    timeline: [{year: 2000, event: null event}]\n"
        "  - label: 2014\n"
    )
    assert (document.meta.title, document.meta.date, document.meta.tags) == ("2014", "2025-08-30", ("yes", "3.10"))
    first, second = document.sections
    assert (first.label_text, second.label_text) == ("no", "2014")
    fact = first.facts[0]
    assert (fact.what, fact.value, fact.period) == ("on", "1,000", "05")
    assert (first.timeline[0].year, first.timeline[0].event) == ("2000", "null event")


def test_one_line_fields_collapse_whitespace_but_text_keeps_lines() -> None:
    document = _load(HEAD + "  - label: |\n      Two\n      lines\n    text: |\n      One.\n      Two.\n")
    node = document.sections[0]
    assert node.label_text == "Two lines"
    assert node.text_plain == "One.\nTwo."


def test_inline_markup_is_parsed_into_the_model() -> None:
    node = _load(HEAD + "  - label: '**Big** _idea_'\n    text: see file_name.txt\n").sections[0]
    assert [(s.text, s.bold, s.italic) for s in node.label] == [("Big", True, False), (" ", False, False), ("idea", False, True)]
    assert node.text_plain == "see file_name.txt"


def test_metadata_defaults_and_source() -> None:
    meta = _load(HEAD.replace("  title: T\n", "  title: T\n  source: {title: S, url: 'https://x'}\n") + "  - label: a\n").meta
    assert (meta.source_title, meta.source_url, meta.language, meta.subtitle) == ("S", "https://x", "en", "")


# ---------------------------------------------------------------- ids

TREE = HEAD + (
    "  - label: Economy\n"
    "    children:\n"
    "      - label: Trade\n"
    "        children:\n"
    "          - label: Exports\n"
    "      - label: Trade\n"
    "      - label: Investment\n"
    "  - label: Defence\n"
    "    children:\n"
    "      - label: Exercises\n"
)


def test_ids_are_paths_of_label_slugs_unique_and_stable_across_reloads() -> None:
    ids = _ids(TREE)
    assert ids == {
        "sections[0]": "economy",
        "sections[0].children[0]": "economy.trade",
        "sections[0].children[0].children[0]": "economy.trade.exports",
        "sections[0].children[1]": "economy.trade-2",
        "sections[0].children[2]": "economy.investment",
        "sections[1]": "defence",
        "sections[1].children[0]": "defence.exercises",
    }
    assert _ids(TREE) == ids


def test_ids_unchanged_when_an_unrelated_subtree_changes() -> None:
    before = _ids(TREE)
    edited = TREE.replace("          - label: Exports\n", "          - label: Imports\n          - label: Tariffs\n")
    edited = edited.replace("      - label: Investment\n", "      - label: Investment\n        children: [{label: FDI}]\n")
    edited = edited.replace("  - label: Defence\n", "  - label: New section\n  - label: Defence\n")
    after = _ids(edited)
    for path in ("sections[0]", "sections[0].children[0]", "sections[0].children[1]", "sections[0].children[2]"):
        assert after[path] == before[path]
    # Defence moved from sections[1] to sections[2]; its id and its child's id did not change.
    assert after["sections[2]"] == before["sections[1]"] == "defence"
    assert after["sections[2].children[0]"] == before["sections[1].children[0]"]
    assert after["sections[0].children[0].children[0]"] == "economy.trade.imports"  # the renamed node itself does change
    assert len(set(after.values())) == len(after)


def test_explicit_id_replaces_the_slug_and_survives_relabelling() -> None:
    text = TREE.replace("      - label: Investment\n", "      - label: Investment\n        id: fdi\n        children: [{label: Japan}]\n")
    ids = _ids(text)
    assert ids["sections[0].children[2]"] == "economy.fdi"
    assert ids["sections[0].children[2].children[0]"] == "economy.fdi.japan"
    relabelled = _ids(text.replace("label: Investment", "label: Money in"))
    assert relabelled["sections[0].children[2]"] == "economy.fdi"


def test_explicit_id_clashing_with_a_derived_sibling_id_is_an_error_naming_both_lines() -> None:
    """An explicit id never renames a sibling (that would break the promise that ids stay stable)."""
    error = _fails(HEAD + "  - label: Trade\n  - label: Other\n    id: trade\n")
    assert (error.line, error.column, error.path) == (7, 9, "sections[1].id")
    assert "'trade'" in error.message and "line 5" in error.message and "line 5" in error.hint


def test_explicit_id_clashing_with_a_numbered_derived_id_is_an_error() -> None:
    error = _fails(HEAD + "  - label: Light\n  - label: Light\n  - label: Heavy\n    id: light-2\n")
    assert (error.line, error.path) == (8, "sections[2].id") and "line 6" in error.message


def test_derived_ids_do_not_move_when_an_explicit_id_is_added() -> None:
    before = _ids(HEAD + "  - label: Trade\n  - label: Trade\n  - label: Other\n")
    after = _ids(HEAD + "  - label: Trade\n  - label: Trade\n  - label: Other\n    id: imports\n")
    assert (after["sections[0]"], after["sections[1]"]) == (before["sections[0]"], before["sections[1]"]) == ("trade", "trade-2")
    assert after["sections[2]"] == "imports"


@pytest.mark.parametrize("bad", ["Has Caps", "dots.in.it", "x" * (MAX_ID_CHARS + 1), "'-lead'", "'a_b'"])
def test_invalid_explicit_id(bad: str) -> None:
    error = _fails(HEAD + f"  - label: A\n    id: {bad}\n")
    assert (error.line, error.column, error.path) == (6, 9, "sections[0].id")
    assert "is not a valid id" in error.message and "lowercase" in error.hint


def test_duplicate_explicit_ids_among_siblings() -> None:
    error = _fails(HEAD + "  - label: A\n    id: same\n  - label: B\n    id: same\n")
    assert (error.line, error.column, error.path) == (8, 9, "sections[1].id")
    assert "'same' is already used" in error.message


# ---------------------------------------------------------------- errors

CASES = [
    # (name, text, line, column, path, message part, hint part)
    ("top-list", "- format: 1\n", 1, 1, "", "top level must be a mapping", "docs/content-format.md"),
    ("top-scalar", "just words\n", 1, 1, "", "top level must be a mapping", "example"),
    ("format-2", "format: 2\nmeta: {title: T}\nsections: [{label: a}]\n", 1, 9, "format", "unsupported format '2'", "format: 1"),
    ("format-2-new-keys", "format: 2\nlayout: x\n", 1, 9, "format", "unsupported format '2'", "upgrade"),
    ("format-list", "format: [1]\n", 1, 9, "format", "unsupported format given as a list", "format: 1"),
    ("format-missing", "meta: {title: T}\nsections: [{label: a}]\n", 1, 1, "format", "missing 'format'", "add 'format:'"),
    ("unknown-top", HEAD.replace("sections:", "section:") + "  - label: a\n", 4, 1, "section", "unknown key 'section'", "did you mean 'sections'?"),
    ("meta-list", "format: 1\nmeta:\n  - title: T\nsections: [{label: a}]\n", 3, 3, "meta", "expected a mapping of keys, found a list", "'- '"),
    ("meta-title-missing", "format: 1\nmeta: {subtitle: S}\nsections: [{label: a}]\n", 2, 7, "meta.title", "missing 'title'", "add 'title:'"),
    ("meta-title-typo", "format: 1\nmeta: {titel: T}\nsections: [{label: a}]\n", 2, 8, "meta.titel", "unknown key 'titel'", "did you mean 'title'?"),
    ("meta-title-blank", "format: 1\nmeta: {title: ''}\nsections: [{label: a}]\n", 2, 15, "meta.title", "is empty", "title"),
    ("tags-text", "format: 1\nmeta: {title: T, tags: india}\nsections: [{label: a}]\n", 2, 24, "meta.tags", "expected a list, found text 'india'", "'- '"),
    ("source-key", "format: 1\nmeta:\n  title: T\n  source: {link: x}\nsections: [{label: a}]\n", 4, 12, "meta.source.link", "unknown key 'link'", "title, url"),
    ("sections-map", HEAD + "  label: a\n", 5, 3, "sections", "expected a list, found a mapping", "'- '"),
    ("sections-empty", HEAD + "  []\n", 5, 3, "sections", "no sections", "add at least one section"),
    ("section-text", HEAD + "  - Trade\n", 5, 5, "sections[0]", "expected a mapping of keys, found text 'Trade'", "key: value"),
    ("section-list", HEAD + "  - - label: a\n", 5, 5, "sections[0]", "expected a mapping of keys, found a list", "'- '"),
    ("child-list", HEAD + "  - label: a\n    children:\n      - - label: b\n", 7, 9, "sections[0].children[0]", "found a list", "'- '"),
    ("fact-list", HEAD + "  - label: a\n    children:\n      - label: b\n        facts:\n          - - what: x\n", 9, 13, "sections[0].children[0].facts[0]", "found a list", "'- '"),
    ("timeline-text", HEAD + "  - label: a\n    timeline:\n      - '2014: visit'\n", 7, 9, "sections[0].timeline[0]", "found text '2014: visit'", "key: value"),
    ("label-null", HEAD + "  - label: a\n  - label: b\n  - label: c\n    children:\n" + "".join(f"      - label: c{i}\n" for i in range(4)) + "      - label:\n",
     13, 9, "sections[2].children[4].label", "is empty", "after 'label:'"),
    ("label-missing", HEAD + "  - text: no label here\n", 5, 5, "sections[0].label", "missing 'label'", "add 'label:'"),
    ("label-map", HEAD + "  - label:\n      en: Trade\n", 6, 7, "sections[0].label", "expected text, found a mapping", "quote"),
    ("label-typo", HEAD + "  - lable: a\n", 5, 5, "sections[0].lable", "unknown key 'lable'", "did you mean 'label'?"),
    ("children-typo", HEAD + "  - label: a\n    chidren: []\n", 6, 5, "sections[0].chidren", "unknown key 'chidren'", "did you mean 'children'?"),
    ("facts-map", HEAD + "  - label: a\n    facts: {}\n", 6, 12, "sections[0].facts", "expected a list, found a mapping", "'- '"),
    ("facts-text", HEAD + "  - label: a\n    facts: none\n", 6, 12, "sections[0].facts", "expected a list, found text 'none'", "'- '"),
    ("fact-value-missing", HEAD + "  - label: a\n    facts:\n      - what: GDP\n", 7, 9, "sections[0].facts[0].value", "missing 'value'", "add 'value:'"),
    ("fact-key-typo", HEAD + "  - label: a\n    facts:\n      - {what: GDP, value: 1, peroid: 2}\n", 7, 31, "sections[0].facts[0].peroid", "unknown key 'peroid'", "did you mean 'period'?"),
    ("year-missing", HEAD + "  - label: a\n    timeline:\n      - event: visit\n", 7, 9, "sections[0].timeline[0].year", "missing 'year'", "add 'year:'"),
    ("duplicate-key", HEAD + "  - label: a\n    children:\n      - label: b\n        text: x\n        text: y\n", 9, 9, "sections[0].children[0].text", "duplicate key 'text' (first at line 8)", "remove"),
    ("label-too-long", HEAD + f"  - label: {'w' * (MAX_LABEL_CHARS + 1)}\n", 5, 12, "sections[0].label", f"over the {MAX_LABEL_CHARS} limit", "shorten"),
    ("text-too-long", HEAD + f"  - label: a\n    text: {'w ' * MAX_TEXT_CHARS}\n", 6, 11, "sections[0].text", f"over the {MAX_TEXT_CHARS:,} limit", "split"),
    ("note-too-long", HEAD + f"  - label: a\n    facts: [{{what: w, value: v, note: {'n' * (MAX_TEXT_CHARS + 1)}}}]\n", 6, 39, "sections[0].facts[0].note", "over the", "shorten"),
    ("python-tag", HEAD + "  - label: !!python/object/apply:os.system ['true']\n", 5, 12, "sections[0].label", "'!!python/object/apply:os.system' is not allowed", "remove"),
    ("tabs", HEAD + "  - label: a\n\tchildren: []\n", 6, 1, "sections[0]", "YAML syntax error", "spaces"),
    ("two-documents", HEAD + "  - label: a\n---\n" + HEAD, 6, 1, "", "more than one YAML document", "one topic per file"),
]


@pytest.mark.parametrize(("name", "text", "line", "column", "path", "message", "hint"), CASES, ids=[case[0] for case in CASES])
def test_content_errors(name: str, text: str, line: int, column: int, path: str, message: str, hint: str) -> None:
    error = _fails(text)
    assert (error.file, error.line, error.column, error.path) == (FILE, line, column, path)
    assert message in error.message
    assert hint in error.hint
    if path:
        assert f"{FILE}:{line}:{column}: {path}: " in error.one_line()


# ---------------------------------------------------------------- hostile files on disk


def _bomb() -> str:
    rows = ["format: 1", "meta: {title: T}", 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(rows) + "\nsections: [{label: a, children: [*x8]}]\n"


HOSTILE = [
    ("bomb", _bomb().encode(), "alias bomb", "anchors"),
    ("deep-flow", (HEAD + "  - label: a\n    children: " + "[" * 20_000 + "]" * 20_000 + "\n").encode(), f"deeper than {MAX_DEPTH}", "flatten"),
    ("deep-block", (HEAD + "  " + "- " * 20_000 + "x\n").encode(), f"deeper than {MAX_DEPTH}", "flatten"),
    ("deep-nodes", (HEAD + "".join(f"{'  ' * (2 * i + 1)}- label: n{i}\n{'  ' * (2 * i + 2)}children:\n" for i in range(100))).encode(), f"deeper than {MAX_DEPTH}", "flatten"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "UTF-8"),
    ("latin-1", (HEAD + "  - label: caf\xe9\n").encode("latin-1"), "not valid UTF-8", "UTF-8"),
    ("huge", (HEAD + "  - label: a\n    text: " + "w " * MAX_FILE_BYTES + "\n").encode(), "over the", "split"),
]


@pytest.mark.parametrize(("name", "data", "message", "hint"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_files_fail_with_one_clear_line(tmp_path: Path, name: str, data: bytes, message: str, hint: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    with pytest.raises(ContentError) as info:
        load_yaml_document(path)
    error = info.value
    line = error.one_line()
    assert "\n" not in line and line.startswith(str(path))
    assert message in error.message and hint in error.hint
    if name not in ("huge", "binary"):
        assert error.line is not None and error.column is not None


def test_nesting_within_the_limit_loads_30_levels_of_children() -> None:
    levels = 30
    body = "".join(
        f"{'  ' * (2 * i + 1)}- label: n{i}\n{'  ' * (2 * i + 2)}facts: [{{what: w, value: v}}]\n{'  ' * (2 * i + 2)}children:\n"
        for i in range(levels)
    )
    document = _load(HEAD + body)
    walked = walk(document.sections)
    assert len(walked) == levels and walked[-1][0] == levels


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for path, message in ((tmp_path / "nope.yaml", "not found"), (tmp_path, "folder")):
        with pytest.raises(ContentError) as info:
            load_yaml_document(path)
        assert message in info.value.message and info.value.file == str(path)


# ---------------------------------------------------------------- the documentation


def _doc_yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_documented_example_loads_and_uses_every_key(tmp_path: Path) -> None:
    blocks = _doc_yaml_blocks()
    assert len(blocks) == 1
    path = tmp_path / "example.yaml"
    path.write_text(blocks[0], encoding="utf-8")
    document = load_yaml_document(path)
    assert document.meta.title and document.sections
    used = set(re.findall(r"^\s*(?:- )?([a-z_]+):", blocks[0], flags=re.MULTILINE))
    every_key = {*yaml_source.TOP_KEYS, *yaml_source.META_KEYS, *yaml_source.SOURCE_KEYS, *yaml_source.NODE_KEYS}
    every_key |= {*yaml_source.FACT_KEYS, *yaml_source.TIMELINE_KEYS}
    assert every_key <= used, every_key - used
    ids = {node.id for _, node in walk(document.sections)}
    assert "inputs.co2" in ids  # the id the documentation names


def test_documentation_names_every_key_and_the_real_limits() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for key in {*yaml_source.META_KEYS, *yaml_source.NODE_KEYS, *yaml_source.FACT_KEYS, *yaml_source.TIMELINE_KEYS}:
        assert f"| `{key}` |" in doc, key
    assert f"{MAX_FILE_BYTES // 1048576} MiB ({MAX_FILE_BYTES:,} bytes)" in doc
    assert f"{MAX_DEPTH} levels" in doc
    assert f"| {MAX_NODES:,}," in doc
    assert f"| label length | {MAX_LABEL_CHARS} characters |" in doc
    assert f"{MAX_TEXT_CHARS:,} characters |" in doc
    assert f"| explicit `id` length | {MAX_ID_CHARS} characters |" in doc
