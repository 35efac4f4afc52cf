"""docx_zip.normalize_zip: the entries of any ZIP in, bytes that depend only on the entries and the build
time out, exactly as the standard library's zipfile writes them for the fixed ZipInfo of reproducible.py."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import docx

from ijprint.render.docx_zip import normalize_zip, zip_entries
from ijprint.reproducible import ZIP_DEFLATE_LEVEL, ZIP_FILE_MODE, ZIP_HOST_SYSTEM, zip_date_time, zip_entry_order


def _zip(entries: list[tuple[str, bytes]], when: tuple[int, ...], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data, compress_type=compression)
    return buffer.getvalue()


def _zipfile_normalized(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    """What zipfile itself writes for the entries with reproducible.py's fixed settings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries, key=lambda entry: zip_entry_order(entry[0])):
            info = zipfile.ZipInfo(name, date_time=zip_date_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_HOST_SYSTEM
            info.external_attr = ZIP_FILE_MODE << 16
            archive.writestr(info, data, compresslevel=ZIP_DEFLATE_LEVEL)
    return buffer.getvalue()


def test_order_and_dates_are_fixed_whatever_the_input_had() -> None:
    when = datetime(2026, 1, 2, 3, 4, 6, tzinfo=timezone.utc)
    entries = [("word/document.xml", b"<doc/>"), ("[Content_Types].xml", b"<types/>"), ("_rels/.rels", b"<rels/>")]
    first = normalize_zip(_zip(entries, (2020, 5, 5, 5, 5, 4)), when)
    second = normalize_zip(_zip(list(reversed(entries)), (2024, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED), when)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    assert {info.date_time for info in archive.infolist()} == {(2026, 1, 2, 3, 4, 6)}
    assert {(info.create_system, info.external_attr >> 16, info.compress_type, info.extra) for info in archive.infolist()} == {
        (ZIP_HOST_SYSTEM, ZIP_FILE_MODE, zipfile.ZIP_DEFLATED, b"")
    }
    assert archive.read("word/document.xml") == b"<doc/>"


def test_stored_and_deflated_input_give_what_zipfile_writes() -> None:
    when = datetime(2031, 7, 8, 9, 10, 12, tzinfo=timezone.utc)
    styles = b"<w:styles>" + b"<w:style w:styleId='x'/>" * 5000 + b"</w:styles>"
    entries = [("[Content_Types].xml", b"<types/>"), ("word/styles.xml", styles), ("word/empty.xml", b""), ("word/média ü.xml", "é".encode() * 300)]
    expected = _zipfile_normalized(entries, when)
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        result = normalize_zip(_zip(entries, (2020, 1, 1, 0, 0, 0), compression), when)
        assert result == expected
        archive = zipfile.ZipFile(io.BytesIO(result))
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == dict(entries)


def test_a_python_docx_save_normalizes_to_what_zipfile_writes() -> None:
    """The deflated parts python-docx writes are copied, not deflated again: this holds only while
    python-docx deflates at reproducible.ZIP_DEFLATE_LEVEL."""
    saved = io.BytesIO()
    docx.Document().save(saved)
    source = zipfile.ZipFile(saved)
    entries = [(name, source.read(name)) for name in source.namelist()]
    when = datetime(2026, 11, 25, tzinfo=timezone.utc)
    assert normalize_zip(saved.getvalue(), when) == _zipfile_normalized(entries, when)


def test_entries_given_as_they_are_zip_as_zipfile_writes_them() -> None:
    """zip_entries: the same bytes from the entries themselves, a small entry deflated once and then
    remembered, a large one (a topic's body) each time."""
    when = datetime(2030, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    body = b"<w:body>" + b"<w:p><w:r><w:t>text</w:t></w:r></w:p>" * 3000 + b"</w:body>"
    entries = [("word/document.xml", body), ("[Content_Types].xml", b"<types/>"), ("word/styles.xml", b"<w:styles/>" * 40), ("word/x.xml", b"")]
    expected = _zipfile_normalized(entries, when)
    assert zip_entries(entries, when) == expected
    assert zip_entries(entries, when) == expected
