"""styles/*.yaml -> Style: paper, margins, fonts, sizes and palette, validated like content.

A style may `extends: other` (a name or a path); values it sets override the parent's. The root of
every chain must set everything, which styles/default.yaml does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ijprint.errors import ContentError, UsageError
from ijprint.yaml_tree import Reader, YNode, parse_yaml

MM = 72 / 25.4
PAPER_SIZES_PT = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.551)}
ORIENTATIONS = ("landscape", "portrait", "auto")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

# key -> kind; a dict is a nested mapping. Kinds: (name, *args).
SCHEMA: dict[str, Any] = {
    "format": ("int", 1, 1),
    "name": ("text",),
    "extends": ("text",),
    "paper": ("choice", tuple(PAPER_SIZES_PT)),
    "orientation": ("choice", ORIENTATIONS),
    "margins_mm": {"top": ("number", 0, 50), "right": ("number", 0, 50), "bottom": ("number", 0, 50), "left": ("number", 0, 50)},
    "fonts": {"family": ("text",), "regular": ("text",), "bold": ("text",), "italic": ("text",)},
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
    "mindmap": {"numbered_branches": ("bool",), "dashed_connectors": ("bool",), "grayscale": ("bool",)},
    "notes": {"font": ("text",), "size": ("number", 6, 24), "heading_color": ("color",)},
}


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class FontChoice:
    """Either a built-in family id (`family`) or three TrueType files; paths are absolute."""

    family: str = ""
    regular: str = ""
    bold: str = ""
    italic: str = ""


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
    dashed_connectors: bool
    grayscale: bool
    notes_font: str
    notes_size: float
    notes_heading_color: str

    def page_size(self, orientation: str | None = None) -> tuple[float, float]:
        """Page (width, height) in points for 'portrait' or 'landscape' (default: the style's, auto -> landscape)."""
        width, height = PAPER_SIZES_PT[self.paper]
        chosen = orientation or self.orientation
        return (height, width) if chosen in ("landscape", "auto") else (width, height)

    def level_size(self, depth: int) -> float:
        """Largest font size for a map level (0 = central topic); deeper levels reuse the last entry."""
        return self.level_sizes[min(depth, len(self.level_sizes) - 1)]


def styles_dirs() -> list[Path]:
    """Where style names are looked up: ./styles first, then the styles/ folder this checkout ships."""
    shipped = Path(__file__).resolve().parents[2] / "styles"
    return [Path.cwd() / "styles", shipped]


def resolve_style(name_or_path: str) -> Path:
    """A style name (`print-bw`) or a path to a .yaml file -> the file's path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or "/" in name_or_path:
        if not candidate.is_file():
            raise UsageError(f"style file '{name_or_path}' not found", "give a path to a .yaml style or a style name")
        return candidate
    for folder in styles_dirs():
        path = folder / f"{name_or_path}.yaml"
        if path.is_file():
            return path
    known = sorted({p.stem for folder in styles_dirs() if folder.is_dir() for p in folder.glob("*.yaml")})
    raise UsageError(f"unknown style '{name_or_path}'", f"known styles: {', '.join(known) or 'none'}")


def load_style(name_or_path: str = "default") -> Style:
    """Load a style by name or path, following `extends` (cycles are an error)."""
    chain: list[Path] = []
    values: dict[str, Any] = {}
    path: Path | None = resolve_style(name_or_path)
    while path is not None:
        resolved = path.resolve()
        if resolved in chain:
            raise ContentError("style 'extends' forms a cycle", str(path), hint="remove one 'extends'")
        chain.append(resolved)
        own = _read_style_file(path)
        values = _merge(own, values)
        parent = own.get("extends")
        path = _parent_path(parent, path) if parent else None
    return _to_style(values, name_or_path, str(chain[0]))


def _parent_path(parent: str, child: Path) -> Path:
    beside = child.parent / (parent if parent.endswith((".yaml", ".yml")) else f"{parent}.yaml")
    return beside if beside.is_file() else resolve_style(parent)


def _read_style_file(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read style: {exc.strerror}", str(path)) from None
    root = parse_yaml(data, str(path))
    reader = Reader(str(path))
    values = _validate(reader, root, SCHEMA, "")
    for key in ("regular", "bold", "italic"):
        font_file = values.get("fonts", {}).get(key)
        if font_file:
            values["fonts"][key] = str((path.parent / font_file).resolve())
    return values


def _validate(reader: Reader, node: YNode, schema: dict[str, Any], path: str) -> dict[str, Any]:
    fields = reader.mapping(node, path, schema)
    out: dict[str, Any] = {}
    for key, value in fields.items():
        kind = schema[key]
        where = f"{path}.{key}" if path else key
        if isinstance(kind, dict):
            if key == "margins_mm" and value.kind == "scalar":
                side = reader.number(value, where, 0, 50)
                out[key] = dict.fromkeys(kind, side)
            else:
                out[key] = _validate(reader, value, kind, where)
        else:
            out[key] = _value(reader, value, kind, where)
    return out


def _value(reader: Reader, node: YNode, kind: tuple, path: str) -> Any:
    name = kind[0]
    if name == "int":
        return int(reader.number(node, path, kind[1], kind[2]))
    if name == "number":
        return reader.number(node, path, kind[1], kind[2])
    if name == "numbers":
        items = reader.sequence(node, path)
        if not items:
            raise reader.fail(node, path, "needs at least one size")
        return tuple(reader.number(item, f"{path}[{i}]", kind[1], kind[2]) for i, item in enumerate(items))
    if name == "choice":
        return reader.choice(node, path, kind[1])
    if name == "bool":
        if node.tag != "tag:yaml.org,2002:bool":
            raise reader.fail(node, path, f"expected true or false, found '{node.text}'")
        return node.text.lower() in ("true", "yes", "on")
    if name == "color":
        return _color(reader, node, path)
    if name == "colors":
        items = reader.sequence(node, path)
        if not items:
            raise reader.fail(node, path, "needs at least one colour")
        return tuple(_color(reader, item, f"{path}[{i}]") for i, item in enumerate(items))
    return reader.text(node, path)


def _color(reader: Reader, node: YNode, path: str) -> str:
    value = reader.text(node, path, required=True)
    if not _COLOR.match(value):
        raise reader.fail(node, path, f"'{value}' is not a colour", "write it as \"#rrggbb\" (quoted)")
    return value.lower()


def _merge(child: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Parent values under child values; `base` holds what the more specific files already set."""
    merged = dict(child)
    for key, value in base.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _to_style(values: dict[str, Any], name: str, file: str) -> Style:
    def need(*keys: str) -> Any:
        node: Any = values
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise ContentError(f"style does not set '{'.'.join(keys)}'", file, hint="set it, or extend 'default'")
            node = node[key]
        return node

    fonts = values.get("fonts", {})
    choice = FontChoice(fonts.get("family", ""), fonts.get("regular", ""), fonts.get("bold", ""), fonts.get("italic", ""))
    files = (choice.regular, choice.bold, choice.italic)
    if any(files) and not all(files):
        raise ContentError("fonts: set all of regular, bold and italic, or none", file)
    if not choice.family and not all(files):
        raise ContentError("fonts: set 'family' or the three font files", file)
    floor = need("sizes", "floor")
    levels = need("sizes", "levels")
    if min(levels) < floor:
        raise ContentError(f"sizes.levels has a size below the floor ({floor:g} pt)", file, hint="raise the level sizes or lower the floor")
    return Style(
        name=values.get("name", name),
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
        dashed_connectors=need("mindmap", "dashed_connectors"),
        grayscale=need("mindmap", "grayscale"),
        notes_font=need("notes", "font"),
        notes_size=need("notes", "size"),
        notes_heading_color=need("notes", "heading_color"),
    )
