"""YAML bytes -> a position-tracked tree (YNode), safely and within documented limits (schema checks: yaml_schema.py).

PyYAML's composer recurses once per nesting level and expands aliases without bound, so this module
builds the tree itself from the event stream: iteratively, with a depth limit, an alias budget,
duplicate-key detection and no tags that could construct objects. Scalars keep the text exactly as
written, so `year: 2000` stays "2000" and `label: no` stays "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ijprint.errors import ContentError
from ijprint.file_kind import read_regular

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

_YAML = "tag:yaml.org,2002:"
_SAFE_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
NUMBER_TAGS = (_YAML + "int", _YAML + "float")
_MERGE_TAG = _YAML + "merge"
_RESOLVER = yaml.resolver.Resolver()
# YAML 1.1's implicit types of a plain scalar, by its first character ("" for an empty one): what
# Resolver.resolve tries, looked up here without its call, list concatenation and path checks. Only
# when a resolver for any first character or a path resolver is registered does Resolver.resolve decide.
_IMPLICIT = {first: tuple(found) for first, found in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
_RESOLVER_DECIDES = None in _IMPLICIT or bool(yaml.resolver.Resolver.yaml_path_resolvers)
_EMPTY_HINT = "start from the example in docs/content-format.md"


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
        return self.kind == "scalar" and self.tag == _YAML + "null"


def read_limited(path: Path) -> bytes:
    """A content or style file's bytes; never reads more than MAX_FILE_BYTES + 1 of a huge file, and
    refuses a FIFO, socket or device (through symbolic links) before reading it."""
    data = read_regular(path, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(max(path.stat().st_size, len(data)), str(path))
    return data


def _too_big(size: int, file: str) -> ContentError:
    return ContentError(
        f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte ({MAX_FILE_BYTES // 1048576} MiB) limit",
        file,
        hint="split the topic into several files",
    )


def decode_text(data: bytes, file: str) -> str:
    """Bytes -> text, refusing what is not a UTF-8 text file of reasonable size."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data), file)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError("file is UTF-16 encoded", file, hint="save it as UTF-8")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ContentError("file is binary (it contains NUL bytes), not a text file", file, line, hint="save it as UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data[: exc.start].count(b"\n") + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise ContentError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8", file, line, column, hint="save the file as UTF-8"
        ) from None


def parse_yaml(data: bytes, file: str) -> YNode:
    """Parse one YAML document into a YNode tree, or raise ContentError with file:line:column."""
    text = decode_text(data, file)
    fast = _fast_tree(text, file)
    root = _TreeBuilder(file).build(text) if fast is _REJECTED else fast
    if root is None or root.is_null:
        raise ContentError("file is empty", file, hint=_EMPTY_HINT)
    return root


_REJECTED = YNode("scalar", 0, 0)


def _fast_tree(text: str, file: str) -> YNode | None:
    """The tree through libyaml, or _REJECTED when libyaml is missing or finds the YAML invalid."""
    if _FAST_LOADER is None:
        return _REJECTED
    builder = _TreeBuilder(file)
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            builder.feed(event)
    except yaml.YAMLError:
        return _REJECTED
    return builder.root


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem:
        return "indent with spaces; YAML does not allow tabs here"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in double quotes"
    if "cannot start any token" in problem:
        return "put text that starts with this character in double quotes"
    return "check indentation and quoting near this position"


@dataclass
class _Frame:
    """An open mapping or list; `key` is a mapping's key still waiting for its value."""

    node: YNode
    key: YNode | None = None


# libyaml yields the same events several times faster; when it rejects a file, the pure-Python parser
# runs again to report the problem, because its positions and messages are more precise (and it meets
# MAX_DEPTH before libyaml's own nesting guard).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


