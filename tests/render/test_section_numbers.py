"""One node, one number: the map, the notes, the fact tables and the handout print the same section number
("4.1.3") for the same node, read back from the files a reader gets; no printed PDF shows a machine id."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import docx
import pdfplumber
import pytest

from ijprint.build import BuildOptions, build
from ijprint.fact_rows import fact_groups, timeline_rows
from ijprint.model import section_numbers, walk
from ijprint.render.mindmap import render as render_mindmap


@pytest.fixture(scope="module")
def files(tmp_path_factory, seed_path) -> Path:
    out = tmp_path_factory.mktemp("numbers")
    [result] = build([seed_path], BuildOptions(out_dir=out, header="Springfield High · Class 10B"))
    assert result.error is None
    return out / "india-japan"


def _numbered_labels(page, reach: float = 0.6) -> dict[str, set[str]]:
    """number -> the words printed right of it on the same line, at most `reach` ems after it: the label
    it numbers (on the map), or with a wider reach the next cell of its table row."""
    words = page.extract_words(extra_attrs=["size"])
    found: dict[str, set[str]] = {}
    for word in words:
        if not word["text"][0].isdigit():
            continue
        for other in words:
            if 0 < other["x0"] - word["x1"] < reach * other["size"] and abs(other["bottom"] - word["bottom"]) < 0.35 * other["size"]:
                found.setdefault(word["text"], set()).add(other["text"])
    return found


def _expected(seed_document) -> list[tuple[str, str, str]]:
    numbers = section_numbers(seed_document.sections)
    return [(numbers[node.id], node.label_text.split()[0], node.id) for _, node in walk(seed_document.sections)]


def test_the_map_prints_every_nodes_number_before_its_label(files, seed_document):
    with pdfplumber.open(files / "mindmap.pdf") as pdf:
        printed = _numbered_labels(pdf.pages[0])
    missing = [(number, first) for number, first, _ in _expected(seed_document) if first not in printed.get(number, set())]
    assert missing == []
    assert "4.1.3" in printed and "4.3.1.5" in printed


def test_the_handout_front_prints_the_same_numbers(files, seed_document):
    with pdfplumber.open(files / "handout.pdf") as pdf:
        printed = _numbered_labels(pdf.pages[0])
    assert [(number, first) for number, first, _ in _expected(seed_document) if first not in printed.get(number, set())] == []


def test_the_notes_start_every_heading_and_item_with_the_same_number(files, seed_document):
    notes = docx.Document(str(files / "notes.docx"))
    body = [p.text for p in notes.paragraphs if p.style.name == "Heading 1" or p.style.name.startswith("List Bullet")]
    expected = [f"{number}{chr(9) if '.' not in number else ' '}{node.label_text}" for (number, _, _), (_, node) in zip(_expected(seed_document), walk(seed_document.sections))]
    starts = [text for text in body if text.split("\t")[0].split(" ")[0][0].isdigit()]
    assert len(starts) == len(expected)
    assert [text for text, prefix in zip(starts, expected) if not text.startswith(prefix)] == []


def test_the_fact_tables_and_the_csv_print_the_same_number_for_each_row(files, seed_document):
    numbers = section_numbers(seed_document.sections)
    rows = [row for group in fact_groups(seed_document) for row in group.rows]
    with pdfplumber.open(files / "facts.pdf") as pdf:
        printed = {}
        for page in pdf.pages:
            for number, firsts in _numbered_labels(page, reach=4.0).items():
                printed.setdefault(number, set()).update(firsts)
    with pdfplumber.open(files / "handout.pdf") as pdf:
        back = _numbered_labels(pdf.pages[1], reach=4.0)
    for row in rows:
        assert row.number == numbers[row.node_id]
        assert row.what.split()[0] in printed.get(row.number, set()), row
        assert row.what.split()[0] in back.get(row.number, set()), row
    table = list(csv.DictReader(io.StringIO((files / "facts.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert [(line["number"], line["node_id"]) for line in table] == [(row.number, row.node_id) for row in [*rows, *timeline_rows(seed_document)]]


def test_no_printed_pdf_shows_a_machine_id(files, seed_document):
    dotted = [node.id for _, node in walk(seed_document.sections) if "." in node.id]
    for name in ("mindmap.pdf", "facts.pdf", "handout.pdf"):
        with pdfplumber.open(files / name) as pdf:
            text = " ".join(page.extract_text() for page in pdf.pages)
        assert [node_id for node_id in dotted if node_id in text] == [], name


def test_numbers_are_a_style_option_of_the_map(seed_document, context):
    plain = replace(context, style=replace(context.style, map_numbers=False))
    with pdfplumber.open(io.BytesIO(render_mindmap(seed_document, plain)["mindmap.pdf"])) as pdf:
        text = pdf.pages[0].extract_text()
    assert "4.1.3" not in text and "1.1 " not in text
