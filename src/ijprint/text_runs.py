"""Text + a font chain -> runs of one face each (itemize); a run -> HarfBuzz glyph ids and advances (shape); widths at 1 pt.

A face the layouts name (FontFaces.regular, ...) stands for a chain of registered faces: the style's
font, then its fallbacks (Devanagari, emoji). Each character goes to the first face of the chain
that has it. Runs in the first face that need no shaping (Latin) are measured and drawn as before,
with reportlab's own widths, so Latin-only output does not change. Runs in a fallback face, or in a
script that needs shaping (Devanagari: conjuncts, reph, the i-matra before its consonant), are
shaped with HarfBuzz and measured by the shaped advances, the same ones the PDF is drawn with.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

from reportlab.pdfbase import pdfmetrics

from ijprint.model import WORD_JOINER

ZWNJ, ZWJ = "\u200c", "\u200d"
# Default-ignorable code points (Unicode's DerivedCoreProperties): variation selectors, joiners,
# invisible operators. No font needs a glyph for them; they are never reported missing nor drawn as
# boxes; inside a shaped run they reach HarfBuzz, where ZWJ/ZWNJ choose Devanagari forms.
_IGNORABLE_RANGES = (
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F),
    (0xFE00, 0xFE0F), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
_IGNORABLE_SINGLES = frozenset((0x00AD, 0x034F, 0x061C, 0x3164, 0xFEFF, 0xFFA0))
_FIRST_IGNORABLE_RANGE = min(low for low, _ in _IGNORABLE_RANGES)
# Scripts whose text is unreadable unshaped, even in a face that has every character: the Indic
# blocks, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer and the Devanagari extensions.
_COMPLEX_RANGES = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x1CD0, 0x1CFF), (0xA8E0, 0xA8FF))
# HarfBuzz picks language-specific forms by it; the process locale must not decide that.
SHAPING_LANGUAGE = "hi"


def is_ignorable(char: str) -> bool:
    """Whether `char` is default-ignorable: invisible, and drawn by no glyph of its own."""
    code = ord(char)
    if code in _IGNORABLE_SINGLES:
        return True
    # Latin, Devanagari and most text sit below every range: asked for each character, so no loop for them.
    return code >= _FIRST_IGNORABLE_RANGE and any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def _is_complex(char: str) -> bool:
    code = ord(char)
    return char in (ZWJ, ZWNJ) or any(low <= code <= high for low, high in _COMPLEX_RANGES)


_CHAINS: dict[str, tuple[str, ...]] = {}
# Fallback faces not parsed yet, by name -> what registers them with reportlab. A topic in Latin script
# never reaches its Devanagari or emoji fallbacks, so it never pays for parsing them.
_UNREGISTERED: dict[str, Callable[[], object]] = {}


def register_chain(face: str, chain: tuple[str, ...], registers: Mapping[str, Callable[[], object]] | None = None) -> None:
    """Make `face` (a registered reportlab name) stand for `chain`, itself first; fonts.load_fonts calls
    it. `registers` says how to register the members not registered yet, done when a text first needs them."""
    _CHAINS[face] = chain
    for member, register in (registers or {}).items():
        _UNREGISTERED.setdefault(member, register)


def chain_of(face: str) -> tuple[str, ...]:
    """The faces tried in order for a character of text set in `face`."""
    return _CHAINS.get(face) or (face,)


@lru_cache(maxsize=None)
def _coverage_of_font(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def coverage(face: str) -> frozenset[int]:
    """The code points the face's own cmap maps, as registered: drawing adds private-use entries for
    glyphs no character maps to (conjuncts, half forms), and those must not count as characters.
    Every run is itemized by coverage first, so a fallback face is registered here before anything draws or measures with it."""
    register = _UNREGISTERED.get(face)
    if register is not None:
        register()  # a file that cannot be used raises here, and again for the next text that needs it
        del _UNREGISTERED[face]
    return _coverage_of_font(pdfmetrics.getFont(face).fontName)


@lru_cache(maxsize=None)
def _simple_characters(face: str) -> frozenset[str]:
    """The characters `face` draws without shaping: those it has, outside the complex scripts."""
    return frozenset(chr(code) for code in coverage(face) if not _is_complex(chr(code)))


def is_plain(text: str, face: str) -> bool:
    """Whether `text` set in `face` is drawn and measured as plain text: every character (but a word
    joiner) in the chain's first face, none of a script that needs shaping."""
    simple = _simple_characters(chain_of(face)[0])
    return simple.issuperset(text) or (WORD_JOINER in text and simple.issuperset(text.replace(WORD_JOINER, "")))


