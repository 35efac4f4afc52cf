"""docx_package and the shipped reference.docx: both DOCX outputs (notes, fact tables) carry the same document
properties, set by one function, and are built on one small template, opened once per process and never
changed by a render; every property element they hold is in schema order."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree
from pypdf import PdfReader

from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline
from ijprint.render import docx_package, facts_docx, make_reference_docx, notes_docx
from ijprint.render.docx_ooxml import SCHEMA_ORDER
from ijprint.render.facts import FORMAT as FACTS_FORMAT
from ijprint.render.facts_docx import render_facts_docx
from ijprint.render.notes_docx import render_notes

ROOT = Path(__file__).resolve().parents[2]


def _topic(meta: Metadata) -> Document:
    node = Node("a", parse_inline("A"), facts=(Fact("Count", "12"),), timeline=(TimelineEntry("2001", "Start"),))
    return Document(meta, (node,))


def _rendered(meta: Metadata, default_style, faces, context) -> dict[str, bytes]:
    document = _topic(meta)
    files = FACTS_FORMAT.render(document, context)
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


# ---------------------------------------------------------------- the shared template and the package

REFERENCE = ROOT / "src" / "ijprint" / "render" / "reference.docx"


def _styles_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _template_styles() -> dict[str, bytes]:
    """Style id -> the style's XML, as reference.docx has it."""
    root = etree.fromstring(_styles_xml(REFERENCE.read_bytes()))
    return {style.get(qn("w:styleId")): etree.tostring(style) for style in root.iter(qn("w:style"))}


def test_the_reference_template_is_small_and_holds_every_style_the_renderers_use() -> None:
    template = docx.Document(str(REFERENCE))
    styles = {style.name: style for style in template.styles}
    assert len(styles) <= 60
    assert set(notes_docx.TEMPLATE_STYLES) | set(facts_docx.TEMPLATE_STYLES) <= set(styles)
    assert {"Default Paragraph Font", "Normal Table", "No List"} <= set(styles)
    # Every style a kept style names (based on, next, linked) is kept too.
    ids = {style.style_id for style in template.styles}
    for style in template.styles:
        for tag in ("w:basedOn", "w:next", "w:link"):
            named = style.element.find(qn(tag))
            assert named is None or named.get(qn("w:val")) in ids, (style.name, tag)
    root = template.styles.element
    assert root.find(qn("w:latentStyles")) is None
    assert len(template.part.numbering_part.element) == 0
    assert not any(style.element.find(f".//{qn('w:numPr')}") is not None for style in template.styles)
    names = zipfile.ZipFile(REFERENCE).namelist()
    assert not any(part in name for name in names for part in ("thumbnail", "stylesWithEffects", "customXml", "app.xml"))
    assert REFERENCE.stat().st_size < 12_000


def test_the_shipped_template_is_what_make_reference_docx_makes() -> None:
    assert make_reference_docx.reference_docx() == REFERENCE.read_bytes(), "run python -m ijprint.render.make_reference_docx"


@pytest.mark.parametrize("renderer", ["notes", "facts"])
def test_every_template_style_is_kept_in_order_and_only_the_formatted_ones_change(renderer, seed_document, default_style, faces, context) -> None:
    if renderer == "notes":
        data, formatted = render_notes(seed_document, default_style, context), notes_docx.TEMPLATE_STYLES
    else:
        data, formatted = render_facts_docx(seed_document, default_style, faces, context), facts_docx.TEMPLATE_STYLES
    template = _template_styles()
    written = list(etree.fromstring(_styles_xml(data)).iter(qn("w:style")))
    ids = [style.get(qn("w:styleId")) for style in written]
    assert ids[: len(template)] == list(template)
    assert not set(ids[len(template) :]) & set(template)  # a renderer's own styles come after the template's
    reference = docx.Document(str(REFERENCE))
    formatted_ids = {reference.styles[name].style_id for name in formatted}
    changed = {style.get(qn("w:styleId")) for style in written[: len(template)] if etree.tostring(style) != template[style.get(qn("w:styleId"))]}
    assert changed and changed <= formatted_ids


def test_renders_leave_the_shared_template_unchanged(seed_document, default_style, faces, context) -> None:
    render_notes(seed_document, default_style, context)
    render_facts_docx(seed_document, default_style, faces, context)
    # The prepared styles and numbering every copy shares (and whose bytes are written once) are as prepared.
    shared = dict(docx_package._SHARED_BLOBS.items())
    assert {part.content_type.rsplit(".", 1)[-1] for part in shared} == {"styles+xml", "numbering+xml"}
    assert all(part.blob == blob for part, blob in shared.items())
    blank = docx_package.blank_document()
    assert _styles_xml(_saved(blank)) == _styles_xml(REFERENCE.read_bytes())
    default_size = blank.styles["Title"].font.size
    blank.styles["Title"].font.size = Pt(31)
    assert docx.Document(io.BytesIO(_saved(blank))).styles["Title"].font.size == Pt(31)
    assert docx_package.blank_document().styles["Title"].font.size == default_size


def _out_of_order(data: bytes) -> list[str]:
    """Every property element of every XML part whose children are not in SCHEMA_ORDER's order."""
    wrong = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if not name.startswith("word/") or not name.endswith(".xml"):
            continue
        root = etree.fromstring(archive.read(name))
        for parent, order in SCHEMA_ORDER.items():
            rank = {qn(tag): index for index, tag in enumerate(order)}
            for element in root.iter(qn(parent)):
                ranks = [rank.get(child.tag, len(rank)) for child in element if child.tag in rank or parent != "w:p"]
                if ranks != sorted(ranks):
                    wrong.append(f"{name}: {parent} {[etree.QName(child).localname for child in element]}")
    return wrong


