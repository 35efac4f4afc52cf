"""A generic outline tree (label, text, children, origin) from any source -> model Nodes and a Document.

Markdown, FreeMind and OPML readers only find the tree; everything they share happens here:
inline markup is made canonical, long labels are shortened, ids are given, limits are checked,
and the root is chosen.

Inline markup is made canonical: spans are reduced to what ijprint's YAML markup (`**bold**`,
`_italic_`) can say, so that `ijprint import` writes YAML that reads back to the very same model.
Whitespace runs (line breaks included) become single spaces; paragraphs of one node are joined
with a space.

Short labels. A map prints a node's label, so a long source label is shortened by the rule in
ijprint.sources.short_label (whose names are importable from here too). The full sentence becomes
the node's text. If the node has text of its own, the full sentence goes before it, followed by
'. ' unless it already ends in punctuation (. ! ? : ; । 。), so nothing the source says is lost.
A node with no label but with text gets the short label of its text.

The root. If the source has exactly one top-level item and it has children (or it is a mind
map's root node, which always is), that item is the topic's root: its label is the title (unless the source declares one, such as Markdown front
matter or an OPML <title>), its text the context line, and its children the main sections.
Otherwise every top-level item is a main section and the title is the declared one, else the
file's name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ijprint.errors import ContentError, Diagnostic
from ijprint.model import NO_BREAK_SPACES, Document, Inline, Metadata, Node, Origin, Span, child_id, collapse_spaces, inline_markup, parse_inline, plain
from ijprint.sources.short_label import (  # noqa: F401 (public names of the outline rules)
    SHORT_LABEL_CELLS,
    SHORT_LABEL_WORDS,
    cells,
    is_long_label,
    short_label,
)
from ijprint.sources.yaml_source import MAX_TEXT_CHARS

# A full sentence moved to the text ends with one of these, or gets '. ' before the node's own text.
SENTENCE_END = ".!?:;।。！？：；…"
MAX_OUTLINE_DEPTH = 30
MAX_OUTLINE_NODES = 10_000


@dataclass(frozen=True)
class OutlineItem:
    """One node as a source found it: spans as written, before any shortening or canonical form."""

    label: Inline
    text: Inline = ()
    children: tuple[OutlineItem, ...] = ()
    origin: Origin | None = None


def slice_inline(inline: Inline, length: int) -> Inline:
    """The first `length` characters of the spans' plain text, styles kept."""
    out: list[Span] = []
    left = length
    for span in inline:
        if left <= 0:
            break
        out.append(replace(span, text=span.text[:left]))
        left -= len(span.text)
    return tuple(out)


def canonical_inline(inline: Inline) -> Inline:
    """Spans as ijprint's markup can say them: whitespace collapsed, ends stripped, markup round-trips.

    Canonical spans are returned as they are, so canonical_inline(canonical_inline(x)) == canonical_inline(x).
    """
    if _round_trips(inline):
        return inline
    current = _reparse(_representable(_collapse(inline)))
    for _ in range(8):
        if _round_trips(current):
            return current
        current = _reparse(_representable(_collapse(current)))
    # Never reached in property tests; a text without markers is plain whatever it says.
    return (Span(collapse_spaces(plain(current).replace("*", " ").replace("_", " "))),)


def _reparse(inline: Inline) -> Inline:
    return parse_inline(inline_markup(inline).strip())


def _round_trips(inline: Inline) -> bool:
    text = plain(inline)
    if text != collapse_spaces(text):
        return False
    return _reparse(inline) == inline


def _collapse(inline: Inline) -> list[Span]:
    """Merge neighbours of one style and make each whitespace run one space, across span borders."""
    merged: list[Span] = []
    previous_space = True
    for span in inline:
        chars = []
        for ch in span.text:
            if ch.isspace() and ch not in NO_BREAK_SPACES:
                if not previous_space:
                    chars.append(" ")
                previous_space = True
            else:
                chars.append(ch)
                previous_space = False
        text = "".join(chars)
        if not text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = replace(merged[-1], text=merged[-1].text + text)
        else:
            merged.append(Span(text, span.bold, span.italic))
    return merged


def _representable(spans: list[Span]) -> tuple[Span, ...]:
    """Drop emphasis that `_italic_` or `**bold**` could not carry, rather than leak markers into the text.

    Italic must not touch a letter on either side nor contain '_'; emphasis that starts or ends
    with a space gives the space to the plain text around it.
    """
    trimmed: list[Span] = []
    for span in spans:
        if not (span.bold or span.italic):
            trimmed.append(span)
            continue
        core = span.text.strip()
        if not core:
            trimmed.append(Span(span.text))
            continue
        lead = span.text[: len(span.text) - len(span.text.lstrip())]
        tail = span.text[len(span.text.rstrip()) :]
        if lead:
            trimmed.append(Span(lead))
        trimmed.append(Span(core, span.bold, span.italic and "_" not in core))
        if tail:
            trimmed.append(Span(tail))
    out: list[Span] = []
    for index, span in enumerate(trimmed):
        if span.italic:
            before = trimmed[index - 1].text[-1:] if index else ""
            after = trimmed[index + 1].text[:1] if index + 1 < len(trimmed) else ""
            if _wordish(before) or _wordish(after) or "**" in span.text:
                span = replace(span, italic=False)
        if span.bold and "**" in span.text:
            span = replace(span, bold=False)
        out.append(span)
    return tuple(out)


def _wordish(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch == "_")


