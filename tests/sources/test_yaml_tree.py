"""yaml_tree.py: safe, bounded, position-tracked parsing and the schema Reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijprint.errors import ContentError
from ijprint.sources.yaml_schema import Reader
from ijprint.sources.yaml_tree import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, YNode, parse_yaml, read_limited

FILE = "t.yaml"


def _fails(data: bytes | str) -> ContentError:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ContentError) as info:
        parse_yaml(raw, FILE)
    error = info.value
    line = error.one_line()
    assert "\n" not in line and line.startswith(FILE)
    if error.line is not None:
        assert line.startswith(f"{FILE}:{error.line}:{error.column}: " if error.column else f"{FILE}:{error.line}: ")
    if error.path:
        assert f": {error.path}: " in line
    assert error.hint, "every error says what to do"
    return error


def _where(error: ContentError) -> tuple[int | None, int | None, str]:
    return (error.line, error.column, error.path)


def test_scalars_keep_their_source_text() -> None:
    root = parse_yaml(b"a: no\nb: 2014\nc: 2025-08-30\nd: 1e3\ne: 0x1A\nf: ~\ng: 'yes'\nh: =\ni: 12:30\n", FILE)
    texts = {key: value.text for key, (_, value) in root.pairs.items()}
    assert texts == {"a": "no", "b": "2014", "c": "2025-08-30", "d": "1e3", "e": "0x1A", "f": "~", "g": "yes", "h": "=", "i": "12:30"}
    assert root.pairs["f"][1].is_null and not root.pairs["g"][1].is_null


def test_plain_scalars_get_the_tags_pyyaml_resolves() -> None:
    """yaml_tree looks the implicit types up itself: the same tags as PyYAML's own resolver (YAML 1.1's
    value type '=' read as text), and quoted scalars are text whatever they look like."""
    import yaml

    values = ["no", "Yes", "ON", "off", "true", "~", "null", "Null", "", "2014", "-3", "+7", "0x1A", "0o17", "0b101", "1_000",
              "190:20:30", "1e3", "1.5", ".5", "-.inf", ".NaN", "2025-08-30", "2001-12-14t21:59:43.10-05:00", "=", "<<",
              "label", "India–Japan", "12:30"]
    for value in values:
        written = f"key: {value}\n" if value else "key:\n"
        tag = parse_yaml(written.encode(), FILE).pairs["key"][1].tag
        expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
        assert tag == (expected if expected != "tag:yaml.org,2002:value" else "tag:yaml.org,2002:str"), value
        assert parse_yaml(f"key: '{value}'\n".encode(), FILE).pairs["key"][1].tag == "tag:yaml.org,2002:str"


def test_positions_are_one_based() -> None:
    root = parse_yaml(b"top:\n  - first\n  - {k: v}\n", FILE)
    items = root.pairs["top"][1].items
    assert (items[0].line, items[0].column) == (2, 5)
    assert (items[1].line, items[1].column) == (3, 5)


def test_duplicate_key_names_both_lines_and_the_path() -> None:
    error = _fails("sections:\n  - label: a\n    text: x\n    label: b\n")
    assert _where(error) == (4, 5, "sections[0].label")
    assert "duplicate key 'label'" in error.message and "line 2" in error.message


def test_billion_laughs_is_refused_before_expanding() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    error = _fails("\n".join(rows) + "\n")
    assert "alias bomb" in error.message and f"{MAX_NODES:,}" in error.message
    assert error.line is not None and 2 <= error.line <= 9
    assert error.path and error.path[0] in "bcdefghi"


def test_alias_that_contains_itself_is_refused() -> None:
    error = _fails("sections:\n  - &loop\n    label: x\n    children: [*loop]\n")
    assert _where(error) == (4, 16, "sections[0].children[0]")
    assert "'*loop'" in error.message and "contains it" in error.message


def test_aliases_that_stay_within_budget_work() -> None:
    root = parse_yaml(b"base: &b {k: v}\ncopy: *b\n", FILE)
    assert root.pairs["copy"][1].pairs["k"][1].text == "v"


def test_unknown_alias() -> None:
    error = _fails("a: *nowhere\n")
    assert _where(error) == (1, 4, "a")
    assert "unknown alias '*nowhere'" in error.message


def test_big_legitimate_nested_document_is_not_mistaken_for_a_bomb() -> None:
    # 10,000 values under 30 levels of mappings: far below the value limit, however deep they sit.
    head = "".join(f"{'  ' * i}k{i}:\n" for i in range(30))
    body = "".join(f"{'  ' * 30}- v{j}\n" for j in range(10_000))
    root = parse_yaml((head + body).encode(), FILE)
    node = root
    for i in range(30):
        node = node.pairs[f"k{i}"][1]
    assert len(node.items) == 10_000 and root.size < MAX_NODES


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        ("[" * 20_000 + "]" * 20_000, 1, MAX_DEPTH + 1),
        ("- " * 20_000 + "x\n", 1, 2 * MAX_DEPTH + 1),
        ("".join(f"{' ' * i}k:\n" for i in range(2_000)), MAX_DEPTH + 1, MAX_DEPTH + 1),
        ("{a: " * 20_000 + "x" + "}" * 20_000, 1, 4 * MAX_DEPTH + 1),
    ],
    ids=["flow-lists", "block-lists", "block-mappings", "flow-mappings"],
)
def test_deep_nesting_fails_fast_without_recursion(data: str, line: int, column: int) -> None:
    error = _fails(data)
    assert f"deeper than {MAX_DEPTH}" in error.message
    assert (error.line, error.column) == (line, column)
    assert "..." in error.path  # the path is shortened, not 64 segments long


def test_nesting_up_to_the_limit_is_fine() -> None:
    root = parse_yaml(("[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH).encode(), FILE)
    for _ in range(MAX_DEPTH - 1):
        root = root.items[0]
    assert root.items[0].text == "x"


def test_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    error = _fails(f"meta:\n  title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()
    assert _where(error) == (2, 10, "meta.title")
    assert "'!!python/object/apply:os.system' is not allowed" in error.message


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !custom x\n", "!custom"),
        ("a: !!set {x: null}\n", "!!set"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!map [1]\n", "!!map"),
    ],
)
def test_other_tags_are_refused(data: str, shown: str) -> None:
    error = _fails(data)
    assert (error.line, error.path) == (1, "a")
    assert f"'{shown}' is not allowed" in error.message


def test_plain_core_tags_are_allowed() -> None:
    root = parse_yaml(b"a: !!str 2014\nb: !!int 7\n", FILE)
    assert root.pairs["a"][1].text == "2014" and root.pairs["a"][1].tag.endswith(":str")


def test_merge_keys_are_refused() -> None:
    error = _fails("base: &b {k: v}\nnode:\n  <<: *b\n")
    assert _where(error) == (3, 3, "node")
    assert "merge keys" in error.message


def test_non_scalar_key_is_refused() -> None:
    error = _fails("? [a, b]\n: value\n")
    assert error.line == 1 and "a key must be a word" in error.message


def test_several_documents_are_refused() -> None:
    error = _fails("a: 1\n---\nb: 2\n")
    assert (error.line, error.column) == (2, 1) and "more than one YAML document" in error.message


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"# just a comment\n", b"---\n", b"~\n", b"null\n", b"\xef\xbb\xbf"])
def test_empty_files(data: bytes) -> None:
    error = _fails(data)
    assert error.message == "file is empty" and "docs/content-format.md" in error.hint


def test_nul_bytes_are_binary() -> None:
    error = _fails(b"a: 1\nb: \x00\x01\x02\n")
    assert error.line == 2 and "binary" in error.message


def test_utf16_is_named() -> None:
    error = _fails("a: 1\n".encode("utf-16"))
    assert "UTF-16" in error.message and "UTF-8" in error.hint


def test_non_utf8_byte_position() -> None:
    error = _fails("a: 1\nb: café\n".encode("latin-1"))
    assert (error.line, error.column) == (2, 7)
    assert "0xe9" in error.message and "UTF-8" in error.hint


def test_position_of_a_bad_byte_counts_characters_not_bytes() -> None:
    error = _fails("a: ün".encode("utf-8") + b"\xff\n")  # "ü" is two bytes but one column
    assert (error.line, error.column) == (1, 6)


def test_control_characters_have_a_position() -> None:
    error = _fails('a: 1\nb: "x\x07y"\n')
    assert (error.line, error.column) == (2, 6)
    assert "U+0007" in error.message


def test_file_over_the_size_limit() -> None:
    error = _fails(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert "over the" in error.message and "2 MiB" in error.message and "split" in error.hint


def test_read_limited_refuses_huge_files_and_reports_their_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(5 * MAX_FILE_BYTES)
    with pytest.raises(ContentError) as info:
        read_limited(big)
    assert f"{5 * MAX_FILE_BYTES:,} bytes" in info.value.message and info.value.file == str(big)


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: p / "missing.yaml", "not found"), (lambda p: p, "folder")],
    ids=["missing", "folder"],
)
def test_read_limited_unreadable(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as info:
        read_limited(make(tmp_path))
    assert message in info.value.message and info.value.hint


def test_tab_indentation_says_use_spaces() -> None:
    error = _fails("meta:\n\ttitle: x\n")
    assert (error.line, error.column) == (2, 1)
    assert "spaces" in error.hint and error.path == "meta"


def test_syntax_error_has_position_path_and_context() -> None:
    error = _fails("meta:\n  title: x\n  tags: [a, b\nsections: []\n")
    assert error.line == 4 and error.path == "meta.tags[2]"
    assert "YAML syntax error" in error.message and "starts at line 3" in error.message


def test_unquoted_colon_in_text_hints_quotes() -> None:
    error = _fails("label: Trade: the numbers\n")
    assert error.line == 1 and "quotes" in error.hint


# ---------------------------------------------------------------- Reader


def _node(text: str) -> YNode:
    return parse_yaml(text.encode(), FILE)


def _reader_fails(call) -> ContentError:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as info:
        call(Reader(FILE))
    assert "\n" not in info.value.one_line() and info.value.hint
    return info.value


def test_mapping_unknown_key_did_you_mean_case_insensitive() -> None:
    root = _node("x:\n  Lable: a\n")
    error = _reader_fails(lambda r: r.mapping(root.pairs["x"][1], "x", ("label", "text")))
    assert _where(error) == (2, 3, "x.Lable") and "did you mean 'label'?" in error.hint


def test_mapping_unknown_key_without_close_match_lists_allowed() -> None:
    error = _reader_fails(lambda r: r.mapping(_node("zzz: 1\n"), "", ("label", "text")))
    assert error.path == "zzz" and "label, text" in error.hint


def test_mapping_missing_and_empty_required_keys() -> None:
    missing = _reader_fails(lambda r: r.mapping(_node("text: a\n"), "n", ("label", "text"), ("label",)))
    assert _where(missing) == (1, 1, "n.label") and "missing 'label'" in missing.message
    empty = _reader_fails(lambda r: r.mapping(_node("text: a\nlabel:\n"), "n", ("label", "text"), ("label",)))
    assert _where(empty) == (2, 1, "n.label") and "empty" in empty.message


def test_mapping_given_a_list_hints_at_the_dash() -> None:
    error = _reader_fails(lambda r: r.mapping(_node("- title: x\n"), "meta", ("title",)))
    assert "found a list" in error.message and "'- '" in error.hint


def test_sequence() -> None:
    reader = Reader(FILE)
    assert reader.sequence(_node("a:\n").pairs["a"][1], "a") == []
    error = _reader_fails(lambda r: r.sequence(_node("a: {}\n").pairs["a"][1], "a"))
    assert _where(error) == (1, 4, "a") and "expected a list, found a mapping" in error.message


def test_text() -> None:
    reader = Reader(FILE)
    assert reader.text(_node("a: '  padded  '\n").pairs["a"][1], "a") == "padded"
    assert reader.text(_node("a:\n").pairs["a"][1], "a") == ""
    error = _reader_fails(lambda r: r.text(_node("a: [1]\n").pairs["a"][1], "a"))
    assert "expected text, found a list" in error.message
    error = _reader_fails(lambda r: r.text(_node("a: ''\n").pairs["a"][1], "a", required=True))
    assert "empty" in error.message


@pytest.mark.parametrize(("written", "value"), [("12", 12.0), ("10.5", 10.5), ("1_000", 1000.0), ("+3", 3.0)])
def test_number_accepts_decimal(written: str, value: float) -> None:
    assert Reader(FILE).number(_node(f"n: {written}\n").pairs["n"][1], "n", 0, 5000) == value


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("'12'", "expected a number, found text '12'", "remove the quotes"),
        ("yes", "expected a number, found bool 'yes'", "from 0 to 50"),
        ("0x1A", "not a plain decimal number", "from 0 to 50"),
        (".inf", "not a plain decimal number", "from 0 to 50"),
        (".nan", "not a plain decimal number", "from 0 to 50"),
        ("1:30", "not a plain decimal number", "from 0 to 50"),
        ("51", "out of range", "from 0 to 50"),
        ("-1", "out of range", "from 0 to 50"),
        ("[1]", "found a list", "from 0 to 50"),
    ],
)
def test_number_refusals(written: str, message: str, hint: str) -> None:
    error = _reader_fails(lambda r: r.number(_node(f"n: {written}\n").pairs["n"][1], "n", 0, 50))
    assert _where(error) == (1, 4, "n") and message in error.message and hint in error.hint


def test_choice_is_case_insensitive_and_suggests() -> None:
    reader = Reader(FILE)
    assert reader.choice(_node("p: a4\n").pairs["p"][1], "p", ("A4", "Letter")) == "A4"
    error = _reader_fails(lambda r: r.choice(_node("p: lettre\n").pairs["p"][1], "p", ("A4", "Letter")))
    assert "did you mean 'Letter'?" in error.hint