@dataclass(frozen=True)
class Run:
    """Part of a text set in one face; `shaped` runs are drawn as HarfBuzz glyphs."""

    text: str
    face: str
    shaped: bool


@lru_cache(maxsize=1 << 14)
def itemize(text: str, chain: tuple[str, ...]) -> tuple[Run, ...]:
    """`text` cut into runs, each character in the first face of `chain` that has it.

    Ignorable characters and combining marks stay in the run before them (a variation selector with
    its emoji, a ZWJ inside its Devanagari cluster). A character no face has goes to the run before it,
    or to the first face: the glyph check has already refused or replaced it."""
    covers = [coverage(face) for face in chain]
    parts: list[list] = []
    for char in text:
        code = ord(char)
        current = parts[-1][0] if parts else None
        if current is not None and (is_ignorable(char) or (unicodedata.category(char)[0] == "M" and code in covers[current])):
            index = current
        else:
            index = next((i for i, cover in enumerate(covers) if code in cover), current if current is not None else 0)
        if index == current:
            parts[-1][1] += char
        else:
            parts.append([index, char])
    return tuple(Run(part, chain[index], index > 0 or any(_is_complex(char) for char in part)) for index, part in parts)


def visible_text(text: str, face: str) -> str:
    """`text` without the ignorable characters `face` has no glyph for: what a plain run draws."""
    if all(ord(char) in coverage(face) for char in text):
        return text
    return "".join(char for char in text if not (is_ignorable(char) and ord(char) not in coverage(face)))


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph: its id, the index in the run's text it came from, and its advance and offsets
    in thousandths of the font size (PDF text space)."""

    gid: int
    cluster: int
    x_advance: float
    y_advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class ShapedRun:
    glyphs: tuple[Glyph, ...]
    width: float  # at 1 pt


@lru_cache(maxsize=None)
def _harfbuzz_font(font_name: str):  # type: ignore[no-untyped-def]
    import uharfbuzz

    return uharfbuzz.Font(pdfmetrics.getFont(font_name).hbFace)


@lru_cache(maxsize=1 << 16)
def shape(text: str, face: str) -> ShapedRun:
    """`text` shaped by HarfBuzz in `face` (its OpenType features, kerning and mark positioning)."""
    import uharfbuzz

    font = _harfbuzz_font(pdfmetrics.getFont(face).fontName)
    scale = 1000 / font.face.upem
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.language = SHAPING_LANGUAGE
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    glyphs = tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.y_advance * scale, pos.x_offset * scale, pos.y_offset * scale)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)
    )
    return ShapedRun(glyphs, sum(glyph.x_advance for glyph in glyphs) / 1000)


def unit_width(text: str, face: str) -> float:
    """Advance width of `text` at 1 pt: reportlab's widths for plain runs, HarfBuzz's for shaped ones."""
    if is_plain(text, face):
        return pdfmetrics.stringWidth(text.replace(WORD_JOINER, "") if WORD_JOINER in text else text, face, 1.0)
    total = 0.0
    for run in itemize(text, chain_of(face)):
        if run.shaped:
            total += shape(run.text, run.face).width
        else:
            total += pdfmetrics.stringWidth(visible_text(run.text.replace(WORD_JOINER, ""), run.face), run.face, 1.0)
    return total
