"""reportlab's PDF bytes -> its objects as Python values; objects replaced and added -> the rewritten PDF's bytes.

PDF syntax, just enough for what reportlab writes: a classic cross-reference table, every object
uncompressed and in number order (streams are compressed, but only their dictionaries are read
here), no object streams, no incremental updates. `read_pdf` finds the objects through that table
and parses one only when asked for it; `rewrite` copies every object it is not given byte for byte,
so the page content and the fonts' programs stay exactly as reportlab wrote them.

Values: dict (keys are str: a parsed one's are Names, a new one's may be plain), list, Name, Ref,
bytes (a string), int, Real, bool, None, Stream for a stream object, and Serialized for a new object
already in PDF syntax.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any


class Name(str):
    """A PDF name, without its slash, as written (a `#xx` escape stays escaped)."""


class Real(str):
    """A real number as written: re-serialising a float could change its digits."""


class Serialized(bytes):
    """A value already written in PDF syntax: a writer that makes thousands of objects of one shape
    (a structure tree's elements) formats them itself rather than build dictionaries to be written."""


class Written(bytes):
    """A whole indirect object already written as `rewrite` writes one (`N 0 obj`, its value, `endobj`,
    each on its own line): a structure tree's thousands of elements are formatted in one step each."""


@dataclass(frozen=True)
class Ref:
    """An indirect reference; reportlab only writes generation 0, and so does `rewrite`."""

    number: int


@dataclass(frozen=True)
class Stream:
    """A stream object: its dictionary and its data, as stored (still encoded by its /Filter)."""

    dictionary: dict
    data: bytes


_WHITESPACE = rb"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_SKIP = re.compile(rb"(?:[" + _WHITESPACE + rb"]+|%[^\r\n]*)*")
_NAME = re.compile(rb"/([^" + _WHITESPACE + _DELIMITERS + rb"]*)")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF = re.compile(rb"(\d+)[" + _WHITESPACE + rb"]+(\d+)[" + _WHITESPACE + rb"]+R(?![^" + _WHITESPACE + _DELIMITERS + rb"])")
_KEYWORD = re.compile(rb"true|false|null")
_OBJECT_START = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM_START = re.compile(rb"\s*stream\r?\n")
_INTEGERS = re.compile(rb"\[((?:[" + _WHITESPACE + rb"]*[+-]?\d+(?![\d.]))*)[" + _WHITESPACE + rb"]*\]")
# A dictionary entry whose value is a reference, a name or a number (most of them), read in one match:
# key, the reference's object number, the name, the number.
_SIMPLE_ENTRY = re.compile(
    rb"/([^" + _WHITESPACE + _DELIMITERS + rb"]*)[" + _WHITESPACE + rb"]*(?:(\d+)[" + _WHITESPACE + rb"]+\d+[" + _WHITESPACE + rb"]+R(?![^" + _WHITESPACE + _DELIMITERS + rb"])"
    rb"|/([^" + _WHITESPACE + _DELIMITERS + rb"]*)|([+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WHITESPACE + _DELIMITERS + rb"]))"
)
_XREF_SECTION = re.compile(rb"\s*(\d+) (\d+)[ \t]*\r?\n")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def parse_value(data: bytes, at: int) -> tuple[Any, int]:
    """The value that starts at (or after whitespace from) `at`, and the offset just after it."""
    at = _SKIP.match(data, at).end()
    byte = data[at : at + 1]
    if data.startswith(b"<<", at):
        entries: dict[Name, Any] = {}
        at = _SKIP.match(data, at + 2).end()
        while not data.startswith(b">>", at):
            simple = _SIMPLE_ENTRY.match(data, at)
            if simple is not None:
                key_text, number, name, scalar = simple.groups()
                if number is not None:
                    value: Any = Ref(int(number))
                elif name is not None:
                    value = Name(name.decode("latin-1"))
                else:
                    value = Real(scalar.decode("ascii")) if b"." in scalar else int(scalar)
                entries[Name(key_text.decode("latin-1"))] = value
                at = _SKIP.match(data, simple.end()).end()
                continue
            key = _NAME.match(data, at)
            if key is None:
                raise ValueError(f"offset {at}: a dictionary key must be a name")
            entries[Name(key.group(1).decode("latin-1"))], at = parse_value(data, key.end())
            at = _SKIP.match(data, at).end()
        return entries, at + 2
    if byte == b"[":
        integers = _INTEGERS.match(data, at)
        if integers:  # a font's /Widths: hundreds of integers, read in one go
            return list(map(int, integers.group(1).split())), integers.end()
        items = []
        at = _SKIP.match(data, at + 1).end()
        while not data.startswith(b"]", at):
            item, at = parse_value(data, at)
            items.append(item)
            at = _SKIP.match(data, at).end()
        return items, at + 1
    if byte == b"/":
        name = _NAME.match(data, at)
        return Name(name.group(1).decode("latin-1")), name.end()
    if byte == b"(":
        return _literal_string(data, at + 1)
    if byte == b"<":
        end = data.index(b">", at)
        digits = re.sub(rb"[" + _WHITESPACE + rb"]", b"", data[at + 1 : end])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")), end + 1
    reference = _REF.match(data, at)
    if reference:
        return Ref(int(reference.group(1))), reference.end()
    number = _NUMBER.match(data, at)
    if number:
        text = number.group().decode("ascii")
        return (Real(text) if "." in text else int(text)), number.end()
    keyword = _KEYWORD.match(data, at)
    if keyword:
        return {b"true": True, b"false": False, b"null": None}[keyword.group()], keyword.end()
    raise ValueError(f"offset {at}: no PDF value starts with {data[at:at + 20]!r}")


