"""Font choice -> registered, embeddable TrueType faces; text measurement (FontMeasure for layouts) and the missing-glyph check.

The built-in family comes from a pip-installed package (fontpkg-source-sans-3, SIL OFL 1.1). It ships
variable fonts only, and reportlab needs static ones with distinct PostScript names (it merges faces
that share a name), so each weight is instanced once with fontTools and cached on disk.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFError

from ijprint.release.atomic import write_file
from ijprint.errors import ContentError, Diagnostic, UsageError
from ijprint.model import Document, Inline, Node, plain, walk
from ijprint.style import FontChoice

# family id -> (python package, upright file, italic file, weights for regular/bold)
BUILTIN_FAMILIES = {
    "source-sans-3": ("fontpkg_source_sans_3", "SourceSans3[wght].ttf", "SourceSans3-Italic[wght].ttf", 400, 700),
}


PLACEHOLDER = "\u25a1"  # WHITE SQUARE: the font has it, and it reads as "a character was here"


@dataclass(frozen=True)
class FontFaces:
    """reportlab names of the registered faces, and the files behind them (for hashing and checks)."""

    regular: str
    bold: str
    italic: str
    files: tuple[str, str, str]

    def face(self, bold: bool = False, italic: bool = False) -> str:
        return self.bold if bold else self.italic if italic else self.regular


def cache_dir() -> Path:
    """Where instanced fonts live: $IJPRINT_CACHE_DIR, else $XDG_CACHE_HOME/ijprint, else ~/.cache/ijprint."""
    if os.environ.get("IJPRINT_CACHE_DIR"):
        return Path(os.environ["IJPRINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ijprint"


def _instance(variable_font: Path, weight: int) -> Path:
    """A static instance of a variable font at `weight`, made once and reused by every later process."""
    stat = variable_font.stat()
    return _instance_in(variable_font, weight, cache_dir(), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=None)
def _instance_in(variable_font: Path, weight: int, cache: Path, version: tuple[int, int]) -> Path:
    """_instance for one cache folder and one version of the font file (its mtime and size): hashing
    the variable font on every call cost a few milliseconds per topic in a batch."""
    digest = hashlib.sha256(variable_font.read_bytes()).hexdigest()[:16]
    target = cache / "fonts" / f"{variable_font.stem.replace('[wght]', '')}-{weight}-{digest}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(variable_font), recalcTimestamp=False)
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
    buffer = io.BytesIO()
    static.save(buffer)
    try:
        write_file(target, buffer.getvalue())
    except OSError as exc:
        raise UsageError(
            f"cannot write the font cache '{target.parent}': {exc.strerror or exc}",
            "set IJPRINT_CACHE_DIR to a writable folder",
        ) from None
    return target


def font_files(choice: FontChoice) -> tuple[str, str, str]:
    """The three TrueType files (regular, bold, italic) a font choice stands for."""
    if choice.regular:
        return (choice.regular, choice.bold, choice.italic)
    if choice.family not in BUILTIN_FAMILIES:
        raise ContentError(
            f"unknown font family '{choice.family}'",
            hint=f"use one of {', '.join(BUILTIN_FAMILIES)} or give regular/bold/italic .ttf files",
        )
    package, upright, italic, regular_weight, bold_weight = BUILTIN_FAMILIES[choice.family]
    try:
        module = __import__(package)
    except ImportError:
        raise ContentError(f"font package '{package}' is not installed", hint="reinstall ijprint (pip install -e .)") from None
    folder = Path(module.__file__).parent / "files"
    return (
        str(_instance(folder / upright, regular_weight)),
        str(_instance(folder / upright, bold_weight)),
        str(_instance(folder / italic, regular_weight)),
    )


@lru_cache(maxsize=None)
def _register(path: str) -> str:
    """Register one TrueType file with reportlab under a name unique to its bytes."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read font file: {exc.strerror}", path, hint="fix the path in the style") from None
    name = f"IJ-{Path(path).stem[:24]}-{hashlib.sha256(data).hexdigest()[:8]}"
    try:
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    except (TTFError, Exception) as exc:  # reportlab raises assorted errors on corrupt files
        raise ContentError(f"not a usable TrueType font ({exc})", path, hint="use a .ttf file that embeds") from None
    return name


def load_fonts(choice: FontChoice) -> FontFaces:
    """Make sure the faces exist and are registered with reportlab; cheap after the first call."""
    files = font_files(choice)
    regular, bold, italic = (_register(path) for path in files)
    return FontFaces(regular, bold, italic, files)


def text_width(text: str, face: str, size: float) -> float:
    """Advance width of `text` in points, from the embedded font's own metrics."""
    return pdfmetrics.stringWidth(text, face, size)


def ascent_descent(face: str, size: float) -> tuple[float, float]:
    """Ascent (positive) and descent (negative) in points at `size`."""
    ascent, descent = pdfmetrics.getAscentDescent(face, size)
    return ascent, descent


