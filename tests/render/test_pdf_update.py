"""ijprint's own PDF syntax (render/pdf_update) and the post-pass built on it, checked with independent
readers: pikepdf (qpdf) for the objects and XMP, qpdf --check, pdfinfo for what a viewer shows."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Tagger
from ijprint.render.pdf_update import Name, Real, Ref, parse_value

# PDFDocEncoding's own characters (en dash, curly quotes, euro, fi ligature; reportlab writes the
# string in it), the string delimiters and the backslash, and XML's markup characters; an author in
# Devanagari, which needs UTF-16.
AWKWARD = "A (b) \\ c – “d” € ﬁ & <e>"
AUTHOR = "सक्षी & <गुप्ता>"


def test_values_parse_as_written():
    data = b"<< /A [1 2 0 R 3 -4.50 .5] /B (x\\(y\\)\\\\ \\101\\n(z)) /C <48 49 5> /D true /E null /F#20 /G /H << >> >>"
    value, end = parse_value(data, 0)
    assert end == len(data)
    assert value == {"A": [1, Ref(2), 3, Real("-4.50"), Real(".5")], "B": b"x(y)\\ A\n(z)", "C": b"HIP", "D": True, "E": None,
                     "F#20": Name("G"), "H": {}}
    assert isinstance(value["F#20"], Name) and isinstance(value["A"][1], Ref)


def test_dictionary_entries_parse_alike_however_they_are_spaced():
    """Entries with a reference, name or number are read in one match: the same values as the long way,
    also run together, across lines, before a comment, next to a delimiter, or not numbers after all."""
    data = (b"<</Type/Page/Parent 67 0 R/Count 3/Kids[2 0 R]/Rotate -90/Box .5/Zoom 1.25>>"
            b"<<\n/A 12\n  /B 12 0 R %note\n/C 7 % 8 0 R\n/D/E#20F /G false/H 1 0 R>>")
    first, end = parse_value(data, 0)
    assert first == {"Type": Name("Page"), "Parent": Ref(67), "Count": 3, "Kids": [Ref(2)], "Rotate": -90, "Box": Real(".5"), "Zoom": Real("1.25")}
    second, end = parse_value(data, end)
    assert end == len(data)
    assert second == {"A": 12, "B": Ref(12), "C": 7, "D": Name("E#20F"), "G": False, "H": Ref(1)}
    assert type(second["A"]) is int and type(second["B"]) is Ref and type(first["Zoom"]) is Real
    with pytest.raises(ValueError):
        parse_value(b"<< /Count 3abc >>", 0)


def _tagged(title: str, language: str, preferences: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(title)
    canvas.setKeywords(title)
    for key, value in (preferences or {}).items():
        canvas.setViewerPreference(key, value)
    tagger = Tagger(canvas)
    with tagger.marked(tagger.element("P")):
        canvas.drawString(72, 720, "Hello")
    canvas.showPage()
    canvas.save()
    return finish_tagged_pdf(buffer.getvalue(), tagger, language)


def test_xmp_carries_the_info_exactly_whatever_its_characters():
    data = _tagged(AWKWARD, "hi")
    assert b"\\205" in data, "the title is in PDFDocEncoding (the en dash is 0x85)"
    assert data == _tagged(AWKWARD, "hi"), "same input, same bytes"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.pdf_version == "1.7" and str(pdf.Root.Lang) == "hi"
        assert str(pdf.docinfo.Title) == AWKWARD
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == xmp["dc:description"] == xmp["pdf:Keywords"] == AWKWARD
        assert xmp["dc:creator"] == [AUTHOR] and xmp["dc:language"] == {"hi"}
    assert b"AAAAAA+" not in data, "reportlab's subset tag is gone from the file, not just unreferenced"


def test_existing_viewer_preferences_are_kept_and_an_empty_language_adds_none():
    data = _tagged("Plain", "", {"FitWindow": "true"})
    with pikepdf.open(io.BytesIO(data)) as pdf:
        preferences = pdf.Root.ViewerPreferences
        assert preferences.FitWindow is True and preferences.DisplayDocTitle is True
        assert "/Lang" not in pdf.Root and "dc:language" not in pdf.open_metadata()


@pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("qpdf") is None, reason="poppler-utils and qpdf: CI installs them")
def test_qpdf_accepts_it_and_a_viewer_shows_the_title(tmp_path):
    path = tmp_path / "awkward.pdf"
    path.write_bytes(_tagged(AWKWARD, "en"))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stderr, check.stdout + check.stderr
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines())
    assert fields["Title"].strip() == AWKWARD and fields["PDF version"].strip() == "1.7" and fields["Tagged"].strip() == "yes", info
