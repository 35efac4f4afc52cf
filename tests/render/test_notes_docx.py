"""render/notes_docx.py: the notes a reader opens in Word or LibreOffice: headings, real nested lists,
tables with repeating headers, page numbers, properties, and the same bytes on every run."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from ijprint.render.registry import RenderContext
from ijprint.model import Document, Fact, Metadata, Node, Span, TimelineEntry, parse_inline, section_numbers, walk
from ijprint.render.notes_docx import render_notes
from ijprint.fact_rows import fact_groups, timeline_rows

ROOT = Path(__file__).resolve().parents[2]
W_VAL = qn("w:val")


@pytest.fixture(scope="module")
def notes_bytes(seed_document, default_style, context) -> bytes:
    return render_notes(seed_document, default_style, context)


@pytest.fixture(scope="module")
def notes(notes_bytes):
    return docx.Document(io.BytesIO(notes_bytes))


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _all_paragraphs(document):
    """Body paragraphs, then paragraphs inside tables, then headers and footers."""
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            out.extend(part.paragraphs)
    return out


def _full_text(document) -> str:
    return "\n".join(p.text for p in _all_paragraphs(document))


def _num_pr(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) set directly on the paragraph."""
    pPr = paragraph._p.pPr
    if pPr is None or pPr.numPr is None:
        return None
    numPr = pPr.numPr
    return int(numPr.numId.val), int(numPr.ilvl.val)


def _list_paragraphs(document):
    return [p for p in document.paragraphs if _num_pr(p) is not None]


def _bullet_levels(document, num_id: int) -> dict[int, str]:
    """ilvl -> numFmt of the abstract list behind `num_id`."""
    numbering = document.part.numbering_part.element
    abstract_id = None
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == num_id:
            abstract_id = num.find(qn("w:abstractNumId")).get(W_VAL)
    assert abstract_id is not None, f"numId {num_id} has no definition in numbering.xml"
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) == abstract_id:
            return {int(lvl.get(qn("w:ilvl"))): lvl.find(qn("w:numFmt")).get(W_VAL) for lvl in abstract.findall(qn("w:lvl"))}
    raise AssertionError(f"abstractNum {abstract_id} missing")


def _table_with_header(document, first: str):
    found = [t for t in document.tables if t.rows and t.rows[0].cells[0].text == first]
    assert found, f"no table whose header starts with {first!r}"
    return found[0]


def _deep_document(depth: int) -> Document:
    """A chain of `depth` levels under each of two sections, with emphasis, facts and a timeline at the bottom."""

    def chain(prefix: str, level: int) -> Node:
        children = (chain(prefix, level + 1),) if level < depth else ()
        facts = (Fact(what=f"{prefix} figure", value=f"{level * 11} units", period="2030"),) if level == depth else ()
        timeline = (TimelineEntry(year=f"{2000 + level}", event=f"{prefix} event {level}"),) if level >= depth - 1 else ()
        return Node(
            id=f"{prefix}.{level}",
            label=(Span(f"{prefix} level {level}"),),
            text=parse_inline(f"Sentence of **{prefix}-bold-{level}** and _{prefix}-italic-{level}_."),
            children=children,
            facts=facts,
            timeline=timeline,
        )

    meta = Metadata(title="Deep topic", subtitle="", context="", tags=("a", "b"), author="", credit="", language="de")
    sections = tuple(
        Node(id=name, label=(Span(f"Section {name}"),), children=(chain(name, 2),)) for name in ("alpha", "beta")
    )
    return Document(meta=meta, sections=sections)


# ---------------------------------------------------------------- content


def test_every_article_term_is_in_the_notes(notes, article_terms) -> None:
    text = _full_text(notes)
    missing = [term for term in article_terms if term not in text]
    assert not missing, f"terms missing from the notes: {missing}"


def test_every_node_label_and_text_appears(notes, seed_document) -> None:
    text = _full_text(notes)
    nodes = walk(seed_document.sections)
    assert not [n.label_text for _, n in nodes if n.label_text not in text]
    assert not [n.text_plain for _, n in nodes if n.text_plain and n.text_plain not in text]


def test_title_block_context_and_credit(notes, seed_document) -> None:
    meta = seed_document.meta
    body = [p.text for p in notes.paragraphs]
    assert body[0] == meta.title and notes.paragraphs[0].style.name == "Title"
    assert meta.subtitle in body and meta.context in body
    credit = [line for line in body if meta.source_title in line]
    assert credit and (meta.credit in credit[0] or meta.author in credit[0])


