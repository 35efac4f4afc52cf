"""A source label (text) -> its short label (text): the rule that keeps a map's labels to a few words.

A source label is *long* when it has more than 6 words or is wider than 40 cells (a CJK character
is two cells). A long label is shortened to
  1. its first clause: the text before the first ': ', ' – ', ' — ', ' - ', '; ', ', ', ' (',
     or CJK '：', '；', '，', '、', '。', '（', or a sentence end ('. ', '? ', '! ', '। ') that
     follows at least three words (so initials such as "B. R." do not end the clause);
  2. at most 6 words, then at most 40 cells, cut at a space (a run with no space, such as
     Chinese, is cut at 40 cells);
  3. without trailing spaces or punctuation (',', ';', ':', '.', '-', '–', '—', '(' ...) and
     without the English small words that cannot end a label (a, an, and, as, at, by, for,
     from, in, into, of, on, or, the, to, with), unless that would leave nothing.
  The result is never empty: if nothing with a letter or digit is left, the first word (at most
  40 cells) is used.

Outline readers apply it in ijprint.sources.outline_document, which keeps the full sentence as the node's text.
"""

from __future__ import annotations

import unicodedata

from ijprint.model import NO_BREAK_SPACES, breakable_words

SHORT_LABEL_WORDS = 6
SHORT_LABEL_CELLS = 40
CLAUSE_SEPARATORS = (": ", " – ", " — ", " - ", "; ", ", ", " (", "：", "；", "，", "、", "。", "（")
# A full stop also ends initials ("B. R. Ambedkar"), so a sentence end counts only after three words.
SENTENCE_SEPARATORS = (". ", "? ", "! ", "। ")
SENTENCE_MIN_WORDS = 3
# English words that cannot end a label ("first met on" -> "first met").
DANGLING_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())
TRAILING_PUNCTUATION = ",;:.!?…-‐‒–—―(/[{·、，。；：！？（।॥"


def cells(text: str) -> int:
    """Printed width in cells: wide (CJK) characters count two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def is_long_label(text: str) -> bool:
    return len(breakable_words(text)) > SHORT_LABEL_WORDS or cells(text) > SHORT_LABEL_CELLS


def short_label(text: str) -> str:
    """The short-label rule (see the module docstring); always a non-empty prefix of `text.strip()`."""
    text = text.strip()
    if not is_long_label(text):
        return text
    clause = text
    for pos in sorted(_separator_positions(text)):
        if _has_word(text[:pos]):
            clause = text[:pos]
            break
    short = _drop_dangling(_trim_end(_fit(_first_words(clause, SHORT_LABEL_WORDS))))
    if not _has_word(short):
        short = _trim_end(_fit(_first_words(text, 1))) or _fit(text).rstrip()
    return short


def _separator_positions(text: str) -> list[int]:
    found = [pos for sep in CLAUSE_SEPARATORS if (pos := text.find(sep)) > 0]
    for sep in SENTENCE_SEPARATORS:
        pos = text.find(sep)
        while pos > 0 and len(breakable_words(text[:pos])) < SENTENCE_MIN_WORDS:
            pos = text.find(sep, pos + 1)
        if pos > 0:
            found.append(pos)
    return found


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _first_words(text: str, count: int) -> str:
    words = 0
    in_word = False
    for index, ch in enumerate(text):
        if _breaks(ch):
            if in_word and words == count:
                return text[:index]
            in_word = False
        elif not in_word:
            in_word = True
            words += 1
    return text


def _fit(text: str) -> str:
    """At most SHORT_LABEL_CELLS wide, cut at the last space that fits, or mid-run if there is none."""
    if cells(text) <= SHORT_LABEL_CELLS:
        return text
    width, end, last_space = 0, 0, -1
    for index, ch in enumerate(text):
        width += cells(ch)
        if width > SHORT_LABEL_CELLS:
            break
        end = index + 1
        if _breaks(ch):
            last_space = index
    return text[:last_space] if last_space > 0 else text[:end]


def _breaks(ch: str) -> bool:
    """Whether a label may be cut at `ch`: whitespace, but never a no-break space."""
    return ch.isspace() and ch not in NO_BREAK_SPACES


def _drop_dangling(text: str) -> str:
    while True:
        head, _, last = text.rpartition(" ")
        if not head or last.lower() not in DANGLING_WORDS:
            return text
        text = _trim_end(head)


def _trim_end(text: str) -> str:
    """Drop trailing spaces and separating punctuation; closing brackets, quotes and '%' stay."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in TRAILING_PUNCTUATION):
        end -= 1
    return text[:end]
