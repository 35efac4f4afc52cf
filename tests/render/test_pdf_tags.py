"""Every PDF of the seed, in every style, is a tagged PDF a screen reader can follow: checked on the real
files with qpdf, pdftotext, pikepdf (content streams and structure tree) and pdfplumber (text per MCID)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from ijprint.fact_rows import fact_table_specs
from ijprint.fonts import load_fonts
from ijprint.layout.mindmap import footer_text
from ijprint.model import Document, walk
from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Tagger
from ijprint.render.registry import RenderContext, get_format
from ijprint.reproducible import build_time
from ijprint.style import load_style

STYLES = Path(__file__).resolve().parents[2] / "styles"
STYLE_NAMES = ("default", "print-bw", "large-print")
PDF_FILES = {"mindmap.pdf": "mindmap", "facts.pdf": "facts", "handout.pdf": "handout", "worksheet.pdf": "worksheet", "worksheet-answers.pdf": "worksheet",
             "notes.pdf": "notes"}
SHOW_TEXT = {"Tj", "TJ", "'", '"'}
# Operators that paint paths, shadings and images: decoration a reader must be told to skip.
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def _context(style_name: str, document: Document) -> RenderContext:
    style = load_style(str(STYLES / f"{style_name}.yaml"))
    return RenderContext(style=style, build_time=build_time(None, document.meta.date), generator="ijprint test", faces=load_fonts(style.fonts))


def _render(file_name: str, style_name: str, document: Document) -> bytes:
    return get_format(PDF_FILES[file_name]).render(document, _context(style_name, document))[file_name]


CASES = [(style, name) for style in STYLE_NAMES for name in PDF_FILES]


@pytest.fixture(scope="module")
def seed_pdfs(seed_document: Document) -> dict[tuple[str, str], bytes]:
    built = {}
    for style in STYLE_NAMES:
        context = _context(style, seed_document)
        for fmt in sorted({PDF_FILES[name] for name in PDF_FILES if (style, name) in CASES}):
            files = get_format(fmt).render(seed_document, context)
            built.update({(style, name): data for name, data in files.items() if name in PDF_FILES})
    return built



def _marked_content(pdf: pikepdf.Pdf) -> list[list[int]]:
    """Per page, the MCIDs of its marked-content sequences in content order, after asserting that
    every text-showing operator sits in one (or in an artifact), every painting operator too, that an
    MCID sequence holds no other and is no artifact's, and that BDC/EMC nest with BT/ET and q/Q."""
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[tuple[str, int | None]] = []
        brackets: list[tuple[str, int]] = []
        mcids = []
        for instruction in pikepdf.parse_content_stream(page):
            operator = str(instruction.operator)
            operands = instruction.operands
            if operator in ("BDC", "BMC"):
                properties = operands[1] if operator == "BDC" else None
                mcid = int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None
                if mcid is not None:
                    assert all(tag != "/Artifact" and inner is None for tag, inner in stack), f"page {number}: MCID {mcid} nested in {stack}"
                    mcids.append(mcid)
                stack.append((str(operands[0]), mcid))
            elif operator == "EMC":
                assert stack, f"page {number}: EMC without BDC"
                stack.pop()
            elif operator in ("BT", "q"):
                brackets.append((operator, len(stack)))
            elif operator in ("ET", "Q"):
                opened, depth = brackets.pop()
                assert (opened, depth) == ({"ET": "BT", "Q": "q"}[operator], len(stack)), f"page {number}: {operator} closes across a marked-content sequence"
            elif operator in SHOW_TEXT or operator in PAINT:
                assert any(mcid is not None or tag == "/Artifact" for tag, mcid in stack), f"page {number}: {operator} outside marked content: {operands}"
        assert not stack and not brackets, f"page {number} ends inside {stack or brackets}"
        pages.append(mcids)
    return pages


