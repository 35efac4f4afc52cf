"""Everything that makes output bytes depend only on inputs: the build time, PDF and DOCX settings.

Build time: $SOURCE_DATE_EPOCH when set (the reproducible-builds.org convention), else the content's
own `meta.date`, else FALLBACK_TIME (2000-01-01), so that a plain rebuild of unchanged content gives the
same bytes. The fallback only fills the timestamps a format needs (PDF and DOCX dates, ZIP entries):
a topic without a date prints none (RenderContext.show_date).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections import OrderedDict
from datetime import date, datetime, timezone
from typing import Any, Callable, Mapping

from ijprint.errors import UsageError
from ijprint.model import content_date

FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
# ZIP timestamps (DOCX) cover 1980-01-01 to 2107-12-31; later build times are stamped as the last second.
ZIP_EARLIEST = datetime(1980, 1, 1, tzinfo=timezone.utc)
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
LATEST_EPOCH = int(ZIP_LATEST.timestamp())
# reportlab's invariant mode fixes the file ID and internal timestamps; dates are then set explicitly.
PDF_INVARIANT = 1


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """The SOURCE_DATE_EPOCH the caller set, validated; None when unset."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > LATEST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH='{raw[:20]}' is not a whole number of seconds from 0 to {LATEST_EPOCH}",
            "unset it, or give seconds since 1970 (e.g. git log -1 --format=%ct)",
        )
    return int(raw)


def build_time(epoch: int | None, content_date: str) -> datetime:
    """The one timestamp every artifact of a document carries (UTC, whole seconds), kept within the
    range every format can record (1980-01-01 to 2107-12-31, the ZIP limits)."""
    when = FALLBACK_TIME
    if epoch is not None:
        when = datetime.fromtimestamp(epoch, tz=timezone.utc)
    else:
        day = dated_day(content_date)
        if day is not None:
            when = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return min(max(when, ZIP_EARLIEST), ZIP_LATEST)


def dated_day(text: str) -> date | None:
    """The day a content's `meta.date` names; None when it names none (readers refuse impossible days,
    so one met here comes from a caller that skipped them, and dates nothing)."""
    try:
        return content_date(text or "")
    except ValueError:
        return None


def pdf_date_formatter(when: datetime) -> Callable[..., str]:
    """A reportlab date formatter that ignores the clock and prints `when` (CreationDate, ModDate)."""
    stamp = when.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_ignored: stamp


def prepare_pdf_canvas(canvas: Any, when: datetime, creator: str) -> None:
    """Fix the dates and producer strings a reportlab canvas writes into the file."""
    canvas.setDateFormatter(pdf_date_formatter(when))
    canvas.setCreator(creator)
    canvas.setProducer(creator)


def set_docx_core_dates(core_properties: Any, when: datetime) -> None:
    """python-docx stamps 'now' into core.xml on save unless these are set."""
    naive = when.astimezone(timezone.utc).replace(tzinfo=None)
    core_properties.created = naive
    core_properties.modified = naive
    core_properties.last_printed = naive
    core_properties.revision = 1


class _DeflatedParts:
    """Deflated ZIP entries by (CRC-32, size), kept with the bytes they came from.

    A renderer's template parts (styles, theme, settings) are the same in every document of a batch,
    and deflating the 350 kB styles.xml again for each was the larger part of packaging a DOCX. Only
    an entry met a second time is kept (a document's own body never is), and the kept ones are capped
    in bytes, least recently used first out, so a worker's memory does not grow with its topics.
    """

    SEEN = 1024
    BYTES = 8 << 20

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._kept: OrderedDict[tuple[int, int], tuple[bytes, bytes]] = OrderedDict()
        self._size = 0

    def deflated(self, content: bytes, crc: int) -> bytes:
        key = (crc, len(content))
        known = self._kept.get(key)
        if known is not None and known[0] == content:
            self._kept.move_to_end(key)
            return known[1]
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        deflated = compressor.compress(content) + compressor.flush()
        if key not in self._seen:
            self._seen[key] = None
            if len(self._seen) > self.SEEN:
                self._seen.popitem(last=False)
        elif len(content) + len(deflated) <= self.BYTES:
            self._forget(key)
            self._kept[key] = (content, deflated)
            self._size += len(content) + len(deflated)
            while self._size > self.BYTES:
                self._forget(next(iter(self._kept)))
        return deflated

    def _forget(self, key: tuple[int, int]) -> None:
        gone = self._kept.pop(key, None)
        if gone is not None:
            self._size -= len(gone[0]) + len(gone[1])


_DEFLATED = _DeflatedParts()


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Re-zip an OOXML package with entries in a fixed order and fixed timestamps.

    [Content_Types].xml goes first, as Office writes it; the rest in name order. Every entry is
    deflated at zlib's default level, mode 644, DOS host, no extra fields, written byte for byte as
    zipfile writes it (up to 4 GiB and 65535 entries, no ZIP64), but by hand: zipfile cannot take
    bytes it did not deflate itself, and an entry deflated before in this process is reused.
    """
    stamp = min(max(when, ZIP_EARLIEST), ZIP_LATEST).timetuple()[:6]  # also for callers that skip build_time
    dos_time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    dos_date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    directory = []
    for name in names:
        content = source.read(name)
        crc = zlib.crc32(content)
        deflated = _DEFLATED.deflated(content, crc)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800  # bit 11: the name is UTF-8
        # version 2.0 needed (deflate), method 8 (deflate)
        common = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, len(deflated), len(content), len(encoded), 0)
        directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *common, 0, 0, 0, 0o644 << 16, out.tell()) + encoded)
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *common) + encoded)
        out.write(deflated)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    return out.getvalue()
