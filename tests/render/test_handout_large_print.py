"""handout.pdf, worksheet.pdf and worksheet-answers.pdf in large print, as a reader checks them: every page A4,
nothing under 14 pt, the map split into an overview and pages of branches (each under the class header and the
name line) whose "continued on page N" cues count the handout's pages, then the back tables at 14 pt over as
many pages as they need; the worksheet blanks a hidden label on every page that shows it and its key fills
each; `--split none` keeps the overflow message. Everything is measured from the PDFs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from ijprint.model import Document, section_numbers, walk
from ijprint.paper import PAPER_SIZES_PT
from ijprint.recall import recall_plan
from ijprint.render.registry import get_format
from ijprint.style import load_style

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Springfield High · Class 10B"
FILES = ("handout.pdf", "worksheet.pdf", "worksheet-answers.pdf")
BACK_BOOKMARK = "Key facts and timeline"


def _ijprint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ijprint", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace("\u2060", "")


def _numbered(text: str) -> tuple[str, str]:
    """A label's run split into its section number ("" when none) and the rest, without spaces, marker or joiners."""
    match = re.match(r"\s*(\d+(?:\.\d+)*)(?:\s+|$)", text)
    number, rest = (match.group(1), text[match.end():]) if match else ("", text)
    return number, re.sub(r"\+\d+$", "", _squeeze(rest))