def test_every_property_element_is_in_schema_order(seed_document, default_style, faces, context) -> None:
    assert _out_of_order(render_notes(seed_document, default_style, context)) == []
    assert _out_of_order(render_facts_docx(seed_document, default_style, faces, context)) == []


def test_both_docx_are_sound_zips_with_the_body_section_last(seed_document, default_style, faces, context) -> None:
    for data in (render_notes(seed_document, default_style, context), render_facts_docx(seed_document, default_style, faces, context)):
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert archive.testzip() is None
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        body = docx.Document(io.BytesIO(data)).element.body
        assert body[-1].tag == qn("w:sectPr")
        assert body.find(qn("w:body")) is None and len(body) > 10


def test_docx_bytes_are_python_docx_own_save_normalized(seed_document, context) -> None:
    """docx_bytes zips the entries python-docx's save writes, in its order, without that ZIP in between."""
    from ijprint.render.docx_zip import normalize_zip

    document = docx_package.blank_document()
    docx_package.set_document_properties(document, seed_document.meta, "ijprint test", context.build_time, title="T", subject="S")
    document.add_paragraph("Über 2 € – the body")
    document.sections[0].header.paragraphs[0].text = "Running header"
    document.part.relate_to("https://example.org/a?b=1&c='2'", RT.HYPERLINK, is_external=True)
    saved = io.BytesIO()
    document.save(saved)
    written = docx_package.docx_bytes(document, context.build_time)
    assert written == normalize_zip(saved.getvalue(), context.build_time)
    assert "word/header1.xml" in zipfile.ZipFile(io.BytesIO(written)).namelist()


def test_docx_bytes_do_not_depend_on_what_the_process_rendered_before(seed_document, default_style, faces, context, tmp_path) -> None:
    # Warm every per-process cache (template, styles, deflated entries, text widths) with another topic first.
    _rendered(Metadata("Rivers", language="en-GB"), default_style, faces, context)
    warm = render_notes(seed_document, default_style, context) + render_facts_docx(seed_document, default_style, faces, context)
    script = (
        "import sys, hashlib\n"
        "from pathlib import Path\n"
        "from ijprint.render.registry import RenderContext\n"
        "from ijprint.fonts import load_fonts\n"
        "from ijprint.reproducible import build_time\n"
        "from ijprint.sources import load_document\n"
        "from ijprint.style import load_style\n"
        "from ijprint.render.facts_docx import render_facts_docx\n"
        "from ijprint.render.notes_docx import render_notes\n"
        "d = load_document(Path(sys.argv[1])); s = load_style(sys.argv[2])\n"
        "c = RenderContext(style=s, build_time=build_time(None, d.meta.date), generator='ijprint test')\n"
        "print(hashlib.sha256(render_notes(d, s, c) + render_facts_docx(d, s, load_fonts(s.fonts), c)).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "content" / "india-japan.yaml"), str(ROOT / "styles" / "default.yaml")],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    )
    assert out.stdout.strip() == hashlib.sha256(warm).hexdigest()


def test_building_twice_gives_byte_identical_docx(seed_path, tmp_path) -> None:
    """Two separate builds through the command line, each in a fresh process, write the same DOCX bytes."""
    built = []
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "ijprint", "build", str(seed_path), "--format", "notes,facts", "--jobs", "1", "--out", str(out)],
            capture_output=True, text=True, cwd=tmp_path, check=True,
        )
        built.append({path.relative_to(out): path.read_bytes() for path in sorted(out.rglob("*.docx"))})
    assert sorted(str(name) for name in built[0]) == ["india-japan/facts.docx", "india-japan/notes.docx"]
    assert built[0] == built[1]


def _parsed_into(document, markup: str) -> bytes:
    """word/document.xml with `markup` parsed (python-docx's parser) and put before the body's sectPr."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsmap

    body = document.element.body
    for element in parse_xml(f'<w:body xmlns:w="{nsmap["w"]}" xmlns:r="{nsmap["r"]}">{markup}</w:body>'):
        body.find(qn("w:sectPr")).addprevious(element)
    return serialize_part_xml(document.element)


def test_body_markup_written_as_it_is_equals_the_markup_parsed_and_saved() -> None:
    """document_xml writes docx_markup's body into the part unparsed: the bytes must be those of parsing it
    into the document and saving, for every character (in runs plain and with properties), every empty
    element, quotes and whitespace in text and attributes."""
    from ijprint.render import docx_markup as markup
    from ijprint.render.docx_ooxml import document_xml

    characters = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    texts = ["a" + "".join(characters[start : start + 64]) + "b" for start in range(0, len(characters), 64)]
    texts += ["", " ", "\t", "\n", "\r\n", " x ", "\u00a0", "\x85", 'say "hi" & <go> ]]>', "'", "\x07"]
    body = "".join(markup.paragraph(markup.run(text, bold=index % 2 == 0) + markup.run(text, size_pt=9), "S" if index % 3 else "")
                   for index, text in enumerate(texts))
    body += markup.paragraph("") + markup.paragraph(markup.run("")) + markup.paragraph(markup.internal_hyperlink("", "a\tb"))
    body += markup.paragraph(markup.field_start('TOC \\o "1-2" & <x>') + markup.external_hyperlink(markup.run("l"), "rId9") + markup.field_end())
    frame = markup.TableFrame('id "&<>\t', "#102030", 0.5, (1, 2, 3, 4))
    body += markup.table(frame, [], [markup.table_row([markup.table_cell(10, markup.paragraph(""), "#ffffff", "restart")], header=True)])
    written = document_xml(docx_package.blank_document().element, body)
    assert written == _parsed_into(docx_package.blank_document(), body)
    assert b"\xe2\x82\xac" in written and b"<w:p/>" in written and b"<w:r/>" in written
