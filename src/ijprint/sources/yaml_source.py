"""ijprint's own YAML content format (format 1) -> model.Document, with positioned errors.

The format is documented in docs/content-format.md.
"""

from __future__ import annotations

from pathlib import Path

from ijprint.errors import Diagnostic
from ijprint.model import (
    FORMAT_VERSION,
    Document,
    Fact,
    Metadata,
    Node,
    Origin,
    TimelineEntry,
    child_id,
    collapse_spaces,
    parse_inline,
    slugify,
)
from ijprint.sources.yaml_schema import Reader
from ijprint.sources.yaml_tree import YNode, parse_yaml, read_limited

TOP_KEYS = ("format", "meta", "sections")
META_KEYS = ("title", "subtitle", "context", "date", "tags", "source", "author", "credit", "language")
META_TEXT_KEYS = ("title", "subtitle", "context", "date", "author", "credit", "language")
SOURCE_KEYS = ("title", "url")
NODE_KEYS = ("label", "text", "id", "facts", "timeline", "children", "recall")
FACT_KEYS = ("what", "value", "period", "unit", "note")
RECALL_CHOICES = ("always", "never")
TIMELINE_KEYS = ("year", "event")
MAX_LABEL_CHARS = 200
MAX_TEXT_CHARS = 5_000
MAX_ID_CHARS = 40


def load_yaml_document(path: Path) -> Document:
    """Read a content file from disk."""
    return parse_yaml_document(read_limited(path), str(path))


def parse_yaml_source(data: bytes, file: str) -> tuple[Document, list[Diagnostic]]:
    """The source-registry form of parse_yaml_document: a YAML topic has no warnings to report."""
    return parse_yaml_document(data, file), []


def parse_yaml_document(data: bytes, file: str) -> Document:
    """Content bytes -> Document; every problem is a ContentError with position and document path."""
    root = parse_yaml(data, file)
    reader = Reader(file)
    if root.kind != "map":
        raise reader.fail(root, "", "the top level must be a mapping with 'format', 'meta' and 'sections'", "start from the example in docs/content-format.md")
    # The version is checked first: a newer file's unknown keys should not hide that it is newer.
    if "format" in root.pairs:
        _check_format(reader, root.pairs["format"][1])
    top = reader.mapping(root, "", TOP_KEYS, required=TOP_KEYS)
    meta = _metadata(reader, top["meta"])
    sections_node = top["sections"]
    sections = reader.sequence(sections_node, "sections")
    if not sections:
        raise reader.fail(sections_node, "sections", "no sections", "add at least one section with a label")
    return Document(
        meta=meta,
        sections=_nodes(reader, sections, "sections", ""),
        origin=Origin(file, root.line, root.column),
    )


def _check_format(reader: Reader, node: YNode) -> None:
    if node.is_null:
        return
    written = node.text[:20] if node.kind == "scalar" else ""
    if written.strip() != str(FORMAT_VERSION):
        shown = f"'{written}'" if written else f"given as {'a mapping' if node.kind == 'map' else 'a list'}"
        raise reader.fail(
            node,
            "format",
            f"unsupported format {shown}",
            f"this ijprint reads 'format: {FORMAT_VERSION}'; convert the file or upgrade ijprint",
        )


def _line(reader: Reader, node: YNode, path: str, *, required: bool = False, limit: int = MAX_TEXT_CHARS) -> str:
    """A one-line text field: runs of spaces and line breaks become one space (no-break spaces stay)."""
    return collapse_spaces(_text(reader, node, path, required=required, limit=limit))


def _text(reader: Reader, node: YNode, path: str, *, required: bool = False, limit: int = MAX_TEXT_CHARS) -> str:
    value = reader.text(node, path, required=required)
    if len(value) > limit:
        raise reader.fail(node, path, f"is {len(value):,} characters, over the {limit:,} limit", "shorten it, or split it into child points")
    return value


def _metadata(reader: Reader, node: YNode) -> Metadata:
    fields = reader.mapping(node, "meta", META_KEYS, required=("title",))
    text = {key: _line(reader, fields[key], f"meta.{key}") for key in META_TEXT_KEYS if key in fields}
    if "date" in fields:
        reader.date_text(fields["date"], "meta.date")
    if not text["title"]:
        raise reader.fail(fields["title"], "meta.title", "is empty", "give the topic a title")
    tags: tuple[str, ...] = ()
    if "tags" in fields:
        items = reader.sequence(fields["tags"], "meta.tags")
        tags = tuple(_line(reader, tag, f"meta.tags[{i}]", required=True) for i, tag in enumerate(items))
    source_title = source_url = ""
    if "source" in fields and not fields["source"].is_null:
        source = reader.mapping(fields["source"], "meta.source", SOURCE_KEYS)
        source_title = _line(reader, source["title"], "meta.source.title") if "title" in source else ""
        source_url = _line(reader, source["url"], "meta.source.url") if "url" in source else ""
    return Metadata(
        **{"title": "", **text, "language": text.get("language") or "en"},
        tags=tags,
        source_title=source_title,
        source_url=source_url,
    )


