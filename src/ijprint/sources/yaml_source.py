"""ijprint's own YAML content format (format 1) -> model.Document, with positioned errors.

The format is documented in docs/content-format.md.
"""

from __future__ import annotations

from pathlib import Path

from ijprint.errors import ContentError
from ijprint.model import (
    FORMAT_VERSION,
    Document,
    Fact,
    Metadata,
    Node,
    Origin,
    TimelineEntry,
    child_id,
    parse_inline,
    slugify,
)
from ijprint.yaml_tree import Reader, YNode, parse_yaml

TOP_KEYS = ("format", "meta", "sections")
META_KEYS = ("title", "subtitle", "context", "date", "tags", "source", "author", "credit", "language")
SOURCE_KEYS = ("title", "url")
NODE_KEYS = ("label", "text", "id", "facts", "timeline", "children")
FACT_KEYS = ("what", "value", "period", "unit", "note")
TIMELINE_KEYS = ("year", "event")
MAX_LABEL_CHARS = 200
MAX_TEXT_CHARS = 5_000


def load_yaml_document(path: Path) -> Document:
    """Read a content file from disk."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError("file not found", str(path), hint="check the path") from None
    except IsADirectoryError:
        raise ContentError("is a folder, not a content file", str(path)) from None
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}", str(path)) from None
    return parse_yaml_document(data, str(path))


def parse_yaml_document(data: bytes, file: str) -> Document:
    """Content bytes -> Document; every problem is a ContentError with position and document path."""
    root = parse_yaml(data, file)
    reader = Reader(file)
    if root.kind != "map":
        raise reader.fail(root, "", "the top level must be a mapping with 'format', 'meta' and 'sections'")
    top = reader.mapping(root, "", TOP_KEYS, required=TOP_KEYS)
    version = top["format"]
    if version.kind != "scalar" or version.text != str(FORMAT_VERSION):
        raise reader.fail(version, "format", f"unsupported format '{version.text}'", f"this ijprint reads format {FORMAT_VERSION}")
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


def _metadata(reader: Reader, node: YNode) -> Metadata:
    fields = reader.mapping(node, "meta", META_KEYS, required=("title",))
    text = {key: reader.text(fields[key], f"meta.{key}") for key in META_KEYS if key in fields and key not in ("tags", "source")}
    tags: tuple[str, ...] = ()
    if "tags" in fields:
        tags = tuple(reader.text(tag, f"meta.tags[{i}]", required=True) for i, tag in enumerate(reader.sequence(fields["tags"], "meta.tags")))
    source_title = source_url = ""
    if "source" in fields and not fields["source"].is_null:
        source = reader.mapping(fields["source"], "meta.source", SOURCE_KEYS)
        source_title = reader.text(source["title"], "meta.source.title") if "title" in source else ""
        source_url = reader.text(source["url"], "meta.source.url") if "url" in source else ""
    if not text.get("title"):
        raise reader.fail(fields["title"], "meta.title", "is empty", "give the topic a title")
    return Metadata(
        title=text["title"],
        subtitle=text.get("subtitle", ""),
        context=text.get("context", ""),
        date=text.get("date", ""),
        tags=tags,
        source_title=source_title,
        source_url=source_url,
        author=text.get("author", ""),
        credit=text.get("credit", ""),
        language=text.get("language", "") or "en",
    )


def _nodes(reader: Reader, items: list[YNode], path: str, parent_id: str) -> tuple[Node, ...]:
    """Recursion is safe here: yaml_tree bounds YAML nesting at MAX_DEPTH, so node depth is at most half that."""
    taken: set[str] = set()
    return tuple(_node(reader, item, f"{path}[{i}]", parent_id, taken) for i, item in enumerate(items))


def _node(reader: Reader, item: YNode, path: str, parent_id: str, siblings: set[str]) -> Node:
    fields = reader.mapping(item, path, NODE_KEYS, required=("label",))
    label_node = fields["label"]
    label = reader.text(label_node, f"{path}.label", required=True)
    if len(label) > MAX_LABEL_CHARS:
        raise reader.fail(
            label_node,
            f"{path}.label",
            f"label is {len(label):,} characters, over the {MAX_LABEL_CHARS} limit",
            "keep labels to a few words; put the sentence in 'text'",
        )
    if "id" in fields:
        explicit = slugify(reader.text(fields["id"], f"{path}.id", required=True), 40)
        node_id = f"{parent_id}.{explicit}" if parent_id else explicit
        if node_id in siblings:
            raise reader.fail(fields["id"], f"{path}.id", f"id '{explicit}' is used twice among these siblings")
        siblings.add(node_id)
    else:
        node_id = child_id(parent_id, label, siblings)
    text = reader.text(fields["text"], f"{path}.text") if "text" in fields else ""
    if len(text) > MAX_TEXT_CHARS:
        raise reader.fail(
            fields["text"],
            f"{path}.text",
            f"text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit",
            "split it into child points",
        )
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
        origin=Origin(reader.file, label_node.line, label_node.column, path),
    )


def _fact(reader: Reader, node: YNode, path: str) -> Fact:
    fields = reader.mapping(node, path, FACT_KEYS, required=("what", "value"))
    text = {key: reader.text(value, f"{path}.{key}", required=key in ("what", "value")) for key, value in fields.items()}
    return Fact(origin=Origin(reader.file, node.line, node.column, path), **text)


def _timeline(reader: Reader, node: YNode, path: str) -> TimelineEntry:
    fields = reader.mapping(node, path, TIMELINE_KEYS, required=TIMELINE_KEYS)
    return TimelineEntry(
        year=reader.text(fields["year"], f"{path}.year", required=True),
        event=reader.text(fields["event"], f"{path}.event", required=True),
        origin=Origin(reader.file, node.line, node.column, path),
    )