def test_one_builtin_heading_1_per_section(notes, seed_document) -> None:
    """Each section's Heading 1 is its section number, a tab, and its label."""
    headings = [p for p in notes.paragraphs if p.style.name == "Heading 1"]
    assert all(p.style.style_id == "Heading1" and p.style.builtin for p in headings)
    texts = [p.text for p in headings]
    expected = [f"{number}\t{s.label_text}" for number, s in enumerate(seed_document.sections, 1)]
    for heading in expected:
        assert heading in texts, f"no Heading 1 {heading!r}"
    assert [t for t in texts if t in expected] == expected


def test_bullets_are_real_word_lists_at_three_levels(notes) -> None:
    items = _list_paragraphs(notes)
    levels = {_num_pr(p)[1] for p in items}
    assert {0, 1, 2} <= levels
    assert levels <= {0, 1, 2}
    for num_id in {_num_pr(p)[0] for p in items}:
        formats = _bullet_levels(notes, num_id)
        assert all(formats.get(level) == "bullet" for level in (0, 1, 2)), formats
    for paragraph in _all_paragraphs(notes):
        assert not paragraph.text.lstrip().startswith(("•", "◦", "▪", "- ")), paragraph.text
    styles = {p.style.name for p in items}
    assert styles <= {"List Bullet", "List Bullet 2", "List Bullet 3"}


def test_list_items_follow_content_order_and_depth(notes, seed_document) -> None:
    """Each node below a section is one list item, in content order, at min(depth below section, 3)."""
    expected = [(node, min(depth, 2)) for section in seed_document.sections for depth, node in walk(section.children, 0)]
    items = _list_paragraphs(notes)
    assert len(items) == len(expected)
    numbers = section_numbers(seed_document.sections)
    for paragraph, (node, level) in zip(items, expected):
        assert paragraph.text.startswith(f"{numbers[node.id]} {node.label_text}")
        assert not paragraph.runs[0].bold and paragraph.runs[0].text == f"{numbers[node.id]} "
        assert node.text_plain in paragraph.text
        assert _num_pr(paragraph)[1] == level
        label_runs = "".join(run.text for run in paragraph.runs if run.bold)
        assert node.label_text in label_runs, f"label not bold: {node.label_text!r}"


def test_bold_and_italic_spans_become_emphasised_runs(notes, seed_document) -> None:
    bold_text = "".join(run.text if run.bold else "\n" for p in notes.paragraphs for run in p.runs)
    plain_text = "".join(run.text if not run.bold else "\n" for p in notes.paragraphs for run in p.runs)
    spans = [span for _, node in walk(seed_document.sections) for span in node.text]
    bold_spans = [span.text for span in spans if span.bold]
    assert bold_spans
    assert not [text for text in bold_spans if text not in bold_text]
    plain_spans = [span.text.strip() for span in spans if not span.bold and len(span.text.strip()) > 20]
    assert not [text for text in plain_spans if text not in plain_text]


def test_timeline_table_in_date_order(notes, seed_document) -> None:
    table = _table_with_header(notes, "Year")
    assert [c.text for c in table.rows[0].cells] == ["Year", "Event", "No.", "Section"]
    expected = timeline_rows(seed_document)
    body = table.rows[1:]
    assert [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in body] == [(e.year, e.event, e.number) for e in expected]
    years = [int(re.search(r"\d{4}", r.cells[0].text).group()) for r in body]
    assert years == sorted(years)
    assert all(run.bold for r in body for run in r.cells[0].paragraphs[0].runs), "years are bold, for scanning"
    assert not any(run.bold for r in body for run in r.cells[1].paragraphs[0].runs)