def _nodes(reader: Reader, items: list[YNode], path: str, parent_id: str) -> tuple[Node, ...]:
    """Sibling nodes. Ids derived from labels never step around explicit ones: an explicit id that a
    sibling's label also gives is an error, so adding an `id:` never renames another node.

    Recursion is safe here: yaml_tree bounds YAML nesting at MAX_DEPTH, so node depth is at most half that.
    """
    claimed: dict[str, tuple[YNode, str]] = {}
    explicit = [_explicit_id(reader, item, f"{path}[{i}]") for i, item in enumerate(items)]
    for i, (item, own) in enumerate(zip(items, explicit)):
        if own is None:
            continue
        node_id = f"{parent_id}.{own}" if parent_id else own
        id_node = item.pairs["id"][1]
        if node_id in claimed:
            first = claimed[node_id][0].line
            raise reader.fail(id_node, f"{path}[{i}].id", f"id '{own}' is already used by a sibling (line {first})", "give each sibling its own id")
        claimed[node_id] = (id_node, f"{path}[{i}].id")
    derived: set[str] = set()
    return tuple(_node(reader, item, f"{path}[{i}]", parent_id, own, derived, claimed) for i, (item, own) in enumerate(zip(items, explicit)))


def _explicit_id(reader: Reader, item: YNode, path: str) -> str | None:
    if item.kind != "map" or "id" not in item.pairs:
        return None
    node = item.pairs["id"][1]
    value = reader.text(node, f"{path}.id", required=True)
    if len(value) > MAX_ID_CHARS or slugify(value, MAX_ID_CHARS) != value:
        suggestion = slugify(value, MAX_ID_CHARS)
        raise reader.fail(
            node,
            f"{path}.id",
            f"id '{value[:60]}' is not a valid id",
            f"use at most {MAX_ID_CHARS} lowercase letters, digits and '-', e.g. '{suggestion}'",
        )
    return value


def _node(
    reader: Reader, item: YNode, path: str, parent_id: str, own_id: str | None, derived: set[str], claimed: dict[str, tuple[YNode, str]]
) -> Node:
    fields = reader.mapping(item, path, NODE_KEYS, required=("label",))
    label_node = fields["label"]
    label = _line(reader, label_node, f"{path}.label", required=True, limit=MAX_LABEL_CHARS)
    if own_id is not None:
        node_id = f"{parent_id}.{own_id}" if parent_id else own_id
    else:
        node_id = child_id(parent_id, label, derived)
        if node_id in claimed:
            id_node, id_path = claimed[node_id]
            raise reader.fail(
                id_node,
                id_path,
                f"id '{id_node.text.strip()}' is also the id derived from the label of its sibling at line {label_node.line} ({path}.label)",
                f"choose another id, or give the sibling at line {label_node.line} an 'id:' of its own",
            )
    text = _text(reader, fields["text"], f"{path}.text") if "text" in fields else ""
    children = reader.sequence(fields["children"], f"{path}.children") if "children" in fields else []
    facts = reader.sequence(fields["facts"], f"{path}.facts") if "facts" in fields else []
    timeline = reader.sequence(fields["timeline"], f"{path}.timeline") if "timeline" in fields else []
    return Node(
        id=node_id,
        label=parse_inline(label),
        text=parse_inline(text),
        children=_nodes(reader, children, f"{path}.children", node_id),
        facts=tuple(_fact(reader, fact, f"{path}.facts[{i}]") for i, fact in enumerate(facts)),
        timeline=tuple(_timeline(reader, entry, f"{path}.timeline[{i}]") for i, entry in enumerate(timeline)),
        recall=reader.choice(fields["recall"], f"{path}.recall", RECALL_CHOICES) if "recall" in fields else "",
        origin=Origin(reader.file, label_node.line, label_node.column, path),
    )


def _fact(reader: Reader, node: YNode, path: str) -> Fact:
    fields = reader.mapping(node, path, (*FACT_KEYS, "recall"), required=("what", "value"))
    recall = reader.choice(fields.pop("recall"), f"{path}.recall", RECALL_CHOICES) if "recall" in fields else ""
    text = {key: _line(reader, value, f"{path}.{key}", required=key in ("what", "value")) for key, value in fields.items()}
    return Fact(origin=Origin(reader.file, node.line, node.column, path), recall=recall, **text)


def _timeline(reader: Reader, node: YNode, path: str) -> TimelineEntry:
    fields = reader.mapping(node, path, TIMELINE_KEYS, required=TIMELINE_KEYS)
    return TimelineEntry(
        year=_line(reader, fields["year"], f"{path}.year", required=True),
        event=_line(reader, fields["event"], f"{path}.event", required=True),
        origin=Origin(reader.file, node.line, node.column, path),
    )
