"""Everything that makes output bytes depend only on inputs: the build time, PDF and DOCX settings.

Build time: $SOURCE_DATE_EPOCH when set (the reproducible-builds.org convention), else the content's
own `meta.date`, else FALLBACK_TIME (2000-01-01), so that a plain rebuild of unchanged content gives the
same bytes. The fallback only fills the timestamps a format needs (PDF and DOCX dates, ZIP entries):
a topic without a date prints none (RenderContext.show_date).
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, timezone
from typing import Any, Callable, Mapping

from ijprint.errors import UsageError
from ijprint.model import content_date

FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
# ZIP timestamps (DOCX) cover 1980-01-01 to 2107-12-31; later build times are stamped as the last second.
ZIP_EARLIEST = datetime(1980, 1, 1, tzinfo=timezone.utc)
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
LATEST_EPOCH = int(ZIP_LATEST.timestamp())
# Every ZIP entry of a DOCX (render/docx_zip writes them): deflated at zlib's default level, mode 644,
# made on "MS-DOS" (host 0: no Unix owner or umask leaks in), the build time as its date.
ZIP_DEFLATE_LEVEL = zlib.Z_DEFAULT_COMPRESSION
ZIP_FILE_MODE = 0o644
ZIP_HOST_SYSTEM = 0
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


def zip_date_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    """The date every ZIP entry carries: `when` in UTC, kept within what a ZIP entry can record
    (also for callers that skip build_time)."""
    clamped = min(max(when, ZIP_EARLIEST), ZIP_LATEST).astimezone(timezone.utc)
    return clamped.timetuple()[:6]


def zip_entry_order(name: str) -> tuple[bool, str]:
    """Sort key of the entries of an OOXML package: [Content_Types].xml first, as Office writes it, then
    by name, so the order never depends on the order python-docx met the parts in."""
    return (name != "[Content_Types].xml", name)
