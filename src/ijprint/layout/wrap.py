"""Inline spans or plain text -> words of styled pieces -> lines that never exceed a width (greedy): the one line breaker.

Map labels and fact-table cells both wrap here. A word wider than the line is cut after a separator
when one fits, otherwise between characters, so nothing ever overflows its column; which separators,
how much of a line a cut may waste, and whether a cut word may start on the line before is the
caller's `Breaks`. Widths are in whatever unit the width function gives: the map measures at 1 pt and
wraps at width / size, the fact tables measure each role at its own size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, NamedTuple

from ijprint.layout.measure import Measure
from ijprint.model import BREAKABLE_SPACE, WORD_JOINER, Inline, breakable_words, collapse_spaces

# A soft hyphen (U+00AD, common in text pasted from word processors) is invisible unless a line breaks
# there; nothing here hyphenates, so it is dropped before measuring rather than drawn as a visible hyphen.
SOFT_HYPHEN = "\u00ad"
# Width of a text in a face (or, for the fact tables, in a role that fixes face and size).
WidthOf = Callable[[str, str], float]


@dataclass(frozen=True)
class Breaks:
    """How a word too wide for its line is cut: after a character `after` matches, when that keeps at
    least `least_share` of the characters that fit (else where the line is full); and whether its first
    piece may join the line before, like a word, when it fits there (`first_joins`). Every further
    piece starts a line: a space inside a word would read as two words."""

    after: re.Pattern[str]
    least_share: float
    first_joins: bool


# Map labels: URL-ish separators, never a cut that wastes more than half of what fits; lines filled.
LABEL_BREAKS = Breaks(re.compile(r"[/.\-–—_?&=#:;,|\\]"), 0.5, first_joins=True)
# Table cells (ids, paths, figures): the last separator that fits, wherever it is; a cut id or path
# reads as one block of lines, so it starts on a line of its own.
CELL_BREAKS = Breaks(re.compile(r"[.\-–—/_,;:|]"), 0.0, first_joins=False)


class Piece(NamedTuple):
    """A run of one face and role inside a word; `width` in the width function's unit (the map's: 1 pt),
    `scale` already counted in: the share of the line's font size the run is printed at (a section
    number before a label is smaller than the label). A named tuple, not a dataclass: a label or a
    paragraph makes one per word, and a tuple is made in a third of the time a frozen dataclass takes."""

    text: str
    face: str
    role: str
    width: float
    scale: float = 1.0


Word = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class WrappedLine:
    """Pieces of one line with the gaps already inserted; widths as the pieces'."""

    pieces: tuple[Piece, ...]
    width: float


def word_width(word: Word) -> float:
    # Most words are one piece: its width is what the sum of one gives, without the generator.
    return word[0].width if len(word) == 1 else sum(piece.width for piece in word)


def label_words(spans: Inline, faces: tuple[str, str, str], measure: Measure, role: str = "label", strong: bool = False) -> list[Word]:
    """Split spans into words at breakable spaces (a word may run across spans: `**A**B`); `faces` are
    (regular, bold, italic); `strong` sets the whole label bold."""
    regular, bold, italic = faces
    unit_width = measure.unit_width
    words: list[Word] = []
    open_word: list[Piece] = []  # the pieces of the word the last span ended in (a next span may go on with it)
    for span in spans:
        face = bold if (span.bold or strong) else italic if span.italic else regular
        text = span.text
        # Each part after the first starts a word; empty parts (between two spaces) start none. Printable
        # text has no whitespace but the plain space, and no soft hyphen, so a plain split finds the
        # same words as the pattern (which has no group: split() drops the spaces), in a third of the time.
        first, *rest = text.split(" ") if text.isprintable() else BREAKABLE_SPACE.split(text.replace(SOFT_HYPHEN, ""))
        if first:
            open_word.append(Piece(first, face, role, unit_width(first, face)))
        if rest:
            if open_word:
                words.append(tuple(open_word))
            last = rest.pop()
            words += [(Piece(part, face, role, unit_width(part, face)),) for part in rest if part]
            open_word = [Piece(last, face, role, unit_width(last, face))] if last else []
    if open_word:
        words.append(tuple(open_word))
    return words


def plain_words(text: str, face: str, measure: Measure, role: str = "label") -> list[Word]:
    return [(Piece(part, face, role, measure.unit_width(part, face)),) for part in breakable_words(text.replace(SOFT_HYPHEN, ""))]


