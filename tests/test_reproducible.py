"""reproducible.py: the build time rule and the fixed settings of PDF dates and ZIP entries (the ZIP
mechanics are tested in tests/render/test_docx_zip.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ijprint.errors import UsageError
from ijprint.reproducible import FALLBACK_TIME, build_time, pdf_date_formatter, source_date_epoch, zip_date_time, zip_entry_order


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


def test_zip_entries_are_ordered_content_types_first_then_by_name() -> None:
    names = ["word/document.xml", "_rels/.rels", "[Content_Types].xml", "docProps/app.xml"]
    assert sorted(names, key=zip_entry_order) == ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "word/document.xml"]


@pytest.mark.parametrize("raw", ["-1", "4354819199999", "99999999999999999", "1.5"])
def test_source_date_epoch_outside_what_files_can_record_is_a_usage_error(raw: str) -> None:
    with pytest.raises(UsageError) as info:
        source_date_epoch({"SOURCE_DATE_EPOCH": raw})
    assert "SOURCE_DATE_EPOCH" in str(info.value)


@pytest.mark.parametrize("date", ["0001-01-01", "1900-05-05", "2150-01-01", "9999-12-31"])
def test_content_dates_are_kept_within_the_zip_range(date: str) -> None:
    when = build_time(None, date)
    assert datetime(1980, 1, 1, tzinfo=timezone.utc) <= when <= datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
    assert (1980, 1, 1, 0, 0, 0) <= zip_date_time(when) <= (2107, 12, 31, 23, 59, 58)


def test_zip_dates_outside_the_zip_range_are_clamped() -> None:
    assert zip_date_time(datetime(1970, 1, 1, tzinfo=timezone.utc)) == (1980, 1, 1, 0, 0, 0)
    assert zip_date_time(datetime(2200, 1, 1, tzinfo=timezone.utc)) == (2107, 12, 31, 23, 59, 58)
