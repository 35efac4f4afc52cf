"""The facts PDF's blocks + a Tagger -> its structure and bookmarks: the title an H1, the lines under it
P, each section an H2 (with a bookmark) and a Table of TR rows, TH cells (column scope) in the header
row and TD cells below.

A table broken across pages (or columns) stays one Table: the header row drawn again at the top of a
later page or column is a Pagination artifact (the TH cells are read once), a body row split by a page break keeps its TR and
TD elements, its second part adds marked content to the same cells.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from ijprint.render.pdf_tags import Element, Tagger

HEADER = -1
TEXT_ROLES = {"title": "H1", "heading": "H2"}
COLUMN_HEADER = {"O": "Table", "Scope": "Column"}


class FactTags:
    """Elements for the blocks, created up front in block order (the reading order), and for the rows
    as they are first drawn."""

    def __init__(self, tagger: Tagger, texts: dict[int, tuple[tuple[str, str], ...]], tables: dict[int, int], count: int,
                 bookmark_level: int = 0) -> None:
        """`texts`: the (role, line) lines of each text block; `tables`: the column count of each
        table block; `count`: how many blocks there are; `bookmark_level`: how deep the section
        headings' bookmarks sit in the outline."""
        self.tagger = tagger
        self._texts = texts
        self._columns = tables
        self._elements: dict[int, Element] = {}
        for block in range(count):
            lines = texts.get(block)
            role = "Table" if lines is None else TEXT_ROLES.get(lines[0][0], "P") if lines else "P"
            self._elements[block] = tagger.element(role)
        self._rows: dict[tuple[int, int], list[Element]] = {}
        self._headed: set[tuple[int, int]] = set()
        self._bookmarked: set[int] = set()
        self._level = bookmark_level

    @contextmanager
    def text(self, block: int, into: Any, left: float, top: float) -> Iterator[None]:
        """Marks the drawing of a text block's lines; a section heading also gets its bookmark."""
        element = self._elements[block]
        if element.role == "H2" and block not in self._bookmarked:
            self._bookmarked.add(block)
            canvas = self.tagger.canvas
            key = f"table-{block}"
            canvas.bookmarkPage(key, fit="XYZ", left=left, top=top + 4)
            canvas.addOutlineEntry(" ".join(line for _, line in self._texts[block]), key, level=self._level)
        with self.tagger.marked(element, into):
            yield

    def begin_cell(self, block: int, row: int, column: int, into: Any) -> None:
        """Opens the sequence one cell's lines are drawn in (`row` HEADER for the header row): the cell's,
        or a Pagination artifact for a header row drawn again; the caller ends it with `tagger.end(into)`.
        (No context manager: a table draws hundreds of cells.)"""
        if row == HEADER:
            if (block, column) in self._headed:
                self.tagger.begin_artifact(into, "Pagination")
                return
            self._headed.add((block, column))
        self.tagger.begin(self._cells(block, row)[column], into)

    def _cells(self, block: int, row: int) -> list[Element]:
        cells = self._rows.get((block, row))
        if cells is None:
            tr = self.tagger.element("TR", self._elements[block])
            if row == HEADER:
                cells = [self.tagger.element("TH", tr, attributes=COLUMN_HEADER) for _ in range(self._columns[block])]
            else:
                cells = [self.tagger.element("TD", tr) for _ in range(self._columns[block])]
            self._rows[block, row] = cells
        return cells