def _literal_string(data: bytes, at: int) -> tuple[bytes, int]:
    """The string whose opening parenthesis ends just before `at` (balanced parentheses, escapes)."""
    out = bytearray()
    depth = 0
    while True:
        byte = data[at]
        if byte == 0x5C:  # backslash
            following = data[at + 1]
            if following in _ESCAPES:
                out += _ESCAPES[following]
                at += 2
            elif 0x30 <= following <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", data[at + 1 : at + 4]).group()
                out.append(int(digits, 8) & 0xFF)
                at += 1 + len(digits)
            elif following in (0x0A, 0x0D):  # a line continuation
                at += 3 if data[at + 1 : at + 3] == b"\r\n" else 2
            else:
                at += 1  # an unknown escape is the character itself
        else:
            if byte == 0x28:
                depth += 1
            elif byte == 0x29:
                if depth == 0:
                    return bytes(out), at + 1
                depth -= 1
            out.append(byte)
            at += 1


@dataclass(frozen=True)
class SourcePdf:
    """A PDF as reportlab wrote it: its bytes, each object's offset by number, and its trailer."""

    data: bytes
    offsets: dict[int, int]
    trailer: dict
    xref_at: int
    size: int  # the trailer's /Size: one more than the highest object number, the first one free

    def object(self, ref: Ref) -> Any:
        """The value of object `ref` (a Stream when it is one); a fresh copy each call."""
        at = self.offsets[ref.number]
        start = _OBJECT_START.match(self.data, at)
        if start is None or int(start.group(1)) != ref.number:
            raise ValueError(f"object {ref.number}: not at offset {at}")
        value, at = parse_value(self.data, start.end())
        stream = _STREAM_START.match(self.data, at)
        if stream is None:
            return value
        length = self.resolve(value["Length"])
        return Stream(value, self.data[stream.end() : stream.end() + length])

    def resolve(self, value: Any) -> Any:
        """The object a reference points to; any other value as it is."""
        return self.object(value) if isinstance(value, Ref) else value


def read_pdf(data: bytes) -> SourcePdf:
    """`data` with its cross-reference table and trailer read (a classic table, no /Prev)."""
    tail = data[-1024:]
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if found is None:
        raise ValueError("no startxref at the end of the file")
    xref_at = int(found.group(1))
    if not data.startswith(b"xref", xref_at):
        raise ValueError("not a classic cross-reference table (an xref stream?)")
    at = xref_at + 4
    offsets: dict[int, int] = {}
    while True:
        section = _XREF_SECTION.match(data, at)
        if section is None:
            break
        first, count = int(section.group(1)), int(section.group(2))
        at = section.end()
        for number in range(first, first + count):
            entry = data[at : at + 20]
            if entry[17:18] == b"n":
                offsets[number] = int(entry[:10])
            at += 20
    trailer_at = _SKIP.match(data, at).end()
    if not data.startswith(b"trailer", trailer_at):
        raise ValueError(f"offset {trailer_at}: no trailer after the cross-reference table")
    trailer, _ = parse_value(data, trailer_at + len(b"trailer"))
    if "Prev" in trailer or "Encrypt" in trailer:
        raise ValueError("an updated or encrypted file: only reportlab's plain single section is read")
    return SourcePdf(data, offsets, trailer, xref_at, int(trailer["Size"]))


def serialize(value: Any) -> bytes:
    """`value` in PDF syntax (a Stream's /Length is set from its data)."""
    out: list[bytes] = []
    _write(value, out)
    return b"".join(out)


