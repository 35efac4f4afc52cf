"""Document -> the rows of its fact and timeline tables: the one source for the notes' key-figures table
and for the fact tables in PDF, DOCX and CSV."""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.model import Document, Node, TimelineEntry, all_timeline, plain

FACT_COLUMNS = ("Section", "What", "Value", "Period", "Unit", "Note", "Node id")
TIMELINE_COLUMNS = ("Year", "Event", "Section", "Node id")


@dataclass(frozen=True)
class FactRow:
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
    rows: tuple[FactRow, ...]


@dataclass(frozen=True)
class TimelineRow:
    year: str
    event: str
    section_path: str
    node_id: str


def _paths(document: Document) -> dict[str, str]:
    """node id -> 'Section > Sub > Node' label path."""
    out: dict[str, str] = {}
    stack: list[tuple[Node, str]] = [(node, plain(node.label)) for node in reversed(document.sections)]
    while stack:
        node, path = stack.pop()
        out[node.id] = path
        stack.extend((child, f"{path} > {plain(child.label)}") for child in reversed(node.children))
    return out


def fact_groups(document: Document) -> tuple[FactGroup, ...]:
    """Facts grouped by main section, in content order; sections without facts are left out."""
    paths = _paths(document)
    groups = []
    for section in document.sections:
        rows = []
        stack = [section]
        while stack:
            node = stack.pop()
            rows.extend(
                FactRow(paths[node.id], node.id, fact.what, fact.value, fact.period, fact.unit, fact.note)
                for fact in node.facts
            )
            stack.extend(reversed(node.children))
        if rows:
            groups.append(FactGroup(plain(section.label), section.id, tuple(rows)))
    return tuple(groups)


def timeline_rows(document: Document) -> tuple[TimelineRow, ...]:
    """Every timeline entry in date order, with where it sits in the content."""
    paths = _paths(document)
    return tuple(_timeline_row(node, entry, paths) for node, entry in all_timeline(document))


def _timeline_row(node: Node, entry: TimelineEntry, paths: dict[str, str]) -> TimelineRow:
    return TimelineRow(entry.year, entry.event, paths[node.id], node.id)


FACT_FIELDS = ("what", "value", "period", "unit", "note")
FIELD_HEADERS = {"what": "What", "value": "Value", "period": "Period", "unit": "Unit", "note": "Note"}


def used_fact_fields(groups: tuple[FactGroup, ...]) -> tuple[str, ...]:
    """The fact fields some row fills, in FACT_FIELDS order; printed tables drop columns nobody filled."""
    return tuple(name for name in FACT_FIELDS if any(getattr(row, name) for group in groups for row in group.rows))


@dataclass(frozen=True)
class Part:
    """One paragraph of a printed cell: its text and its role (body, value, path, id, header)."""

    text: str
    role: str


Cell = tuple[Part, ...]
WHERE_HEADER = "Section / node id"


@dataclass(frozen=True)
class TableSpec:
    """A printed table before layout: a title, headers and cells; ijprint.layout.fact_columns measures it,
    renderers wrap and draw it."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def fact_table_specs(document: Document) -> tuple[TableSpec, ...]:
    """The printed fact tables: one per main section with facts (columns nobody filled left out, the
    section path and node id together in the last cell), then the timeline in date order."""
    groups = fact_groups(document)
    fields = used_fact_fields(groups)
    headers = tuple(FIELD_HEADERS[name] for name in fields) + (WHERE_HEADER,)
    specs = []
    for group in groups:
        rows = tuple(
            tuple((Part(getattr(row, name), "value" if name == "value" else "body"),) for name in fields)
            + ((Part(row.section_path, "path"), Part(row.node_id, "id")),)
            for row in group.rows
        )
        specs.append(TableSpec(group.section, headers, rows))
    timeline = timeline_rows(document)
    if timeline:
        rows = tuple(
            ((Part(row.year, "value"),), (Part(row.event, "body"),), (Part(row.section_path, "path"), Part(row.node_id, "id")))
            for row in timeline
        )
        specs.append(TableSpec("Timeline", ("Year", "Event", WHERE_HEADER), rows))
    return tuple(specs)
