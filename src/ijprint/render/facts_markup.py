"""A fact-table spec + column widths + look -> one w:tbl of WordprocessingML markup, built from the shared
pieces in docx_markup (see there for why the DOCX bodies are written as markup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ijprint.render import docx_markup as markup
from ijprint.fact_rows import TableSpec


@dataclass(frozen=True)
class TableLook:
    """What every fact table shares: the frame (style, borders, padding) and fills."""

    frame: markup.TableFrame
    header_fill: str
    zebra_fill: str


def fact_table(spec: TableSpec, widths: Sequence[float], look: TableLook) -> str:
    """Shaded header row that repeats on every page, zebra rows, rows that never split; values bold."""
    by_role = {
        "body": lambda text: markup.run(text),
        "header": lambda text: markup.run(text, bold=True),
        "value": lambda text: markup.run(text, bold=True),
        "number": lambda text: markup.run(text),
    }
    header = markup.table_row(
        (markup.table_cell(width, markup.paragraph(markup.run(text, bold=True)), look.header_fill) for width, text in zip(widths, spec.headers)),
        header=True,
    )
    rows = []
    for index, cells in enumerate(spec.rows):
        fill = look.zebra_fill if index % 2 else ""
        row_cells = []
        for column, width in enumerate(widths):
            parts = cells[column] if column < len(cells) else ()
            # A cell holds at least one paragraph (the schema says so; Word calls the file corrupt otherwise).
            content = "".join(markup.paragraph(by_role[part.role](part.text)) for part in parts) or markup.paragraph("")
            row_cells.append(markup.table_cell(width, content, fill))
        rows.append(markup.table_row(row_cells))
    return markup.table(look.frame, widths, [header, *rows])
