"""handout.pdf as a teacher prints it: one double-sided sheet, the map on the front, key facts and the timeline on
the back, the class header and a name line on every page. Everything is measured from the PDF."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.build import BuildOptions, build
from ijprint.errors import PageOverflowError
from ijprint.fact_rows import fact_groups, timeline_rows
from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline, walk
from ijprint.render.handout import render as render_handout

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Springfield High · Class 10B"
SOURCES = sorted((ROOT / "tests" / "data" / "sources").iterdir())


def _words(page) -> list[dict]:
    return page.extract_words(extra_attrs=["size"])


def _text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory, seed_path) -> Path:
    """The acceptance build, through the command line: every format, with a class header."""
    out = tmp_path_factory.mktemp("handout")
    result = subprocess.run(
        [sys.executable, "-m", "ijprint", "build", str(seed_path), "--format", "all", "--header", HEADER, "--out", str(out), "--jobs", "1"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "handout.pdf" in result.stdout
    return out / "india-japan"


@pytest.fixture(scope="module")
def seed_handout(seed_build):
    with pdfplumber.open(seed_build / "handout.pdf") as pdf:
        yield pdf


def test_two_pages_of_the_same_paper_and_orientation(seed_handout, default_style):
    assert len(seed_handout.pages) == 2
    sizes = {(round(page.width), round(page.height)) for page in seed_handout.pages}
    assert len(sizes) == 1, "both sides must be turned the same way for duplex printing"
    width, height = sizes.pop()
    assert {width, height} == {round(side) for side in default_style.page_size("portrait")}


def test_front_is_the_map_and_back_the_facts_and_timeline(seed_handout, seed_document):
    front, back = (_text(page) for page in seed_handout.pages)
    front_words = " ".join(w["text"] for w in _words(seed_handout.pages[0]))
    for _, node in walk(seed_document.sections):
        assert all(word in front_words for word in node.label_text.split()), node.label_text
    for figure in ("10 trillion", "500,000", "54,000", "22.8"):
        assert figure in back, figure
    years = [row.year for row in timeline_rows(seed_document)]
    assert {"2000", "2006", "2014"} <= set(years)
    for year in years:
        assert year in back
    # Every fact and timeline row is on the back, under its section number.
    for group in fact_groups(seed_document):
        for row in group.rows:
            assert f"{row.number} {row.what.split()[0]}" in back and row.value.split()[0] in back
    for row in timeline_rows(seed_document):
        assert row.event.split()[0] in back


def test_class_header_and_name_line_on_every_page(seed_handout):
    for page in seed_handout.pages:
        text = _text(page)
        assert HEADER in text and "Name:" in text and "Date:" in text
        header = [w for w in _words(page) if w["text"] == "Springfield"][0]
        # The header is the topmost line of the page.
        assert header["top"] <= min(w["top"] for w in _words(page)) + 0.5


def test_nothing_under_seven_points_and_the_back_at_least_seven_and_a_half(seed_handout):
    front, back = seed_handout.pages
    assert min(c["size"] for c in front.chars) >= 7.0
    assert min(c["size"] for c in back.chars) >= 7.5


def test_no_overlaps_and_nothing_outside_the_margins(seed_handout, default_style, overlaps):
    m = default_style.margins
    for page in seed_handout.pages:
        words = _words(page)
        assert overlaps(words) == [], f"page {page.page_number}"
        outside = [c["text"] for c in page.chars if c["x0"] < m.left - 0.5 or c["x1"] > page.width - m.right + 0.5 or c["top"] < m.top - 0.5 or c["bottom"] > page.height - m.bottom + 0.5]
        assert outside == [], f"page {page.page_number}"


def test_back_page_numbers_its_pages_and_fonts_are_embedded(seed_build, unembedded_fonts):
    reader = PdfReader(seed_build / "handout.pdf")
    assert "Page 2 of 2" in reader.pages[1].extract_text()
    assert unembedded_fonts((seed_build / "handout.pdf").read_bytes()) == []
    assert reader.metadata.title.endswith(": handout")


def test_front_keeps_the_maps_layout_below_the_header(seed_handout, seed_build):
    """The front is the map as mindmap.pdf draws it, moved down for the band: same labels, sizes near its own."""
    with pdfplumber.open(seed_build / "mindmap.pdf") as pdf:
        alone = _words(pdf.pages[0])
    front = _words(seed_handout.pages[0])
    assert {w["text"] for w in alone} <= {w["text"] for w in front} | {"2026-11-25"}
    assert min(w["size"] for w in front) >= min(w["size"] for w in alone) - 1.0


def _render(document: Document, context, **style_changes) -> bytes:
    return render_handout(document, replace(context, style=replace(context.style, **style_changes)))["handout.pdf"]


def test_without_header_or_name_line_the_band_prints_nothing(seed_document, context):
    bare = pdfplumber.open(io.BytesIO(_render(seed_document, context, handout_header="", handout_name_line=False)))
    for page in bare.pages:
        text = _text(page)
        assert "Springfield" not in text and "Name:" not in text
    named = pdfplumber.open(io.BytesIO(_render(seed_document, context, handout_header="")))
    assert all("Name:" in _text(page) for page in named.pages)


def test_a_long_header_wraps_instead_of_running_off_the_page(seed_document, context, overlaps):
    header = " · ".join(["Kendriya Vidyalaya No. 2, Sector 8, R. K. Puram, New Delhi"] * 3)
    pdf = pdfplumber.open(io.BytesIO(_render(seed_document, context, handout_header=header)))
    for page in pdf.pages:
        words = _words(page)
        assert overlaps(words) == []
        assert max(w["x1"] for w in words) <= page.width - context.style.margins.right + 0.5
        assert _text(page).count("Kendriya") == 3


def test_a_large_topic_continues_on_more_pages_and_drops_no_row(context, overlaps):
    facts = tuple(Fact(f"Measure {i} of the survey", f"{i * 37 % 1000} units", f"{1900 + i % 120}", note="note " * (i % 5)) for i in range(240))
    timeline = tuple(TimelineEntry(str(1800 + i), f"Event number {i}") for i in range(60))
    section = Node("big", parse_inline("Big section"), children=(Node("big.figures", parse_inline("Figures"), facts=facts, timeline=timeline),))
    document = Document(Metadata("Large topic"), (section,))
    pdf = pdfplumber.open(io.BytesIO(render_handout(document, context)["handout.pdf"]))
    assert len(pdf.pages) > 2
    assert len({(round(p.width), round(p.height)) for p in pdf.pages}) == 1
    back = " ".join(_text(page) for page in pdf.pages[1:])
    assert [i for i in range(240) if f"Measure {i} of" not in back] == []
    assert [i for i in range(60) if f"Event number {i}" not in back] == []
    for page in pdf.pages[1:]:
        assert overlaps(_words(page)) == []
        assert min(c["size"] for c in page.chars) >= context.style.small_size - 0.01
        assert f"Page {page.page_number} of {len(pdf.pages)}" in _text(page)


@pytest.mark.parametrize("source", SOURCES, ids=[path.name for path in SOURCES])
def test_every_fixture_builds_a_handout_or_says_it_overflows(source, tmp_path, overlaps):
    """Outlines from Markdown, FreeMind and OPML: a handout, or the map's one-line overflow message."""
    [result] = build([source], BuildOptions(formats=("handout",), out_dir=tmp_path, replace_missing=True, header=HEADER))
    if result.error:
        assert "more space than" in result.error and "--max-depth" in result.error, result.error
        return
    with pdfplumber.open(result.artifacts[0].path) as pdf:
        assert len(pdf.pages) >= 2
        assert len({(round(p.width), round(p.height)) for p in pdf.pages}) == 1
        for page in pdf.pages:
            assert HEADER in _text(page)
            assert overlaps(_words(page)) == []
            assert min(c["size"] for c in page.chars) >= 7.0


