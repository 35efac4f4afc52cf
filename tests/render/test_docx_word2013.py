"""Both DOCX as Word 2013 and later want them: compatibility mode 15, few styles, an app.xml without stale
counts; the notes' table of contents and source link; and nothing but greys under the print-bw style."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ijprint.model import Document, Fact, Metadata, Node, Span, TimelineEntry, parse_inline
from ijprint.render.facts_docx import render_facts_docx
from ijprint.render.notes_docx import render_notes
from ijprint.render.notes_front import TOC_INSTRUCTION, is_web_address
from ijprint.style import load_style

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "src" / "ijprint" / "render" / "reference.docx"
W_VAL = qn("w:val")
# Every attribute that holds a colour in WordprocessingML, by the local name of its element (None: any element).
COLOR_ATTRIBUTES = {("color", "val"), (None, "color"), (None, "fill")}
THEME_COLOR = re.compile(r"^theme(Color|Shade|Tint|Fill|FillShade|FillTint)$")


@pytest.fixture(scope="module")
def print_bw():
    return load_style(str(ROOT / "styles" / "print-bw.yaml"))


@pytest.fixture(scope="module")
def notes_bytes(seed_document, default_style, context) -> bytes:
    return render_notes(seed_document, default_style, context)


def _part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _compatibility_mode(data: bytes) -> str:
    settings = _part(data, "word/settings.xml")
    modes = [s.get(W_VAL) for s in settings.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"]
    assert len(modes) == 1
    return modes[0]


def _both(seed_document, style, faces, context) -> dict[str, bytes]:
    return {"notes.docx": render_notes(seed_document, style, context), "facts.docx": render_facts_docx(seed_document, style, faces, context)}


# ---------------------------------------------------------------- Word 2013 package


def test_both_docx_and_the_template_ask_for_word_2013_layout_with_few_styles(seed_document, default_style, faces, context) -> None:
    files = {**_both(seed_document, default_style, faces, context), "reference.docx": REFERENCE.read_bytes()}
    for name, data in files.items():
        assert _compatibility_mode(data) == "15", name
        styles = list(_part(data, "word/styles.xml").iter(qn("w:style")))
        assert len(styles) <= 60, name


def test_app_xml_names_the_producer_and_claims_no_counts(seed_document, default_style, faces, context) -> None:
    """Pages depend on the reader's layout and Word counts words its own way: no statistics rather than stale ones."""
    for name, data in _both(seed_document, default_style, faces, context).items():
        app = _part(data, "docProps/app.xml")
        assert [etree.QName(element).localname for element in app] == ["Application"], name
        assert app[0].text == context.generator


# ---------------------------------------------------------------- table of contents


def _body_paragraphs(data: bytes) -> list[etree._Element]:
    return list(_part(data, "word/document.xml").find(qn("w:body")).iter(qn("w:p")))


