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
PDF_FILES = {"mindmap.pdf": "mindmap", "facts.pdf": "facts"}
SHOW_TEXT = {"Tj", "TJ", "'", '"'}
# Operators that paint paths, shadings and images: decoration a reader must be told to skip.
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def _context(style_name: str, document: Document) -> RenderContext:
    style = load_style(str(STYLES / f"{style_name}.yaml"))
    return RenderContext(style=style, build_time=build_time(None, document.meta.date), generator="ijprint test", faces=load_fonts(style.fonts))


def _render(file_name: str, style_name: str, document: Document) -> bytes:
    return get_format(PDF_FILES[file_name]).render(document, _context(style_name, document))[file_name]


@pytest.fixture(scope="module")
def seed_pdfs(seed_document: Document) -> dict[tuple[str, str], bytes]:
    return {(style, name): _render(name, style, seed_document) for style in STYLE_NAMES for name in PDF_FILES}


CASES = [(style, name) for style in STYLE_NAMES for name in PDF_FILES]


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


def _texts_by_mcid(data: bytes) -> dict[tuple[int, int], str]:
    """What each marked-content sequence shows, as pdfplumber reads it."""
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[index, char["mcid"]] = texts.get((index, char["mcid"]), "") + char["text"]
    return texts


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


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_map_structure_reads_title_subtitle_branches_in_outline_order_then_footer(seed_pdfs, seed_document, style):
    data = seed_pdfs[style, "mindmap.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
    texts = _texts_by_mcid(data)
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
def test_facts_structure_is_title_then_a_heading_and_one_table_per_section(seed_pdfs, seed_document, style):
    data = seed_pdfs[style, "facts.pdf"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        structure = _structure(pdf)
    texts = _texts_by_mcid(data)
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
    assert all(re.fullmatch(r"[A-Z]{6}\+.+", font) for font in names), names
    assert len({font[:6] for font in names}) == len(names), names


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not on PATH; CI installs it")
@pytest.mark.parametrize("style, name", CASES)
def test_qpdf_finds_no_error(seed_pdfs, tmp_path, style, name):
    path = tmp_path / name
    path.write_bytes(seed_pdfs[style, name])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not on PATH; CI installs it")
@pytest.mark.parametrize("style", STYLE_NAMES)
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


def test_a_folded_undated_map_without_credit_is_tagged_too(faces, context):
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
    texts = _texts_by_mcid(data)
    read = [(role, "".join(texts[ref] for ref in refs)) for role, refs, _ in structure if refs]
    assert read[0] == ("H1", "Folded topic")
    assert [role for role, _ in read[1:]] == ["H2", "LBody", "LBody", "LBody"] * 4
    assert read[2][1].replace(" ", "") == "Topicb0.0+2"
