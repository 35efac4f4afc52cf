"""Document -> facts.csv bytes: one header line, then one row per fact and one per timeline entry.

Choices, for spreadsheets and scripts alike:
- a `kind` column comes first, `fact` or `timeline`, so one file holds both and a filter separates them;
  timeline rows put the year in `period` and the event in `what`, and leave `value`, `unit` and `note` empty;
- facts in content order, grouped by main section (as in the printed tables), then the timeline in date order;
- UTF-8 with a byte-order mark by default: Excel opens a CSV by double-click in the system's legacy code
  page unless it starts with one, and would garble every non-ASCII name ("India–Japan", "₹"). LibreOffice,
  pandas and R's readr skip it; Python's csv module reads it with encoding="utf-8-sig". A style with
  `csv: {bom: false}` leaves it out, for tools that would take it for part of the first header name;
- RFC 4180 quoting (only fields that need it) and CRLF line ends, so the bytes are the same on every platform;
- every value is written exactly as the content says it, even when it starts with '=', '+', '-' or '@'.
  A spreadsheet opened by double-clicking may take such a cell for a formula (CSV injection, a risk
  when content was pasted from the web). Prefixing a quote or a space, the usual defence, would
  change data that is often legitimately signed ("-5%", "+2.1 pp") and break scripts that read the
  file. Open it safely by importing it with every column as Text: Excel's Data > From Text/CSV >
  Transform Data (column type Text), LibreOffice's Text Import dialog (column type Text, or
  "Evaluate formulas" off), Google Sheets' File > Import with "Convert text to numbers, dates and
  formulas" unticked.
"""

from __future__ import annotations

import csv
import io

from ijprint.model import Document
from ijprint.fact_rows import fact_groups, timeline_rows

CSV_COLUMNS = ("kind", "section_path", "node_id", "what", "value", "period", "unit", "note")


def render_facts_csv(document: Document, bom: bool = True) -> bytes:
    """The fact and timeline rows as RFC 4180 CSV in UTF-8, after a byte-order mark when `bom`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for group in fact_groups(document):
        for row in group.rows:
            writer.writerow(("fact", row.section_path, row.node_id, row.what, row.value, row.period, row.unit, row.note))
    for entry in timeline_rows(document):
        writer.writerow(("timeline", entry.section_path, entry.node_id, entry.event, "", entry.year, "", ""))
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
