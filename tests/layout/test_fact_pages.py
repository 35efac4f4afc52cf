"""Fact-table pagination: every row placed once, inside the frame, under its header, without orphan lines."""

from __future__ import annotations

import os
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.layout.boxes import Rect
from ijprint.layout.fact_pages import (
    FIRST_ROWS,
    MIN_SPLIT_LINES,
    Page,
    Paragraph,
    PlacedTable,
    TableBlock,
    TextBlock,
    cell_height,
    cell_lines,
    paginate,
)

PAD_TOP, PAD_BOTTOM = 2.5, 3.5
TOL = 1e-6

leading_st = st.sampled_from([9.15, 11.59, 14.64])
# Mostly short paragraphs, now and then one taller than any page.
lines_st = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 140))
paragraph_st = st.builds(Paragraph, lines_st, leading_st)
cell_st = st.lists(paragraph_st, min_size=1, max_size=2).map(tuple)
header_cell_st = st.integers(1, 3).map(lambda n: (Paragraph(n, 11.59),))

# `make test` runs this many examples per property; `make fuzz` (IJPRINT_FUZZ_SCALE=20) twenty times as many.
EXAMPLES = max(1, round(50 * float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))))


@st.composite
def table_st(draw: st.DrawFn) -> TableBlock:
    columns = draw(st.integers(1, 4))
    rows = draw(st.lists(st.tuples(*[cell_st] * columns), max_size=10))
    header = tuple(draw(header_cell_st) for _ in range(columns))
    return TableBlock((100.0,) * columns, header, tuple(rows), PAD_TOP, PAD_BOTTOM)


@st.composite
def flow_st(draw: st.DrawFn) -> tuple:
    blocks: list = [TextBlock(Paragraph(draw(st.integers(1, 3)), 19.52)), TextBlock(Paragraph(1, 11.59), space_before=2.0)]
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            blocks.append(TextBlock(Paragraph(draw(st.integers(0, 30)), 11.59), space_before=12.0))
        blocks.append(TextBlock(Paragraph(draw(st.integers(1, 2)), 14.64), 10.0, 4.0, keep_with_next=True))
        blocks.append(draw(table_st()))
    return tuple(blocks)


# Tall enough for a heading, a three-line header and two lines of the largest leading: real pages are far taller.
frame_st = st.builds(Rect, st.just(28.0), st.floats(20, 60), st.just(500.0), st.floats(160, 800))


def row_height(cells, lines) -> float:
    return max((cell_height(cell, start, stop) for cell, (start, stop) in zip(cells, lines)), default=0.0) + PAD_TOP + PAD_BOTTOM


def parts_of(pages: tuple[Page, ...], block: int) -> list[tuple[int, PlacedTable]]:
    return [(number, table) for number, page in enumerate(pages) for table in page.tables if table.block == block]


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_st(), frame_st)
def test_every_row_is_placed_once_in_order_line_after_line(blocks, frame):
    pages = paginate(blocks, frame)
    for index, block in enumerate(blocks):
        if not isinstance(block, TableBlock):
            continue
        parts = parts_of(pages, index)
        assert parts, f"table {index} is missing"
        assert [table.ends for _, table in parts] == [False] * (len(parts) - 1) + [True]
        assert [number for number, _ in parts] == sorted({number for number, _ in parts}), "a table is on one page twice"
        pieces: dict[int, list] = defaultdict(list)
        for _, table in parts:
            for row in table.rows:
                pieces[row.index].append(row.lines)
        assert [row.index for _, table in parts for row in table.rows] == sorted(row.index for _, table in parts for row in table.rows)
        assert sorted(pieces) == list(range(len(block.rows)))
        for number, cells in enumerate(block.rows):
            reached = [0] * len(cells)
            for lines in pieces[number]:
                assert [start for start, _ in lines] == reached, f"row {number}: a line is skipped or repeated"
                assert all(stop >= start for start, stop in lines)
                reached = [stop for _, stop in lines]
            assert reached == [cell_lines(cell) for cell in cells]
    for index, block in enumerate(blocks):
        if isinstance(block, TextBlock):
            placed = [text for page in pages for text in page.texts if text.block == index]
            assert [(text.start, text.stop) for text in placed] == list(zip([0] + [t.stop for t in placed[:-1]], [t.stop for t in placed]))
            assert (placed[-1].stop if placed else 0) == block.paragraph.lines


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_st(), frame_st)
def test_nothing_leaves_the_frame_or_overlaps(blocks, frame):
    pages = paginate(blocks, frame)
    assert pages
    for page in pages:
        spans = []
        for text in page.texts:
            spans.append((text.top, text.top + (text.stop - text.start) * blocks[text.block].paragraph.leading))
        for table in page.tables:
            block = blocks[table.block]
            assert table.header.height == row_height(block.header, table.header.lines)
            spans.append((table.header.top, table.header.top + table.header.height))
            for row in table.rows:
                assert abs(row.height - row_height(block.rows[row.index], row.lines)) < TOL
                spans.append((row.top, row.top + row.height))
        for top, bottom in spans:
            assert top >= frame.y - TOL and bottom <= frame.bottom + TOL, (top, bottom, frame)
        spans.sort()
        for (_, bottom), (top, _) in zip(spans, spans[1:]):
            assert top >= bottom - TOL, "two placed items overlap"
    assert all(page.texts or page.tables for page in pages[1:]), "an empty page"


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_st(), frame_st)
def test_every_page_of_a_table_starts_with_its_header_and_rows_follow_edge_to_edge(blocks, frame):
    pages = paginate(blocks, frame)
    for page in pages:
        for table in page.tables:
            assert table.header.index == -1
            assert table.rows or table.ends, "a header with no row under it"
            edge = table.header.top + table.header.height
            for row in table.rows:
                assert abs(row.top - edge) < TOL, "a gap or overlap between rows"
                edge = row.top + row.height


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_st(), frame_st)
def test_no_paragraph_leaves_a_single_line_behind(blocks, frame):
    pages = paginate(blocks, frame)
    for index, block in enumerate(blocks):
        if isinstance(block, TextBlock):
            placed = [text for page in pages for text in page.texts if text.block == index]
            assert all(text.stop - text.start >= MIN_SPLIT_LINES for text in placed[:-1])
            continue
        last_piece = {}
        for _, table in parts_of(pages, index):
            for row in table.rows:
                last_piece[row.index] = row
        for _, table in parts_of(pages, index):
            for row in table.rows:
                if row is last_piece[row.index]:
                    continue
                for cell, (start, stop) in zip(block.rows[row.index], row.lines):
                    first = 0
                    for paragraph in cell:
                        last = first + paragraph.lines
                        # A paragraph cut at this piece's end must show at least MIN_SPLIT_LINES lines here.
                        if first < stop < last:
                            assert stop - max(start, first) >= MIN_SPLIT_LINES, f"row {row.index}: orphan line"
                        first = last


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_st(), frame_st)
def test_a_heading_keeps_the_header_and_first_rows_on_its_page(blocks, frame):
    pages = paginate(blocks, frame)
    for index, block in enumerate(blocks):
        if not (isinstance(block, TextBlock) and block.keep_with_next and block.paragraph.lines):
            continue
        table = blocks[index + 1]
        where = [number for number, page in enumerate(pages) for text in page.texts if text.block == index]
        number = where[-1]
        heading = next(text for text in pages[number].texts if text.block == index)
        if abs(heading.top - frame.y) < TOL:
            continue  # at the top of a page already: nothing better to do
        first_page, part = parts_of(pages, index + 1)[0]
        assert first_page == number, "the table starts on a later page than its heading"
        fresh_room = frame.height - part.header.height
        for wanted in range(min(FIRST_ROWS, len(table.rows))):
            assert wanted < len(part.rows), f"row {wanted} is not under its heading"
            row = part.rows[wanted]
            whole = row_height(table.rows[wanted], [(0, cell_lines(cell)) for cell in table.rows[wanted]])
            if row.lines == tuple((0, cell_lines(cell)) for cell in table.rows[wanted]):
                continue
            assert whole > fresh_room, "a row that fits a page was split under its heading"
            break