def _style_of(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if style is None else style.get(W_VAL)


def _text(element: etree._Element) -> str:
    return "".join("\t" if t.tag == qn("w:tab") else t.text or "" for t in element.iter(qn("w:t"), qn("w:tab")))


def test_notes_open_with_a_toc_field_word_updates_and_a_list_of_the_sections(notes_bytes, seed_document) -> None:
    paragraphs = _body_paragraphs(notes_bytes)
    headings = [p for p in paragraphs if _style_of(p) == "Heading1"]
    heading_texts = [_text(p) for p in headings]
    # Each section's heading is its number, a tab, its label.
    assert heading_texts == [f"{n}\t{s.label_text}" for n, s in enumerate(seed_document.sections, 1)] + ["Timeline", "Key figures"]

    marks = [(index, f.get(qn("w:fldCharType")), f.get(qn("w:dirty"))) for index, p in enumerate(paragraphs) for f in p.iter(qn("w:fldChar"))]
    assert [(kind, dirty) for _, kind, dirty in marks] == [("begin", "true"), ("separate", None), ("end", None)]
    instructions = [t.text for p in paragraphs for t in p.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == [TOC_INSTRUCTION] == ['TOC \\o "1-2" \\h \\z \\u']
    first, last = marks[0][0], marks[-1][0]
    entries = paragraphs[first : last + 1]
    assert all(_style_of(p) == "TOC1" for p in entries)
    assert _style_of(paragraphs[first - 1]) == "TOCHeading" and _text(paragraphs[first - 1]) == "Contents"
    assert last < paragraphs.index(headings[0]), "the contents come before the first section"

    # The stored result lists every main heading and links each entry to a bookmark around its heading.
    assert [_text(p) for p in entries] == heading_texts
    bookmarks = {b.get(qn("w:name")): _text(heading) for heading in headings for b in heading.iter(qn("w:bookmarkStart"))}
    for entry in entries:
        (link,) = entry.iter(qn("w:hyperlink"))
        assert bookmarks[link.get(qn("w:anchor"))] == _text(entry)
    ids = [b.get(qn("w:id")) for p in paragraphs for b in p.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids)) == len([e for p in paragraphs for e in p.iter(qn("w:bookmarkEnd"))])

    settings = _part(notes_bytes, "word/settings.xml")
    assert settings.find(qn("w:updateFields")).get(W_VAL) == "true"
    notes = docx.Document(io.BytesIO(notes_bytes))
    assert notes.styles["TOC Heading"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(W_VAL) == "9"
    assert notes.styles["toc 1"].builtin and notes.styles["Hyperlink"].builtin


def test_no_contents_and_no_update_prompt_without_headings_or_in_the_fact_tables(seed_document, default_style, faces, context) -> None:
    empty = render_notes(Document(Metadata("Empty"), ()), default_style, context)
    facts = render_facts_docx(seed_document, default_style, faces, context)
    for data in (empty, facts):
        assert not list(_part(data, "word/document.xml").iter(qn("w:fldChar")))
        assert _part(data, "word/settings.xml").find(qn("w:updateFields")) is None


# ---------------------------------------------------------------- the source address


def _with_source(url: str) -> Document:
    meta = Metadata("Rivers", source_title="Atlas of rivers", source_url=url, credit="Condensed by the class")
    return Document(meta, (Node("a", parse_inline("A")),))


def _credit_paragraph(data: bytes) -> etree._Element:
    return next(p for p in _body_paragraphs(data) if _text(p).startswith("Source: "))


def _hyperlink_targets(data: bytes) -> dict[str, str]:
    rels = _part(data, "word/_rels/document.xml.rels")
    return {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode")) for rel in rels if rel.get("Type") == RT.HYPERLINK}


@pytest.mark.parametrize("url", ["https://example.org/atlas?page=2&lang=en", "HTTP://example.org/rivers"])
def test_a_web_source_address_is_a_link_in_the_credit_line(url, default_style, context) -> None:
    data = render_notes(_with_source(url), default_style, context)
    credit = _credit_paragraph(data)
    assert _text(credit) == f"Source: Atlas of rivers, {url}. Condensed by the class."
    (link,) = credit.iter(qn("w:hyperlink"))
    assert _text(link) == url
    assert link.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}").get(W_VAL) == "Hyperlink"
    assert _hyperlink_targets(data) == {link.get(qn("r:id")): (url, "External")}
    notes = docx.Document(io.BytesIO(data))
    assert str(notes.styles["Hyperlink"].font.color.rgb).lower() == default_style.notes_heading_color.lstrip("#")
    assert notes.styles["Hyperlink"].font.underline


def test_a_link_target_is_percent_encoded_once(default_style, context) -> None:
    url = "https://example.org/a b/ü?q=1&r=%20"
    data = render_notes(_with_source(url), default_style, context)
    assert url in _text(_credit_paragraph(data))
    assert list(_hyperlink_targets(data).values()) == [("https://example.org/a%20b/%C3%BC?q=1&r=%20", "External")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "www.example.org", "https://", "mailto:a@b.org"])
def test_any_other_source_address_stays_plain_text(url, default_style, context) -> None:
    assert not is_web_address(url)
    data = render_notes(_with_source(url), default_style, context)
    credit = _credit_paragraph(data)
    assert url.rstrip(".") in _text(credit)
    assert not list(credit.iter(qn("w:hyperlink")))
    assert _hyperlink_targets(data) == {}


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (Metadata("T", source_url="https://a.org/x."), "Source: https://a.org/x."),
        (Metadata("T", source_title="Atlas.", author="A. Writer"), "Source: Atlas. Author: A. Writer."),
        (Metadata("T", credit="Prepared by us."), "Prepared by us."),
        (Metadata("T"), None),
    ],
)
def test_credit_line_reads_as_before(meta, expected, default_style, context) -> None:
    lines = [_text(p) for p in _body_paragraphs(render_notes(Document(meta, ()), default_style, context))]
    assert (expected in lines) if expected else len(lines) == 1


# ---------------------------------------------------------------- greys only under print-bw


def _colours(data: bytes) -> set[tuple[str, str, str]]:
    """(part, element, value) of every colour any XML part but the theme sets, and every theme colour reference."""
    found = set()
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if not name.endswith(".xml") or name.startswith("word/theme/"):
            continue
        for element in etree.fromstring(archive.read(name)).iter():
            if not isinstance(element.tag, str):
                continue
            tag = etree.QName(element).localname
            for attribute, value in element.attrib.items():
                local = etree.QName(attribute).localname
                if (tag, local) in COLOR_ATTRIBUTES or (None, local) in COLOR_ATTRIBUTES or THEME_COLOR.match(local):
                    found.add((name, f"{tag}@{local}", value))
    return found


def _is_grey(value: str) -> bool:
    return value == "auto" or (re.fullmatch(r"[0-9A-Fa-f]{6}", value) is not None and value[0:2] == value[2:4] == value[4:6])


def test_print_bw_docx_use_greys_only(seed_document, print_bw, faces, context) -> None:
    colours = (*print_bw.palette, print_bw.text_color, print_bw.muted_color, print_bw.header_fill, print_bw.zebra_fill, print_bw.notes_heading_color)
    assert all(_is_grey(colour.lstrip("#")) for colour in colours)
    rich = Document(
        Metadata("Rivers", source_title="Atlas", source_url="https://example.org/atlas"),
        (Node("a", (Span("A"),), children=(Node("a.b", parse_inline("B"), facts=(Fact("Count", "12"),), timeline=(TimelineEntry("2001", "Start"),)),)),),
    )
    for document in (seed_document, rich):
        for name, data in _both(document, print_bw, faces, context).items():
            found = _colours(data)
            assert {value for _, _, value in found} - {"auto"}, f"{name}: the scan found no colour at all"
            assert not [c for c in found if not _is_grey(c[2]) or THEME_COLOR.match(c[1].split("@")[1])], name


def test_no_style_of_the_template_keeps_a_colour() -> None:
    """Every colour comes from the renderer's style: the theme's blues stay in no style a renderer leaves alone."""
    assert {value for _, _, value in _colours(REFERENCE.read_bytes())} <= {"auto"}


def test_default_style_keeps_its_colours(notes_bytes, default_style) -> None:
    values = {value.lower() for _, _, value in _colours(notes_bytes)}
    assert {default_style.notes_heading_color.lstrip("#"), default_style.header_fill.lstrip("#")} <= values