class FontMeasure:
    """Widths at 1 pt from the registered faces, cached per (text, face): the measure layouts are handed
    (ijprint.layout.measure.Measure). Widths scale linearly with the size, so one measurement serves every size."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], float] = {}

    def unit_width(self, text: str, face: str) -> float:
        key = (text, face)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = text_width(text, face, 1.0)
        return found

    def unit_descent(self, face: str) -> float:
        return -ascent_descent(face, 1.0)[1]


def has_glyph(face: str, char: str) -> bool:
    font = pdfmetrics.getFont(face)
    return ord(char) in font.face.charToGlyph or char in "\n\t"


def _strings(document: Document) -> list[tuple[str, str, object]]:
    """Every printable string with its document path and origin."""
    meta = document.meta
    out: list[tuple[str, str, object]] = [
        (value, f"meta.{key}", document.origin)
        for key, value in (("title", meta.title), ("subtitle", meta.subtitle), ("context", meta.context), ("credit", meta.credit), ("author", meta.author), ("source.title", meta.source_title))
        if value
    ]
    for _, node in walk(document.sections):
        path = node.origin.path if node.origin else node.id
        out.append((plain(node.label), f"{path}.label", node.origin))
        out.append((plain(node.text), f"{path}.text", node.origin))
        for i, fact in enumerate(node.facts):
            for key in ("what", "value", "period", "unit", "note"):
                out.append((getattr(fact, key), f"{path}.facts[{i}].{key}", fact.origin or node.origin))
        for i, entry in enumerate(node.timeline):
            out.append((entry.year, f"{path}.timeline[{i}].year", entry.origin or node.origin))
            out.append((entry.event, f"{path}.timeline[{i}].event", entry.origin or node.origin))
    return out


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    path: str
    file: str | None
    line: int | None

    def describe(self) -> str:
        # Control and format characters (bidi overrides, zero-width marks) are named by code point only:
        # printed raw they would reorder or hide the rest of the terminal line.
        shown = "" if unicodedata.category(self.char)[0] in "CZ" else f"'{self.char}' "
        return f"character {shown}(U+{ord(self.char):04X}) has no glyph in the font"


def find_missing_glyphs(document: Document, faces: FontFaces) -> list[MissingGlyph]:
    """Every character some face cannot draw, once per place it occurs, in content order."""
    found = []
    default_file = document.origin.file if document.origin else None
    strings = _strings(document)
    # Each distinct character is looked up once; places are only walked for the (rare) missing ones.
    distinct = {char for text, _, _ in strings for char in text if not char.isspace()}
    missing = {char for char in distinct if not all(has_glyph(face, char) for face in (faces.regular, faces.bold, faces.italic))}
    if not missing:
        return []
    for text, path, origin in strings:
        for char in dict.fromkeys(text):
            if char in missing:
                found.append(MissingGlyph(char, path, getattr(origin, "file", None) or default_file, getattr(origin, "line", None)))
    return found


def check_glyphs(document: Document, faces: FontFaces) -> None:
    """Raise a ContentError for the first character the fonts cannot draw, naming it and where it is."""
    missing = find_missing_glyphs(document, faces)
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise ContentError(
            first.describe() + more,
            first.file,
            first.line,
            path=first.path,
            hint="replace the character, choose a style whose font has it, or build with --replace-missing",
        )


def replace_missing_glyphs(document: Document, faces: FontFaces, placeholder: str = PLACEHOLDER) -> tuple[Document, list[Diagnostic]]:
    """The document with every undrawable character replaced by a visible placeholder, and a warning for each place."""
    missing = find_missing_glyphs(document, faces)
    if not missing:
        return document, []
    bad = {item.char for item in missing}
    fixed = map_strings(document, lambda text: "".join(placeholder if ch in bad else ch for ch in text))
    warnings = [
        Diagnostic(f"{item.describe()}; printed as '{placeholder}'", item.file, item.line, path=item.path)
        for item in missing
    ]
    return fixed, warnings


def map_strings(document: Document, change: Callable[[str], str]) -> Document:
    """Apply `change` to every printable string of the document (metadata, labels, texts, facts, timeline)."""

    def spans(inline: Inline) -> Inline:
        return tuple(replace(span, text=change(span.text)) for span in inline)

    def node(item: Node) -> Node:
        return replace(
            item,
            label=spans(item.label),
            text=spans(item.text),
            children=tuple(node(child) for child in item.children),
            facts=tuple(replace(f, **{k: change(getattr(f, k)) for k in ("what", "value", "period", "unit", "note")}) for f in item.facts),
            timeline=tuple(replace(t, year=change(t.year), event=change(t.event)) for t in item.timeline),
        )

    meta = document.meta
    meta = replace(
        meta,
        **{key: change(getattr(meta, key)) for key in ("title", "subtitle", "context", "author", "credit", "source_title")},
        tags=tuple(change(tag) for tag in meta.tags),
    )
    return replace(document, meta=meta, sections=tuple(node(section) for section in document.sections))
