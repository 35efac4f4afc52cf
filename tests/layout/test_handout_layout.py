"""layout/handout.py with a fixed-width measure: the class-header band and the back page's size and column search."""

from __future__ import annotations

from ijprint.layout.boxes import Rect
from ijprint.layout.fact_pages import Page, Paragraph, TextBlock, paginate
from ijprint.layout.handout import fit_sheets, handout_band, heading_lines
from ijprint.layout.measure import FixedMeasure
from ijprint.layout.page_spec import FaceNames

FACES = FaceNames("regular", "bold", "italic")
FRAME = Rect(20.0, 20.0, 800.0, 500.0)
MEASURE = FixedMeasure()


def _texts(band) -> list[str]:
    return [line.text for line in band.lines]


def test_no_header_and_no_name_line_take_no_room():
    band = handout_band("", False, FRAME, 10.0, FACES, MEASURE)
    assert band.lines == () and band.rules == () and band.height == 0.0


def test_header_and_fields_share_a_line_when_they_fit_else_stack():
    short = handout_band("Class 10B", True, FRAME, 10.0, FACES, MEASURE)
    assert len(short.lines) == 2 and short.lines[0].baseline == short.lines[1].baseline
    assert _texts(short)[1] == "Name:Date:"
    # Two blanks to write on and the hairline under the band, inside the frame.
    assert len(short.rules) == 3
    assert all(FRAME.x - 1e-6 <= x <= FRAME.right + 1e-6 for rule in short.rules for x in (rule.start[0], rule.end[0]))
    long = handout_band("word " * 120, True, FRAME, 10.0, FACES, MEASURE)
    baselines = [line.baseline for line in long.lines]
    assert baselines == sorted(baselines) and len(set(baselines)) == len(baselines) > 2
    assert all(line.x + line.width <= FRAME.right + 1e-6 for line in long.lines)
    assert long.height > short.height > 0


def test_heading_lines_wrap_inside_the_frame():
    lines, bottom = heading_lines("A title " * 40, FRAME, 12.0, "bold", MEASURE)
    assert len(lines) > 1 and all(line.x + line.width <= FRAME.right + 1e-6 for line in lines)
    assert bottom > lines[-1].baseline


def _blocks(lines: int) -> tuple:
    return tuple(TextBlock(Paragraph(1, 10.0)) for _ in range(lines))


def test_the_largest_size_that_fits_one_page_is_chosen():
    def paginate_at(size: float, column: Rect) -> tuple[Page, ...]:
        return paginate(_blocks(int(size * 10)), column)  # 40 lines a column: 90 need three, 80 two

    sheets = fit_sheets((9.0, 8.0, 7.0), (2, 1), Rect(0, 0, 400, 400), 10.0, paginate_at)
    assert (sheets.size, sheets.columns, len(sheets.pages)) == (8.0, 2, 1)
    assert [column.dx for column in sheets.pages[0]] == [0.0, 205.0]


def test_too_much_for_one_page_keeps_every_page_at_the_least_size():
    def paginate_at(size: float, column: Rect) -> tuple[Page, ...] | None:
        if column.width < 400:
            return None  # too narrow for the tables
        return paginate(_blocks(500), column)

    sheets = fit_sheets((9.0, 8.0), (2, 1), Rect(0, 0, 400, 400), 10.0, paginate_at)
    assert (sheets.size, sheets.columns) == (8.0, 1)
    assert sum(column.page.texts[-1].block - column.page.texts[0].block + 1 for page in sheets.pages for column in page) == 500
