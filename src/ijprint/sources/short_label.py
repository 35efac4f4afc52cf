"""A source label (text) -> its short label (text): the rule that keeps a map's labels to a few words.

A source label is *long* when it has more than 6 words or is wider than 40 cells (a CJK character
is two cells). A long label is shortened to
  1. its first clause: the text before the first ': ', ' – ', ' — ', ' - ', '; ', ', ', ' (',
     or CJK '：', '；', '，', '、', '。', '（', or a sentence end ('. ', '? ', '! ', '। ') that
     follows at least three words (so initials such as "B. R." do not end the clause);
  2. at most 6 words, then at most 40 cells, cut at a space (a run with no space, such as
     Chinese, is cut at 40 cells), never at a no-break space and never between a number and its
     unit or era: a unit after the number ("753 BC", "5 lakh", "12 %", "38 bn", "40 km") is kept
     beyond the 6th word, as is the number after an era or currency before it ("AD 476",
     "USD 38", "c. 300"); where 40 cells would part them, the cut moves before the number;
  3. without trailing spaces or punctuation (',', ';', ':', '.', '-', '–', '—', '(' ...) and
     without the English small words that cannot end a label (a, an, and, as, at, by, for,
     from, in, into, of, on, or, the, to, with), unless that would leave nothing.
  The result is never empty: if nothing with a letter or digit is left, the first word (at most
  40 cells) is used.

Outline readers apply it in ijprint.sources.outline_document, which keeps the full sentence as the node's text.
"""

from __future__ import annotations

import re
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
# Words that belong to the number before them, and to the number after them; compared lower-cased,
# without dots and trailing punctuation ("B.C.," -> "bc").
UNITS_AFTER = frozenset(
    "bc bce ad ce % bn billion mn million trillion tn lakh lakhs crore crores cr km km² sq m cm mm kg t "
    "tonnes tons mt mw gw kw kwh gwh ha hectares acres pp °c °f".split()
)
# A multiplier takes a further unit after it: "5 lakh crore", "3 sq km", "2 bn tonnes".
MULTIPLIERS = frozenset("lakh lakhs crore crores bn billion mn million trillion tn sq".split())
UNITS_BEFORE = frozenset("ad ce c ca circa usd us$ $ inr rs ₹ jpy ¥ eur € gbp £ rmb cny".split())
_NUMBER = re.compile(r"[~≈]?\d[\d,.'’–—-]*")
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
            clause = text[: pos + 1] if _is_dotted_era(text[: pos + 1]) else text[:pos]
            break
    short = _drop_dangling(_trim_end(_fit(_first_words(clause, SHORT_LABEL_WORDS))))
    if not _has_word(short):
        short = _trim_end(_fit(_first_words(text, 1))) or _fit(text).rstrip()
    return short


def _separator_positions(text: str) -> list[int]:
    found = [pos for sep in CLAUSE_SEPARATORS if (pos := text.find(sep)) > 0]
    for sep in SENTENCE_SEPARATORS:
        pos = text.find(sep)
        while pos > 0 and (len(breakable_words(text[:pos])) < SENTENCE_MIN_WORDS or _ends_with_prefix_of_number(text, pos)):
            pos = text.find(sep, pos + 1)
        if pos > 0:
            found.append(pos)
    return found


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _ends_with_prefix_of_number(text: str, pos: int) -> bool:
    """Whether the '.' at `pos` ends an abbreviation such as "c." or "Rs." that a number follows."""
    before = text[:pos].rsplit(maxsplit=1)
    after = text[pos + 1 :].split(maxsplit=1)
    return bool(before and after) and belongs_together(before[-1] + ".", after[0])


def _unit(word: str) -> str:
    return word.lower().rstrip(",;:!?)").replace(".", "")


def _is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word.rstrip(",;:!?)")) is not None


def belongs_together(left: str, right: str) -> bool:
    """Whether two neighbouring words must stay together: a number and its unit or era, either way round,
    or a multiplier and the unit after it."""
    if _unit(right) in UNITS_AFTER and (_is_number(left) or _unit(left) in MULTIPLIERS):
        return True
    return _unit(left) in UNITS_BEFORE and _is_number(right)


def _word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word; words are separated by breakable whitespace only."""
    return [(found.start(), found.end()) for found in re.finditer(r"(?:[^\s]|[" + NO_BREAK_SPACES + r"])+", text)]


def _first_words(text: str, count: int) -> str:
    """The first `count` words, and beyond them any word that belongs to the last one kept (see _belong)."""
    words = _word_spans(text)
    if len(words) <= count:
        return text
    kept = count
    while kept < len(words) and belongs_together(text[slice(*words[kept - 1])], text[slice(*words[kept])]):
        kept += 1
    return text if kept == len(words) else text[: words[kept - 1][1]]


def _fit(text: str) -> str:
    """At most SHORT_LABEL_CELLS wide, cut at the last space that fits and parts no number from its
    unit, or mid-run if there is none."""
    if cells(text) <= SHORT_LABEL_CELLS:
        return text
    width, end = 0, 0
    for index, ch in enumerate(text):
        width += cells(ch)
        if width > SHORT_LABEL_CELLS:
            break
        end = index + 1
    words = _word_spans(text)
    # Cutting before word i keeps words[:i]; the space after word i - 1 must fit.
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1][1] < end and not belongs_together(text[slice(*words[i - 1])], text[slice(*words[i])]):
            return text[: words[i - 1][1]]
    return text[:end]


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
        if text[end - 1] == "." and _is_dotted_era(text[:end]):
            break
        end -= 1
    return text[:end]


def _is_dotted_era(text: str) -> bool:
    """Whether `text` ends with an era or unit written with dots ("B.C.", "A.D."), whose last dot is part of it."""
    last = text.rsplit(maxsplit=1)[-1]
    return last.count(".") >= 2 and _unit(last) in UNITS_AFTER
