"""Font choice -> TrueType faces registered with reportlab (once per process); text measurement (FontMeasure for layouts) and the missing-glyph check.

Which files a font choice stands for, and how the built-in family's static weights are made, is
font_files.py; this module is the reportlab side, imported only by formats that draw PDFs.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFError

from ijprint.errors import ContentError, Diagnostic
from ijprint.font_files import fallback_choices, font_files
from ijprint.model import WORD_JOINER, Document, Inline, Node, printable_strings
from ijprint.style import FontChoice
from ijprint.text_runs import chain_of, coverage, is_ignorable, register_chain, unit_width

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


@lru_cache(maxsize=None)
def _font_file(path: str) -> tuple[bytes, str]:
    """A TrueType file's bytes and the reportlab name unique to them."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read font file: {exc.strerror}", path, hint="fix the path in the style") from None
    return data, f"IJ-{Path(path).stem[:24]}-{hashlib.sha256(data).hexdigest()[:8]}"


@lru_cache(maxsize=None)
def _register(path: str, chain_key: str = "") -> str:
    """Register one TrueType file with reportlab under a name unique to its bytes (and to the chain it
    heads, when it has fallbacks: reportlab then hands out the same font object under both names).
    A chain's head is registered under its chain name only: parsing it under its plain name too
    would cost a parse per face that nothing draws with."""
    data, name = _font_file(path)
    if chain_key:
        name = f"{name}~{hashlib.sha256(chain_key.encode()).hexdigest()[:8]}"
    try:
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    except (TTFError, Exception) as exc:  # reportlab raises assorted errors on corrupt files
        raise ContentError(f"not a usable TrueType font ({exc})", path, hint="use a .ttf file that embeds") from None
    return name


@lru_cache(maxsize=None)
def load_fonts(choice: FontChoice) -> FontFaces:
    """Make sure the faces exist and are registered with reportlab, each role's fallbacks behind it
    (registered when a text first needs them); once per process and choice."""
    files = font_files(choice)
    fallback_files = [font_files(fallback) for fallback in fallback_choices(choice)]
    # A fallback's name comes from its bytes alone; it is parsed only when some text needs it (text_runs).
    registers = {_font_file(path)[1]: partial(_register, path) for paths in fallback_files for path in paths}
    names = []
    for role, path in enumerate(files):
        behind = tuple(_font_file(paths[role])[1] for paths in fallback_files)
        name = _register(path, "|".join(behind)) if behind else _register(path)
        register_chain(name, (name, *behind), {member: registers[member] for member in behind})
        names.append(name)
    regular, bold, italic = names
    return FontFaces(regular, bold, italic, files)


def text_width(text: str, face: str, size: float) -> float:
    """Advance width of `text` in points, from the embedded fonts' own metrics (shaped where the text
    needs shaping, see text_runs); a word joiner has none."""
    return unit_width(text, face) * size


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
            found = self._cache[key] = unit_width(text, face)
        return found

    def unit_descent(self, face: str) -> float:
        return -ascent_descent(face, 1.0)[1]


@lru_cache(maxsize=None)
def has_glyph(face: str, char: str) -> bool:
    """Whether some face of `face`'s chain draws `char`; ignorable characters (a word joiner, variation
    selectors, ZWJ) are invisible and need no glyph, so any face will do. Remembered per process: a
    face's name is unique to its bytes and its chain (see _register), so the answer cannot change."""
    code = ord(char)
    return char in "\n\t" + WORD_JOINER or is_ignorable(char) or any(code in coverage(member) for member in chain_of(face))


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    path: str
    file: str | None
    line: int | None

    def describe(self) -> str:
        # Control and format characters (bidi overrides, zero-width marks) are named by code point only:
        # printed raw they would reorder or hide the rest of the terminal line.
        return f"character {_shown(self.char)}(U+{ord(self.char):04X}) has no glyph in the fonts"


def find_missing_glyphs(document: Document, faces: FontFaces) -> list[MissingGlyph]:
    """Every character some face cannot draw, once per place it occurs, in content order."""
    found = []
    default_file = document.origin.file if document.origin else None
    strings = printable_strings(document)
    # Each distinct character is looked up once; places are only walked for the (rare) missing ones.
    distinct = {char for char in set("".join(text for text, _, _ in strings)) if not char.isspace()}
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
    """The document with every undrawable character replaced by a visible placeholder, and one warning
    per file naming the characters (a file with an emoji on every line got a line per place before)."""
    missing = find_missing_glyphs(document, faces)
    if not missing:
        return document, []
    bad = {item.char for item in missing}
    fixed = map_strings(document, lambda text: "".join(placeholder if ch in bad else ch for ch in text))
    return fixed, _summaries(missing, f"printed as '{placeholder}'")


def is_pictographic(char: str) -> bool:
    """Whether `char` is an emoji or pictograph of the kind markmap outlines scatter around (✅ ⚠ 💡 📌)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _PICTOGRAPHS)


_PICTOGRAPHS = ((0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF), (0x20E3, 0x20E3))


def drop_missing_emoji(document: Document, faces: FontFaces) -> tuple[Document, list[Diagnostic]]:
    """The document without the emoji no font of the chain has (a style without an emoji font), and
    one warning per file saying which were left out; other missing characters stay for the glyph check."""
    missing = [item for item in find_missing_glyphs(document, faces) if is_pictographic(item.char)]
    if not missing:
        return document, []
    bad = {item.char for item in missing}
    fixed = map_strings(document, lambda text: "".join(ch for ch in text if ch not in bad))
    return fixed, _summaries(missing, "left out (the style has no emoji font)")


def _summaries(missing: list[MissingGlyph], outcome: str) -> list[Diagnostic]:
    """One warning per file: how many places, which characters (the first few), where the first one is."""
    by_file: dict[str | None, list[MissingGlyph]] = {}
    for item in missing:
        by_file.setdefault(item.file, []).append(item)
    warnings = []
    for file, items in by_file.items():
        counts: dict[str, int] = {}
        for item in items:
            counts[item.char] = counts.get(item.char, 0) + 1
        named = ", ".join(f"{_shown(char)}(U+{ord(char):04X}) x{count}" for char, count in list(counts.items())[:6])
        more = f" and {len(counts) - 6} more" if len(counts) > 6 else ""
        first = items[0]
        places = "place" if len(items) == 1 else "places"
        message = f"{len(counts)} character(s) no font has, in {len(items)} {places}, {outcome}: {named}{more}; the first is here"
        warnings.append(Diagnostic(message, file, first.line, path=first.path))
    return warnings


def _shown(char: str) -> str:
    return "" if unicodedata.category(char)[0] in "CZ" else f"'{char}' "


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
