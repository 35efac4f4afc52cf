"""docx_package: both DOCX outputs (notes, fact tables) carry the same document properties, set by one function."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline
from ijprint.render.facts import render_facts
from ijprint.render.notes_docx import render_notes


def _topic(meta: Metadata) -> Document:
    node = Node("a", parse_inline("A"), facts=(Fact("Count", "12"),), timeline=(TimelineEntry("2001", "Start"),))
    return Document(meta, (node,))


def _rendered(meta: Metadata, default_style, faces, context) -> dict[str, bytes]:
    document = _topic(meta)
    files = render_facts(document, default_style, faces, context)
    return {"notes.docx": render_notes(document, default_style, context), **files}


def _default_language(data: bytes) -> str:
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return lang.get(qn("w:val"))


def _application(data: bytes) -> str:
    app = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml"))
    return next(element.text for element in app if etree.QName(element).localname == "Application")


@pytest.mark.parametrize(
    ("author", "credit", "expected"),
    [("A. Writer", "Condensed from a chapter", "A. Writer"), ("", "Prepared by the geography department", "Prepared by the geography department")],
)
def test_notes_and_fact_tables_share_every_content_property(author, credit, expected, default_style, faces, context) -> None:
    meta = Metadata("Rivers", subtitle="Courses and basins", tags=("geography", "rivers"), author=author, credit=credit, language="en-GB")
    files = _rendered(meta, default_style, faces, context)
    for name in ("notes.docx", "facts.docx"):
        data = files[name]
        core = docx.Document(io.BytesIO(data)).core_properties
        assert core.author == expected, name
        assert core.comments == credit, name
        assert core.keywords == "geography, rivers", name
        assert core.language == "en-GB" and _default_language(data) == "en-GB", name
        assert core.category == "", name
        assert core.last_modified_by == context.generator and _application(data) == context.generator, name
        assert core.created == context.build_time and core.modified == context.build_time, name
        assert not any("thumbnail" in entry for entry in zipfile.ZipFile(io.BytesIO(data)).namelist()), name
    assert PdfReader(io.BytesIO(files["facts.pdf"])).metadata.author == expected


def test_title_and_subject_say_which_document_it_is(default_style, faces, context) -> None:
    meta = Metadata("Rivers", context="For the class 9 test")
    files = _rendered(meta, default_style, faces, context)
    notes = docx.Document(io.BytesIO(files["notes.docx"])).core_properties
    facts = docx.Document(io.BytesIO(files["facts.docx"])).core_properties
    assert (notes.title, notes.subject) == ("Rivers", "For the class 9 test")
    assert (facts.title, facts.subject) == ("Rivers: fact tables", "Key figures and timeline")