def test_key_figures_table_repeats_header_and_has_a_row_per_fact(notes, seed_document, default_style) -> None:
    table = _table_with_header(notes, "Section")
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Section", "No.", "What", "Value", "Period", "Note"]
    assert header._tr.trPr is not None and header._tr.trPr.find(qn("w:tblHeader")) is not None
    fills = {cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")).lower() for cell in header.cells}
    assert fills == {default_style.header_fill.lstrip("#")}
    facts = [(group.section, row) for group in fact_groups(seed_document) for row in group.rows]
    body = table.rows[1:]
    assert len(body) == len(facts)
    for row, (section, fact) in zip(body, facts):
        cells = [c.text for c in row.cells]
        assert cells[0] == section and cells[1] == fact.number
        assert cells[2] == fact.what and cells[3].startswith(fact.value) and cells[4] == fact.period and cells[5] == fact.note


def test_table_widths_set_on_every_cell_and_fit_the_page(notes) -> None:
    section = notes.sections[0]
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    assert len(notes.tables) == 2
    for table in notes.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(width > 0 for width in grid)
        assert sum(grid) <= text_width.twips + len(grid)
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                assert tc.tcPr is not None and tc.tcPr.find(qn("w:tcW")).get(qn("w:type")) == "dxa"
        assert table.style.name == "Table Grid"


# ---------------------------------------------------------------- page furniture and properties


def test_header_has_title_and_footer_has_page_field(notes, seed_document) -> None:
    section = notes.sections[0]
    assert seed_document.meta.title in "\n".join(p.text for p in section.header.paragraphs)
    for footer in (section.footer, section.first_page_footer):
        xml = footer._element.xml
        simple = [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]
        complex_ = [t.text for t in footer._element.iter(qn("w:instrText"))]
        assert any(re.match(r"\s*PAGE\b", instr or "") for instr in simple + complex_), xml


def test_core_properties(notes, seed_document, context) -> None:
    meta = seed_document.meta
    core = notes.core_properties
    assert core.title == meta.title
    assert core.subject == meta.subtitle
    assert core.author == meta.author
    assert core.language == meta.language
    assert all(tag in core.keywords for tag in meta.tags)
    assert core.created == context.build_time and core.modified == context.build_time


def test_paper_margins_and_fonts_follow_the_style(notes, default_style) -> None:
    section = notes.sections[0]
    width, height = default_style.page_size("portrait")
    assert abs(section.page_width.pt - width) < 1 and abs(section.page_height.pt - height) < 1
    assert section.page_height > section.page_width
    assert abs(section.left_margin.pt - default_style.margins.left) < 1
    assert abs(section.top_margin.pt - default_style.margins.top) < 1
    normal = notes.styles["Normal"]
    assert normal.font.name == default_style.notes_font
    assert normal.font.size == Pt(default_style.notes_size)
    heading = notes.styles["Heading 1"]
    assert str(heading.font.color.rgb).lower() == default_style.notes_heading_color.lstrip("#")


def test_other_paper_and_size(seed_document, default_style, context) -> None:
    letter = dataclasses.replace(default_style, paper="Letter", notes_size=13, notes_font="Arial")
    document = _open(render_notes(seed_document, letter, context))
    section = document.sections[0]
    assert abs(section.page_width.pt - 612) < 1 and abs(section.page_height.pt - 792) < 1
    assert document.styles["Normal"].font.size == Pt(13)
    assert document.styles["Normal"].font.name == "Arial"
    for table in document.tables:
        grid = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
        assert grid <= Emu(section.page_width - section.left_margin - section.right_margin).twips + 5


# ---------------------------------------------------------------- reproducibility


def test_same_bytes_twice_and_in_another_process(notes_bytes, seed_document, default_style, context, tmp_path) -> None:
    assert render_notes(seed_document, default_style, context) == notes_bytes
    script = (
        "import sys, hashlib\n"
        "from pathlib import Path\n"
        "from ijprint.render.registry import RenderContext\n"
        "from ijprint.reproducible import build_time\n"
        "from ijprint.sources import load_document\n"
        "from ijprint.style import load_style\n"
        "from ijprint.render.notes_docx import render_notes\n"
        "d = load_document(Path(sys.argv[1])); s = load_style(sys.argv[2])\n"
        "c = RenderContext(style=s, build_time=build_time(None, d.meta.date), generator='ijprint test')\n"
        "print(hashlib.sha256(render_notes(d, s, c)).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "content" / "india-japan.yaml"), str(ROOT / "styles" / "default.yaml")],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    )
    assert out.stdout.strip() == hashlib.sha256(notes_bytes).hexdigest()


def test_zip_entries_fixed_and_no_volatile_ids(notes_bytes, context) -> None:
    archive = zipfile.ZipFile(io.BytesIO(notes_bytes))
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    assert {info.date_time for info in archive.infolist()} == {context.build_time.timetuple()[:6]}
    assert "docProps/thumbnail.jpeg" not in names
    body = archive.read("word/document.xml").decode()
    # Revision-session ids on paragraphs and runs would differ per editing session; only the template's sectPr has them.
    assert not re.search(r"<w:(p|r)\b[^>]*w:rsid", body)
    assert "python-docx" not in archive.read("docProps/core.xml").decode()
    assert "Microsoft" not in archive.read("docProps/app.xml").decode()


def test_build_time_changes_only_dates(seed_document, default_style, context) -> None:
    later = dataclasses.replace(context, build_time=datetime(2030, 5, 6, 7, 8, 9, tzinfo=timezone.utc))
    first = zipfile.ZipFile(io.BytesIO(render_notes(seed_document, default_style, context)))
    second = zipfile.ZipFile(io.BytesIO(render_notes(seed_document, default_style, later)))
    assert first.namelist() == second.namelist()
    differ = [name for name in first.namelist() if first.read(name) != second.read(name)]
    assert differ == ["docProps/core.xml"]


# ---------------------------------------------------------------- any topic


def test_deep_document_keeps_every_node(default_style, context) -> None:
    document = _deep_document(depth=6)
    notes = _open(render_notes(document, default_style, context))
    text = _full_text(notes)
    nodes = [node for _, node in walk(document.sections)]
    assert not [n.label_text for n in nodes if n.label_text not in text]
    items = _list_paragraphs(notes)
    assert len(items) == sum(1 for section in document.sections for _ in walk(section.children))
    assert [_num_pr(p)[1] for p in items] == [0, 1, 2, 2, 2] * 2
    italic = {run.text for p in notes.paragraphs for run in p.runs if run.italic}
    bold = {run.text for p in notes.paragraphs for run in p.runs if run.bold}
    assert {"alpha-italic-6", "beta-italic-2"} <= italic
    assert {"alpha-bold-6", "alpha level 6"} <= bold
    assert [c.text for c in _table_with_header(notes, "Section").rows[-1].cells][:4] == ["Section beta", "2.1.1.1.1.1", "beta figure", "66 units"]
    assert notes.core_properties.language == "de"


def test_document_without_facts_or_timeline_has_no_empty_tables(default_style, context) -> None:
    bare = Document(
        meta=Metadata(title="Bare"),
        sections=(Node(id="s", label=(Span("Only section"),)), Node(id="t", label=(Span("Second"),), text=(Span("Text."),))),
    )
    notes = _open(render_notes(bare, default_style, context))
    assert notes.tables == []
    assert [p.text for p in notes.paragraphs if p.style.name == "Heading 1"] == ["1\tOnly section", "2\tSecond"]
    assert notes.core_properties.title == "Bare"


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH; CI installs it")
@pytest.mark.parametrize(("name", "style_name"), [("notes", "default"), ("notes", "print-bw"), ("facts", "print-bw")])
def test_libreoffice_converts_without_trouble(name, style_name, seed_document, faces, context, tmp_path) -> None:
    from pypdf import PdfReader

    from ijprint.render.facts_docx import render_facts_docx
    from ijprint.style import load_style

    style = load_style(str(ROOT / "styles" / f"{style_name}.yaml"))
    if name == "notes":
        data = render_notes(seed_document, style, context)
    else:
        data = render_facts_docx(seed_document, style, faces, context)
    source = tmp_path / f"{name}.docx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"  # a private profile: parallel soffice runs would block on a shared one
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.is_file(), f"soffice made no PDF: {result.stdout} {result.stderr}"
    assert "error" not in result.stderr.lower(), result.stderr
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert seed_document.meta.title in flat
    if name == "notes":
        first_page = " ".join(reader.pages[0].extract_text().split())
        assert "Contents " + " ".join(f"{n} {section.label_text}" for n, section in enumerate(seed_document.sections, 1)) in first_page
        for section in seed_document.sections:
            assert section.label_text in flat
    assert f"Page 1 of {len(reader.pages)}" in flat
    if name == "facts":
        # Section numbers keep to one line in LibreOffice's fonts too ("4.1.3", never "4.1." over "3").
        words = set(flat.split())
        assert [row.number for group in fact_groups(seed_document) for row in group.rows if row.number not in words] == []


# ---------------------------------------------------------------- body markup (text, lists, tables)


def _awkward_document() -> Document:
    """Text that must be escaped, kept or dropped when the body is written as markup."""
    label = 'A & B <c> "d"'
    text = "Tab\there, line\nbreak, \u200bzero-width, soft\u00adhyphen, bell\x07gone, ufffe\ufffegone."
    child = Node(id="s.k", label=(Span(label),), text=(Span(" lead and trail "), Span("bold", bold=True)),
                 facts=(Fact(what="x < y & z", value='"5"', unit="&"),),
                 timeline=(TimelineEntry(year="2001", event="<Event> & more"),))
    section = Node(id="s", label=(Span("Sec <1> & "), Span("it", italic=True)), text=(Span(text),), children=(child,))
    return Document(meta=Metadata(title='Title & "quotes" <x>', context="Context & more"), sections=(section,))


def test_markup_escapes_text_and_keeps_tabs_breaks_and_invisible_characters(default_style, context) -> None:
    document = _awkward_document()
    notes = _open(render_notes(document, default_style, context))
    body = [p.text for p in notes.paragraphs]
    assert body[0] == 'Title & "quotes" <x>'
    assert "Context & more" in body
    heading = [p for p in notes.paragraphs if p.style.name == "Heading 1"][0]
    assert heading.text == "1\tSec <1> & it"
    assert [run.italic for run in heading.runs] == [None, None, True]
    # python-docx reads w:tab as "\t" and w:br as "\n"; characters XML 1.0 cannot hold are dropped.
    expected = "Tab\there, line\nbreak, \u200bzero-width, soft\u00adhyphen, bellgone, ufffegone."
    assert expected in body
    item = _list_paragraphs(notes)[0]
    assert item.text == '1.1 A & B <c> "d" –  lead and trail bold'
    assert [run.text for run in item.runs if run.bold] == ['A & B <c> "d"', "bold"]
    assert any(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" and t.text == " lead and trail "
               for t in item._p.iter(qn("w:t")))
    facts = _table_with_header(notes, "Section")
    assert [c.text for c in facts.rows[1].cells] == ["Sec <1> & it", "1.1", "x < y & z", '"5" &', "", ""]
    timeline = _table_with_header(notes, "Year")
    assert [c.text for c in timeline.rows[1].cells][:2] == ["2001", "<Event> & more"]


def test_branch_bullets_keep_with_their_children(notes, seed_document) -> None:
    expected = [node for section in seed_document.sections for _, node in walk(section.children, 0)]
    items = _list_paragraphs(notes)
    assert any(node.children for node in expected) and any(not node.children for node in expected)
    for paragraph, node in zip(items, expected):
        assert bool(paragraph.paragraph_format.keep_with_next) == bool(node.children), paragraph.text
        top_branch = bool(node.children) and _num_pr(paragraph)[1] == 0
        assert (paragraph.paragraph_format.space_before is not None) == top_branch, paragraph.text
    styles = {p.style.name for p in items}
    assert styles == {"List Bullet", "List Bullet 2", "List Bullet 3"}


def test_table_cells_use_table_text_and_merge_each_fact_group(notes, seed_document, default_style) -> None:
    for table in notes.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [col.get(qn("w:w")) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
        for tr in tbl.tr_lst:
            assert tr.trPr.find(qn("w:cantSplit")) is not None
            assert [tc.tcPr.find(qn("w:tcW")).get(qn("w:w")) for tc in tr.tc_lst] == grid
            for p in tr.iter(qn("w:p")):
                assert p.pPr is not None and p.pPr.pStyle.val == notes.styles["Table Text"].style_id
        assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in tbl.tr_lst[:2]] == [True, False]
    facts = _table_with_header(notes, "Section")
    merges = [tr.tc_lst[0].tcPr.find(qn("w:vMerge")) for tr in facts._tbl.tr_lst[1:]]
    starts = [index for index, merge in enumerate(merges) if merge is not None and merge.get(W_VAL) == "restart"]
    assert all(merge is not None for merge in merges)
    sizes = [len(group.rows) for group in fact_groups(seed_document)]
    assert starts == [sum(sizes[:i]) for i in range(len(sizes))]
    zebra = default_style.zebra_fill.lstrip("#").lower()
    assert {tr.tc_lst[0].tcPr.find(qn("w:shd")).get(qn("w:fill")).lower() for tr in facts._tbl.tr_lst[1:]} == {zebra}
    timeline = _table_with_header(notes, "Year")
    shaded = [tr.tc_lst[1].tcPr.find(qn("w:shd")) is not None for tr in timeline._tbl.tr_lst[1:]]
    assert shaded == [index % 2 == 1 for index in range(len(shaded))]
