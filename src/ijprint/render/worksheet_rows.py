"""Document + RecallPlan -> the worksheet's back-page tables: the cloze facts (every fact's row, a hidden
value as an "answer" cell, a pinned one printed as a clue) and the timeline ordering exercise (every event, shuffled, its year an
"answer" cell); the worksheet leaves answer cells blank, its key fills them in."""

from __future__ import annotations

from ijprint.fact_rows import FIELD_HEADERS, NUMBER_HEADER, Cell, Part, TableSpec, fact_groups
from ijprint.model import Document, Node, section_numbers, walk
from ijprint.recall import RecallPlan

CLOZE_TITLE = "Fill in the blanks"
ORDER_TITLE = "Timeline: write the year of each event"
# The note often restates the value ("~USD 68 bn; doubles ..."), so the cloze table leaves it out.
CLOZE_FIELDS = ("what", "value", "period", "unit")


def worksheet_table_specs(document: Document, plan: RecallPlan) -> tuple[TableSpec, ...]:
    """The cloze facts (when there are facts) and the timeline exercise (when there is a timeline)."""
    specs = [spec for spec in (_cloze(document, plan), _ordering(document, plan)) if spec is not None]
    return tuple(specs)


def _cloze(document: Document, plan: RecallPlan) -> TableSpec | None:
    seen: dict[str, int] = {}
    rows = []
    for group in fact_groups(document):
        for row in group.rows:
            index = seen[row.node_id] = seen.get(row.node_id, -1) + 1
            rows.append((row, (row.node_id, index) in plan.hidden_facts))
    if not rows:
        return None
    fields = tuple(name for name in CLOZE_FIELDS if name in ("what", "value") or any(getattr(row, name) for row, _ in rows))
    headers = (NUMBER_HEADER,) + tuple(FIELD_HEADERS[name] for name in fields)
    cells = tuple(
        ((Part(row.number, "number"),),) + tuple((Part(getattr(row, name), _role(name, getattr(row, name), hidden)),) for name in fields)
        for row, hidden in rows
    )
    return TableSpec(CLOZE_TITLE, headers, cells)


def _role(field: str, text: str, hidden: bool) -> str:
    """A hidden fact's value is to write in, and so is a period that names a year or a figure (it would
    give the answer away: "2000–2023" next to the FDI inflows)."""
    if hidden and (field == "value" or (field == "period" and any(char.isdigit() for char in text))):
        return "answer"
    return "value" if field == "value" else "body"


def _ordering(document: Document, plan: RecallPlan) -> TableSpec | None:
    if not plan.timeline_order:
        return None
    nodes: dict[str, Node] = {node.id: node for _, node in walk(document.sections)}
    numbers = section_numbers(document.sections)
    cells: list[tuple[Cell, ...]] = []
    for node_id, index in plan.timeline_order:
        entry = nodes[node_id].timeline[index]
        cells.append(((Part(entry.year, "answer"),), (Part(entry.event, "body"),), (Part(numbers[node_id], "number"),)))
    return TableSpec(ORDER_TITLE, ("Year", "Event", NUMBER_HEADER), tuple(cells))
