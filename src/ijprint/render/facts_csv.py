"""Document -> facts.csv bytes: one header line, then one row per fact and one per timeline entry.

Choices, for spreadsheets and scripts alike:
- a `kind` column comes first, `fact` or `timeline`, so one file holds both and a filter separates them;
- then `number`, the section number the printed map, notes and tables show ("4.1", it changes when the
  content is reordered), the label path, and `node_id`, the stable id tools should key on;
  timeline rows put the year in `period` and the event in `what`, and leave `value`, `unit` and `note` empty;
- facts in content order, grouped by main section (as in the printed tables), then the timeline in date order;
- UTF-8 with a byte-order mark by default: Excel opens a CSV by double-click in the system's legacy code
  page unless it starts with one, and would garble every non-ASCII name ("India–Japan", "₹"). LibreOffice,
  pandas and R's readr skip it; Python's csv module reads it with encoding="utf-8-sig". A style with
  `csv: {bom: false}` leaves it out, for tools that would take it for part of the first header name;
- RFC 4180 quoting (only fields that need it) and CRLF line ends, so the bytes are the same on every platform;
- a cell that starts with '=', '+', '-', '@', a tab or a carriage return gets a leading "'" (OWASP's
  advice against CSV injection): a spreadsheet opened by double-clicking would otherwise run it as a
  formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`), and content comes from contributors and the web.
  Plain signed numbers ("-2.5", "+3", "-3%", "-1,000.5") cannot run and are written as they are, so
  spreadsheets still read them as numbers; anything else ("+2.1 pp", "-5 to 10") keeps the "'" in the
  file, and a script that reads the file drops one leading "'" from a cell starting "'=", "'+", "'-",
  "'@", "'\t" or "'\r" to get the content's text back.
"""

from __future__ import annotations

import csv
import io
import re

from ijprint.model import Document
from ijprint.fact_rows import fact_groups, timeline_rows

CSV_COLUMNS = ("kind", "number", "section_path", "node_id", "what", "value", "period", "unit", "note")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet cannot take it for a formula: "'" before a formula start, unless a plain number."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _row(*cells: str) -> list[str]:
    return [spreadsheet_safe(cell) for cell in cells]


def render_facts_csv(document: Document, bom: bool = True) -> bytes:
    """The fact and timeline rows as RFC 4180 CSV in UTF-8 (after a byte-order mark when `bom`), formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for group in fact_groups(document):
        for row in group.rows:
            writer.writerow(_row("fact", row.number, row.section_path, row.node_id, row.what, row.value, row.period, row.unit, row.note))
    for entry in timeline_rows(document):
        writer.writerow(_row("timeline", entry.number, entry.section_path, entry.node_id, entry.event, "", entry.year, "", ""))
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