def _join_sentence(sentence: Inline, text: Inline) -> Inline:
    if not text:
        return sentence
    ending = plain(sentence)[-1:]
    glue = " " if ending and ending in SENTENCE_END else ". "
    return (*sentence, Span(glue), *text)


@dataclass(frozen=True)
class ShapedItem:
    label: Inline
    text: Inline


def shape_item(label: Inline, text: Inline) -> ShapedItem:
    """Canonical label and text after the short-label rule; the label may be empty only if both are."""
    label = canonical_inline(label)
    text = canonical_inline(text)
    full = plain(label)
    if not full:
        if not text:
            return ShapedItem((), ())
        return ShapedItem(canonical_inline(slice_inline(text, len(short_label(plain(text))))), text)
    if not is_long_label(full):
        return ShapedItem(label, text)
    short = canonical_inline(slice_inline(label, len(short_label(full))))
    return ShapedItem(short, canonical_inline(_join_sentence(label, text)))


def build_sections(items: tuple[OutlineItem, ...], file: str) -> tuple[tuple[Node, ...], list[Diagnostic]]:
    """Outline items -> model Nodes with ids; empty items are dropped (children kept) with a warning."""
    warnings: list[Diagnostic] = []
    counter = [0]
    nodes = _nodes(items, "", "sections", 1, file, warnings, counter)
    return nodes, warnings


def _nodes(
    items: tuple[OutlineItem, ...], parent_id: str, path: str, depth: int, file: str, warnings: list[Diagnostic], counter: list[int]
) -> tuple[Node, ...]:
    """Recursion depth is bounded by MAX_OUTLINE_DEPTH, checked before going deeper."""
    taken: set[str] = set()
    out: list[Node] = []
    for item in _lift_empty(items, warnings, file):
        where = f"{path}[{len(out)}]"
        origin = replace(item.origin, path=where) if item.origin else Origin(file, path=where)
        if depth > MAX_OUTLINE_DEPTH:
            raise _error(origin, f"the outline is nested deeper than {MAX_OUTLINE_DEPTH} levels", "flatten the outline")
        counter[0] += 1
        if counter[0] > MAX_OUTLINE_NODES:
            raise _error(origin, f"the outline has more than {MAX_OUTLINE_NODES:,} nodes", "split the topic into several files")
        shaped = shape_item(item.label, item.text)
        text_markup = inline_markup(shaped.text)
        if len(text_markup) > MAX_TEXT_CHARS:
            raise _error(
                origin, f"text is {len(text_markup):,} characters, over the {MAX_TEXT_CHARS:,} limit", "split it into child points"
            )
        node_id = child_id(parent_id, inline_markup(shaped.label), taken)
        children = _nodes(item.children, node_id, f"{where}.children", depth + 1, file, warnings, counter)
        out.append(Node(id=node_id, label=shaped.label, text=shaped.text, children=children, origin=origin))
    return tuple(out)


def _lift_empty(items: tuple[OutlineItem, ...], warnings: list[Diagnostic], file: str) -> list[OutlineItem]:
    """Items with neither label nor text: dropped, their children taking their place (iteratively)."""
    out: list[OutlineItem] = []
    pending = list(reversed(items))
    while pending:
        item = pending.pop()
        if plain(canonical_inline(item.label)) or plain(canonical_inline(item.text)):
            out.append(item)
            continue
        origin = item.origin or Origin(file)
        moved = f"; its {len(item.children)} child item(s) moved up a level" if item.children else ""
        warnings.append(Diagnostic(f"empty item skipped{moved}", origin.file, origin.line, origin.column))
        pending.extend(reversed(item.children))
    return out


def _error(origin: Origin, message: str, hint: str) -> ContentError:
    return ContentError(message, origin.file, origin.line, origin.column, origin.path, hint)


def fallback_title(file: str) -> str:
    """A title from the file's name: 'india-japan_notes.md' -> 'india japan notes'."""
    stem = Path(file).stem
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words) or stem or "Untitled"


def build_document(
    items: tuple[OutlineItem, ...],
    meta: Metadata,
    file: str,
    origin: Origin,
    *,
    preamble: Inline = (),
    root_is_topic: bool = False,
) -> tuple[Document, list[Diagnostic]]:
    """Choose the root (see the module docstring) and build the Document.

    `meta.title` empty means the source declares none. `preamble` is text found before any item.
    `root_is_topic` (a mind map's single root node) makes a lone top-level item the root even
    without children, so that a map with nothing but its root is reported as empty.
    """
    warnings: list[Diagnostic] = []
    items = tuple(_lift_empty(items, warnings, file))
    context_parts = [preamble]
    title = meta.title
    if len(items) == 1 and (items[0].children or root_is_topic):
        root = items[0]
        title = title or plain(canonical_inline(root.label)) or short_label(plain(canonical_inline(root.text)))
        context_parts.append(root.text)
        items = root.children
    context_text = " ".join(part for part in (plain(canonical_inline(p)) for p in context_parts) if part)
    context = meta.context
    if context_text and not context:
        context = context_text
    elif context_text:
        warnings.append(Diagnostic("text under the title is not used: the declared context replaces it", file, origin.line, origin.column))
    sections, more = build_sections(items, file)
    warnings.extend(more)
    if not sections:
        raise ContentError(
            "the outline is empty: nothing to put on the map", file, origin.line, origin.column, hint="add items under the root"
        )
    document = Document(meta=replace(meta, title=title or fallback_title(file), context=context), sections=sections, origin=origin)
    return document, warnings
