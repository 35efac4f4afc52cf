"""render/notes_pdf.py: what a reader checks in notes.pdf, measured on the PDF itself (pdfplumber, pypdf):
pages, type sizes, every name, figure and year, the outline, no overlapping text, nothing outside the
margins, embedded fonts, greys for print-bw, and the same bytes on every build."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.build import BuildOptions, build
from ijprint.fonts import load_fonts
from ijprint.model import Document, Fact, Metadata, Node, Span, TimelineEntry, section_numbers, walk
from ijprint.render.notes_pdf import render_notes_pdf
from ijprint.sources import load_document
from ijprint.style import load_style, with_page

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "sources"
A4 = (595.28, 841.89)
TOLERANCE = 0.05


@pytest.fixture(scope="module")
def notes_pdf(seed_document, default_style, faces, context) -> bytes:
    return render_notes_pdf(seed_document, default_style, faces, context)


@pytest.fixture(scope="module")
def pdf(notes_pdf):
    with pdfplumber.open(io.BytesIO(notes_pdf)) as opened:
        yield opened


def reading_lines(page) -> list[str]:
    """The page's text lines in the order they are drawn (the notes draw in reading order: the title
    block, then each column top down), a new line wherever the text moves down or back."""
    lines: list[str] = []
    previous = None
    for char in page.chars:
        # matrix[5]: the baseline, which a smaller number shares with the label it stands before.
        if previous is None or abs(char["matrix"][5] - previous["matrix"][5]) > 0.5 or char["x0"] < previous["x0"] - 1:
            lines.append("")
        lines[-1] += char["text"]
        previous = char
    return [line.strip() for line in lines]


def reading_text(pdf) -> tuple[str, str]:
    """All the text with lines joined by a space (words wrapped at a space) and by nothing (words cut
    inside, as a table cell cuts "Apr–Jan" after its dash), whitespace collapsed."""
    lines = [line for number, page in enumerate(pdf.pages) for line in _body_lines(reading_lines(page), number)]
    return " ".join(" ".join(lines).split()), " ".join("".join(lines).split())


def _body_lines(lines: list[str], number: int) -> list[str]:
    """A page's lines without its furniture (the running header from page 2 on, the "Page X of Y"
    footer), so a sentence that runs on over a page break reads as one."""
    body = lines[1:] if number else lines
    return [line for line in body if not re.fullmatch(r"Page \d+ of \d+", line)]


def contains(text: tuple[str, str], term: str) -> bool:
    term = " ".join(term.split())
    return term in text[0] or term in text[1]


def overlapping_words(page, kerning: float = TOLERANCE) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap; on one baseline they may overlap by `kerning` (shaped
    Devanagari pulls glyphs together, and pdfplumber may cut a word between two of them)."""
    words = sorted(page.extract_words(), key=lambda word: word["top"])
    found = []
    for index, word in enumerate(words):
        for other in words[index + 1 :]:
            if other["top"] >= word["bottom"] - TOLERANCE:
                break
            allowed = kerning if abs(other["bottom"] - word["bottom"]) < 0.5 else TOLERANCE
            if other["x0"] < word["x1"] - allowed and word["x0"] < other["x1"] - allowed and other["bottom"] > word["top"] + TOLERANCE:
                found.append((word["text"], other["text"]))
    return found


