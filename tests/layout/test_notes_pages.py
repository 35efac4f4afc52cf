"""layout/notes_pages.py with a fixed-width measure: any content on any paper lands inside the margins,
no two lines overlap, every word is placed once and in order, headings keep their first lines, tables
repeat their header, the last page's columns are balanced, and pages are numbered "Page X of Y"."""

from __future__ import annotations

import dataclasses
import os
import re
from collections import defaultdict

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ijprint.layout.boxes import TextLine
from ijprint.layout.measure import FixedMeasure
from ijprint.layout.notes_pages import NotesLayout, layout_notes
from ijprint.layout.notes_spec import Bookmark, CellPart, Heading, Item, NotesContent, NotesPage, Paragraph, Table, TitleBlock
from ijprint.layout.page_spec import FaceNames, Margins, PaperSize
from ijprint.model import Span

MEASURE = FixedMeasure()
FACES = FaceNames("regular", "bold", "italic")
PAPERS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.55)}
TOL = 1e-6
# `make test` runs these counts; `make fuzz` (IJPRINT_FUZZ_SCALE=20) twenty times as many.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))


def spec_for(paper: str = "A4", margin: float = 28.35, columns: int = 2, body: float = 9.5, small: float = 7.5) -> NotesPage:
    width, height = PAPERS[paper]
    return NotesPage(
        PaperSize("portrait", width, height), Margins(margin, margin, margin, margin), columns, body * 1.5,
        body, body * 1.25, max(16.0, body * 1.9), body * 1.15, max(body * 0.95, small), max(body * 0.82, small), small, 1.2, 1.15, FACES,
    )


word_st = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=14)
spans_st = st.lists(st.builds(lambda text, bold: Span(text, bold=bold), st.lists(word_st, min_size=1, max_size=25).map(" ".join), st.booleans()), min_size=1, max_size=3).map(
    lambda spans: tuple(Span(span.text + " ", span.bold) for span in spans[:-1]) + tuple(spans[-1:])
)
cell_st = st.lists(st.builds(CellPart, st.lists(word_st, min_size=1, max_size=8).map(" ".join), st.sampled_from(["plain", "strong", "muted"])), min_size=1, max_size=2).map(tuple)


@st.composite
def content_st(draw: st.DrawFn) -> NotesContent:
    blocks: list = []
    for section in range(1, draw(st.integers(1, 5)) + 1):
        blocks.append(Heading(str(section), draw(spans_st), Bookmark(f"{section}", 0)))
        if draw(st.booleans()):
            blocks.append(Paragraph(draw(spans_st)))
        depth = 0
        for index in range(draw(st.integers(0, 12))):
            depth = draw(st.integers(1, depth + 1)) if depth else 1
            number = ".".join([str(section)] + ["1"] * (depth - 1) + [str(index + 1)])
            blocks.append(Item(number, draw(spans_st), draw(st.one_of(st.just(()), spans_st)), depth, Bookmark(number, 1) if depth == 1 else None))
    if draw(st.booleans()):
        columns = draw(st.integers(1, 3))
        rows = draw(st.lists(st.tuples(*[cell_st] * columns), min_size=1, max_size=40))
        blocks += [Heading("", (Span("Table"),), Bookmark("Table", 0)), Table(tuple(f"Head{c}" for c in range(columns)), tuple(rows))]
    title = TitleBlock(" ".join(draw(st.lists(word_st, min_size=1, max_size=10))), draw(word_st), "", draw(word_st))
    return NotesContent(title, "Header text", tuple(blocks))


spec_st = st.builds(spec_for, st.sampled_from(sorted(PAPERS)), st.floats(0, 60), st.integers(1, 3), st.floats(6, 24), st.floats(5, 9))


def box(line: TextLine) -> tuple[float, float, float, float]:
    """The glyph box PDF tools give the line: size tall, the measure's descent of it below the baseline."""
    descent = MEASURE.unit_descent("regular")
    return line.x, line.baseline - (1 - descent) * line.size, line.x + line.width, line.baseline + descent * line.size