def _structure(pdf: pikepdf.Pdf) -> list[tuple[str, list[tuple[int, int]], int]]:
    """The structure elements in tree (pre-)order: role, own (page index, MCID) references, depth."""
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[tuple[str, list[tuple[int, int]], int]] = []

    def visit(element: pikepdf.Object, depth: int) -> None:
        refs: list[tuple[int, int]] = []
        entry = (str(element.S)[1:], refs, depth)
        found.append(entry)
        kids = element.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                refs.append((page_index[element.Pg.objgen], int(kid)))
            elif kid.get("/Type") == "/MCR":
                refs.append((page_index[kid.Pg.objgen], int(kid.MCID)))
            else:
                assert kid.P.objgen == element.objgen, "a kid's /P is not its parent"
                visit(kid, depth + 1)

    for top in pdf.Root.StructTreeRoot.K if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array) else [pdf.Root.StructTreeRoot.K]:
        visit(top, 0)
    return found


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("style, name", CASES)
def test_every_text_run_is_tagged_once_and_the_tree_has_every_mcid(seed_pdfs, style, name):
    with pikepdf.open(io.BytesIO(seed_pdfs[style, name])) as pdf:
        content = _marked_content(pdf)
        structure = _structure(pdf)
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == len(pdf.pages)
        for index, page in enumerate(pdf.pages):
            assert int(page.obj.StructParents) == index
            assert len(parent_tree[2 * index + 1]) == len(content[index])
    in_content = [(page, mcid) for page, mcids in enumerate(content) for mcid in mcids]
    in_tree = [ref for _, refs, _ in structure for ref in refs]
    assert sorted(in_content) == sorted(set(in_content)), "an MCID is used twice on a page"
    assert sorted(in_tree) == sorted(in_content), "every MCID is referenced by exactly one element"
    assert structure[0][0] == "Document"


ONE_PAGE_MAP = ("default", "print-bw")  # large-print splits the seed's map over pages (test below)