class _TreeBuilder:
    """YAML events -> YNode tree, one event at a time (no recursion), enforcing every limit as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.stack: list[_Frame] = []
        self.anchors: dict[str, YNode] = {}
        self.root: YNode | None = None
        self.total = 0
        self.documents = 0

    def build(self, text: str) -> YNode | None:
        try:
            for event in yaml.parse(text, Loader=yaml.SafeLoader):
                self.feed(event)
        except yaml.reader.ReaderError as exc:
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)
            raise ContentError(
                f"control character U+{exc.character:04X} is not allowed in YAML",
                self.file,
                line,
                column,
                hint="delete it; such characters often come from text pasted out of a PDF",
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            started = ""
            if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
                started = f", {exc.context} that starts at line {exc.context_mark.line + 1}"
            raise ContentError(
                f"YAML syntax error: {problem}{started}",
                self.file,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                self.path(),
                _syntax_hint(problem),
            ) from None
        except yaml.YAMLError as exc:
            raise ContentError(f"YAML error: {exc}", self.file, hint="check the file is valid YAML") from None
        return self.root

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):  # most events, so first
            mark = event.start_mark
            node = YNode("scalar", mark.line + 1, mark.column + 1, self.scalar_tag(event), event.value)
            self.open_value(event, node)
            self.attach(node)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.error(event, "file holds more than one YAML document ('---' starts another)", "keep one topic per file")
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            if event.tag and event.tag != "!" and event.tag != _YAML + kind:
                raise self.tag_error(event)
            if len(self.stack) >= MAX_DEPTH:
                raise self.error(event, f"nesting deeper than {MAX_DEPTH} levels", "flatten the outline: fewer levels of children")
            node = YNode(kind, *_position(event), tag=_YAML + kind)
            self.open_value(event, node)
            self.stack.append(_Frame(node))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.attach(self.stack.pop().node)
        elif isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is None:
                raise self.error(event, f"unknown alias '*{event.anchor}'", f"define '&{event.anchor}' before using '*{event.anchor}'")
            if any(frame.node is target for frame in self.stack):
                raise self.error(event, f"alias '*{event.anchor}' refers to a block that contains it", "remove the alias")
            self.count(event, target.size)
            self.attach(target)

    def scalar_tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag and event.tag != "!":
            if event.tag not in _SAFE_TAGS:
                raise self.tag_error(event)
            return event.tag
        if not event.implicit[0]:
            # Quoted (or otherwise not plain): text, as Resolver.resolve finds it.
            return _YAML + "str"
        if _RESOLVER_DECIDES:
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        else:
            value = event.value
            tag = next((tag for tag, pattern in _IMPLICIT.get(value[:1], ()) if pattern.match(value)), _YAML + "str")
        # '=' resolves to YAML 1.1's "value" type, which means nothing to us: it is text.
        return tag if tag in _SAFE_TAGS or tag == _MERGE_TAG else _YAML + "str"

    def open_value(self, event: yaml.NodeEvent, node: YNode) -> None:
        self.count(event, 1)
        if event.anchor:
            self.anchors[event.anchor] = node

    def count(self, event: yaml.Event, amount: int) -> None:
        """Every value counts once per place it appears, so aliases cannot multiply the work unseen."""
        self.total += amount
        if self.total > MAX_NODES:
            raise self.error(
                event,
                f"document expands to more than {MAX_NODES:,} values (an alias bomb, or far too much content)",
                "remove anchors and aliases that repeat large blocks, or split the file",
            )

    def attach(self, node: YNode) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame.node
        parent.size += node.size
        if parent.kind == "seq":
            parent.items.append(node)
        elif frame.key is None:
            if node.kind != "scalar":
                raise self.fail(node, f"a key must be a word, not {describe(node)}", "write keys as plain words followed by ':'")
            if node.tag == _MERGE_TAG:
                raise self.fail(node, "merge keys ('<<') are not supported", "write the keys out in full")
            if node.text in parent.pairs:
                first = parent.pairs[node.text][0]
                raise self.fail(
                    node, f"duplicate key '{node.text[:40]}' (first at line {first.line})", "remove or rename one of them", key=node.text
                )
            frame.key = node
        else:
            parent.pairs[frame.key.text] = (frame.key, node)
            frame.key = None

    def path(self, key: str | None = None) -> str:
        """The document path of the value being read, e.g. `sections[2].children[4].label`."""
        parts = []
        for frame in self.stack:
            if frame.node.kind == "seq":
                parts.append(f"[{len(frame.node.items)}]")
            elif frame.key is not None:
                parts.append(f".{frame.key.text}")
        if key is not None:
            parts.append(f".{key}")
        if len(parts) > 10:
            return f"{''.join(parts[:4]).lstrip('.')}...{''.join(parts[-4:]).lstrip('.')}"
        return "".join(parts).lstrip(".")

    def fail(self, node: YNode, message: str, hint: str, key: str | None = None) -> ContentError:
        return ContentError(message, self.file, node.line, node.column, self.path(key), hint)

    def error(self, event: yaml.Event, message: str, hint: str) -> ContentError:
        line, column = _position(event)
        return ContentError(message, self.file, line, column, self.path(), hint)

    def tag_error(self, event: yaml.NodeEvent) -> ContentError:
        shown = str(event.tag).replace(_YAML, "!!")
        return self.error(event, f"YAML tag '{shown}' is not allowed", "remove it: content is plain text, lists and mappings")


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def describe(node: YNode) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.is_null:
        return "nothing"
    kind = node.tag.rsplit(":", 1)[-1]
    return f"{'text' if kind == 'str' else kind} '{node.text[:30]}'"
