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
