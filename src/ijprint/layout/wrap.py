"""Inline spans -> words of styled pieces -> lines that never exceed a width (greedy, at unit size).

A word longer than the width is broken after a URL-ish separator (/ . - _ ? & = #) when one fits,
otherwise between characters, so nothing ever overflows its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ijprint.layout.measure import Measure
from ijprint.model import Inline

_BREAK_AFTER = re.compile(r"[/.\-–—_?&=#:;,|\\]")
# A soft hyphen (U+00AD, common in text pasted from word processors) is invisible unless a line breaks
# there; the map does not hyphenate, so it is dropped rather than drawn as a visible hyphen.
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Piece:
    """A run of one face and role inside a word; `width` is at 1 pt."""

    text: str
    face: str
    role: str
    width: float


Word = tuple[Piece, ...]


@dataclass(frozen=True)
class WrappedLine:
    """Pieces of one line with the gaps already inserted; widths at 1 pt."""

    pieces: tuple[Piece, ...]
    width: float


def word_width(word: Word) -> float:
    return sum(piece.width for piece in word)


def label_words(spans: Inline, faces: tuple[str, str, str], measure: Measure, role: str = "label", strong: bool = False) -> list[Word]:
    """Split spans into words; `faces` are (regular, bold, italic); `strong` sets the whole label bold."""
    regular, bold, italic = faces
    words: list[list[Piece]] = [[]]
    for span in spans:
        face = bold if (span.bold or strong) else italic if span.italic else regular
        parts = re.split(r"([^\S\u00a0\u2007\u202f]+)", span.text.replace(SOFT_HYPHEN, ""))
        for part in parts:
            if not part:
                continue
            if part.isspace():
                if words[-1]:
                    words.append([])
                continue
            words[-1].append(Piece(part, face, role, measure.unit_width(part, face)))
    return [tuple(word) for word in words if word]


def plain_words(text: str, face: str, measure: Measure, role: str = "label") -> list[Word]:
    return [(Piece(part, face, role, measure.unit_width(part, face)),) for part in re.split(r"[^\S\u00a0\u2007\u202f]+", text.replace(SOFT_HYPHEN, "")) if part]


def _break_word(word: Word, width: float, measure: Measure) -> list[Word]:
    """Cut an over-long word into pieces no wider than `width`, preferring separators."""
    chunks: list[Word] = []
    current: list[Piece] = []
    current_width = 0.0
    for piece in word:
        text = piece.text
        while text:
            room = width - current_width
            if piece.width * len(text) / max(len(piece.text), 1) <= room and measure.unit_width(text, piece.face) <= room:
                current.append(Piece(text, piece.face, piece.role, measure.unit_width(text, piece.face)))
                current_width += current[-1].width
                break
            cut = _fit_prefix(text, piece.face, room, measure)
            if cut == 0:
                if not current:
                    cut = 1  # a single glyph wider than the column: nothing narrower exists
                else:
                    chunks.append(tuple(current))
                    current, current_width = [], 0.0
                    continue
            head = text[:cut]
            current.append(Piece(head, piece.face, piece.role, measure.unit_width(head, piece.face)))
            chunks.append(tuple(current))
            current, current_width = [], 0.0
            text = text[cut:]
    if current:
        chunks.append(tuple(current))
    return chunks


def _fit_prefix(text: str, face: str, room: float, measure: Measure) -> int:
    """The longest prefix length that fits `room`, moved back to just after a separator if one is near."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if measure.unit_width(text[:mid], face) <= room:
            low = mid
        else:
            high = mid - 1
    if low <= 1:
        return low
    separators = [m.end() for m in _BREAK_AFTER.finditer(text, 0, low) if m.end() <= low]
    if separators and separators[-1] >= low * 0.5:
        return separators[-1]
    return low


def wrap_words(words: list[Word], width: float, measure: Measure) -> list[WrappedLine]:
    """Greedy wrap at 1 pt: `width` is the column width divided by the font size."""
    if not words:
        return [WrappedLine((), 0.0)]
    lines: list[WrappedLine] = []
    current: list[Piece] = []
    current_width = 0.0
    for word in words:
        pieces = [word] if word_width(word) <= width else _break_word(word, width, measure)
        for chunk in pieces:
            chunk_width = word_width(chunk)
            if current:
                space = Piece(" ", chunk[0].face, chunk[0].role, measure.unit_width(" ", chunk[0].face))
                if current_width + space.width + chunk_width <= width:
                    current.append(space)
                    current.extend(chunk)
                    current_width += space.width + chunk_width
                    continue
                lines.append(WrappedLine(tuple(current), current_width))
            current = list(chunk)
            current_width = chunk_width
    if current:
        lines.append(WrappedLine(tuple(current), current_width))
    return [_merge(line) for line in lines]


def _merge(line: WrappedLine) -> WrappedLine:
    """Join neighbouring pieces of the same face and role, so a renderer draws one run per style."""
    merged: list[Piece] = []
    for piece in line.pieces:
        if merged and merged[-1].face == piece.face and merged[-1].role == piece.role:
            last = merged[-1]
            merged[-1] = Piece(last.text + piece.text, last.face, last.role, last.width + piece.width)
        else:
            merged.append(piece)
    return WrappedLine(tuple(merged), line.width)


def natural_width(words: list[Word], measure: Measure) -> float:
    """The width of the label on one line, at 1 pt."""
    if not words:
        return 0.0
    spaces = (len(words) - 1) * measure.unit_width(" ", words[0][0].face)
    return sum(word_width(word) for word in words) + spaces


def word_metrics(words: list[Word], measure: Measure) -> tuple[tuple[float, float], ...]:
    """(gap before, width) of each word at 1 pt: the numbers `wrap_words` adds up, measured once."""
    return tuple((measure.unit_width(" ", word[0].face) if position else 0.0, word_width(word)) for position, word in enumerate(words))


def wrap_extent(metrics: tuple[tuple[float, float], ...], width: float) -> tuple[int, float] | None:
    """The line count and widest line `wrap_words` gives at `width`, without building the lines (the
    same sums in the same order, so the same result); None when a word is too wide and must be broken."""
    count, widest, current = 0, 0.0, -1.0
    for gap, word in metrics:
        if word > width:
            return None
        if current >= 0.0:
            if current + gap + word <= width:
                current += gap + word
                continue
            count += 1
            widest = max(widest, current)
        current = word
    if current < 0.0:
        return 1, 0.0
    return count + 1, max(widest, current)
