"""The content model: plain frozen dataclasses that every source produces and every renderer reads.

No I/O and no third-party imports. Inline markup (`**bold**`, `_italic_`) is parsed once, here,
into spans; renderers never see the markers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Origin:
    """Where a piece of content came from, for error and lint messages; never part of equality."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""


@dataclass(frozen=True)
class Span:
    """A run of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Fact:
    """A figure worth memorising: `value` is kept exactly as written (\"USD 38 bn\", \"5 lakh\")."""

    what: str
    value: str
    period: str = ""
    unit: str = ""
    note: str = ""
    # `recall: always|never` from the content: a worksheet hides this fact always, or never; "" lets it draw.
    recall: str = ""
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event; `year` is text so that \"2014 onwards\" and \"2023–24\" stay as written."""

    year: str
    event: str
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Node:
    """A topic node: `label` is the few words a map prints, `text` the sentence the notes print."""

    id: str
    label: Inline
    text: Inline = ()
    children: tuple[Node, ...] = ()
    facts: tuple[Fact, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    # `recall: always|never` from the content: a worksheet blanks this label always, or never; "" lets it draw.
    recall: str = ""
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def label_text(self) -> str:
        return plain(self.label)

    @property
    def text_plain(self) -> str:
        return plain(self.text)


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str = ""
    context: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()
    source_title: str = ""
    source_url: str = ""
    author: str = ""
    credit: str = ""
    language: str = "en"

    @property
    def document_author(self) -> str:
        """The Author property of every output file: the source's author, else the credit line."""
        return self.author or self.credit


@dataclass(frozen=True)
class Document:
    """A topic: metadata and its main sections (the map's main branches, the notes' Heading 1s)."""

    meta: Metadata
    sections: tuple[Node, ...]
    format: int = FORMAT_VERSION
    origin: Origin | None = field(default=None, compare=False, repr=False)


# No-break spaces (U+00A0, figure space U+2007, narrow U+202F) join what they separate: whitespace is
# collapsed and lines are broken only at the other kinds. U+2060 (word joiner) is no whitespace at all.
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
WORD_JOINER = "\u2060"
BREAKABLE_SPACE = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")


def collapse_spaces(text: str) -> str:
    """Every run of breakable whitespace (spaces, tabs, line breaks) as one space; no-break spaces inside
    the text are kept as they are (at its ends they join nothing, and are stripped like any whitespace)."""
    return BREAKABLE_SPACE.sub(" ", text).strip()


def breakable_words(text: str) -> list[str]:
    """`text` split at breakable whitespace only: "JIMEX\u00a0&\u00a0Dharma Guardian" is two words."""
    return [word for word in BREAKABLE_SPACE.split(text) if word]


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


def content_date(text: str) -> date | None:
    """The calendar day a `meta.date` starts with (YYYY-MM-DD), or None when it starts with no such
    pattern ("Spring 2025" dates nothing); ValueError when it has the pattern but the day does not
    exist ("2025-13-45", "0000-00-00")."""
    match = _ISO_DATE.match(text)
    if match is None:
        return None
    year, month, day = map(int, match.groups())
    return date(year, month, day)


# Markers count only when balanced and hugging their text: `** x **`, `snake_case` and `file_name.txt`
# stay literal. Bold may hold italic and italic may hold bold; nothing nests deeper.
_MARKUP = re.compile(
    r"\*\*(?=\S)(?P<bold>.+?)(?<=\S)\*\*|(?<![\w_])_(?P<italic>[^_\s](?:[^_]*?[^_\s])?)_(?![\w_])",
    re.DOTALL,
)


def parse_inline(source: str) -> Inline:
    """Split `**bold**` and `_italic_` markup into spans; text without markers is one plain span."""
    if "*" not in source and "_" not in source:  # most labels and points: no search needed
        return (Span(source),) if source else ()
    spans: list[Span] = []
    pos = 0
    for match in _MARKUP.finditer(source):
        if match.start() > pos:
            spans.append(Span(source[pos : match.start()]))
        if match.group("bold") is not None:
            spans.extend(Span(s.text, bold=True, italic=s.italic) for s in parse_inline(match.group("bold")))
        else:
            spans.extend(Span(s.text, bold=s.bold, italic=True) for s in parse_inline(match.group("italic")))
        pos = match.end()
    if pos < len(source):
        spans.append(Span(source[pos:]))
    return _merge_spans(spans)


def _merge_spans(spans: list[Span]) -> Inline:
    """Neighbouring spans with the same emphasis become one, so equal text gives equal spans."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return tuple(merged)


def plain(inline: Inline) -> str:
    return "".join(span.text for span in inline)


def inline_markup(inline: Inline) -> str:
    """The inverse of parse_inline, for writing a model back out as content.

    Markers must hug their text, so spaces at a span's edges are written outside its markers: every
    visible character keeps its emphasis through a round trip.
    """
    out = []
    for span in inline:
        core = span.text.strip()
        if not core or not (span.bold or span.italic):
            out.append(span.text)
            continue
        lead = span.text[: len(span.text) - len(span.text.lstrip())]
        trail = span.text[len(span.text.rstrip()) :]
        if span.italic:
            core = f"_{core}_"
        if span.bold:
            core = f"**{core}**"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 40) -> str:
    """A lowercase slug: Latin accents dropped, letters of other scripts kept with their marks, separators '-'."""
    if text.isascii():  # nothing to decompose: the words are the runs of letters and digits
        words = _NOT_ALNUM_ASCII.sub(" ", text.lower()).split()
    else:
        kept: list[str] = []
        for ch in unicodedata.normalize("NFKD", text.lower()):
            if unicodedata.combining(ch) and kept and kept[-1].isascii():
                continue
            kept.append(ch)
        composed = unicodedata.normalize("NFC", "".join(kept))
        words = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " " for ch in composed).split()
    slug = "-".join(words)
    if len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-")
    return slug or "node"


def child_id(parent_id: str, label: str, taken: set[str]) -> str:
    """A stable id for a node: its parent's id plus the slug of its label, unique among siblings."""
    base = slugify(label, max_length=24)
    candidate = f"{parent_id}.{base}" if parent_id else base
    unique, n = candidate, 2
    while unique in taken:
        unique = f"{candidate}-{n}"
        n += 1
    taken.add(unique)
    return unique


def walk(nodes: tuple[Node, ...], depth: int = 1) -> list[tuple[int, Node]]:
    """Every node in content order with its depth (main sections are depth 1); iterative, any depth."""
    out: list[tuple[int, Node]] = []
    stack = [(depth, node) for node in reversed(nodes)]
    while stack:
        level, node = stack.pop()
        out.append((level, node))
        stack.extend((level + 1, child) for child in reversed(node.children))
    return out


def section_numbers(sections: tuple[Node, ...]) -> dict[str, str]:
    """Every node's human reference from its position, keyed by node id: main sections "1", "2", ...,
    their children "4.1", then "4.1.3". The one place numbers are made: the map, the notes and the
    fact tables all print these, so a reader finds the same node under the same number everywhere."""
    numbers: dict[str, str] = {}
    stack = [(str(index), node) for index, node in reversed(list(enumerate(sections, 1)))]
    while stack:
        number, node = stack.pop()
        numbers[node.id] = number
        stack.extend((f"{number}.{index}", child) for index, child in reversed(list(enumerate(node.children, 1))))
    return numbers


def printable_strings(document: Document) -> list[tuple[str, str, Origin | None]]:
    """Every string the outputs print, with its document path and origin (the node's, or the document's)."""
    meta = document.meta
    out: list[tuple[str, str, Origin | None]] = [
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


# A year with an era: "44 BC", "c. 300 BCE", "44–43 BC" (a range's start), "AD 476", "476 CE".
_ERA_YEAR = re.compile(
    r"(?<!\d)(?P<after>\d{1,4})(?:\s*[–—-]\s*\d{1,4})?\s*(?P<era>B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?![\w.])"
    r"|(?<![\w.])(?:A\.?D\.?|C\.?E\.?)\s*(?P<before>\d{1,4})(?!\d)",
    re.IGNORECASE,
)
_LONG_NUMBER = re.compile(r"(?<!\d)\d{3,4}(?!\d)")
_SHORT_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


def timeline_year(text: str) -> int | None:
    """The signed year an entry's `year` text names, or None when it names none.

    In order: a number with an era (BC/BCE after it make it negative; AD/CE before or after it is
    allowed); else the first three- or four-digit number, so that "15 August 1947" is 1947 and
    "2023–24" is 2023; else the first one- or two-digit number ("AD" is optional for early years).
    """
    era = _ERA_YEAR.search(text)
    if era:
        if era.group("before"):
            return int(era.group("before"))
        year = int(era.group("after"))
        return -year if era.group("era").upper().startswith("B") else year
    found = _LONG_NUMBER.search(text) or _SHORT_NUMBER.search(text)
    return int(found.group()) if found else None


def timeline_sort_key(entry: TimelineEntry) -> tuple[int, int, str]:
    """Date order by timeline_year; entries without a year last, in text order."""
    year = timeline_year(entry.year)
    return (0, year, entry.year) if year is not None else (1, 0, entry.year)


def all_timeline(document: Document) -> list[tuple[Node, TimelineEntry]]:
    """Every timeline entry of the document with the node that holds it, in date order."""
    pairs = [(node, entry) for _, node in walk(document.sections) for entry in node.timeline]
    return sorted(pairs, key=lambda pair: timeline_sort_key(pair[1]))
