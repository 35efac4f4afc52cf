"""XML bytes -> a position-tracked element tree (XElement), parsed safely with defusedxml.

No DTD is accepted, so no entity can be declared or expanded (billion laughs) and no external
entity or network resource is ever fetched. The declared encoding is honoured for every codec
Python knows (expat alone knows only UTF-8, UTF-16 and Latin-1): the bytes are decoded here and
the text handed to expat. Every element records the line and column of its start tag.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import ParseError, XMLParser

from ijprint.errors import ContentError
from ijprint.sources.yaml_tree import MAX_FILE_BYTES

MAX_XML_DEPTH = 256
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


@dataclass
class XElement:
    """An element with namespaces removed from its tag: `text` comes before the first child, `tail` after the element."""

    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[XElement] = field(default_factory=list)
    text: str = ""
    tail: str = ""

    def find(self, tag: str) -> XElement | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[XElement]:
        return [child for child in self.children if child.tag == tag]

    def all_text(self) -> str:
        """Every text inside the element, in document order (iterative: any depth)."""
        parts: list[str] = []
        stack: list[tuple[XElement, bool]] = [(self, False)]
        while stack:
            element, done = stack.pop()
            if done:
                parts.append(element.tail)
                continue
            parts.append(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element.children))
        return "".join(parts[:-1])


class _PositionedBuilder:
    """An ElementTree parser target that builds XElements and notes where each start tag is."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.parser: XMLParser | None = None
        self.stack: list[XElement] = []
        self.root: XElement | None = None
        self.last: XElement | None = None

    def position(self) -> tuple[int, int]:
        """Where expat is now (1-based): inside start(), the start tag being read."""
        assert self.parser is not None
        return self.parser.parser.CurrentLineNumber, self.parser.parser.CurrentColumnNumber + 1

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        line, column = self.position()
        if len(self.stack) >= MAX_XML_DEPTH:
            raise ContentError(f"XML nested deeper than {MAX_XML_DEPTH} elements", self.file, line, column, hint="flatten the outline")
        element = XElement(_local(tag), {_local(key): value for key, value in attrs.items()}, line, column)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self.last = None

    def end(self, tag: str) -> None:
        self.last = self.stack.pop()

    def data(self, text: str) -> None:
        if self.last is not None:
            self.last.tail += text
        elif self.stack:
            self.stack[-1].text += text

    def close(self) -> XElement | None:
        return self.root


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def decode_xml(data: bytes, file: str) -> str:
    """XML bytes -> text in the encoding its byte-order mark or declaration names (UTF-8 if neither)."""
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(
            f"file is {len(data) / 1048576:.1f} MiB, over the {MAX_FILE_BYTES // 1048576} MiB limit",
            file,
            hint="split the topic into several files",
        )
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data.startswith((b"<\x00?\x00", b"\x00<\x00?")):
        encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else (
            "utf-16-le" if data.startswith(b"<\x00") else "utf-16-be"
        )
    else:
        declared = _DECLARED_ENCODING.match(data.lstrip())
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ContentError(f"unknown encoding '{encoding}' in the XML declaration", file, 1, 1, hint="save the file as UTF-8") from None
        if codec.startswith(("utf-16", "utf-32")):
            # A declaration readable as ASCII cannot be UTF-16 or UTF-32: the file was saved as UTF-8.
            encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            f"byte 0x{data[exc.start]:02x} is not valid {encoding}", file, line, column, hint="save the file in the encoding it declares"
        ) from None
    return text.lstrip("\ufeff")


def parse_xml(data: bytes, file: str) -> XElement:
    """Parse one XML document into an XElement tree, or raise a one-line ContentError with file:line:column."""
    text = decode_xml(data, file)
    if not text.strip():
        raise ContentError("file is empty", file, hint="export the outline again")
    builder = _PositionedBuilder(file)
    parser = XMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DTDForbidden:
        line, column = builder.position()
        raise ContentError(
            "XML with a <!DOCTYPE> is refused: it can declare entities (entity expansion, external files)",
            file,
            line,
            column,
            hint="remove the <!DOCTYPE ...> declaration",
        ) from None
    except DefusedXmlException:
        line, column = builder.position()
        raise ContentError("XML entity declarations are refused", file, line, column, hint="remove the entity declarations") from None
    except ParseError as exc:
        line, column = exc.position
        message = expat.errors.messages.get(exc.code, "invalid XML") if exc.code else "invalid XML"
        hint = "write &#160; or the character itself instead of a named HTML entity" if "undefined entity" in message else (
            "check the file is well-formed XML near this position"
        )
        raise ContentError(f"XML syntax error: {message}", file, line, column + 1, hint=hint) from None
    if root is None:
        raise ContentError("no XML element found", file, hint="export the outline again")
    return root
