"""Table texts + a text-width function -> column widths (natural and least per kind of table, fitted to a frame),
and a FactPage + those widths -> the sheet the fact tables are printed on (paper turned one way, and the frame).

Shared by the PDF and DOCX fact tables so both choose the same widths and orientation: a single long
word may claim at most MAX_WORD_EMS of column width (longer ones are broken), and the tables are
printed portrait when every column fits at COMFORT_EMS (or its natural width, if less).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from ijprint.layout.boxes import Rect
from ijprint.layout.page_spec import FactPage, PaperSize

MAX_WORD_EMS = 9.0
COMFORT_EMS = 16.0
HEADER_ROLE = "header"


class TextPart(Protocol):
    """One paragraph of a cell: its text, and the role it is printed in (which fixes face and size)."""

    @property
    def text(self) -> str: ...

    @property
    def role(self) -> str: ...


class TableText(Protocol):
    """A table's header texts and body cells, each cell its parts one under another (ijprint.fact_rows.TableSpec is one)."""

    @property
    def headers(self) -> tuple[str, ...]: ...

    @property
    def rows(self) -> Sequence[Sequence[Sequence[TextPart]]]: ...


# headers -> (natural widths, least widths), one per column.
ColumnMeasures = dict[tuple[str, ...], tuple[tuple[float, ...], tuple[float, ...]]]


def column_measures(tables: Sequence[TableText], measure: Callable[[str, str], float], padding: float, word_cap: float) -> ColumnMeasures:
    """Natural (unwrapped) and least (widest word, at most `word_cap`) column widths, padding included,
    per kind of table: tables with the same headers share them, so the section tables line up.
    `measure(text, role)` is the renderer's text width; header words are never broken."""

    def natural(cell: Sequence[TextPart]) -> float:
        return max((measure(part.text, part.role) for part in cell), default=0.0) + padding

    def least(cell: Sequence[TextPart]) -> float:
        widest = max((measure(word, part.role) for part in cell for word in part.text.split()), default=0.0)
        return min(widest, word_cap) + padding

    def header_least(header: str) -> float:
        return max((measure(word, HEADER_ROLE) for word in header.split()), default=0.0) + padding

    measures: ColumnMeasures = {}
    for headers in dict.fromkeys(table.headers for table in tables):
        rows = [row for table in tables if table.headers == headers for row in table.rows]
        columns = range(len(headers))
        measures[headers] = (
            tuple(max([measure(headers[c], HEADER_ROLE) + padding] + [natural(row[c]) for row in rows]) for c in columns),
            tuple(max([header_least(headers[c])] + [least(row[c]) for row in rows]) for c in columns),
        )
    return measures


def fit_column_widths(natural: tuple[float, ...], minimum: tuple[float, ...], available: float) -> tuple[float, ...]:
    """Widths summing to `available`: natural widths when they fit (spare width shared in proportion),
    else each column's minimum plus a share of the rest in proportion to how much wrapping it saves."""
    floor = tuple(min(low, high) for low, high in zip(minimum, natural))
    if sum(natural) <= available:
        total = sum(natural) or 1.0
        return tuple(width + (available - sum(natural)) * width / total for width in natural)
    if sum(floor) >= available:
        return tuple(width * available / sum(floor) for width in floor)
    wants = tuple(high - low for low, high in zip(floor, natural))
    spare = available - sum(floor)
    total_want = sum(wants) or 1.0
    return tuple(low + spare * want / total_want for low, want in zip(floor, wants))


def comfortable_width(natural: tuple[float, ...], minimum: tuple[float, ...], comfort: float) -> float:
    """Width a table needs so no column wraps narrower than `comfort` (or its own natural width, if less):
    the measure for choosing portrait or landscape."""
    return sum(min(high, max(low, comfort)) for low, high in zip(minimum, natural))


@dataclass(frozen=True)
class FactSheet:
    """The paper the fact tables are printed on, and the frame their text fills (y down from the page's top)."""

    paper: PaperSize
    frame: Rect


def fact_sheet(page: FactPage, measures: ColumnMeasures) -> FactSheet:
    """Portrait when every kind of table fits the portrait frame at comfortable widths, else landscape;
    the frame is the paper inside its margins, less the footer's room at the bottom."""
    margins = page.margins
    portrait_width = page.portrait.width - margins.left - margins.right
    comfort = COMFORT_EMS * page.body_size
    fits = all(comfortable_width(natural, minimum, comfort) <= portrait_width for natural, minimum in measures.values())
    paper = page.portrait if fits else page.landscape
    height = paper.height - margins.top - margins.bottom - page.footer_height
    return FactSheet(paper, Rect(margins.left, margins.top, paper.width - margins.left - margins.right, height))