@settings(max_examples=max(1, round(25 * SCALE)), deadline=None)
@given(content_st(), spec_st)
def test_lines_stay_inside_the_margins_and_never_overlap(content, spec):
    inner = spec.paper.width - spec.margins.left - spec.margins.right
    assume((inner - spec.column_gap * (spec.columns - 1)) / spec.columns >= 12 * spec.body_size)
    layout = layout_notes(content, spec, MEASURE)
    margins = spec.margins
    for page in layout.pages:
        boxes = [box(line) for line in page.lines if line.text.strip()]
        for x0, top, x1, bottom in boxes:
            assert x0 >= margins.left - TOL and x1 <= layout.width - margins.right + TOL
            assert top >= margins.top - TOL and bottom <= layout.height - margins.bottom + TOL
        boxes.sort(key=lambda item: item[1])
        for index, (x0, top, x1, bottom) in enumerate(boxes):
            for ox0, otop, ox1, obottom in boxes[index + 1 :]:
                if otop >= bottom - TOL:
                    break
                assert not (ox0 < x1 - TOL and x0 < ox1 - TOL), "two lines overlap"
        for fill in page.fills:
            assert fill.rect.x >= margins.left - TOL and fill.rect.right <= layout.width - margins.right + TOL
            assert fill.rect.y >= margins.top - TOL and fill.rect.bottom <= layout.height - margins.bottom + TOL


@settings(max_examples=max(1, round(25 * SCALE)), deadline=None)
@given(content_st(), spec_st)
def test_every_word_is_placed_once_in_order_and_pages_are_numbered(content, spec):
    inner = spec.paper.width - spec.margins.left - spec.margins.right
    assume((inner - spec.column_gap * (spec.columns - 1)) / spec.columns >= 12 * spec.body_size)
    layout = layout_notes(content, spec, MEASURE)
    total = len(layout.pages)
    for number, page in enumerate(layout.pages, start=1):
        assert [line.text for line in page.lines if line.text.startswith("Page ")] == [f"Page {number} of {total}"]
    # Outside tables, the words read in the content's order (table rows are checked below).
    drawn = "".join(line.text for page in layout.pages for line in page.lines if not line.text.startswith(("Page ", "Header text"))).replace(" ", "")
    expected = []
    for block in content.blocks:
        if isinstance(block, Heading):
            expected.append(block.number + "".join(span.text for span in block.text))
        elif isinstance(block, Paragraph):
            expected.append("".join(span.text for span in block.text))
        elif isinstance(block, Item):
            expected.append(block.number + "".join(span.text for span in block.label) + ("–" + "".join(span.text for span in block.text) if block.text else ""))
        else:
            for row in block.rows:
                expected.append("".join(part.text for cell in row for part in cell))
    pattern = ".*".join(re.escape(text.replace(" ", "")) for text in expected)
    assert re.search(pattern, drawn, re.DOTALL)
    anchors = [anchor.title for page in layout.pages for anchor in page.anchors]
    assert anchors == [block.bookmark.title for block in content.blocks if getattr(block, "bookmark", None)]
    assert layout_notes(content, spec, MEASURE) == layout


