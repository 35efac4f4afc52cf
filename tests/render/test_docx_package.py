"""docx_package: both DOCX outputs (notes, fact tables) carry the same document properties, set by one function,
and are built on one template opened per process without its styles or later documents changing."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree
from pypdf import PdfReader

from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline
from ijprint.render import docx_package, facts_docx, notes_docx
from ijprint.render.facts import render as render_facts
from ijprint.render.facts_docx import render_facts_docx
from ijprint.render.notes_docx import render_notes

ROOT = Path(__file__).resolve().parents[2]


def _topic(meta: Metadata) -> Document:
    node = Node("a", parse_inline("A"), facts=(Fact("Count", "12"),), timeline=(TimelineEntry("2001", "Start"),))
    return Document(meta, (node,))


def _rendered(meta: Metadata, default_style, faces, context) -> dict[str, bytes]:
    document = _topic(meta)
    files = render_facts(document, context)
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


def _styles_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _template_styles() -> dict[str, bytes]:
    """Style id -> the style's XML, as python-docx's own template has it (a document of its own)."""
    root = docx.Document().styles.element
    return {style.get(qn("w:styleId")): etree.tostring(style) for style in root.iter(qn("w:style"))}


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
    formatted_ids = {docx.Document().styles[name].style_id for name in formatted}
    changed = {style.get(qn("w:styleId")) for style in written[: len(template)] if etree.tostring(style) != template[style.get(qn("w:styleId"))]}
    assert changed and changed <= formatted_ids


def test_a_blank_document_writes_python_docx_styles_byte_for_byte_after_any_render(seed_document, default_style, faces, context) -> None:
    render_notes(seed_document, default_style, context)
    render_facts_docx(seed_document, default_style, faces, context)
    expected = _styles_xml(_saved(docx.Document()))
    for names in ((), notes_docx.TEMPLATE_STYLES, facts_docx.TEMPLATE_STYLES):
        assert _styles_xml(docx_package.package_bytes(docx_package.blank_document(names))) == expected


def test_only_the_named_styles_are_editable_and_edits_stay_in_their_document() -> None:
    default_size = docx.Document().styles["Quote"].font.size
    first = docx_package.blank_document(("Normal", "Quote"))
    assert {style.name for style in first.styles} == {"Normal", "Quote"}
    with pytest.raises(KeyError):
        first.styles["Heading 1"]
    first.styles["Quote"].font.size = Pt(31)
    reopened = docx.Document(io.BytesIO(docx_package.package_bytes(first)))
    assert reopened.styles["Quote"].font.size == Pt(31)
    assert len(reopened.styles) == len(docx.Document().styles)
    assert docx_package.blank_document(("Quote",)).styles["Quote"].font.size == default_size


def test_both_docx_are_sound_zips_with_the_body_section_last(seed_document, default_style, faces, context) -> None:
    for data in (render_notes(seed_document, default_style, context), render_facts_docx(seed_document, default_style, faces, context)):
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert archive.testzip() is None
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        body = docx.Document(io.BytesIO(data)).element.body
        assert body[-1].tag == qn("w:sectPr")
        assert body.find(qn("w:body")) is None and len(body) > 10


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
