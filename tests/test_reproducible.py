"""reproducible.py: the build time rule and stable OOXML packaging."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import pytest

from ijprint.errors import UsageError
from ijprint.reproducible import FALLBACK_TIME, build_time, normalize_zip, pdf_date_formatter, source_date_epoch


def test_source_date_epoch_wins_over_content_date() -> None:
    assert build_time(1700000000, "2026-11-25") == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert build_time(86400, "2026-11-25") == datetime(1980, 1, 1, tzinfo=timezone.utc)


def test_content_date_is_used_without_epoch_and_bad_dates_fall_back() -> None:
    assert build_time(None, "2026-11-25") == datetime(2026, 11, 25, tzinfo=timezone.utc)
    assert build_time(None, "2026-02-31") == FALLBACK_TIME
    assert build_time(None, "") == FALLBACK_TIME


def test_source_date_epoch_must_be_whole_seconds() -> None:
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000
    with pytest.raises(UsageError):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})


def test_pdf_dates_ignore_the_arguments_reportlab_passes() -> None:
    formatter = pdf_date_formatter(datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc))
    assert formatter(1999, 1, 1, 0, 0, 0) == "D:20261125083000+00'00'"


def _zip(entries: list[tuple[str, bytes]], when: tuple[int, ...]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return buffer.getvalue()


def test_normalize_zip_fixes_order_and_timestamps() -> None:
    when = datetime(2026, 1, 2, 3, 4, 6, tzinfo=timezone.utc)
    entries = [("word/document.xml", b"<doc/>"), ("[Content_Types].xml", b"<types/>"), ("_rels/.rels", b"<rels/>")]
    first = normalize_zip(_zip(entries, (2020, 5, 5, 5, 5, 4)), when)
    second = normalize_zip(_zip(list(reversed(entries)), (2024, 1, 1, 0, 0, 0)), when)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    assert {info.date_time for info in archive.infolist()} == {(2026, 1, 2, 3, 4, 6)}
    assert archive.read("word/document.xml") == b"<doc/>"


@pytest.mark.parametrize("raw", ["-1", "4354819199999", "99999999999999999", "1.5"])
def test_source_date_epoch_outside_what_files_can_record_is_a_usage_error(raw: str) -> None:
    with pytest.raises(UsageError) as info:
        source_date_epoch({"SOURCE_DATE_EPOCH": raw})
    assert "SOURCE_DATE_EPOCH" in str(info.value)


@pytest.mark.parametrize("date", ["0001-01-01", "1900-05-05", "2150-01-01", "9999-12-31"])
def test_content_dates_are_kept_within_the_zip_range(date: str) -> None:
    when = build_time(None, date)
    assert datetime(1980, 1, 1, tzinfo=timezone.utc) <= when <= datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
    entries = [("[Content_Types].xml", b"<types/>")]
    assert normalize_zip(_zip(entries, (2020, 1, 1, 0, 0, 0)), when)


def _zipfile_normalized(entries: list[tuple[str, bytes]], stamp: tuple[int, ...]) -> bytes:
    """What zipfile itself writes for the normalized entries: the layout normalize_zip must keep."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries, key=lambda entry: (entry[0] != "[Content_Types].xml", entry[0])):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data)
    return buffer.getvalue()


def test_normalize_zip_writes_what_zipfile_writes_also_when_it_reuses_deflated_entries() -> None:
    when = datetime(2031, 7, 8, 9, 10, 12, tzinfo=timezone.utc)
    styles = b"<w:styles>" + b"<w:style w:styleId='x'/>" * 5000 + b"</w:styles>"
    entries = [("[Content_Types].xml", b"<types/>"), ("word/styles.xml", styles), ("word/empty.xml", b""), ("word/média ü.xml", "é".encode() * 300)]
    expected = _zipfile_normalized(entries, (2031, 7, 8, 9, 10, 12))
    for _ in range(3):  # an entry met twice is kept, so the third time each comes from the cache
        result = normalize_zip(_zip(entries, (2020, 1, 1, 0, 0, 0)), when)
        assert result == expected
        archive = zipfile.ZipFile(io.BytesIO(result))
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == dict(entries)
    changed = [(name, data + b" ") for name, data in entries]
    assert normalize_zip(_zip(changed, (2020, 1, 1, 0, 0, 0)), when) == _zipfile_normalized(changed, (2031, 7, 8, 9, 10, 12))