def outside_margins(page, margins) -> list[str]:
    left, top = margins.left - TOLERANCE, margins.top - TOLERANCE
    right, bottom = page.width - margins.right + TOLERANCE, page.height - margins.bottom + TOLERANCE
    out = [char["text"] for char in page.chars if char["x0"] < left or char["x1"] > right or char["top"] < top or char["bottom"] > bottom]
    out += [f"{kind} at {item['x0']:.1f},{item['top']:.1f}" for kind in ("rects", "lines") for item in getattr(page, kind)
            if item["x0"] < left or item["x1"] > right or item["top"] < top or item["bottom"] > bottom]
    return out


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry, in order."""
    found = []

    def walk_entries(entries, level):
        for entry in entries:
            if isinstance(entry, list):
                walk_entries(entry, level + 1)
            else:
                found.append((level, entry.title, reader.get_destination_page_number(entry)))

    walk_entries(reader.outline, 0)
    return found


# ---------------------------------------------------------------- the seed, default style


def test_seed_fits_three_a4_portrait_pages(pdf):
    assert 1 <= len(pdf.pages) <= 3
    assert all((round(page.width, 2), round(page.height, 2)) == A4 for page in pdf.pages)


def test_body_text_is_at_least_nine_points(pdf, default_style):
    sizes = [char["size"] for page in pdf.pages for char in page.chars if char["text"].strip()]
    assert statistics.median(sizes) >= 9.0
    # Numbers, header and footer are smaller, never below the style's small size.
    assert min(sizes) >= default_style.small_size - TOLERANCE


def test_every_article_term_is_in_the_notes(pdf, article_terms):
    text = reading_text(pdf)
    assert not [term for term in article_terms if not contains(text, term)]


def test_every_node_fact_and_timeline_entry_is_in_the_notes(pdf, seed_document):
    text = reading_text(pdf)
    missing = []
    for _, node in walk(seed_document.sections):
        missing += [piece for piece in (node.label_text, node.text_plain) if piece and not contains(text, piece)]
        missing += [piece for fact in node.facts for piece in (fact.what, fact.value, fact.period, fact.note) if piece and not contains(text, piece)]
        missing += [piece for entry in node.timeline for piece in (entry.year, entry.event) if not contains(text, piece)]
    assert not missing


def test_headings_and_items_carry_their_section_numbers(pdf, seed_document):
    lines = [line for page in pdf.pages for line in reading_lines(page)]
    numbers = section_numbers(seed_document.sections)
    for section in seed_document.sections:
        assert f"{numbers[section.id]} {section.label_text}" in lines
    # An item's number is drawn before its label, on the label's first line.
    for depth, node in walk(seed_document.sections):
        if depth >= 2:
            first_word = node.label_text.split()[0]
            assert any(line.startswith(f"{numbers[node.id]} {first_word}") for line in lines), numbers[node.id]


def test_outline_has_every_section_and_sub_section_on_its_page(notes_pdf, pdf, seed_document):
    entries = outline(PdfReader(io.BytesIO(notes_pdf)))
    assert len(entries) >= 7
    numbers = section_numbers(seed_document.sections)
    expected = []
    for section in seed_document.sections:
        expected.append((0, f"{numbers[section.id]} {section.label_text}"))
        expected += [(1, f"{numbers[child.id]} {child.label_text}") for child in section.children]
    expected += [(0, "Timeline"), (0, "Key figures")]
    assert [(level, title) for level, title, _ in entries] == expected
    for level, title, page in entries:
        words = title.split(" ", 1)[-1].split()
        page_text = " ".join(" ".join(reading_lines(pdf.pages[page])).split())
        assert " ".join(words) in page_text, f"{title!r} does not lead to its page"


def test_no_words_overlap_and_nothing_leaves_the_margins(pdf, default_style):
    for page in pdf.pages:
        assert not overlapping_words(page), page.page_number
        assert not outside_margins(page, default_style.margins), page.page_number


def test_running_header_from_page_two_and_page_x_of_y_on_every_page(pdf, seed_document):
    total = len(pdf.pages)
    for number, page in enumerate(pdf.pages, start=1):
        lines = reading_lines(page)
        assert f"Page {number} of {total}" in lines
        if number > 1:
            top_line = min(page.chars, key=lambda char: char["top"])
            header = [line for line in lines if line == seed_document.meta.title]
            assert header and top_line["size"] < 9
    assert reading_lines(pdf.pages[0])[0] == seed_document.meta.title


def test_fonts_are_embedded_and_metadata_set(notes_pdf, seed_document, context, unembedded_fonts):
    reader = PdfReader(io.BytesIO(notes_pdf))
    assert all(page["/Resources"]["/Font"] for page in reader.pages)
    assert unembedded_fonts(notes_pdf) == []
    meta, info = seed_document.meta, reader.metadata
    assert info.title == meta.title and info.author == meta.author
    assert info.subject == meta.subtitle and info["/Keywords"] == ", ".join(meta.tags)
    assert info["/Creator"] == context.generator and info["/CreationDate"].startswith(context.build_time.strftime("D:%Y%m%d"))


def test_bytes_are_the_same_on_every_render_and_in_other_processes(notes_pdf, seed_document, default_style, faces, context, seed_path, tmp_path):
    assert render_notes_pdf(seed_document, default_style, faces, context) == notes_pdf
    # Two builds in fresh processes with different hash seeds: no set or dict order reaches the bytes.
    built = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        command = [sys.executable, "-m", "ijprint", "build", str(seed_path), "--format", "notes", "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        built.append((out / "india-japan" / "notes.pdf").read_bytes())
    assert built[0] == built[1]
    # The same layout as in this process: only the generator string differs.
    with pdfplumber.open(io.BytesIO(built[0])) as opened:
        assert [reading_lines(page) for page in opened.pages] == [reading_lines(page) for page in pdfplumber.open(io.BytesIO(notes_pdf)).pages]


# ---------------------------------------------------------------- other styles and papers


def _render_with(style, seed_document, context) -> bytes:
    faces = load_fonts(style.fonts)
    return render_notes_pdf(seed_document, style, faces, dataclasses.replace(context, style=style, faces=faces))


@pytest.mark.parametrize("name", ["print-bw", "large-print", "letter"])
def test_other_styles_build_readable_notes_inside_their_margins(name, seed_document, default_style, context, article_terms):
    style = with_page(default_style, paper="Letter") if name == "letter" else load_style(name)
    data = _render_with(style, seed_document, context)
    width, height = style.page_size("portrait")
    with pdfplumber.open(io.BytesIO(data)) as opened:
        assert all((page.width, page.height) == pytest.approx((width, height)) for page in opened.pages)
        for page in opened.pages:
            assert not overlapping_words(page) and not outside_margins(page, style.margins)
        text = reading_text(opened)
        assert not [term for term in article_terms if not contains(text, term)]
        sizes = [char["size"] for page in opened.pages for char in page.chars if char["text"].strip()]
        assert statistics.median(sizes) >= style.notes_pdf_size - TOLERANCE
        assert min(sizes) >= style.small_size - TOLERANCE
        if name == "print-bw":
            colours = [char["non_stroking_color"] for page in opened.pages for char in page.chars]
            colours += [item[key] for page in opened.pages for item in page.rects + page.lines for key in ("non_stroking_color", "stroking_color") if item.get(key)]
            assert all(_grey(colour) for colour in colours), {tuple(colour) for colour in colours if not _grey(colour)}


def _grey(colour) -> bool:
    values = tuple(colour) if isinstance(colour, (tuple, list)) else (colour,)
    return len(values) == 1 or max(values) - min(values) < 1e-3


def test_large_print_stays_large(seed_document, context):
    style = load_style("large-print")
    assert style.notes_pdf_size >= 16
    with pdfplumber.open(io.BytesIO(_render_with(style, seed_document, context))) as opened:
        sizes = [char["size"] for page in opened.pages for char in page.chars if char["text"].strip()]
    assert statistics.median(sizes) >= 16 - TOLERANCE


# ---------------------------------------------------------------- other content


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_every_source_fixture_builds_notes_pdf(path: Path, tmp_path: Path, default_style):
    # Devanagari and Chinese are outside the embedded font: those fixtures build with placeholders.
    [result] = build([path], BuildOptions(out_dir=tmp_path, jobs=1, formats=("notes",), replace_missing=True))
    assert result.error is None, result.error
    [pdf_file] = [artifact.path for artifact in result.artifacts if artifact.path.name == "notes.pdf"]
    with pdfplumber.open(pdf_file) as opened:
        for page in opened.pages:
            assert not overlapping_words(page) and not outside_margins(page, default_style.margins)
        text = reading_text(opened)
    document = load_document(path)
    labels = [node.label_text for _, node in walk(document.sections)]
    drawable = [label for label in labels if label.isascii()]
    assert not [label for label in drawable if not contains(text, label)]


def _long_document(sections: int, items: int) -> Document:
    """Many sections of many two-line items, a long timeline and many facts: a table has to continue."""
    sentence = "A sentence long enough to wrap onto a second line in a column of the notes, and then some more words."
    nodes = tuple(
        Node(
            id=f"s{index}",
            label=(Span(f"Section {index}"),),
            children=tuple(Node(id=f"s{index}.c{child}", label=(Span(f"Item {index}.{child}"),), text=(Span(sentence),)) for child in range(items)),
            facts=tuple(Fact(what=f"Figure {index}-{fact}", value=f"{fact} units", note="a note") for fact in range(6)),
            timeline=tuple(TimelineEntry(year=str(1900 + index * 7 + entry), event=f"Event {index}-{entry}") for entry in range(5)),
        )
        for index in range(sections)
    )
    return Document(Metadata(title="Long topic " * 20, subtitle="Subtitle"), nodes)


def test_long_notes_continue_tables_under_a_repeated_header(default_style, faces, context):
    document = _long_document(12, 14)
    data = render_notes_pdf(document, default_style, faces, context)
    with pdfplumber.open(io.BytesIO(data)) as opened:
        assert len(opened.pages) > 3
        for page in opened.pages:
            assert not overlapping_words(page) and not outside_margins(page, default_style.margins)
        text = reading_text(opened)
        # Every column holding key-figure rows opens with the header (or the heading) above them.
        columns_with_facts = headers = 0
        for page in opened.pages:
            middle = page.width / 2
            for left, right in ((0, middle), (middle, page.width)):
                lines = reading_lines(page.crop((left, 0, right, page.height)))
                if any(re.search(r"Figure \d+-\d+", line) for line in lines):
                    columns_with_facts += 1
                    headers += any(line.replace(" ", "") == "§WhatValue" for line in lines)
        # The running header is cut to one line with an ellipsis.
        assert any(line.endswith("…") for line in reading_lines(opened.pages[1]) if line.startswith("Long topic"))
    assert columns_with_facts >= 2 and headers == columns_with_facts
    assert all(contains(text, f"Figure {index}-{fact}") for index in range(12) for fact in range(6))


# ---------------------------------------------------------------- Devanagari


DEVANAGARI = {
    "hindi_notes.md": ROOT / "tests" / "data" / "devanagari" / "hindi_notes.md",
    "india-japan-hi.yaml": ROOT / "content" / "india-japan-hi.yaml",
}
DEVANAGARI_WORD = re.compile("[\u0900-\u097f\u200c\u200d]+")


def _devanagari_words(text: str) -> list[str]:
    return [word for word in DEVANAGARI_WORD.findall(text) if word.strip("\u0964\u0965\u200c\u200d")]


@pytest.mark.parametrize("name", sorted(DEVANAGARI))
def test_devanagari_notes_are_shaped_embedded_and_extractable(name: str, tmp_path: Path, default_style):
    """Built without --replace-missing: a Devanagari face embedded, nothing overlapping or outside the
    margins, and pdftotext reads the words as written (each shaped run carries its ActualText)."""
    [result] = build([DEVANAGARI[name]], BuildOptions(out_dir=tmp_path, jobs=1, formats=("notes",)))
    assert result.error is None and result.warnings == (), (result.error, result.warnings)
    [pdf_file] = [artifact.path for artifact in result.artifacts if artifact.path.name == "notes.pdf"]
    embedded = set()
    for page in PdfReader(pdf_file).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/FontFile2" in font["/FontDescriptor"].get_object():
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert any(face.startswith("NotoSansDevanagari") for face in embedded), embedded
    with pdfplumber.open(pdf_file) as opened:
        for page in opened.pages:
            assert not overlapping_words(page, kerning=1.0) and not outside_margins(page, default_style.margins)
    document = load_document(DEVANAGARI[name])
    printed = _devanagari_words(" ".join(piece for _, node in walk(document.sections) for piece in (node.label_text, node.text_plain)))
    extracted = set(_devanagari_words(subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout))
    assert len(printed) >= 30
    assert sum(word in extracted for word in printed) / len(printed) >= 0.95
