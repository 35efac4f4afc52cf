"""Document -> NotesContent: the revision notes as the blocks the notes layout places (numbered headings, numbered
list items, the timeline and key-figures tables), numbered by ijprint.model.section_numbers as the other outputs are
(the fact rows carry the same numbers).
"""

from __future__ import annotations

from ijprint.fact_rows import fact_groups, timeline_rows
from ijprint.layout.notes_spec import Block, Bookmark, CellPart, Heading, Item, NotesContent, Paragraph, Table, TitleBlock
from ijprint.model import Document, Span, section_numbers, walk
from ijprint.render.credit_line import credit_segments

TIMELINE_HEADING = "Timeline"
FACTS_HEADING = "Key figures"
NUMBER_HEADER = "§"


def notes_content(document: Document) -> NotesContent:
    """Title block; per main section a heading, its sentence and one numbered list of everything below it
    (main sections and their children are outline entries); then the timeline and the key figures."""
    meta = document.meta
    numbers = section_numbers(document.sections)
    credit = "".join(text for text, _ in credit_segments(meta))
    blocks: list[Block] = []
    for section in document.sections:
        number = numbers[section.id]
        blocks.append(Heading(number, section.label, Bookmark(f"{number} {section.label_text}", 0)))
        if section.text:
            blocks.append(Paragraph(section.text))
        for depth, node in walk(section.children):
            number = numbers[node.id]
            bookmark = Bookmark(f"{number} {node.label_text}", 1) if depth == 1 else None
            blocks.append(Item(number, node.label, node.text, depth, bookmark))
    blocks.extend(_timeline(document))
    blocks.extend(_facts(document))
    return NotesContent(TitleBlock(meta.title, meta.subtitle, meta.context, credit), meta.title, tuple(blocks))


def _heading(text: str) -> Heading:
    return Heading("", (Span(text),), Bookmark(text, 0))


def _timeline(document: Document) -> list[Block]:
    """Every dated event in date order: year (bold), event, and the number of the node it belongs to."""
    rows = timeline_rows(document)
    if not rows:
        return []
    cells = tuple(((CellPart(row.year, "strong"),), (CellPart(row.event),), (CellPart(row.number, "muted"),)) for row in rows)
    return [_heading(TIMELINE_HEADING), Table(("Year", "Event", NUMBER_HEADER), cells)]


def _facts(document: Document) -> list[Block]:
    """Every figure in content order: node number, what (its note below it), and value and unit (bold)
    with the period below them: three columns leave the text the width a narrow column has."""
    facts = [row for group in fact_groups(document) for row in group.rows]
    if not facts:
        return []
    rows = []
    for row in facts:
        what = (CellPart(row.what),) + ((CellPart(row.note, "muted"),) if row.note else ())
        value = (CellPart(f"{row.value} {row.unit}" if row.unit else row.value, "strong"),)
        value += (CellPart(row.period, "muted"),) if row.period else ()
        rows.append(((CellPart(row.number, "muted"),), what, value))
    return [_heading(FACTS_HEADING), Table((NUMBER_HEADER, "What", "Value"), tuple(rows))]
