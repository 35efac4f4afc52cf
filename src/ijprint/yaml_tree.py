"""YAML bytes -> a position-tracked tree (YNode), safely and within documented limits; plus schema checks.

PyYAML's composer recurses once per nesting level and expands aliases without bound, so this module
builds the tree itself from the event stream: iteratively, with a depth limit, an alias budget,
duplicate-key detection and no tags that could construct objects. Scalars keep the text exactly as
written, so `year: 2000` stays "2000" and `label: no` stays "no".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

import yaml

from ijprint.errors import ContentError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

_RESOLVER = yaml.resolver.Resolver()
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class YNode:
    """A YAML value with its position (1-based line and column); kind is 'map', 'seq' or 'scalar'."""

    kind: str
    line: int
    column: int
    tag: str = ""
    text: str = ""
    items: list[YNode] = field(default_factory=list)
    pairs: dict[str, tuple[YNode, YNode]] = field(default_factory=dict)
    size: int = 1

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.tag == "tag:yaml.org,2002:null"


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def decode_text(data: bytes, file: str) -> str:
    """Bytes -> text, refusing what is not a UTF-8 text file of reasonable size."""
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(
            f"file is {len(data) / 1048576:.1f} MiB, over the {MAX_FILE_BYTES // 1048576} MiB limit",
            file,
            hint="split the topic into several files",
        )
    if b"\x00" in data:
        raise ContentError("file is binary (it contains NUL bytes), not a text file", file, hint="save it as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8", file, line, column, hint="save the file as UTF-8"
        ) from None
    return text


def parse_yaml(data: bytes, file: str) -> YNode:
    """Parse one YAML document into a YNode tree, or raise ContentError with file:line:column."""
    text = decode_text(data, file)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ContentError("file is empty", file, hint="start from the example in docs/content-format.md")
    try:
        return _build(yaml.parse(text), file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            f"YAML syntax error: {problem}",
            file,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint="check indentation and quoting near this position",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML error: {exc}", file, hint="check the file is valid YAML") from None


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    if event.tag and event.tag != "!":
        return event.tag
    implicit = event.implicit
    return _RESOLVER.resolve(yaml.ScalarNode, event.value, implicit)


def _build(events: Iterable[yaml.Event], file: str) -> YNode:
    anchors: dict[str, YNode] = {}
    stack: list[tuple[YNode, YNode | None, str | None]] = []
    root: YNode | None = None
    total = 0
    documents = 0

    def attach(node: YNode) -> None:
        nonlocal root, total
        total += node.size
        if total > MAX_NODES:
            raise ContentError(
                f"document expands to more than {MAX_NODES:,} values (alias bomb or far too much content)",
                file,
                node.line,
                node.column,
                hint="remove anchors/aliases that repeat large blocks",
            )
        if not stack:
            root = node
            return
        parent, pending_key, _ = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
            parent.size += node.size
        elif pending_key is None:
            if node.kind != "scalar":
                raise ContentError("mapping keys must be plain words", file, node.line, node.column)
            if node.text in parent.pairs:
                first = parent.pairs[node.text][0]
                raise ContentError(
                    f"duplicate key '{node.text}' (first at line {first.line})",
                    file,
                    node.line,
                    node.column,
                    hint="remove or rename one of them",
                )
            stack[-1] = (parent, node, None)
        else:
            parent.pairs[pending_key.text] = (pending_key, node)
            parent.size += node.size
            stack[-1] = (parent, None, None)

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, column = _mark(event)
                raise ContentError("file holds more than one YAML document", file, line, column, hint="keep one document per file")
        elif isinstance(event, yaml.ScalarEvent):
            line, column = _mark(event)
            tag = _scalar_tag(event)
            if tag not in _SAFE_TAGS:
                raise ContentError(f"YAML tag '{event.tag}' is not allowed", file, line, column, hint="remove the tag")
            node = YNode("scalar", line, column, tag=tag, text=event.value)
            _remember(anchors, event, node)
            attach(node)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            line, column = _mark(event)
            if event.tag and event.tag not in _SAFE_TAGS and event.tag != "!":
                raise ContentError(f"YAML tag '{event.tag}' is not allowed", file, line, column, hint="remove the tag")
            if len(stack) >= MAX_DEPTH:
                raise ContentError(
                    f"nesting deeper than {MAX_DEPTH} levels", file, line, column, hint="flatten the outline"
                )
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            node = YNode(kind, line, column, tag=f"tag:yaml.org,2002:{kind}")
            _remember(anchors, event, node)
            stack.append((node, None, None))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node, _, _ = stack.pop()
            attach(node)
        elif isinstance(event, yaml.AliasEvent):
            line, column = _mark(event)
            if event.anchor not in anchors:
                raise ContentError(f"unknown alias '*{event.anchor}'", file, line, column)
            attach(anchors[event.anchor])
    if root is None:
        raise ContentError("file is empty", file, hint="start from the example in docs/content-format.md")
    return root


def _remember(anchors: dict[str, YNode], event: yaml.NodeEvent, node: YNode) -> None:
    if event.anchor:
        anchors[event.anchor] = node


@dataclass(frozen=True)
class Reader:
    """Schema checks over a YNode tree that raise ContentError naming file, position and document path."""

    file: str

    def fail(self, node: YNode, path: str, message: str, hint: str = "") -> ContentError:
        return ContentError(message, self.file, node.line, node.column, path, hint)

    def mapping(self, node: YNode, path: str, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, YNode]:
        """The mapping's values by key; unknown keys get a did-you-mean hint, missing ones are named."""
        if node.kind != "map":
            raise self.fail(node, path, f"expected a mapping of keys, found {_describe(node)}")
        allowed = list(allowed)
        for key, (key_node, _) in node.pairs.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
                raise self.fail(key_node, _join(path, key), f"unknown key '{key}'", hint)
        for key in required:
            value = node.pairs.get(key)
            if value is None or value[1].is_null:
                raise self.fail(node, _join(path, key), f"missing '{key}'", f"add '{key}:' here")
        return {key: value for key, (_, value) in node.pairs.items()}

    def sequence(self, node: YNode, path: str) -> list[YNode]:
        if node.is_null:
            return []
        if node.kind != "seq":
            raise self.fail(node, path, f"expected a list, found {_describe(node)}", "start each item with '- '")
        return node.items

    def text(self, node: YNode, path: str, *, required: bool = False) -> str:
        """A scalar as written; numbers and booleans are kept as their source text."""
        if node.is_null:
            if required:
                raise self.fail(node, path, "is empty", "write a short text here")
            return ""
        if node.kind != "scalar":
            raise self.fail(node, path, f"expected text, found {_describe(node)}", "quote the value or make it one line")
        value = node.text.strip()
        if required and not value:
            raise self.fail(node, path, "is empty", "write a short text here")
        return value

    def number(self, node: YNode, path: str, low: float, high: float) -> float:
        if node.kind != "scalar" or node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            raise self.fail(node, path, f"expected a number, found {_describe(node)}")
        value = float(node.text.replace("_", ""))
        if not low <= value <= high:
            raise self.fail(node, path, f"{node.text} is out of range", f"use a number from {low:g} to {high:g}")
        return value

    def choice(self, node: YNode, path: str, options: Iterable[str]) -> str:
        options = list(options)
        value = self.text(node, path, required=True)
        if value not in options:
            close = difflib.get_close_matches(value, options, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
            raise self.fail(node, path, f"'{value}' is not a valid choice", hint)
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(node: YNode) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.is_null:
        return "nothing"
    kind = node.tag.rsplit(":", 1)[-1]
    return f"{'text' if kind == 'str' else kind} '{node.text[:30]}'"
