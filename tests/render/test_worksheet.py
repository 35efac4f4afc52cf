"""worksheet.pdf and worksheet-answers.pdf as a teacher hands them out: the map with labels to fill in, the
facts and the timeline to complete, and a key that fills every blank; everything measured from the PDFs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.build import BuildOptions, build
from ijprint.model import walk
from ijprint.sources import load_document

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Springfield High · Class 10B"
SOURCES = sorted((ROOT / "tests" / "data" / "sources").iterdir())
KEY_FIGURES = ("10 trillion", "68", "38", "22.8", "500,000", "50,000", "54,000", "5 lakh", *(str(year) for year in range(2000, 2025)))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ijprint", *args], cwd=ROOT, capture_output=True, text=True)


def _build(out: Path, source: Path, *options: str) -> Path:
    result = _cli("build", str(source), "--format", "mindmap,worksheet", "--header", HEADER, "--out", str(out), "--jobs", "1", *options)
    assert result.returncode == 0, result.stderr
    return out / source.stem


def _words(path: Path, page: int | None = None) -> list[str]:
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages if page is None else [pdf.pages[page]]
        return [word["text"] for one in pages for word in one.extract_words()]


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))


def _figures(text: str) -> set[str]:
    return {figure for figure in KEY_FIGURES if re.search(r"(?<![\d,.])" + re.escape(figure) + r"(?![\d,])", text)}


def _share_of_map_words(folder: Path, name: str) -> float:
    on_map = set(_words(folder / "mindmap.pdf"))
    return len(on_map & set(_words(folder / name, 0))) / len(on_map)


@pytest.fixture(scope="module")
def seed_sheets(tmp_path_factory, seed_path) -> Path:
    return _build(tmp_path_factory.mktemp("worksheet"), seed_path)


def test_the_worksheet_map_hides_labels_and_the_answers_show_them(seed_sheets):
    assert _share_of_map_words(seed_sheets, "worksheet.pdf") <= 0.80
    assert _share_of_map_words(seed_sheets, "worksheet-answers.pdf") >= 0.95


def test_key_figures_are_mostly_hidden_and_all_in_the_answers(seed_sheets, seed_path):
    in_content = _figures(seed_path.read_text(encoding="utf-8"))
    assert len(in_content) >= 15
    shown = _figures(_text(seed_sheets / "worksheet.pdf"))
    assert len(shown & in_content) <= 0.6 * len(in_content), sorted(shown)
    assert _figures(_text(seed_sheets / "worksheet-answers.pdf")) >= in_content


def test_blank_zero_shows_every_map_word(tmp_path, seed_path):
    folder = _build(tmp_path, seed_path, "--blank", "0")
    assert _share_of_map_words(folder, "worksheet.pdf") == 1.0


def test_same_seed_same_bytes_and_another_seed_another_selection(tmp_path, seed_path):
    one = _build(tmp_path / "a", seed_path, "--seed", "1")
    again = _build(tmp_path / "b", seed_path, "--seed", "1")
    two = _build(tmp_path / "c", seed_path, "--seed", "2")
    for name in ("worksheet.pdf", "worksheet-answers.pdf"):
        assert (one / name).read_bytes() == (again / name).read_bytes()
    assert set(_words(one / "worksheet.pdf", 0)) != set(_words(two / "worksheet.pdf", 0))


def test_sheets_read_cleanly(seed_sheets, default_style, unembedded_fonts):
    m = default_style.margins
    for name in ("worksheet.pdf", "worksheet-answers.pdf"):
        with pdfplumber.open(seed_sheets / name) as pdf:
            assert len(pdf.pages) >= 2
            for page in pdf.pages:
                words = page.extract_words()
                clashes = [(a["text"], b["text"]) for i, a in enumerate(words) for b in words[i + 1 :]
                           if a["x0"] < b["x1"] - 0.2 and b["x0"] < a["x1"] - 0.2 and a["top"] < b["bottom"] - 0.2 and b["top"] < a["bottom"] - 0.2]
                assert clashes == [], (name, page.page_number)
                outside = [c["text"] for c in page.chars if c["x0"] < m.left - 0.5 or c["x1"] > page.width - m.right + 0.5
                           or c["top"] < m.top - 0.5 or c["bottom"] > page.height - m.bottom + 0.5]
                assert outside == [], (name, page.page_number)
                assert min(c["size"] for c in page.chars) >= 7.0
                text = page.extract_text()
                assert HEADER in text and "Name:" in text
        assert unembedded_fonts((seed_sheets / name).read_bytes()) == []


def test_answers_sit_where_the_blanks_are(seed_sheets):
    """Every word the worksheet prints is on the key at the same place, so the key lays over the sheet."""
    with pdfplumber.open(seed_sheets / "worksheet.pdf") as sheet, pdfplumber.open(seed_sheets / "worksheet-answers.pdf") as key:
        assert len(sheet.pages) == len(key.pages)
        for ours, theirs in zip(sheet.pages, key.pages):
            placed = {(w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in theirs.extract_words()}
            for word in ours.extract_words():
                if word["text"].startswith("Worksheet") or word["text"] in ("answers",):
                    continue
                assert (word["text"], round(word["x0"], 1), round(word["top"], 1)) in placed, word["text"]
            # The answers are in a style of their own (grey on the map, italic in the tables).
            looks = {(c["fontname"], str(c["non_stroking_color"])) for c in theirs.chars} - {(c["fontname"], str(c["non_stroking_color"])) for c in ours.chars}
            assert looks, "the key prints its answers in a style the worksheet does not use"


def test_print_bw_and_large_print_styles_apply(tmp_path, seed_path):
    folder = _build(tmp_path, seed_path, "--style", "print-bw")
    with pdfplumber.open(folder / "worksheet-answers.pdf") as pdf:
        colours = {tuple(c["non_stroking_color"] or ()) for page in pdf.pages for c in page.chars}
    assert all(len(set(colour)) <= 1 for colour in colours), colours


def test_recall_pins_from_the_content(tmp_path):
    source = tmp_path / "pinned.yaml"
    source.write_text(
        'format: 1\nmeta:\n  title: "Pins"\nsections:\n'
        '  - label: "Shown always"\n    recall: never\n    children:\n      - label: "Hidden Kolkata 1947"\n        recall: always\n'
        '      - label: "Other child"\n'
        '  - label: "Second branch"\n    facts:\n      - what: "A clue"\n        value: "1234"\n        recall: never\n'
        '      - what: "A quiz"\n        value: "5678"\n',
        encoding="utf-8",
    )
    folder = _build(tmp_path / "out", source, "--blank", "0")
    text = _text(folder / "worksheet.pdf")
    assert "Shown always" in text and "Kolkata" not in text
    assert "1234" in text and "5678" not in text
    assert "5678" in _text(folder / "worksheet-answers.pdf")


def test_a_bad_recall_value_is_one_line(tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text('format: 1\nmeta:\n  title: "Bad"\nsections:\n  - label: "A"\n    recall: sometimes\n', encoding="utf-8")
    result = _cli("build", str(source), "--format", "worksheet", "--out", str(tmp_path / "out"))
    first = result.stderr.splitlines()[0]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad.yaml:6:13" in first and "sections[0].recall" in first and "always, never" in first


@pytest.mark.parametrize("source", SOURCES, ids=[path.name for path in SOURCES])
def test_every_fixture_builds_a_worksheet_or_says_it_overflows(source, tmp_path):
    """Outlines without facts or a timeline give a map-only worksheet (and its key)."""
    [result] = build([source], BuildOptions(formats=("worksheet",), out_dir=tmp_path, replace_missing=True, header=HEADER))
    if result.error:
        assert "more space than" in result.error, result.error
        return
    assert sorted(artifact.path.name for artifact in result.artifacts) == ["worksheet-answers.pdf", "worksheet.pdf"]
    document = load_document(source)
    asks = any(node.facts or node.timeline for _, node in walk(document.sections))
    with pdfplumber.open(result.artifacts[0].path) as pdf:
        assert (len(pdf.pages) >= 2) == asks
        assert HEADER in pdf.pages[0].extract_text()
        assert min(c["size"] for page in pdf.pages for c in page.chars) >= 7.0


def test_no_bookmark_gives_a_hidden_branch_away(seed_sheets, seed_document):
    """A reader opening the bookmarks pane sees section numbers for the hidden main branches, never their labels."""
    from ijprint.recall import recall_plan
    from ijprint.style import load_style

    style = load_style("default")
    hidden = recall_plan(seed_document, style.worksheet_blank, style.worksheet_seed).hidden_nodes
    branches = [node for node in seed_document.sections if node.id in hidden]
    assert branches, "the seed's worksheet hides some main branch"
    titles = [item.title for item in PdfReader(seed_sheets / "worksheet.pdf").outline if not isinstance(item, list)]
    for number, node in enumerate(seed_document.sections, 1):
        if node in branches:
            assert node.label_text not in titles and f"Section {number}" in titles, titles
        else:
            assert node.label_text in titles, titles