def test_overflow_is_the_maps_message(default_style, faces, context):
    sections = tuple(Node(f"s{i}", parse_inline(f"Branch {i}"), children=tuple(Node(f"s{i}.c{j}", parse_inline(f"Child {i}.{j} with a label")) for j in range(30))) for i in range(12))
    with pytest.raises(PageOverflowError) as info:
        render_handout(Document(Metadata("Too big"), sections), context)
    assert "more space than A4" in info.value.one_line()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ijprint", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_school_keeps_its_header_in_its_style_and_header_overrides_it(tmp_path, seed_path):
    school = tmp_path / "school.yaml"
    school.write_text('format: 1\nextends: default\nhandout:\n  header: "Green Valley School · Class 9A"\n  name_line: false\n', encoding="utf-8")
    out = tmp_path / "out"
    assert _cli("build", str(seed_path), "--format", "handout", "--style", str(school), "--out", str(out)).returncode == 0
    text = _text(pdfplumber.open(out / "india-japan" / "handout.pdf").pages[1])
    assert "Green Valley School · Class 9A" in text and "Name:" not in text
    again = _cli("build", str(seed_path), "--format", "handout", "--style", str(school), "--header", HEADER, "--out", str(out))
    assert again.returncode == 0 and "1 artifact(s) written" in again.stdout
    text = _text(pdfplumber.open(out / "india-japan" / "handout.pdf").pages[1])
    assert HEADER in text and "Green Valley" not in text


def test_a_header_with_a_control_character_is_a_one_line_usage_error(tmp_path, seed_path):
    result = _cli("build", str(seed_path), "--format", "handout", "--header", "Class\x1b[31m 10B", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "U+001B" in result.stderr and "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_manifest_verify_and_incremental_builds_cover_the_handout(tmp_path, seed_path):
    out = tmp_path / "out"
    first = _cli("build", str(seed_path), "--header", HEADER, "--out", str(out), "--jobs", "2")
    assert first.returncode == 0 and "india-japan/handout.pdf" in first.stdout
    assert '"format": "handout"' in (out / "manifest.json").read_text(encoding="utf-8")
    verified = _cli("verify", "--out", str(out))
    assert verified.returncode == 0, verified.stderr
    second = _cli("build", str(seed_path), "--header", HEADER, "--out", str(out), "--format", "handout")
    assert "0 artifact(s) written, 1 up to date" in second.stdout
    # The header is part of the style, so a new one rebuilds the handout.
    third = _cli("build", str(seed_path), "--header", "Another class", "--out", str(out), "--format", "handout")
    assert "1 artifact(s) written" in third.stdout
    assert "Another class" in _text(pdfplumber.open(out / "india-japan" / "handout.pdf").pages[0])


def test_a_header_the_font_cannot_draw_is_one_content_error(seed_document, context):
    from ijprint.errors import ContentError

    with pytest.raises(ContentError) as info:
        _render(seed_document, context, handout_header="Class 10B \ue000")
    assert "U+E000" in info.value.one_line() and "--header" in info.value.one_line()