def _map_pages(data: bytes) -> int:
    """How many pages the map takes: the back bookmark points at the first page after them."""
    reader = PdfReader(io.BytesIO(data))
    [back] = [item for item in reader.outline if not isinstance(item, list) and item.title == BACK_BOOKMARK]
    return reader.get_destination_page_number(back)


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("large-print-handout")
    result = _ijprint("build", str(seed_path), "--style", "large-print", "--format", "handout,worksheet", "--header", HEADER, "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return {name: (out / seed_path.stem / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def large_print():
    return load_style("large-print")


@pytest.mark.parametrize("name", FILES)
def test_every_page_a4_with_the_header_no_overlap_and_nothing_outside_the_margins(built, large_print, overlaps, name, pdf_pages):
    pages = pdf_pages(built[name])
    m = large_print.margins
    for number, page in enumerate(pages, 1):
        width, height = page["size"]
        assert (width, height) == pytest.approx(PAPER_SIZES_PT["A4"], abs=0.5), number
        assert overlaps(page["words"]) == [], (name, number)
        outside = [c["text"] for c in page["chars"] if c["x0"] < m.left - 0.5 or c["x1"] > width - m.right + 0.5 or c["top"] < m.top - 0.5 or c["bottom"] > height - m.bottom + 0.5]
        assert outside == [], (name, number)
        assert HEADER in page["text"] and "Name:" in page["text"], (name, number)
        header = [w for w in page["words"] if w["text"] == "Springfield"][0]
        assert header["top"] <= min(w["top"] for w in page["words"]) + 0.5, "the class header is the topmost line"


@pytest.mark.parametrize("name", FILES)
def test_the_map_is_split_over_pages_at_14_pt_and_the_back_tables_continue_at_14_pt(built, large_print, name, pdf_pages):
    pages = pdf_pages(built[name])
    maps = _map_pages(built[name])
    assert maps >= 3 and len(pages) > maps + 1, "an overview, pages of branches, and more than one back page"
    for number, page in enumerate(pages, 1):
        assert min(c["size"] for c in page["chars"]) >= 14 - 0.01, (name, number)
    # The back pages' tables are set at the style's table size (14 pt), not shrunk: they take more pages.
    back_sizes = [round(c["size"], 2) for page in pages[maps:] for c in page["chars"]]
    assert max(set(back_sizes), key=back_sizes.count) == max(large_print.body_size, large_print.floor)
    for number, page in enumerate(pages[maps:], maps + 1):
        assert f"Page {number} of {len(pages)}" in page["text"]


@pytest.mark.parametrize("name", ("handout.pdf", "worksheet-answers.pdf"))
def test_every_map_label_is_on_some_map_page(built, seed_document, missing_labels, name, pdf_pages):
    pages = pdf_pages(built[name])[: _map_pages(built[name])]
    assert missing_labels(" ".join(" ".join(w["text"] for w in page["words"]) for page in pages), seed_document) == []


@pytest.mark.parametrize("name", FILES)
def test_every_cue_points_to_the_handout_page_that_carries_its_branch(built, seed_document, name, pdf_pages, marked_texts):
    """The overview reads each main branch, then its cue (the cue is in the branch's list): a cue's page
    carries the branch's children, whose section numbers stay printed even on a worksheet."""
    maps = _map_pages(built[name])
    pages = pdf_pages(built[name])
    numbers = section_numbers(seed_document.sections)
    branches = {numbers[node.id]: _squeeze(node.label_text) for node in seed_document.sections}
    runs = marked_texts(built[name])
    branch, targets = None, []
    for number, label in (_numbered(text) for (page, _), text in sorted(runs.items()) if page == 0):
        # A branch's heading: its number and label, or its number alone where a worksheet blanks it.
        if number in branches and label in (branches[number], ""):
            branch = number
        cue = re.fullmatch(r"continuedonpage(\d+)", label)
        if cue:
            assert branch is not None, label
            targets.append((branch, int(cue.group(1))))
    assert {target for _, target in targets} == set(range(2, maps + 1)), "every branch page is reached from the overview, and no cue points past the map"
    for branch, target in targets:
        assert f"Page {target} · continued from page 1" in pages[target - 1]["text"], (name, target)
        children = [_numbered(text)[0] for (page, _), text in runs.items() if page == target - 1]
        assert f"{branch}.1" in children, (name, branch, target)


@pytest.mark.parametrize("name", FILES)
def test_one_bookmark_per_map_page_then_the_back(built, name):
    reader = PdfReader(io.BytesIO(built[name]))
    top = [item for item in reader.outline if not isinstance(item, list)]
    maps = _map_pages(built[name])
    assert [reader.get_destination_page_number(item) for item in top] == [*range(maps), maps]
    assert top[0].title == "Overview" and top[-1].title == BACK_BOOKMARK


def _hidden(document: Document, style) -> frozenset[str]:
    return recall_plan(document, style.worksheet_blank, style.worksheet_seed).hidden_nodes


def _hidden_runs(document: Document, hidden_ids: frozenset[str], on_sheet: dict[tuple[int, int], str], in_key: dict[tuple[int, int], str]) -> dict[str, list[tuple[int, str]]]:
    """For each hidden node, every (page, worksheet text) where the key prints its label, from the
    marked-content texts of the worksheet and of its key."""
    numbers = section_numbers(document.sections)
    hidden = {_squeeze(node.label_text): node for _, node in walk(document.sections) if node.id in hidden_ids}
    found: dict[str, list[tuple[int, str]]] = {node.id: [] for node in hidden.values()}
    for (page, mcid), text in in_key.items():
        number, label = _numbered(text)
        node = hidden.get(label)
        if node is not None and number == numbers[node.id]:
            found[node.id].append((page, on_sheet.get((page, mcid), "")))
    return found


def test_a_hidden_label_is_blank_on_every_page_that_shows_it_and_the_key_fills_each(built, seed_document, large_print, pdf_pages, marked_texts):
    hidden = _hidden(seed_document, large_print)
    found = _hidden_runs(seed_document, hidden, marked_texts(built["worksheet.pdf"]), marked_texts(built["worksheet-answers.pdf"]))
    numbers = section_numbers(seed_document.sections)
    assert all(found.values()), [node for node, shown in found.items() if not shown]
    for node_id, shown in found.items():
        for page, text in shown:
            assert _numbered(text) == (numbers[node_id], ""), (node_id, page + 1, text)
    assert any(len({page for page, _ in shown}) > 1 for shown in found.values()), "some hidden node is on the overview and on its branch's page"
    # The subtitles and bookmarks name a hidden branch by its section number.
    assert "background" in hidden, "the seed hides branch 2, 'Background', which shares page 2"
    maps = _map_pages(built["worksheet.pdf"])
    headings = [page["text"].split(f"Page {number} ·")[0] for number, page in enumerate(pdf_pages(built["worksheet.pdf"])[1:maps], 2)]
    assert any("Section 2" in heading for heading in headings) and not any("Background" in heading for heading in headings), headings
    titles = [item.title for item in PdfReader(io.BytesIO(built["worksheet.pdf"])).outline if not isinstance(item, list)]
    assert any("Section 2" in title for title in titles) and not any("Background" in title for title in titles)


def _pinned(document: Document, label: str) -> Document:
    """The topic with the branch `label` pinned hidden on every worksheet."""
    return replace(document, sections=tuple(replace(node, recall="always") if node.label_text == label else node for node in document.sections))


def test_a_hidden_branch_alone_on_its_page_is_blank_in_the_pages_title_and_centre_and_filled_in_the_key(seed_document, large_print, faces, context, pdf_pages):
    document = _pinned(seed_document, "Drivers of cooperation")
    files = get_format("worksheet").render(document, replace(context, style=large_print))
    sheet, key = (pdf_pages(files[name]) for name in ("worksheet.pdf", "worksheet-answers.pdf"))

    def printed(page: dict) -> int:
        return sum(word["text"] == "Drivers" for word in page["words"])

    # What the key adds: the label on the overview, and as the title and the centre of the branch's page
    # (the footer's "Drivers of Cooperation" is on every page of both).
    filled = [printed(theirs) - printed(ours) for ours, theirs in zip(sheet, key)]
    page = filled.index(2)
    assert filled == [1] + [2 if index == page else 0 for index in range(1, len(key))]
    assert "Economy & investment" in sheet[page]["text"] and f"Page {page + 1} · continued from page 1" in sheet[page]["text"], "its children are on the page"
    reader = PdfReader(io.BytesIO(files["worksheet.pdf"]))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Section 4" in titles and not any("Drivers" in title for title in titles)
    assert reader.get_destination_page_number([item for item in reader.outline if not isinstance(item, list) and item.title == "Section 4"][0]) == page


def test_split_none_keeps_the_overflow_message(tmp_path, seed_path):
    for fmt in ("handout", "worksheet"):
        result = _ijprint("build", str(seed_path), "--style", "large-print", "--split", "none", "--format", fmt, "--out", str(tmp_path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and re.search(r"mind map needs (at least )?\d+% more space than A4 portrait at the 14 pt floor", errors[0]), result.stderr
    assert not (tmp_path / seed_path.stem).exists() or not any((tmp_path / seed_path.stem).iterdir())


def test_a_map_that_fits_one_page_gives_the_same_handout_with_or_without_split(seed_document, context):
    handout = get_format("handout")
    split = replace(context, style=replace(context.style, map_split="branches"))
    assert handout.render(seed_document, split) == handout.render(seed_document, context)


def test_auto_orientation_turns_every_page_one_way(seed_document, large_print, context, pdf_pages):
    """A split map may turn its pages either way for 'auto'; a double-sided handout is turned once."""
    auto = replace(context, style=replace(large_print, orientation="auto"))
    mindmap = pdf_pages(get_format("mindmap").render(seed_document, auto)["mindmap.pdf"])
    assert len({page["size"] for page in mindmap}) > 1, "the map alone turns its pages both ways (else this test proves nothing)"
    for name, data in get_format("worksheet").render(seed_document, auto).items():
        assert len({page["size"] for page in pdf_pages(data)}) == 1, name


@pytest.mark.parametrize("fmt", ("handout", "worksheet"))
def test_no_word_of_a_label_is_cut_across_lines(seed_document, large_print, faces, fmt):
    """The band leaves a split page less room than mindmap.pdf's: a page with little on it must not grow
    its text until a word breaks ("cooperatio-n"), nor keep a cut that smaller sizes avoid."""
    from ijprint.layout.split_map import cuts_words
    from ijprint.render.handout_pages import layout_handout
    from ijprint.render.worksheet import NAME_CLASS_DATE

    fields = {"handout": {}, "worksheet": {"fields": NAME_CLASS_DATE, "unnamed": _hidden(seed_document, large_print)}}[fmt]
    sheets = layout_handout(seed_document, large_print, faces, **fields).maps
    assert len(sheets) > 1
    assert [sheet.title for sheet in sheets if cuts_words(sheet.layout)] == []


def _read_order(data: bytes, texts: dict[tuple[int, int], str]) -> list[tuple[int, str, str]]:
    """(page index, role, text) of every structure element with content of its own, in the tree's
    order; `texts` are the file's marked-content texts."""
    import pikepdf

    order: list[tuple[int, str, str]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

        def visit(element: pikepdf.Object) -> None:
            kids = element.get("/K")
            for kid in [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    page = pages[element.Pg.objgen]
                    order.append((page, str(element.S)[1:], texts.get((page, int(kid)), "")))
                elif kid.get("/Type") == "/MCR":
                    page = pages[kid.Pg.objgen]
                    order.append((page, str(element.S)[1:], texts.get((page, int(kid.MCID)), "")))
                else:
                    visit(kid)

        visit(pdf.Root.StructTreeRoot)
    return order


@pytest.mark.parametrize("name", FILES)
def test_the_band_is_read_once_and_each_map_page_from_its_title_through_its_branches_in_order(built, name, marked_texts):
    order = _read_order(built[name], marked_texts(built[name]))
    assert [page for page, _, text in order if HEADER in text] == [0], "the band is read on the first page only"
    assert [page for page, _, _ in order] == sorted(page for page, _, _ in order), "the pages are read one after another"
    for page in range(_map_pages(built[name])):
        read = [(role, text) for at, role, text in order if at == page and HEADER not in text]
        assert read[0][0] == "H1", (name, page + 1, read[:2])
        headings = [_numbered(text)[0] for role, text in read if role == "H2"]
        assert headings == sorted(headings, key=lambda number: [int(part) for part in number.split(".")]), (name, page + 1, headings)
    back = [role for at, role, _ in order if at == _map_pages(built[name])]
    assert back[:2] == ["H1", "H2"], back[:3]
