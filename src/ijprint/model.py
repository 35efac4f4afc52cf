"""The content model: plain frozen dataclasses that every source produces and every renderer reads.

No I/O and no third-party imports. Inline markup (`**bold**`, `_italic_`) is parsed once, here,
into spans; renderers never see the markers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Document:
    """A topic: metadata and its main sections (the map's main branches, the notes' Heading 1s)."""

    meta: Metadata
    sections: tuple[Node, ...]
    format: int = FORMAT_VERSION
    origin: Origin | None = field(default=None, compare=False, repr=False)


_MARKUP = re.compile(r"\*\*(?P<bold>.+?)\*\*|(?<![\w_])_(?P<italic>[^_\s](?:[^_]*?[^_\s])?)_(?![\w_])")


def parse_inline(source: str) -> Inline:
    """Split `**bold**` and `_italic_` markup into spans; text without markers is one plain span."""
    spans: list[Span] = []
    pos = 0
    for match in _MARKUP.finditer(source):
        if match.start() > pos:
            spans.append(Span(source[pos : match.start()]))
        if match.group("bold") is not None:
            spans.extend(Span(s.text, bold=True, italic=s.italic) for s in parse_inline(match.group("bold")))
        else:
            spans.append(Span(match.group("italic"), italic=True))
        pos = match.end()
    if pos < len(source):
        spans.append(Span(source[pos:]))
    return tuple(spans)


def plain(inline: Inline) -> str:
    return "".join(span.text for span in inline)


def inline_markup(inline: Inline) -> str:
    """The inverse of parse_inline, for writing a model back out as content."""
    out = []
    for span in inline:
        text = span.text
        if span.italic:
            text = f"_{text}_"
        if span.bold:
            text = f"**{text}**"
        out.append(text)
    return "".join(out)


def slugify(text: str, max_length: int = 40) -> str:
    """A lowercase ASCII-safe slug; letters of other scripts are kept, separators become '-'."""
    normal = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in normal if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+", "-", kept.lower(), flags=re.UNICODE).strip("-_")
    slug = slug.replace("_", "-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
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


_YEAR = re.compile(r"\d{4}")


def timeline_sort_key(entry: TimelineEntry) -> tuple[int, str]:
    """Date order: the first four-digit year in the entry, entries without one last."""
    found = _YEAR.search(entry.year)
    return (int(found.group()) if found else 10**6, entry.year)


def all_timeline(document: Document) -> list[tuple[Node, TimelineEntry]]:
    """Every timeline entry of the document with the node that holds it, in date order."""
    pairs = [(node, entry) for _, node in walk(document.sections) for entry in node.timeline]
    return sorted(pairs, key=lambda pair: timeline_sort_key(pair[1]))