@pytest.mark.parametrize("style", ONE_PAGE_MAP)
def test_map_structure_reads_title_subtitle_branches_in_outline_order_then_footer(seed_pdfs, seed_document, style, marked_texts):
    data = seed_pdfs[style, "mindmap.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
    texts = marked_texts(data)
    read = [(role, _squeeze("".join(texts[ref] for ref in refs))) for role, refs, _ in structure if refs]
    meta = seed_document.meta
    expected = [("H1", meta.title), ("P", "·" + meta.subtitle), ("P", meta.context)]
    expected += [("H2" if depth == 1 else "LBody", node.label_text) for depth, node in walk(seed_document.sections)]
    expected.append(("P", footer_text(seed_document) + "2026-11-25"))
    assert [role for role, _ in read] == [role for role, _ in expected]
    for (_, got), (_, wanted) in zip(read, expected):
        # A numbered branch starts with its number; a word joiner is never drawn.
        assert got.endswith(_squeeze(wanted).replace("\u2060", "")), (got, wanted)
    roles = {role for role, _, _ in structure}
    assert {"L", "LI"} <= roles and max(depth for role, _, depth in structure if role == "L") >= 3, "subtrees nest as lists in list bodies"


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_facts_structure_is_title_then_a_heading_and_one_table_per_section(seed_pdfs, seed_document, style, marked_texts):
    data = seed_pdfs[style, "facts.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
    texts = marked_texts(data)
    specs = fact_table_specs(seed_document)
    top = [(role, refs) for role, refs, depth in structure if depth == 1]
    assert top[0][0] == "H1" and _squeeze("".join(texts[ref] for ref in top[0][1])) == _squeeze(seed_document.meta.title)
    headings = [_squeeze("".join(texts[ref] for ref in refs)) for role, refs in top if role == "H2"]
    assert headings == [_squeeze(spec.title) for spec in specs]
    roles = [role for role, _ in top]
    assert [roles[roles.index("H2", i) + 1] for i in range(len(roles)) if roles[i] == "H2"] == ["Table"] * len(specs)
    # One header row per table even where a page break repeats it (the repeat is an artifact).
    header_rows = [role for role, _, _ in structure if role in ("TH", "TD")]
    assert header_rows.count("TH") == sum(len(spec.headers) for spec in specs)
    assert sum(1 for role, _, _ in structure if role == "TR") == sum(len(spec.rows) + 1 for spec in specs)


@pytest.mark.parametrize("style, name", CASES)
def test_catalog_marks_language_title_and_xmp_matching_the_info(seed_pdfs, seed_document, style, name):
    with pikepdf.open(io.BytesIO(seed_pdfs[style, name])) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == seed_document.meta.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.Metadata.Subtype == "/XML"
        info = pdf.docinfo
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == str(info.Title)
        assert xmp["dc:creator"] == [str(info.Author)]
        assert xmp["dc:description"] == str(info.Subject)
        assert xmp["pdf:Keywords"] == str(info.Keywords)
        assert xmp["xmp:CreateDate"].startswith(seed_document.meta.date)
        assert xmp["xmp:ModifyDate"] == xmp["xmp:CreateDate"]
        assert xmp["pdf:Producer"] == str(info.Producer)


@pytest.mark.parametrize("style, name", CASES)
def test_every_font_subset_has_its_own_tag(seed_pdfs, style, name):
    with pikepdf.open(io.BytesIO(seed_pdfs[style, name])) as pdf:
        fonts = {font.objgen: str(font.BaseFont)[1:] for page in pdf.pages for font in page.Resources.Font.values()}
    names = list(fonts.values())
    assert b"/AAAAAA+" not in seed_pdfs[style, name], "reportlab's shared subset tag is gone from the file"
    assert all(re.fullmatch(r"[A-Z]{6}\+.+", font) for font in names), names
    assert len({font[:6] for font in names}) == len(names), names


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not on PATH; CI installs it")
@pytest.mark.parametrize("style, name", CASES)
def test_qpdf_finds_no_error(seed_pdfs, tmp_path, style, name):
    path = tmp_path / name
    path.write_bytes(seed_pdfs[style, name])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout + result.stderr


def test_a_split_map_reads_each_page_from_its_title_and_its_branches_in_outline_order(seed_pdfs, seed_document, marked_texts):
    data = seed_pdfs["large-print", "mindmap.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
        pages = len(pdf.pages)
    assert pages > 1
    texts = marked_texts(data)
    outline = [_squeeze(node.label_text).replace("\u2060", "") for _, node in walk(seed_document.sections)]
    seen: set[str] = set()
    for page in range(pages):
        read = [(role, _squeeze("".join(texts[ref] for ref in refs if ref[0] == page))) for role, refs, _ in structure if any(ref[0] == page for ref in refs)]
        assert read[0][0] == "H1", read[:3]
        # Each page's branches and items follow the outline's order ("continued" cues are not in it).
        at = 0
        for role, text in read:
            if role not in ("H2", "LBody") or text.startswith("continued"):
                continue
            text = re.sub(r"\+\d+$", "", text)  # a folded subtree's marker
            found = next((k for k in range(at, len(outline)) if text.endswith(outline[k])), None)
            assert found is not None, (page + 1, text)
            seen.add(outline[found])
            at = found + 1
    assert seen == set(outline), "every label of the topic is read somewhere"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not on PATH; CI installs it")
@pytest.mark.parametrize("style", ONE_PAGE_MAP)
def test_pdftotext_raw_reads_the_title_first_and_the_branches_in_order(seed_pdfs, seed_document, tmp_path, style):
    path = tmp_path / "mindmap.pdf"
    path.write_bytes(seed_pdfs[style, "mindmap.pdf"])
    output = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[0].startswith(seed_document.meta.title)
    headings = [next(i for i, line in enumerate(lines) if line.endswith(section.label_text)) for section in seed_document.sections]
    assert headings == sorted(headings)
    assert lines[-1].strip().startswith(footer_text(seed_document)[:30])


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_facts_has_one_bookmark_per_table_on_its_page(seed_pdfs, seed_document, style):
    reader = PdfReader(io.BytesIO(seed_pdfs[style, "facts.pdf"]))
    specs = fact_table_specs(seed_document)
    assert [item.title for item in reader.outline] == [spec.title for spec in specs]
    assert any(spec.title == "Timeline" for spec in specs)
    for item in reader.outline:
        page = reader.get_destination_page_number(item)
        assert item.title in " ".join(reader.pages[page].extract_text().split())
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_rebuild_is_byte_identical(seed_pdfs, seed_document):
    for name in PDF_FILES:
        assert _render(name, "default", seed_document) == seed_pdfs["default", name]


def test_an_unclosed_sequence_is_refused():
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    tagger = Tagger(canvas)
    tagger.begin(tagger.element("P"))
    canvas.showPage()
    canvas.save()
    with pytest.raises(RuntimeError, match="never closed"):
        finish_tagged_pdf(buffer.getvalue(), tagger, "en")


def test_a_folded_undated_map_without_credit_is_tagged_too(faces, context, marked_texts):
    """max_depth folds the grandchildren into "+k" markers: they have no element; with no credit and
    no date there is no footer element; the language is the content's."""
    from dataclasses import replace

    from ijprint.model import Metadata, Node, Span

    def node(path: str, depth: int) -> Node:
        kids = tuple(node(f"{path}.{i}", depth + 1) for i in range(3 if depth == 1 else 2)) if depth < 3 else ()
        return Node(id=path, label=(Span(f"Topic {path}"),), children=kids)

    document = Document(Metadata(title="Folded topic", language="hi"), tuple(node(f"b{i}", 1) for i in range(4)))
    data = get_format("mindmap").render(document, replace(context, max_depth=2, show_date=False))["mindmap.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert sum(len(mcids) for mcids in _marked_content(pdf)) == 1 + 4 + 4 * 3
        structure = _structure(pdf)
        assert str(pdf.Root.Lang) == "hi"
    texts = marked_texts(data)
    read = [(role, "".join(texts[ref] for ref in refs)) for role, refs, _ in structure if refs]
    assert read[0] == ("H1", "Folded topic")
    assert [role for role, _ in read[1:]] == ["H2", "LBody", "LBody", "LBody"] * 4
    assert read[2][1].replace(" ", "").endswith("Topicb0.0+2")


def _notes_tree(data: bytes, texts: dict[tuple[int, int], str]) -> tuple[list[tuple[str, str, int, list[tuple[int, int]]]], dict[tuple[int, int], str]]:
    """The notes' elements in tree order (role, text, how many L contain it, references) and the text
    per MCID (`texts`, the file's marked-content texts)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
    out, roles = [], []
    for role, refs, depth in structure:
        del roles[depth:]
        out.append((role, "".join(texts[ref] for ref in refs), roles.count("L"), refs))
        roles.append(role)
    return out, texts


@pytest.fixture(scope="module")
def notes_docx_headings(seed_document: Document) -> list[str]:
    """The main headings of notes.docx (number, tab, title), which the PDF's H2 must match."""
    import docx

    data = get_format("notes").render(seed_document, _context("default", seed_document))["notes.docx"]
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs if paragraph.style.name == "Heading 1"]


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_notes_structure_is_title_headings_nested_lists_and_one_table_each(seed_pdfs, seed_document, notes_docx_headings, style, marked_texts):
    from ijprint.layout.notes_spec import Table
    from ijprint.model import section_numbers
    from ijprint.render.notes_content import notes_content

    tree, _ = _notes_tree(seed_pdfs[style, "notes.pdf"], marked_texts(seed_pdfs[style, "notes.pdf"]))
    meta = seed_document.meta
    top = [(role, text) for role, text, nesting, _ in tree[1:] if nesting == 0 and role in ("H1", "H2", "P", "L", "Table")]
    assert top[0] == ("H1", meta.title) and top[1][0] == "P"
    headings = [text for role, text in top if role == "H2"]
    assert len(headings) == len(notes_docx_headings) > len(seed_document.sections)
    for got, wanted in zip(headings, notes_docx_headings):
        number, _, title = wanted.rpartition("\t")
        assert _squeeze(got) == _squeeze(wanted) and got.startswith(f"{number} " if number else title), (got, wanted)
    # Every list number in outline order, its item in as many lists as its number has levels.
    numbers = section_numbers(seed_document.sections)
    labels = [(text.strip(), nesting) for role, text, nesting, _ in tree if role == "Lbl"]
    expected = [numbers[node.id] for section in seed_document.sections for _, node in walk(section.children)]
    assert [number for number, _ in labels] == expected
    assert all(nesting == number.count(".") for number, nesting in labels)
    assert max(nesting for _, nesting in labels) >= 2
    # Each LI reads its Lbl, then its LBody (which holds any sub-list).
    for index, (role, _, _, _) in enumerate(tree):
        if role == "LI":
            assert [entry[0] for entry in tree[index + 1 : index + 3]] == ["Lbl", "LBody"]
    tables = [block for block in notes_content(seed_document).blocks if isinstance(block, Table)]
    assert [role for role, _ in top].count("Table") == len(tables) == 2
    at = 0
    for table in tables:
        at = next(index for index in range(at, len(tree)) if tree[index][0] == "Table") + 1
        rows = []
        for role, text, _, _ in tree[at:]:
            if role == "TR":
                rows.append([])
            elif role in ("TH", "TD"):
                rows[-1].append((role, text))
            else:
                break
        # One header row of TH cells, however many columns and pages the table breaks across.
        assert [role for role, _ in rows[0]] == ["TH"] * len(table.headers)
        assert [text for _, text in rows[0]] == list(table.headers)
        assert len(rows) == len(table.rows) + 1 and all(role == "TD" for row in rows[1:] for role, _ in row)


def test_notes_tree_reads_each_page_column_by_column_and_pdftotext_follows(seed_pdfs, tmp_path, marked_texts):
    data = seed_pdfs["default", "notes.pdf"]
    tree, _ = _notes_tree(data, marked_texts(data))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        middle = float(pdf.pages[0].width) / 2
        lefts: dict[tuple[int, int], float] = {}
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (index, char["mcid"])
                    lefts[key] = min(lefts.get(key, char["x0"]), char["x0"])
        pages = len(pdf.pages)
    assert pages > 1
    # The title block runs across both columns, above them.
    first_heading = next(index for index, entry in enumerate(tree) if entry[0] == "H2")
    title_block = {ref for _, _, _, own in tree[:first_heading] for ref in own}
    for page in range(pages):
        refs = [ref for _, _, _, own in tree for ref in own if ref[0] == page and ref not in title_block]
        columns = [lefts[ref] > middle for ref in refs]
        assert refs == sorted(refs), f"page {page + 1}: the tree's order is the content's"
        assert True in columns and False in columns and columns == sorted(columns), f"page {page + 1}: column 2 read before column 1 ends"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not on PATH; CI installs it")
    path = tmp_path / "notes.pdf"
    path.write_bytes(data)
    raw = _squeeze(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    at = 0
    for role, text, _, _ in tree:
        if text.strip():
            found = raw.find(_squeeze(text), at)
            assert found >= at, (role, text, raw[at : at + 80])
            at = found + len(_squeeze(text))


def test_hindi_notes_are_tagged_and_their_devanagari_is_extracted(tmp_path):
    """pdfplumber loses a sequence's MCID inside a shaped run's nested /Span, so the text is checked with pdftotext."""
    from ijprint.layout.notes_spec import Heading, Item
    from ijprint.render.notes_content import notes_content
    from ijprint.sources import load_document

    document = load_document(Path(__file__).resolve().parents[2] / "content" / "india-japan-hi.yaml")
    data = _render("notes.pdf", "default", document)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = _marked_content(pdf)
        structure = _structure(pdf)
        assert str(pdf.Root.Lang) == document.meta.language == "hi"
    assert sorted((page, mcid) for page, mcids in enumerate(content) for mcid in mcids) == sorted(ref for _, refs, _ in structure for ref in refs)
    blocks = notes_content(document).blocks
    roles = [role for role, refs, _ in structure if refs]
    assert roles[0] == "H1" and roles.count("H2") == sum(isinstance(block, Heading) for block in blocks)
    assert roles.count("Lbl") == sum(isinstance(block, Item) for block in blocks)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not on PATH; CI installs it")
    path = tmp_path / "notes.pdf"
    path.write_bytes(data)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = [word for section in document.sections for word in section.label_text.split() if re.search("[\\u0900-\\u097f]", word)]
    assert words and all(word in raw for word in words), [word for word in words if word not in raw]
    assert raw.startswith(document.meta.title)