def _row(lines: int) -> tuple:
    return ((Paragraph(1, 11.59),), (Paragraph(lines, 11.59),))


def test_a_row_that_fits_a_page_moves_whole_and_a_taller_one_is_continued_under_the_header():
    frame = Rect(0.0, 0.0, 200.0, 300.0)
    header = ((Paragraph(1, 11.59),), (Paragraph(1, 11.59),))
    table = TableBlock((100.0, 100.0), header, (_row(15), _row(15), _row(60)), PAD_TOP, PAD_BOTTOM)
    pages = paginate((table,), frame)
    rows = [[(row.index, row.lines) for row in page.tables[0].rows] for page in pages]
    # Row 1 (15 lines) does not fit under row 0 but fits a page: it moves whole.
    assert rows[0] == [(0, ((0, 1), (0, 15)))]
    assert rows[1][0] == (1, ((0, 1), (0, 15)))
    # Row 2 (60 lines) fits no page: it starts where there is room and continues page after page.
    pieces = [lines for page in rows for index, lines in page if index == 2]
    assert len(pieces) >= 3 and pieces[-1][1][1] == 60
    for page in pages[2:]:
        placed = page.tables[0]
        assert placed.rows[0].index == 2 and placed.rows[0].top == placed.header.top + placed.header.height


def test_an_empty_flow_still_makes_one_page():
    assert paginate((), Rect(0.0, 0.0, 100.0, 100.0)) == (Page((), ()),)


def test_a_row_of_empty_cells_at_a_page_bottom_moves_to_the_next_page():
    empty = ((Paragraph(0, 9.15),), (Paragraph(0, 9.15),))
    header = ((Paragraph(1, 11.59),), (Paragraph(1, 11.59),))
    table = TableBlock((100.0, 100.0), header, (empty,) * 40, PAD_TOP, PAD_BOTTOM)
    pages = paginate((table,), Rect(0.0, 0.0, 200.0, 100.0))
    assert len(pages) > 1
    assert [row.index for page in pages for row in page.tables[0].rows] == list(range(40))


def test_a_heading_over_a_row_taller_than_a_page_starts_on_the_page_it_reaches():
    # Moving the heading on would not keep the row whole anyway: it is split wherever it starts.
    frame = Rect(0.0, 0.0, 200.0, 400.0)
    intro = TextBlock(Paragraph(10, 11.59))
    heading = TextBlock(Paragraph(1, 14.64), 10.0, 4.0, keep_with_next=True)
    header = ((Paragraph(1, 11.59),), (Paragraph(1, 11.59),))
    table = TableBlock((100.0, 100.0), header, (_row(1), _row(80)), PAD_TOP, PAD_BOTTOM)
    pages = paginate((intro, heading, table), frame)
    assert [text.block for text in pages[0].texts] == [0, 1]
    first = pages[0].tables[0]
    assert [row.index for row in first.rows] == [0, 1] and first.rows[1].lines[1][1] >= MIN_SPLIT_LINES
