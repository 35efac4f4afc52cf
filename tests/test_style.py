"""style.py: styles/default.yaml, inheritance through `extends`, and positioned style errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ijprint.errors import ContentError, UsageError
from ijprint.fonts import load_fonts
from ijprint.style import MM, OPTIONAL, PAPER_SIZES_PT, SCHEMA, FontChoice, Style, load_style, resolve_style, with_page
from ijprint.sources.yaml_tree import YNode, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "styles" / "default.yaml"
COLOR = re.compile(r"^#[0-9a-f]{6}$")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _fails(path: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_style(str(path))
    error = info.value
    line = error.one_line()
    assert "\n" not in line and error.hint and error.hint in line
    if error.line is not None:
        assert line.startswith(f"{error.file}:{error.line}:{error.column}: ")
    return error


def _keys(node: YNode, schema: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, kind in schema.items():
        if key in ("extends",):
            continue
        keys.add(prefix + key)
        if isinstance(kind, dict) and key in node.pairs and node.pairs[key][1].kind == "map":
            keys |= _keys(node.pairs[key][1], kind, f"{prefix}{key}.")
    return keys


def test_default_style_sets_every_key_itself() -> None:
    root = parse_yaml(DEFAULT.read_bytes(), str(DEFAULT))

    def written(node: YNode, prefix: str = "") -> set[str]:
        out = set()
        for key, (_, value) in node.pairs.items():
            out.add(prefix + key)
            if value.kind == "map":
                out |= written(value, f"{prefix}{key}.")
        return out

    expected = _keys(root, SCHEMA) - {"fonts.regular", "fonts.bold", "fonts.italic"}  # family instead
    assert expected <= written(root)


def test_default_style_loads_completely(default_style: Style) -> None:
    style = default_style
    assert style.name == "default" and Path(style.file) == DEFAULT.resolve()
    assert style.paper in PAPER_SIZES_PT and style.orientation == "landscape"
    width, height = style.page_size()
    assert width > height and (height, width) == style.page_size("portrait")
    assert all(abs(side - 10 * MM) < 1e-9 for side in (style.margins.top, style.margins.right, style.margins.bottom, style.margins.left))
    assert style.fonts == FontChoice(family="source-sans-3", fallbacks=("noto-sans-devanagari", "noto-emoji"))
    assert style.floor <= min(style.level_sizes) and style.title_size >= style.floor
    assert style.level_size(0) == style.level_sizes[0] and style.level_size(99) == style.level_sizes[-1]
    assert len(style.palette) >= 6 and len(set(style.palette)) == len(style.palette)
    colors = (*style.palette, style.text_color, style.muted_color, style.background, style.header_fill, style.zebra_fill, style.notes_heading_color)
    assert all(COLOR.match(color) for color in colors)
    assert (style.numbered_branches, style.dashed_connectors, style.grayscale) == (False, False, False)
    assert style.notes_font and 6 <= style.notes_size <= 24
    # The PDF notes are compact, the large-print ones stay large.
    assert 9 <= style.notes_pdf_size < style.notes_size and load_style("large-print").notes_pdf_size >= 16
    assert load_style("default") == style


def test_child_overriding_one_nested_key_keeps_the_parents_siblings(tmp_path: Path, default_style: Style) -> None:
    child = _write(tmp_path, "roomy.yaml", "format: 1\nextends: default\nsizes: {floor: 8}\nmargins_mm: {left: 20}\n")
    style = load_style(str(child))
    assert style.floor == 8
    assert (style.title_size, style.level_sizes, style.body_size, style.small_size) == (
        default_style.title_size, default_style.level_sizes, default_style.body_size, default_style.small_size,
    )
    assert style.margins.left == pytest.approx(20 * MM)
    assert (style.margins.top, style.margins.right, style.margins.bottom) == (
        default_style.margins.top, default_style.margins.right, default_style.margins.bottom,
    )
    assert style.palette == default_style.palette and style.paper == default_style.paper
    assert style.name == "roomy"  # a name is never inherited


def test_three_level_chain_most_specific_wins(tmp_path: Path) -> None:
    _write(tmp_path, "middle.yaml", "format: 1\nname: middle\nextends: default\npaper: Letter\nmindmap: {grayscale: true}\n")
    leaf = _write(tmp_path, "leaf.yaml", "name: leaf\nextends: middle\npaper: a3\nmargins_mm: 12\n")
    style = load_style(str(leaf))
    assert (style.name, style.paper, style.grayscale) == ("leaf", "A3", True)
    assert style.margins.top == style.margins.left == pytest.approx(12 * MM)


def test_map_split_defaults_to_none_large_print_splits_and_with_page_overrides_it(tmp_path: Path) -> None:
    assert load_style("default").map_split == "none"
    large = load_style("large-print")
    assert (large.paper, large.map_split) == ("A4", "branches")
    assert with_page(large, split="none").map_split == "none"
    assert with_page(large).map_split == "branches"
    child = _write(tmp_path, "child.yaml", "extends: large-print\nmindmap: {grayscale: true}\n")
    assert load_style(str(child)).map_split == "branches"


def test_extends_by_relative_path_inside_the_styles_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "base.yaml", "extends: default\norientation: portrait\n")
    child = _write(tmp_path, "child.yaml", "extends: sub/base.yaml\n")
    assert load_style(str(child)).orientation == "portrait"


STYLE_CASES = [
    # (name, text, line, column, path, message part, hint part)
    ("unknown-key", "extends: default\npapr: A4\n", 2, 1, "papr", "unknown key 'papr'", "did you mean 'paper'?"),
    ("unknown-nested", "extends: default\nsizes:\n  flor: 8\n", 3, 3, "sizes.flor", "unknown key 'flor'", "did you mean 'floor'?"),
    ("bad-colour", "extends: default\ncolors: {text: '#12345'}\n", 2, 16, "colors.text", "'#12345' is not a colour", "#rrggbb"),
    ("colour-name", "extends: default\ncolors:\n  palette: [red]\n", 3, 13, "colors.palette[0]", "'red' is not a colour", "#rrggbb"),
    ("unquoted-colour", "extends: default\ncolors:\n  text: #1f2328\n", 3, 8, "colors.text", "colour is empty", "comment"),
    ("empty-palette", "extends: default\ncolors: {palette: []}\n", 2, 19, "colors.palette", "at least one colour", "#1f5fa8"),
    ("floor-range", "extends: default\nsizes: {floor: 100}\n", 2, 16, "sizes.floor", "100 is out of range", "from 4 to 40"),
    ("margin-range", "extends: default\nmargins_mm: 60\n", 2, 13, "margins_mm", "60 is out of range", "from 0 to 50"),
    ("level-range", "extends: default\nsizes: {levels: [16, 2]}\n", 2, 22, "sizes.levels[1]", "2 is out of range", "from 4 to 72"),
    ("quoted-number", "extends: default\nnotes: {size: '11'}\n", 2, 15, "notes.size", "expected a number", "remove the quotes"),
    ("pdf-size-range", "extends: default\nnotes: {pdf_size: 3}\n", 2, 19, "notes.pdf_size", "3 is out of range", "from 6 to 24"),
    ("bad-paper", "extends: default\npaper: B5\n", 2, 8, "paper", "'B5' is not a valid choice", "A4, Letter, A3"),
    ("paper-typo", "extends: default\npaper: Leter\n", 2, 8, "paper", "not a valid choice", "did you mean 'Letter'?"),
    ("quoted-bool", "extends: default\nmindmap: {grayscale: 'true'}\n", 2, 22, "mindmap.grayscale", "expected true or false", "remove the quotes"),
    ("bool-word", "extends: default\nmindmap: {grayscale: maybe}\n", 2, 22, "mindmap.grayscale", "expected true or false, found 'maybe'", "true or false"),
    ("bad-split", "extends: default\nmindmap: {split: pages}\n", 2, 18, "mindmap.split", "'pages' is not a valid choice", "none, branches"),
    ("format-2", "format: 2\nextends: default\n", 1, 9, "format", "unsupported style format '2'", "format: 1"),
    ("list-not-map", "extends: default\nsizes:\n  - floor: 8\n", 3, 3, "sizes", "expected a mapping of keys, found a list", "'- '"),
    ("below-floor", "extends: default\nsizes: {floor: 12}\n", 2, 9, "sizes.floor", "below sizes.floor of 12 pt", "lower sizes.floor"),
    ("family-and-files", "extends: default\nfonts: {family: x, regular: a.ttf}\n", 2, 1, "fonts", "both 'family' and font files", "only one"),
    ("missing-font-file", "extends: default\nfonts:\n  regular: nope.ttf\n  bold: nope.ttf\n  italic: nope.ttf\n", 3, 3, "fonts.regular", "font file 'nope.ttf' not found", "relative to the style file"),
]


@pytest.mark.parametrize(("name", "text", "line", "column", "path", "message", "hint"), STYLE_CASES, ids=[c[0] for c in STYLE_CASES])
def test_style_errors(tmp_path: Path, name: str, text: str, line: int, column: int, path: str, message: str, hint: str) -> None:
    style_file = _write(tmp_path, f"{name}.yaml", text)
    error = _fails(style_file)
    assert (error.file, error.line, error.column, error.path) == (str(style_file), line, column, path)
    assert message in error.message and hint in error.hint


def test_extends_cycle_names_the_closing_extends(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "extends: b\n")
    b = _write(tmp_path, "b.yaml", "paper: A4\nextends: a\n")
    error = _fails(tmp_path / "a.yaml")
    assert (error.file, error.line, error.column, error.path) == (str(b), 2, 1, "extends")
    assert "cycle (a -> b -> a)" in error.message


def test_extends_itself(tmp_path: Path) -> None:
    me = _write(tmp_path, "me.yaml", "extends: me\n")
    error = _fails(me)
    assert (error.line, error.path) == (1, "extends") and "cycle" in error.message


def test_missing_parent(tmp_path: Path) -> None:
    child = _write(tmp_path, "child.yaml", "format: 1\nextends: no-such-style\n")
    error = _fails(child)
    assert (error.file, error.line, error.column, error.path) == (str(child), 2, 1, "extends")
    assert "'no-such-style' not found" in error.message and "default" in error.hint


def test_root_style_must_set_everything(tmp_path: Path) -> None:
    error = _fails(_write(tmp_path, "alone.yaml", "format: 1\nfonts: {family: source-sans-3}\npaper: A4\n"))
    assert "does not set" in error.message and "extends: default" in error.hint


def test_incomplete_font_files_name_what_is_missing(tmp_path: Path) -> None:
    _write(tmp_path, "r.ttf", "x")
    error = _fails(_write(tmp_path, "s.yaml", "extends: default\nfonts:\n  regular: r.ttf\n"))
    assert error.line == 2 and error.path == "fonts" and "'bold, italic' not set" in error.message


def test_font_choice_is_one_unit_across_extends(tmp_path: Path) -> None:
    for face in ("r", "b", "i"):
        _write(tmp_path, f"{face}.ttf", "not a font")
    files_style = _write(tmp_path, "files.yaml", "extends: default\nfonts: {regular: r.ttf, bold: b.ttf, italic: i.ttf}\n")
    with_files = load_style(str(files_style)).fonts
    assert with_files.family == "" and with_files.regular == str((tmp_path / "r.ttf").resolve())
    one_file = _write(tmp_path, "bold-only.yaml", "extends: files\nfonts: {bold: i.ttf}\n")
    assert load_style(str(one_file)).fonts.regular == with_files.regular
    assert load_style(str(one_file)).fonts.bold == with_files.italic
    assert with_files.fallbacks == ("noto-sans-devanagari", "noto-emoji")  # own Latin files keep the fallbacks
    back = _write(tmp_path, "family.yaml", "extends: files\nfonts: {family: source-sans-3}\n")
    assert load_style(str(back)).fonts == FontChoice(family="source-sans-3", fallbacks=("noto-sans-devanagari", "noto-emoji"))


def test_fallback_fonts_are_a_list_of_built_in_families(tmp_path: Path) -> None:
    only = _write(tmp_path, "only.yaml", "extends: default\nfonts: {fallback: noto-sans-devanagari}\n")
    assert load_style(str(only)).fonts == FontChoice(family="source-sans-3", fallbacks=("noto-sans-devanagari",))
    none = _write(tmp_path, "none.yaml", "extends: default\nfonts: {fallback: []}\n")
    assert load_style(str(none)).fonts == FontChoice(family="source-sans-3")
    unknown = load_style(str(_write(tmp_path, "unknown.yaml", "extends: default\nfonts: {fallback: [noto-klingon]}\n")))
    with pytest.raises(ContentError, match="unknown font family 'noto-klingon'"):
        load_fonts(unknown.fonts)


def test_garbage_font_file_fails_in_load_fonts(tmp_path: Path) -> None:
    for face in ("r", "b", "i"):
        _write(tmp_path, f"{face}.ttf", "this is not a TrueType font\n")
    style = load_style(str(_write(tmp_path, "s.yaml", "extends: default\nfonts: {regular: r.ttf, bold: b.ttf, italic: i.ttf}\n")))
    with pytest.raises(ContentError) as info:
        load_fonts(style.fonts)
    assert info.value.file == str((tmp_path / "r.ttf").resolve())
    assert "not a usable TrueType font" in info.value.message and "\n" not in info.value.one_line()


def test_missing_font_file_fails_in_load_fonts(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.ttf")
    with pytest.raises(ContentError) as info:
        load_fonts(FontChoice(regular=gone, bold=gone, italic=gone))
    assert info.value.file == gone and "cannot read font file" in info.value.message


def test_unknown_style_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        resolve_style("no-such-style")
    assert "default" in info.value.hint


def test_a_root_style_from_before_notes_pdf_size_still_loads(tmp_path: Path) -> None:
    text = "\n".join(line for line in DEFAULT.read_text(encoding="utf-8").splitlines() if "pdf_size" not in line)
    style = load_style(str(_write(tmp_path, "older.yaml", text)))
    assert style.notes_pdf_size == OPTIONAL["notes.pdf_size"] == 9.5