def _columns(layout: NotesLayout, spec: NotesPage) -> list[list[TextLine]]:
    """Lines per column, page after page (the title block, header and footer left out)."""
    inner = layout.width - spec.margins.left - spec.margins.right
    width = (inner - spec.column_gap * (spec.columns - 1)) / spec.columns
    out = []
    for page in layout.pages:
        columns = defaultdict(list)
        for line in page.lines:
            if line.text.startswith(("Page ", "Header text")) or line.width > width + TOL:
                continue
            columns[int((line.x - spec.margins.left + TOL) // (width + spec.column_gap))].append(line)
        out.extend(columns[index] for index in sorted(columns))
    return out


@settings(max_examples=max(1, round(15 * SCALE)), deadline=None)
@given(content_st())
def test_a_heading_never_ends_a_column(content):
    spec = spec_for()
    layout = layout_notes(content, spec, MEASURE)
    # The last column may end with a heading that nothing follows.
    for column in _columns(layout, spec)[:-1]:
        heading_lines = [index for index, line in enumerate(column) if line.size == spec.heading_size]
        if heading_lines:
            assert heading_lines[-1] < len(column) - 1, "a heading ends its column"


def test_a_long_table_repeats_its_header_in_every_column_it_continues_into():
    rows = tuple(((CellPart(f"r{index}"),), (CellPart("word " * (index % 5 + 1)),)) for index in range(400))
    content = NotesContent(TitleBlock("T"), "Header text", (Heading("", (Span("Table"),)), Table(("Left", "Right"), rows)))
    spec = spec_for()
    layout = layout_notes(content, spec, MEASURE)
    columns = _columns(layout, spec)
    assert len(columns) > 4
    for column in columns:
        texts = [line.text for line in column]
        first_row = next(index for index, text in enumerate(texts) if re.fullmatch(r"r\d+", text))
        assert texts[first_row - 2 : first_row] == ["Left", "Right"], texts[:4]
    numbers = [int(line.text[1:]) for column in columns for line in column if re.fullmatch(r"r\d+", line.text)]
    assert numbers == list(range(400))


def test_the_last_page_is_balanced():
    sentence = (Span("words " * 30),)
    content = NotesContent(TitleBlock("T"), "Header text", tuple(Paragraph(sentence) for _ in range(30)))
    spec = spec_for()
    layout = layout_notes(content, spec, MEASURE)
    columns = _columns(layout, spec)
    last_page = columns[-2:] if len(columns) % 2 == 0 else columns[-1:]
    assert len(last_page) == 2
    bottoms = [max(line.baseline for line in column) for column in last_page]
    # The columns end within two lines of each other: orphan and widow rules allow no finer balance.
    assert abs(bottoms[0] - bottoms[1]) <= 2 * spec.body_size * spec.leading + TOL


def test_lines_close_up_only_when_that_saves_a_page():
    spec = spec_for()
    tight = dataclasses.replace(spec, leading=spec.tight_leading, tight_leading=spec.tight_leading)
    plain = dataclasses.replace(spec, tight_leading=spec.leading)

    def notes(count: int) -> NotesContent:
        return NotesContent(TitleBlock("T"), "Header text", tuple(Paragraph((Span("words " * 12),)) for _ in range(count)))

    def pitch(layout: NotesLayout) -> float:
        lines = [line for line in layout.pages[0].lines if line.text.startswith("words")]
        return round(lines[1].baseline - lines[0].baseline, 6)

    saved = kept = False
    for count in range(40, 240, 5):
        normal, closed = layout_notes(notes(count), plain, MEASURE), layout_notes(notes(count), tight, MEASURE)
        chosen = layout_notes(notes(count), spec, MEASURE)
        if len(closed.pages) < len(normal.pages):
            assert chosen == closed and pitch(chosen) == round(spec.body_size * spec.tight_leading, 6)
            saved = True
        else:
            assert chosen == normal and pitch(chosen) == round(spec.body_size * spec.leading, 6)
            kept = True
    assert saved and kept


@settings(max_examples=max(1, round(25 * SCALE)), deadline=None)
@given(content_st(), spec_st, st.sampled_from([1.0, 1.1, 1.15, 1.19]))
def test_the_closed_up_layout_is_chosen_exactly_when_it_saves_a_page(content, spec, tight_leading):
    # Also where the layout decides without laying the notes out closed up (a lower bound on the pages they need).
    spec = dataclasses.replace(spec, tight_leading=tight_leading)
    normal = layout_notes(content, dataclasses.replace(spec, tight_leading=spec.leading), MEASURE)
    closed = layout_notes(content, dataclasses.replace(spec, leading=tight_leading), MEASURE)
    chosen = layout_notes(content, spec, MEASURE)
    assert chosen == (closed if len(closed.pages) < len(normal.pages) else normal)


@settings(max_examples=40, deadline=None)
@given(content_st(), spec_st)
def test_every_line_says_which_block_and_part_it_comes_from(content, spec):
    """The line's text is its source's: the title block's, a block's heading, number, item text or cell;
    a table's header is read once where it starts, its repeats are marked as such."""
    inner = spec.paper.width - spec.margins.left - spec.margins.right
    assume((inner - spec.column_gap * (spec.columns - 1)) / spec.columns >= 12 * spec.body_size)
    layout = layout_notes(content, spec, MEASURE)

    def text(spans) -> str:
        return "".join(span.text for span in spans).replace(" ", "")

    title = content.title
    headers_read: list[int] = []
    for number, page in enumerate(layout.pages, start=1):
        assert len(page.sources) == len(page.lines)
        assert [source.part for source in page.sources].count("footer") == 1 and page.sources[-1].part == "footer"
        assert [source.part for source in page.sources].count("running_header") == (number > 1)
        for line, source in zip(page.lines, page.sources):
            drawn = line.text.replace(" ", "")
            block = content.blocks[source.block] if source.block >= 0 else None
            if source.part in ("title", "subtitle", "context", "credit"):
                assert number == 1 and drawn in getattr(title, source.part).replace(" ", "")
            elif source.part in ("heading", "paragraph"):
                assert isinstance(block, (Heading, Paragraph)) and drawn in getattr(block, "number", "") + text(block.text)
            elif source.part in ("number", "item"):
                assert isinstance(block, Item)
                assert drawn in (block.number if source.part == "number" else text(block.label) + "–" + text(block.text))
            elif source.part in ("header", "repeated_header"):
                assert isinstance(block, Table) and drawn in block.headers[source.column] and source.row == -1
                if source.part == "header":
                    headers_read.append(source.block)
            elif source.part == "cell":
                assert isinstance(block, Table) and drawn in "".join(part.text for part in block.rows[source.row][source.column]).replace(" ", "")
    tables = [index for index, block in enumerate(content.blocks) if isinstance(block, Table)]
    assert sorted(set(headers_read)) == tables and len(headers_read) == sum(len(content.blocks[index].headers) for index in tables)