def _write(value: Any, out: list[bytes]) -> None:
    # Dispatch on the exact type, most frequent first (a structure tree is thousands of small
    # dictionaries of names, references and integers): exact, so a Name is no str and a bool no int.
    kind = type(value)
    if kind is Ref:
        out.append(b"%d 0 R" % value.number)
    elif kind is int:
        out.append(b"%d" % value)
    elif kind is Name:
        out.append(b"/" + value.encode("latin-1"))
    elif kind is dict:
        out.append(b"<<")
        for key, item in value.items():
            # The scalars inline: half the time of writing a structure tree is spent in calls.
            item_kind = type(item)
            if item_kind is Name:
                out.append(b" /%s /%s" % (key.encode("latin-1"), item.encode("latin-1")))
            elif item_kind is Ref:
                out.append(b" /%s %d 0 R" % (key.encode("latin-1"), item.number))
            elif item_kind is int:
                out.append(b" /%s %d" % (key.encode("latin-1"), item))
            else:
                out.append(b" /" + key.encode("latin-1") + b" ")
                _write(item, out)
        out.append(b" >>")
    elif kind is list:
        out.append(b"[")
        for item in value:
            item_kind = type(item)
            if item_kind is Ref:
                out.append(b" %d 0 R" % item.number)
            elif item_kind is int:
                out.append(b" %d" % item)
            else:
                out.append(b" ")
                _write(item, out)
        out.append(b" ]")
    elif kind is Real:
        out.append(value.encode("ascii"))
    elif kind is bool:
        out.append(b"true" if value else b"false")
    elif kind is bytes:
        if all(0x20 <= byte < 0x7F for byte in value):
            out.append(b"(" + value.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")")
        else:
            out.append(b"<" + value.hex().encode("ascii") + b">")
    elif value is None:
        out.append(b"null")
    elif kind is Serialized:
        out.append(value)
    elif kind is Stream:
        _write({**value.dictionary, Name("Length"): len(value.data)}, out)
        out += [b"\nstream\n", value.data, b"\nendstream"]
    else:
        raise TypeError(f"no PDF syntax for {kind.__name__}")


def text_string(text: str) -> bytes:
    """A text string's bytes: ASCII as it is, anything else UTF-16BE with its byte-order mark."""
    return text.encode("ascii") if text.isascii() else b"\xfe\xff" + text.encode("utf-16-be")


# PDFDocEncoding (PDF 32000-1, Annex D) differs from Latin-1 in these codes; reportlab writes a
# string in it when every character fits (an en dash in a title is 0x85).
_PDFDOC = {**dict(zip(range(0x18, 0x20), "˘ˇˆ˙˝˛˚˜")), **dict(zip(range(0x80, 0x9F), "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž")), 0xA0: "€"}


_PDFDOC_TABLE = str.maketrans(_PDFDOC)


def decode_text(value: bytes) -> str:
    """A text string's characters: UTF-16BE after a byte-order mark, PDFDocEncoding otherwise."""
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    return value.decode("latin-1").translate(_PDFDOC_TABLE)


def rewrite(source: SourcePdf, objects: dict[int, Any], version: str) -> bytes:
    """`source` with the objects numbered in `objects` replaced (below its /Size) or added (from its
    /Size on, without gaps), declaring PDF `version`, with a new cross-reference table and trailer.

    The file ID is an MD5 of everything before the table, so it changes whenever the content does
    and never with the clock."""
    added = sorted(number for number in objects if number >= source.size)
    if added != list(range(source.size, source.size + len(added))):
        raise ValueError(f"added objects {added[:3]}... do not follow /Size {source.size}")
    data = source.data
    if not data.startswith(b"%PDF-"):
        raise ValueError("no %PDF- header")
    starts = sorted((offset, number) for number, offset in source.offsets.items())
    if [number for _, number in starts] != list(range(1, source.size)):
        raise ValueError("the source's objects are not numbered 1..Size-1 in file order")
    # The header's version is replaced; the binary comment line after it stays.
    head = b"%PDF-" + version.encode("ascii") + data[data.index(b"\n") : starts[0][0]]
    ends = [offset for offset, _ in starts[1:]] + [source.xref_at]
    parts = [_indirect(number, objects[number]) if number in objects else data[offset:end] for (offset, number), end in zip(starts, ends)]
    parts += [_indirect(number, objects[number]) for number in added]
    offsets = list(accumulate(map(len, parts[:-1]), initial=len(head)))
    parts.insert(0, head)
    body = b"".join(parts)
    digest = hashlib.md5(body, usedforsecurity=False).digest()
    table = (b"%010d 00000 n \n" * len(offsets)) % tuple(offsets)
    trailer = {key: value for key, value in source.trailer.items() if key not in ("ID", "Size")}
    trailer.update({Name("ID"): [digest, digest], Name("Size"): source.size + len(added)})
    return b"".join([body, b"xref\n0 %d\n0000000000 65535 f \n" % (source.size + len(added)), table,
                     b"trailer\n", serialize(trailer), b"\nstartxref\n%d\n%%%%EOF\n" % len(body)])


def _indirect(number: int, value: Any) -> bytes:
    kind = type(value)
    if kind is Written:
        return value
    return b"%d 0 obj\n%s\nendobj\n" % (number, value if kind is Serialized else serialize(value))
