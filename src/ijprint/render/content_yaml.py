"""A model.Document -> ijprint's YAML content format 1, as readable block YAML bytes (for `ijprint import`).

Reading the bytes back with ijprint.sources.yaml_source gives an equal Document: markup is written
with model.inline_markup, every value is a double-quoted scalar (so '2000', 'no' and 'null' stay
text), and a node's `id` is written only where the reader would not derive the same one from
its label.
"""

from __future__ import annotations

import yaml

from ijprint.errors import ContentError
from ijprint.model import FORMAT_VERSION, Document, Fact, Metadata, Node, TimelineEntry, child_id, inline_markup, slugify
from ijprint.sources.yaml_tree import MAX_DEPTH, MAX_FILE_BYTES

HEADER = "# ijprint content, format 1: see docs/content-format.md\n"
# The YAML reader refuses more than MAX_DEPTH nested collections: a node at depth d opens its
# mapping inside 2*d of them (the top mapping, `sections`, and each ancestor's mapping and
# `children`), and a fact needs two more (`facts` and the fact's mapping).
MAX_NODE_DEPTH = (MAX_DEPTH - 3) // 2


def render_content_yaml(document: Document) -> bytes:
    """The document as ijprint YAML; a ContentError if the YAML reader would refuse the result."""
    lines = [HEADER, f"format: {FORMAT_VERSION}\n", "meta:\n", *_meta(document.meta), "\nsections:\n"]
    stack: list[tuple[int, str, Node]] = [(1, "", node) for node in reversed(document.sections)]
    sibling_sets: dict[tuple[int, str], set[str]] = {}
    while stack:
        depth, parent_id, node = stack.pop()
        if depth > MAX_NODE_DEPTH:
            raise ContentError(
                f"node '{node.label_text}' is nested {depth} levels deep; ijprint YAML holds at most {MAX_NODE_DEPTH}",
                hint="flatten the outline",
            )
        taken = sibling_sets.setdefault((depth, parent_id), set())
        if depth == 1:
            lines.append("\n")
        lines.extend(_node(node, depth, parent_id, taken))
        stack.extend((depth + 1, node.id, child) for child in reversed(node.children))
    data = "".join(lines).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(
            f"the YAML would be {len(data) / 1048576:.1f} MiB, over the {MAX_FILE_BYTES // 1048576} MiB a content file may have",
            hint="split the source into several topics",
        )
    return data


def _quote(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text` (PyYAML escapes what must be)."""
    return yaml.dump(text, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")


def _meta(meta: Metadata) -> list[str]:
    out = [f"  title: {_quote(meta.title)}\n"]
    for key in ("subtitle", "context", "date"):
        value = getattr(meta, key)
        if value:
            out.append(f"  {key}: {_quote(value)}\n")
    if meta.tags:
        out.append(f"  tags: [{', '.join(_quote(tag) for tag in meta.tags)}]\n")
    if meta.source_title or meta.source_url:
        out.append("  source:\n")
        if meta.source_title:
            out.append(f"    title: {_quote(meta.source_title)}\n")
        if meta.source_url:
            out.append(f"    url: {_quote(meta.source_url)}\n")
    for key in ("author", "credit"):
        value = getattr(meta, key)
        if value:
            out.append(f"  {key}: {_quote(value)}\n")
    out.append(f"  language: {_quote(meta.language or 'en')}\n")
    return out


def _node(node: Node, depth: int, parent_id: str, taken: set[str]) -> list[str]:
    """The node's own lines (not its children's); `taken` mirrors the reader's sibling ids."""
    dash = "  " + "    " * (depth - 1)
    field = dash + "  "
    label = inline_markup(node.label)
    out = [f"{dash}- label: {_quote(label)}\n"]
    derived = child_id(parent_id, label, set(taken))
    if derived != node.id:
        out.append(f"{field}id: {_quote(_explicit_id(node.id, parent_id))}\n")
    taken.add(node.id)
    if node.text:
        out.append(f"{field}text: {_quote(inline_markup(node.text))}\n")
    if node.facts:
        out.append(f"{field}facts:\n")
        for fact in node.facts:
            out.extend(_fact(fact, field + "  "))
    if node.timeline:
        out.append(f"{field}timeline:\n")
        for entry in node.timeline:
            out.extend(_timeline(entry, field + "  "))
    if node.children:
        out.append(f"{field}children:\n")
    return out


def _explicit_id(node_id: str, parent_id: str) -> str:
    """The id as the reader wants it written: the node's own part, without its parent's prefix."""
    own = node_id[len(parent_id) + 1 :] if parent_id and node_id.startswith(parent_id + ".") else node_id
    return slugify(own, 40)


def _fact(fact: Fact, dash: str) -> list[str]:
    field = dash + "  "
    out = [f"{dash}- what: {_quote(fact.what)}\n", f"{field}value: {_quote(fact.value)}\n"]
    for key in ("period", "unit", "note"):
        value = getattr(fact, key)
        if value:
            out.append(f"{field}{key}: {_quote(value)}\n")
    return out


def _timeline(entry: TimelineEntry, dash: str) -> list[str]:
    return [f"{dash}- year: {_quote(entry.year)}\n", f"{dash}  event: {_quote(entry.event)}\n"]