def _break_word(word: Word, width: float, width_of: WidthOf, breaks: Breaks) -> list[Word]:
    """Cut an over-long word into pieces no wider than `width`, preferring separators."""
    chunks: list[Word] = []
    current: list[Piece] = []
    current_width = 0.0
    for piece in word:
        text = piece.text
        while text:
            room = width - current_width
            whole = width_of(text, piece.face) * piece.scale
            if whole <= room:
                current.append(Piece(text, piece.face, piece.role, whole, piece.scale))
                current_width += whole
                break
            cut = _fit_prefix(text, piece.face, room / piece.scale, width_of, breaks)
            if cut == 0:
                if not current:
                    cut = 1  # a single glyph wider than the column: nothing narrower exists
                else:
                    chunks.append(tuple(current))
                    current, current_width = [], 0.0
                    continue
            head = text[:cut]
            current.append(Piece(head, piece.face, piece.role, width_of(head, piece.face) * piece.scale, piece.scale))
            chunks.append(tuple(current))
            current, current_width = [], 0.0
            text = text[cut:]
    if current:
        chunks.append(tuple(current))
    return chunks


def _fit_prefix(text: str, face: str, room: float, width_of: WidthOf, breaks: Breaks) -> int:
    """The longest prefix length that fits `room`, moved back to just after the last separator in it
    if that keeps `breaks.least_share` of it."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if width_of(text[:mid], face) <= room:
            low = mid
        else:
            high = mid - 1
    if low <= 1:
        return low
    separators = [m.end() for m in breaks.after.finditer(text, 0, low)]
    if separators and separators[-1] >= low * breaks.least_share:
        return separators[-1]
    return low


def _wrap(words: list[Word], width: float, width_of: WidthOf, breaks: Breaks) -> list[WrappedLine]:
    """Greedy filling: each word joins the line when it fits after a space (a cut word's pieces as
    `breaks` says). Neighbouring pieces of the same face, role and scale are joined into one as the
    line fills, so a renderer draws one run per style."""
    if not words:
        return [WrappedLine((), 0.0)]
    lines: list[WrappedLine] = []
    done: list[Piece] = []  # the line's runs of one style so far, each joined into one piece
    # The line's last run, not yet joined: its pieces' texts (none: the line is empty), their widths added
    # up in order (what sum() over them gives), its style, and its piece while it has only one.
    texts: list[str] = []
    run_width = 0.0
    run_face, run_role, run_scale = "", "", 0.0
    alone = Piece("", "", "", 0.0)
    current_width = 0.0
    spaces: dict[tuple[str, str], Piece] = {}  # one space piece per face and role: a label has many joins
    space_face: str | None = None  # the face and role of the space piece last used, to skip the lookup
    space_role: str | None = None
    space = alone
    for word in words:
        if len(word) == 1 and word[0].width <= width:
            # Most words: one piece that fits a line. The same steps as below, without the general case's
            # lists and loops; the sums are the same, in the same order.
            piece = word[0]
            text, face, role, chunk_width, scale = piece
            if texts:
                if face != space_face or role != space_role:
                    space_face, space_role = face, role
                    space = spaces.get((face, role)) or _space(spaces, face, role, width_of)
                space_width = space.width
                if current_width + space_width + chunk_width <= width:
                    if face == run_face and role == run_role and run_scale == 1.0:
                        texts.append(" ")
                        run_width += space_width
                    else:
                        done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
                        texts, run_width, alone = [" "], space_width, space
                        run_face, run_role, run_scale = face, role, 1.0
                    if scale == 1.0:
                        texts.append(text)
                        run_width += chunk_width
                    else:
                        done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
                        texts, run_width, alone = [text], chunk_width, piece
                        run_scale = scale
                    current_width += space_width + chunk_width
                    continue
                done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
                lines.append(WrappedLine(tuple(done), current_width))
                done = []
            texts, run_width, alone, current_width = [text], chunk_width, piece, chunk_width
            run_face, run_role, run_scale = face, role, scale
            continue
        whole = word_width(word)
        pieces = [word] if whole <= width else _break_word(word, width, width_of, breaks)
        may_join = len(pieces) == 1 or breaks.first_joins
        for position, chunk in enumerate(pieces):
            chunk_width = whole if chunk is word else word_width(chunk)
            added: tuple[Piece, ...] = ()  # the chunk's pieces, after a space, when it joins the line
            if texts and position == 0 and may_join:
                first = chunk[0]
                gap = spaces.get((first.face, first.role)) or _space(spaces, first.face, first.role, width_of)
                if current_width + gap.width + chunk_width <= width:
                    added = (gap, *chunk)
                    current_width += gap.width + chunk_width
            if not added:
                if texts:
                    done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
                    lines.append(WrappedLine(tuple(done), current_width))
                    done = []
                texts, added, current_width = [], chunk, chunk_width
            for piece in added:
                if texts and piece.face == run_face and piece.role == run_role and piece.scale == run_scale:
                    texts.append(piece.text)
                    run_width += piece.width
                    continue
                if texts:
                    done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
                texts, run_width, alone = [piece.text], piece.width, piece
                run_face, run_role, run_scale = piece.face, piece.role, piece.scale
    if texts:
        done.append(_run(texts, alone, run_face, run_role, run_width, run_scale))
        lines.append(WrappedLine(tuple(done), current_width))
    return lines


def _space(spaces: dict[tuple[str, str], Piece], face: str, role: str, width_of: WidthOf) -> Piece:
    """The space piece of `face` and `role`, made and kept in `spaces`."""
    made = spaces[(face, role)] = Piece(" ", face, role, width_of(" ", face))
    return made


def _run(texts: list[str], alone: Piece, face: str, role: str, width: float, scale: float) -> Piece:
    """A run of pieces of one style as one piece (its piece itself when it has only one)."""
    return alone if len(texts) == 1 else Piece("".join(texts), face, role, width, scale)


def wrap_words(words: list[Word], width: float, measure: Measure, breaks: Breaks = LABEL_BREAKS) -> list[WrappedLine]:
    """Map label words wrapped at 1 pt: `width` is the column width divided by the font size."""
    return _wrap(words, width, measure.unit_width, breaks)


def wrap_text(text: str, face: str, width: float, width_of: WidthOf, breaks: Breaks = CELL_BREAKS) -> list[str]:
    """Plain text in one face -> its lines as strings, none wider than `width`; no words, no lines.
    `face` goes to `width_of` as it is (the fact tables pass a role, which fixes face and size).
    Lines break only at breakable spaces (never at a no-break space); soft hyphens and word joiners are
    left out of the lines, as they are never drawn."""
    text = text.replace(SOFT_HYPHEN, "").replace(WORD_JOINER, "")
    # Most cells fit on one line. With a hair to spare, the word-by-word sum (the same widths, added in
    # another order) would fit too, so the answer is the same without splitting the text.
    if width_of(text, face) < width - 1e-6 and _collapsed(text):
        return [text] if text else []
    parts = breakable_words(text)
    if not parts:
        return []
    widths = [width_of(part, face) for part in parts]
    if max(widths) > width:
        words = [(Piece(part, face, face, part_width),) for part, part_width in zip(parts, widths)]
        return ["".join([piece.text for piece in line.pieces]) for line in _wrap(words, width, width_of, breaks)]
    # No word is cut: what _wrap does with words of one piece in one face, on the strings alone.
    space = width_of(" ", face)
    lines: list[str] = []
    start, current = 0, widths[0]
    for end in range(1, len(parts)):
        if current + space + widths[end] <= width:
            current += space + widths[end]
        else:
            lines.append(" ".join(parts[start:end]))
            start, current = end, widths[end]
    lines.append(" ".join(parts[start:]))
    return lines


def _collapsed(text: str) -> bool:
    """Whether collapse_spaces leaves `text` as it is. Printable text has no whitespace but the plain
    space, so it is when no space is doubled or at an end, which is quicker to check."""
    if text.isprintable():
        return "  " not in text and not text.startswith(" ") and not text.endswith(" ")
    return text == collapse_spaces(text)


def natural_width(words: list[Word], measure: Measure) -> float:
    """The width of the label on one line, at 1 pt."""
    if not words:
        return 0.0
    spaces = (len(words) - 1) * measure.unit_width(" ", words[0][0].face)
    return sum([word_width(word) for word in words]) + spaces


def word_metrics(words: list[Word], measure: Measure) -> tuple[tuple[float, float], ...]:
    """(gap before, width) of each word at 1 pt: the numbers `wrap_words` adds up, measured once."""
    unit_width = measure.unit_width
    metrics: list[tuple[float, float]] = []
    for word in words:
        metrics.append((unit_width(" ", word[0].face) if metrics else 0.0, word_width(word)))
    return tuple(metrics)


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
