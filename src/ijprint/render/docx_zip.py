"""A .docx (any ZIP) as python-docx saves it, or its entries as (name, bytes), in; the same entries out as
bytes that depend only on the entries and the build time: fixed order, date, mode, host and deflate level,
as reproducible.py fixes them.

The entries are written as the standard library's zipfile writes them for a fixed ZipInfo (a test holds
the two byte for byte), but by hand, because zipfile cannot take data it did not deflate itself: python-docx
has already deflated every part at zlib's default level, the level reproducible.py asks for, so each
deflated stream is copied as it is. Inflating and deflating again through zipfile gave the same bytes
and cost three times as long as the rest of packaging a notes file. Given the entries themselves
(zip_entries), each is deflated here as zipfile deflates it, and no ZIP is written only to be read again.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from datetime import datetime
from typing import Iterable

from ijprint.reproducible import ZIP_DEFLATE_LEVEL, ZIP_FILE_MODE, ZIP_HOST_SYSTEM, zip_date_time, zip_entry_order

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20  # 2.0: what a deflated entry needs, as zipfile writes it
_UTF8_NAME = 0x800  # general purpose flag bit 11


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Re-zip an OOXML package: [Content_Types].xml first, then by name; every entry deflated, dated
    `when`, mode 644 from host 0 (MS-DOS), no extra fields; up to 4 GiB and 65535 entries (no ZIP64)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _written([(info.filename, info.CRC, info.file_size, _deflated(source, data, info)) for info in source.infolist()], when)


def zip_entries(entries: Iterable[tuple[str, bytes]], when: datetime) -> bytes:
    """The ZIP normalize_zip makes of a ZIP holding `entries` (name, content), in that order."""
    return _written([(name, zlib.crc32(content), len(content), _deflate(content)) for name, content in entries], when)


def _written(entries: list[tuple[str, int, int, bytes]], when: datetime) -> bytes:
    """The ZIP of (name, CRC-32, size, raw deflate stream) entries, ordered by zip_entry_order (ties as given)."""
    year, month, day, hour, minute, second = zip_date_time(when)
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = (year - 1980) << 9 | month << 5 | day
    out = io.BytesIO()
    directory = []
    for filename, crc, size, deflated in sorted(entries, key=lambda entry: zip_entry_order(entry[0])):
        try:
            name, flags = filename.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = filename.encode("utf-8"), _UTF8_NAME
        common = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, len(deflated), size, len(name), 0)
        directory.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, ZIP_HOST_SYSTEM, _VERSION, 0, *common, 0, 0, 0,
                                              ZIP_FILE_MODE << 16, out.tell()) + name)
        out.write(_LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, *common) + name)
        out.write(deflated)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    return out.getvalue()


def _deflated(source: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The entry's raw deflate stream: copied when the entry is deflated already, else its content
    deflated at ZIP_DEFLATE_LEVEL.

    A ZIP does not record the level an entry was deflated at. python-docx saves through zipfile at its
    default level, which is ZIP_DEFLATE_LEVEL; test_docx_zip holds a real save, normalized, byte for byte
    to what zipfile writes at that level, so a python-docx that changed its level fails that test.
    """
    if info.compress_type == zipfile.ZIP_DEFLATED:
        name_length, extra_length = struct.unpack_from("<2H", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_length + extra_length
        return data[start : start + info.compress_size]
    return _deflate(source.read(info.filename))


def _deflate(content: bytes) -> bytes:
    """`content` as zipfile deflates an entry at ZIP_DEFLATE_LEVEL: a raw stream, written and flushed."""
    return _deflate_shared(content) if len(content) <= _SHARED_SIZE else _deflate_once(content)


def _deflate_once(content: bytes) -> bytes:
    compressor = zlib.compressobj(ZIP_DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()


# The parts every file of a style shares (styles, theme, numbering, settings, footers) come out the same
# file after file, and are small; a topic's own body is large and never met again, so it is not kept.
_SHARED_SIZE = 32 * 1024
_deflate_shared = functools.lru_cache(maxsize=64)(_deflate_once)
