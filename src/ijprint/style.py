"""styles/*.yaml -> Style: paper, margins, fonts, sizes and palette, validated like content.

A style may `extends: other` (a name, or a relative path inside its own folder: style_files.py says
what a style may open); values it sets override the parent's, key by key inside nested mappings. The
root of every chain must set everything, which styles/default.yaml does. Every problem is a ContentError naming the style file, line:column and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ijprint.errors import ContentError, UsageError
from ijprint.model import collapse_spaces
from ijprint.paper import MAP_SPLITS, MM, ORIENTATIONS, PAPER_SIZES_PT
from ijprint.sources.characters import FORBIDDEN_HINT, describe_forbidden, forbidden_at
from ijprint.sources.yaml_schema import Reader
from ijprint.sources.yaml_tree import YNode, decode_text, parse_yaml, read_limited
from ijprint.style_files import Refused, font_path, parent_style, resolve_style

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

# key -> kind; a dict is a nested mapping. Kinds: (name, *args).
SCHEMA: dict[str, Any] = {
    "format": ("format",),
    "name": ("text",),
    "extends": ("text",),
    "paper": ("choice", tuple(PAPER_SIZES_PT)),
    "orientation": ("choice", ORIENTATIONS),
    "margins_mm": {"top": ("number", 0, 50), "right": ("number", 0, 50), "bottom": ("number", 0, 50), "left": ("number", 0, 50)},
    "fonts": {"family": ("text",), "regular": ("text",), "bold": ("text",), "italic": ("text",), "fallback": ("texts",)},
    "sizes": {
        "floor": ("number", 4, 40),
        "title": ("number", 6, 72),
        "levels": ("numbers", 4, 72),
        "body": ("number", 6, 24),
        "small": ("number", 5, 24),
    },
    "colors": {
        "text": ("color",),
        "muted": ("color",),
        "background": ("color",),
        "header_fill": ("color",),
        "zebra_fill": ("color",),
        "palette": ("colors",),
    },
    "mindmap": {"numbered_branches": ("bool",), "dashed_connectors": ("bool",), "grayscale": ("bool",), "numbers": ("bool",), "split": ("choice", MAP_SPLITS)},
    "notes": {"font": ("text",), "size": ("number", 6, 24), "pdf_size": ("number", 6, 24), "heading_color": ("color",)},
    "csv": {"bom": ("bool",)},
    "handout": {"header": ("text",), "name_line": ("bool",)},
    "worksheet": {"blank": ("number", 0, 1), "seed": ("number", 0, 2**31 - 1)},
}
# Keys a root style may leave out, and the value they then take: these came after styles that set
# everything else, which stay complete without them.
OPTIONAL = {"csv.bom": True, "mindmap.numbers": True, "mindmap.split": "none", "handout.header": "", "handout.name_line": True, "fonts.fallback": (), "notes.pdf_size": 9.5, "worksheet.blank": 0.4, "worksheet.seed": 1}


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class FontChoice:
    """Either a built-in family id (`family`) or three TrueType files (paths are absolute); then the
    built-in families tried in order, per role, for a character the ones before lack (`fallbacks`)."""

    family: str = ""
    regular: str = ""
    bold: str = ""
    italic: str = ""
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Style:
    name: str
    file: str
    paper: str
    orientation: str
    margins: Margins
    fonts: FontChoice
    floor: float
    title_size: float
    level_sizes: tuple[float, ...]
    body_size: float
    small_size: float
    text_color: str
    muted_color: str
    background: str
    header_fill: str
    zebra_fill: str
    palette: tuple[str, ...]
    numbered_branches: bool
    map_numbers: bool
    dashed_connectors: bool
    grayscale: bool
    map_split: str
    notes_font: str
    notes_size: float
    notes_pdf_size: float
    notes_heading_color: str
    csv_bom: bool
    # One line at the top of every handout page ("Springfield High · Class 10B"); empty: none.
    handout_header: str = ""
    # A "Name: ____  Date: ____" line on the handout.
    handout_name_line: bool = True
    # The share of map labels and facts a worksheet blanks, and the seed that picks them (--blank, --seed).
    worksheet_blank: float = 0.4
    worksheet_seed: int = 1
    # The style files read (the named one, then each it extends): what a quick up-to-date check
    # watches. Not part of the fingerprint (repr) nor of equality: paths are machine-specific.
    files: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def page_size(self, orientation: str | None = None) -> tuple[float, float]:
        """Page (width, height) in points for 'portrait' or 'landscape' (default: the style's, auto -> landscape)."""
        width, height = PAPER_SIZES_PT[self.paper]
        chosen = orientation or self.orientation
        return (height, width) if chosen in ("landscape", "auto") else (width, height)

    def level_size(self, depth: int) -> float:
        """Largest font size for a map level (0 = central topic); deeper levels reuse the last entry."""
        return self.level_sizes[min(depth, len(self.level_sizes) - 1)]


def with_page(style: Style, paper: str | None = None, orientation: str | None = None, split: str | None = None) -> Style:
    """`style` with --paper, --orientation and --split (when given) applied on top."""
    overrides = {key: value for key, value in (("paper", paper), ("orientation", orientation), ("map_split", split)) if value}
    return replace(style, **overrides) if overrides else style


def with_header(style: Style, header: str | None) -> Style:
    """`style` with --header (when given) as its handout header, spaces collapsed; a UsageError for a
    control or bidirectional character, which would print as nothing or reorder the line."""
    if header is None:
        return style
    index = forbidden_at(header)
    if index is not None:
        raise UsageError(f"--header: {describe_forbidden(header[index])} (character {index + 1})", FORBIDDEN_HINT)
    return replace(style, handout_header=collapse_spaces(header))


def with_recall(style: Style, blank: float | None, seed: int | None) -> Style:
    """`style` with --blank and --seed (when given) as its worksheet's share to hide and seed."""
    overrides = {key: value for key, value in (("worksheet_blank", blank), ("worksheet_seed", seed)) if value is not None}
    return replace(style, **overrides) if overrides else style


@dataclass(frozen=True)
class _StyleFile:
    """One style file's own values, where each key was written, and its `extends` (if any)."""

    path: Path
    values: dict[str, Any]
    where: dict[str, tuple[str, int, int]]
    extends: str
    extends_at: tuple[str, int, int] | None


def load_style(name_or_path: str = "default") -> Style:
    """Load a style by name or path, following `extends` (a cycle or a missing parent is an error)."""
    first = _read_style_file(resolve_style(name_or_path))
    chain = [first.path.resolve()]
    files = [str(first.path)]
    values, where = first.values, dict(first.where)
    current = first
    while current.extends:
        try:
            parent_path = parent_style(current.extends, current.path)
        except Refused as refused:
            raise _error_at(current.extends_at, refused.message, "extends", refused.hint) from None
        if parent_path.resolve() in chain:
            names = " -> ".join(p.stem for p in [*chain, parent_path.resolve()])
            raise _error_at(current.extends_at, f"style 'extends' forms a cycle ({names})", "extends", "remove one 'extends'")
        chain.append(parent_path.resolve())
        current = _read_style_file(parent_path, current.extends_at)
        files.append(str(current.path))
        values = _overlay(current.values, values)
        where = {**current.where, **where}
    name = first.values.get("name") or first.path.stem
    return _to_style(values, where, name, str(chain[0]), files)


def _error_at(at: tuple[str, int, int] | None, message: str, path: str, hint: str) -> ContentError:
    file, line, column = at if at else (None, None, None)
    return ContentError(message, file, line, column, path, hint)


# A style has at least one line that starts with one of its keys; a file without one is not quoted in
# any message, whatever it holds (a style option pointed at /etc/passwd must not print it).
_STYLE_LINE = re.compile(r"^\{?[ \t]*[\"']?(?:" + "|".join(SCHEMA) + r")[\"']?[ \t]*:", re.MULTILINE)


def _read_style_file(path: Path, asked_at: tuple[str, int, int] | None = None) -> _StyleFile:
    """One style file's values; `asked_at` is the `extends` that named it, for the message when it is no style."""
    file = str(path)
    data = read_limited(path)
    asked = f"named by 'extends' at {asked_at[0]}:{asked_at[1]}:{asked_at[2]}; " if asked_at else ""
    not_a_style = f"{asked}a style is a YAML mapping of style keys such as 'extends: default', see docs/content-format.md"
    if not _STYLE_LINE.search(decode_text(data, file)):
        raise ContentError("not a style file: no line starts with a style key", file, hint=not_a_style)
    root = parse_yaml(data, file)
    if root.kind != "map":
        raise ContentError("not a style file: the top level is not a mapping of style keys", file, root.line, root.column, hint=not_a_style)
    reader = Reader(file)
    where: dict[str, tuple[str, int, int]] = {}
    values = _validate(reader, root, SCHEMA, "", where)
    fonts = values.get("fonts", {})
    if fonts.get("family") and any(fonts.get(key) for key in ("regular", "bold", "italic")):
        raise _error_at(where["fonts"], "fonts: both 'family' and font files are set", "fonts", "keep only one of the two")
    for key in ("regular", "bold", "italic"):
        font_file = fonts.get(key)
        if font_file:
            try:
                values["fonts"][key] = str(font_path(font_file, path))
            except Refused as refused:
                raise _error_at(where[f"fonts.{key}"], refused.message, f"fonts.{key}", refused.hint) from None
    extends = values.pop("extends", "")
    return _StyleFile(path, values, where, extends, where.get("extends"))


def _validate(reader: Reader, node: YNode, schema: dict[str, Any], path: str, where: dict[str, tuple[str, int, int]]) -> dict[str, Any]:
    fields = reader.mapping(node, path, schema)
    out: dict[str, Any] = {}
    for key, value in fields.items():
        kind = schema[key]
        at = f"{path}.{key}" if path else key
        key_node = node.pairs[key][0]
        where[at] = (reader.file, key_node.line, key_node.column)
        if isinstance(kind, dict):
            if key == "margins_mm" and value.kind == "scalar" and not value.is_null:
                out[key] = dict.fromkeys(kind, reader.number(value, at, 0, 50))
            elif value.is_null:
                out[key] = {}
            else:
                out[key] = _validate(reader, value, kind, at, where)
        else:
            out[key] = _value(reader, value, kind, at)
    return out


def _value(reader: Reader, node: YNode, kind: tuple, path: str) -> Any:
    name = kind[0]
    if name == "format":
        if node.kind != "scalar" or node.text.strip() != "1":
            raise reader.fail(node, path, f"unsupported style format '{node.text}'", "this ijprint reads style 'format: 1'")
        return 1
    if name == "number":
        return reader.number(node, path, kind[1], kind[2])
    if name == "numbers":
        items = reader.sequence(node, path)
        if not items:
            raise reader.fail(node, path, "needs at least one size", "write a list like [16, 12, 10]")
        return tuple(reader.number(item, f"{path}[{i}]", kind[1], kind[2]) for i, item in enumerate(items))
    if name == "choice":
        return reader.choice(node, path, kind[1])
    if name == "texts":
        if node.kind == "scalar" and not node.is_null:
            return (reader.text(node, path, required=True),)
        return tuple(reader.text(item, f"{path}[{i}]", required=True) for i, item in enumerate(reader.sequence(node, path)))
    if name == "bool":
        if node.tag != "tag:yaml.org,2002:bool":
            hint = "remove the quotes" if node.text.strip().lower() in ("true", "false") else "write true or false"
            raise reader.fail(node, path, f"expected true or false, found {_shown(node)}", hint)
        return node.text.lower() in ("true", "yes", "on")
    if name == "color":
        return _color(reader, node, path)
    if name == "colors":
        items = reader.sequence(node, path)
        if not items:
            raise reader.fail(node, path, "needs at least one colour", 'write a list like ["#1f5fa8", "#b8461b"]')
        return tuple(_color(reader, item, f"{path}[{i}]") for i, item in enumerate(items))
    return reader.text(node, path)


def _shown(node: YNode) -> str:
    if node.kind != "scalar":
        return "a mapping" if node.kind == "map" else "a list"
    return f"'{node.text[:30]}'" if node.text else "nothing"


def _color(reader: Reader, node: YNode, path: str) -> str:
    if node.is_null:
        raise reader.fail(node, path, "colour is empty", "'#' starts a comment in YAML: write colours quoted, as \"#rrggbb\"")
    value = reader.text(node, path, required=True)
    if not _COLOR.match(value):
        raise reader.fail(node, path, f"'{value[:30]}' is not a colour", "write it as \"#rrggbb\" (quoted, six hex digits)")
    return value.lower()


def _overlay(parent: dict[str, Any], child: dict[str, Any], top: bool = True) -> dict[str, Any]:
    """Child values over parent values, key by key inside nested mappings.

    Fonts are one choice, not independent keys: a child that names a family drops the parent's files,
    and a child that names files drops the parent's family.
    """
    merged = dict(parent)
    for key, value in child.items():
        inherited = merged.get(key)
        if top and key == "fonts" and isinstance(inherited, dict):
            files = any(key in value for key in ("regular", "bold", "italic"))
            drop = ("regular", "bold", "italic") if "family" in value else ("family",) if files else ()
            inherited = {k: v for k, v in inherited.items() if k not in drop}
        if isinstance(value, dict) and isinstance(inherited, dict):
            merged[key] = _overlay(inherited, value, top=False)
        else:
            merged[key] = value
    return merged


def _to_style(values: dict[str, Any], where: dict[str, tuple[str, int, int]], name: str, file: str, files: list[str]) -> Style:
    """Merged values -> Style; a conflict between two keys is blamed on the key the most specific file set."""

    def need(*keys: str) -> Any:
        node: Any = values
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise ContentError(f"style does not set '{'.'.join(keys)}'", file, hint="set it, or add 'extends: default'")
            node = node[key]
        return node

    fonts = values.get("fonts", {})
    fallbacks = tuple(fonts.get("fallback", OPTIONAL["fonts.fallback"]))
    choice = FontChoice(fonts.get("family", ""), fonts.get("regular", ""), fonts.get("bold", ""), fonts.get("italic", ""), fallbacks)
    font_files = (choice.regular, choice.bold, choice.italic)
    if any(font_files) and not all(font_files):
        missing = ", ".join(k for k, f in zip(("regular", "bold", "italic"), font_files) if not f)
        raise _error_at(where.get("fonts") or (file, None, None), f"fonts: '{missing}' not set", "fonts", "set all of regular, bold and italic, or only 'family'")
    if not choice.family and not all(font_files):
        raise _error_at(where.get("fonts") or (file, None, None), "no font chosen", "fonts", "set 'family' or the three font files")
    floor = need("sizes", "floor")
    levels = need("sizes", "levels")
    for label, size in (("levels", min(levels)), ("title", need("sizes", "title"))):
        if size < floor:
            blamed = min((f"sizes.{label}", "sizes.floor"), key=lambda key: files.index(where[key][0]) if key in where else len(files))
            raise _error_at(
                where.get(blamed) or (file, None, None),
                f"sizes.{label} has {size:g} pt, below sizes.floor of {floor:g} pt",
                blamed,
                "raise the size or lower sizes.floor",
            )
    return Style(
        name=name,
        file=file,
        paper=need("paper"),
        orientation=need("orientation"),
        margins=Margins(*(need("margins_mm", side) * MM for side in ("top", "right", "bottom", "left"))),
        fonts=choice,
        floor=floor,
        title_size=need("sizes", "title"),
        level_sizes=levels,
        body_size=need("sizes", "body"),
        small_size=need("sizes", "small"),
        text_color=need("colors", "text"),
        muted_color=need("colors", "muted"),
        background=need("colors", "background"),
        header_fill=need("colors", "header_fill"),
        zebra_fill=need("colors", "zebra_fill"),
        palette=need("colors", "palette"),
        numbered_branches=need("mindmap", "numbered_branches"),
        map_numbers=values.get("mindmap", {}).get("numbers", OPTIONAL["mindmap.numbers"]),
        dashed_connectors=need("mindmap", "dashed_connectors"),
        grayscale=need("mindmap", "grayscale"),
        map_split=values.get("mindmap", {}).get("split", OPTIONAL["mindmap.split"]),
        notes_font=need("notes", "font"),
        notes_size=need("notes", "size"),
        notes_pdf_size=values.get("notes", {}).get("pdf_size", OPTIONAL["notes.pdf_size"]),
        notes_heading_color=need("notes", "heading_color"),
        csv_bom=values.get("csv", {}).get("bom", OPTIONAL["csv.bom"]),
        handout_header=collapse_spaces(values.get("handout", {}).get("header", OPTIONAL["handout.header"])),
        handout_name_line=values.get("handout", {}).get("name_line", OPTIONAL["handout.name_line"]),
        worksheet_blank=float(values.get("worksheet", {}).get("blank", OPTIONAL["worksheet.blank"])),
        worksheet_seed=int(values.get("worksheet", {}).get("seed", OPTIONAL["worksheet.seed"])),
        files=tuple(files),
    )
