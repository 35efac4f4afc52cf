"""Document -> the rows of its fact and timeline tables: the one source for the notes' key-figures table
and for the fact tables in PDF, DOCX, CSV and the handout.

Printed tables name where a row sits by its section number ("4.1", from model.section_numbers, the same
number the map and the notes print); the CSV keeps the label path and the stable node id for tools."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, TypeVar

from ijprint.model import Document, Node, TimelineEntry, all_timeline, plain, section_numbers


@dataclass(frozen=True)
class FactRow:
    number: str
    section_path: str
    node_id: str
    what: str
    value: str
    period: str
    unit: str
    note: str


@dataclass(frozen=True)
class FactGroup:
    """The facts of one main section, in content order."""

    section: str
    section_id: str
    number: str
    rows: tuple[FactRow, ...]


@dataclass(frozen=True)
class TimelineRow:
    year: str
    event: str
    number: str
    section_path: str
    node_id: str


Rows = TypeVar("Rows")


def _per_document(compute: Callable[[Document], Rows]) -> Callable[[Document], Rows]:
    """`compute`, remembered for the document it was last asked about: every format of a topic asks for
    the same rows (the notes, the fact tables in three files, the handout), and a Document never changes.
    Known by identity, as one tuple replaced whole, so no other document's rows are ever handed out."""
    last: list[tuple[Document, Rows] | None] = [None]

    @functools.wraps(compute)
    def rows(document: Document) -> Rows:
        found = last[0]
        if found is not None and found[0] is document:
            return found[1]
        computed = compute(document)
        last[0] = (document, computed)
        return computed

    return rows


def _paths(document: Document) -> dict[str, str]:
    """node id -> 'Section > Sub > Node' label path."""
    out: dict[str, str] = {}
    stack: list[tuple[Node, str]] = [(node, plain(node.label)) for node in reversed(document.sections)]
    while stack:
        node, path = stack.pop()
        out[node.id] = path
        stack.extend((child, f"{path} > {plain(child.label)}") for child in reversed(node.children))
    return out


@_per_document
def fact_groups(document: Document) -> tuple[FactGroup, ...]:
    """Facts grouped by main section, in content order; sections without facts are left out."""
    paths = _paths(document)
    numbers = section_numbers(document.sections)
    groups = []
    for section in document.sections:
        rows = []
        stack = [section]
        while stack:
            node = stack.pop()
            rows.extend(
                FactRow(numbers[node.id], paths[node.id], node.id, fact.what, fact.value, fact.period, fact.unit, fact.note)
                for fact in node.facts
            )
            stack.extend(reversed(node.children))
        if rows:
            groups.append(FactGroup(plain(section.label), section.id, numbers[section.id], tuple(rows)))
    return tuple(groups)


@_per_document
def timeline_rows(document: Document) -> tuple[TimelineRow, ...]:
    """Every timeline entry in date order, with where it sits in the content."""
    paths = _paths(document)
    numbers = section_numbers(document.sections)
    return tuple(_timeline_row(node, entry, paths, numbers) for node, entry in all_timeline(document))


def _timeline_row(node: Node, entry: TimelineEntry, paths: dict[str, str], numbers: dict[str, str]) -> TimelineRow:
    return TimelineRow(entry.year, entry.event, numbers[node.id], paths[node.id], node.id)


FACT_FIELDS = ("what", "value", "period", "unit", "note")
FIELD_HEADERS = {"what": "What", "value": "Value", "period": "Period", "unit": "Unit", "note": "Note"}


def used_fact_fields(groups: tuple[FactGroup, ...]) -> tuple[str, ...]:
    """The fact fields some row fills, in FACT_FIELDS order; printed tables drop columns nobody filled."""
    return tuple(name for name in FACT_FIELDS if any(getattr(row, name) for group in groups for row in group.rows))


@dataclass(frozen=True)
class Part:
    """One paragraph of a printed cell: its text and its role (body, value, number, header)."""

    text: str
    role: str


Cell = tuple[Part, ...]
NUMBER_HEADER = "No."
FACTS_TITLE = "Key facts"
TIMELINE_TITLE = "Timeline"


@dataclass(frozen=True)
class TableSpec:
    """A printed table before layout: a title, headers and cells; ijprint.layout.fact_columns measures it,
    renderers wrap and draw it."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def numbered_title(number: str, title: str) -> str:
    """A section's title as a printed heading names it: "4 · Drivers of cooperation"."""
    return f"{number} · {title}"


def fact_table_specs(document: Document) -> tuple[TableSpec, ...]:
    """The printed fact tables: one per main section with facts (its number in its title, each row's
    section number first, columns nobody filled left out), then the timeline in date order."""
    groups = fact_groups(document)
    specs = [TableSpec(numbered_title(group.number, group.section), *_fact_table(groups, group.rows)) for group in groups]
    timeline = timeline_spec(document)
    return tuple(specs + ([timeline] if timeline else []))


def handout_table_specs(document: Document) -> tuple[TableSpec, ...]:
    """The handout's compact tables: every fact in one table (the section number says where each sits),
    then the timeline; a table without rows is left out."""
    groups = fact_groups(document)
    rows = tuple(row for group in groups for row in group.rows)
    facts = [TableSpec(FACTS_TITLE, *_fact_table(groups, rows))] if rows else []
    timeline = timeline_spec(document)
    return tuple(facts + ([timeline] if timeline else []))


def _fact_table(groups: tuple[FactGroup, ...], rows: tuple[FactRow, ...]) -> tuple[tuple[str, ...], tuple[tuple[Cell, ...], ...]]:
    """Headers and cells of fact rows: the number, then the fields some fact of the topic fills."""
    fields = used_fact_fields(groups)
    headers = (NUMBER_HEADER,) + tuple(FIELD_HEADERS[name] for name in fields)
    cells = tuple(
        ((Part(row.number, "number"),),) + tuple((Part(getattr(row, name), "value" if name == "value" else "body"),) for name in fields)
        for row in rows
    )
    return headers, cells


def timeline_spec(document: Document) -> TableSpec | None:
    """The timeline in date order, each entry with its section number; None without entries."""
    rows = timeline_rows(document)
    if not rows:
        return None
    cells = tuple(((Part(row.year, "value"),), (Part(row.event, "body"),), (Part(row.number, "number"),)) for row in rows)
    return TableSpec(TIMELINE_TITLE, ("Year", "Event", NUMBER_HEADER), cells)
