"""What the revision-notes layout takes: the page spec (paper, margins, columns, sizes, faces) and the content as blocks.

Callers build the spec from a style (ijprint.render.page_specs.notes_page) and the blocks from a
document (ijprint.render.notes_content); the layout (notes_pages) reads nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.page_spec import FaceNames, Margins, PaperSize
from ijprint.model import Inline


@dataclass(frozen=True, slots=True)
class NotesPage:
    """Portrait paper and margins; `columns` columns `column_gap` apart; sizes in points (`leading` is a
    ratio of the size, `tight_leading` the least it may close up to when that saves a page); the three faces."""

    paper: PaperSize
    margins: Margins
    columns: int
    column_gap: float
    body_size: float
    heading_size: float
    title_size: float
    subtitle_size: float
    table_size: float
    marker_size: float
    small_size: float
    leading: float
    tight_leading: float
    faces: FaceNames


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """What opens the first page, across the columns: title, subtitle, context and credit line (each may be empty)."""

    title: str
    subtitle: str = ""
    context: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """An outline entry for the block it belongs to: its title and level (0 = top)."""

    title: str
    level: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A main heading: its number ("4", or "" for none) and its text."""

    number: str
    text: Inline
    bookmark: Bookmark | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text at the column's left edge."""

    text: Inline


@dataclass(frozen=True, slots=True)
class Item:
    """A list item: its number ("4.1.3") in the hanging indent, then its label (bold) and its text;
    `depth` 1 is the outermost list level."""

    number: str
    label: Inline
    text: Inline
    depth: int
    bookmark: Bookmark | None = None


@dataclass(frozen=True, slots=True)
class CellPart:
    """One paragraph of a table cell: its text and role ('plain', 'strong' or 'muted')."""

    text: str
    role: str = "plain"


Cell = tuple[CellPart, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row that repeats in every column it continues into."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


Block = Heading | Paragraph | Item | Table


@dataclass(frozen=True, slots=True)
class NotesContent:
    """The notes before layout: the title block, the running header's text, and the blocks in reading order."""

    title: TitleBlock
    header: str
    blocks: tuple[Block, ...]
