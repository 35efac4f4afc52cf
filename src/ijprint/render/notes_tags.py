"""The notes' blocks + a Tagger -> the structure element (or artifact) of each laid-out line, by its LineSource:
the title an H1 and the rest of the title block P, each heading an H2, each paragraph a P, the list items
L/LI with Lbl (the number) and LBody (label and text), a sub-list inside its parent item's LBody, each
table one Table of TR rows with TH (column scope) cells in the header row and TD cells below.

Elements are created when their first line is drawn: the notes draw their lines in reading order, so
the tree is in reading order too, and an item's LBody gets its own text before its sub-list. A table
header repeated where the table continues, the running header and the page footer are Pagination
artifacts (`element` returns None for them).
"""

from __future__ import annotations

from ijprint.layout.notes_slices import LineSource
from ijprint.layout.notes_spec import Block, Item, Table
from ijprint.render.pdf_tags import Element, Tagger

PAGINATION = ("repeated_header", "running_header", "footer")
TITLE_ROLES = {"title": "H1", "subtitle": "P", "context": "P", "credit": "P"}
BLOCK_ROLES = {"heading": "H2", "paragraph": "P"}
COLUMN_HEADER = {"O": "Table", "Scope": "Column"}


class NotesTags:
    """The elements of one notes PDF, created as their lines are first drawn."""

    def __init__(self, tagger: Tagger, blocks: tuple[Block, ...]) -> None:
        self.tagger = tagger
        self._blocks = blocks
        self._elements: dict[tuple[int, str], Element] = {}
        self._items: dict[int, Element] = {}
        self._cells: dict[tuple[int, int], list[Element]] = {}
        # The lists open at the item last seen: per depth, its L and the block of the item last added to it.
        self._lists: list[tuple[Element, int]] = []
        self._last_source: LineSource | None = None
        self._last_element: Element | None = None

    def element(self, source: LineSource) -> Element | None:
        """The element whose content the line from `source` is; None for a Pagination artifact."""
        # The lines of a paragraph or list item share one source: the element of the line before, again.
        if source is self._last_source:
            return self._last_element
        found = self._last_element = self._element(source)
        self._last_source = source
        return found

    def _element(self, source: LineSource) -> Element | None:
        if source.part in PAGINATION:
            return None
        if source.part in ("header", "cell"):
            return self._cell(source)
        if source.part in ("number", "item"):
            return self._part(self._item(source.block), "Lbl" if source.part == "number" else "LBody", source.block, source.part)
        if source.part in TITLE_ROLES:
            return self._part(self.tagger.root, TITLE_ROLES[source.part], source.block, source.part)
        return self._part(self.tagger.root, BLOCK_ROLES[source.part], source.block, source.part)

    def _part(self, parent: Element, role: str, block: int, part: str) -> Element:
        """The element of `part` of `block` (the title block's parts are block -1's), created in `parent` the first time."""
        key = (block, part)
        found = self._elements.get(key)
        if found is None:
            found = self._elements[key] = self.tagger.element(role, parent)
        return found

    def _item(self, block: int) -> Element:
        """The LI of the item `block`: in a new L at its depth (inside the LBody of the item above it when
        it opens a sub-list), or after its previous sibling."""
        found = self._items.get(block)
        if found is not None:
            return found
        item = self._blocks[block]
        assert isinstance(item, Item)
        if block == 0 or not isinstance(self._blocks[block - 1], Item):
            self._lists = []
        # An item deeper than one level below the one above it opens a single sub-list all the same.
        level = min(item.depth, len(self._lists) + 1)
        del self._lists[level:]
        if len(self._lists) < level:
            parent = self.tagger.root
            if self._lists:
                above = self._lists[-1][1]
                parent = self._part(self._items[above], "LBody", above, "item")
            self._lists.append((self.tagger.element("L", parent), block))
        list_element = self._lists[-1][0]
        self._lists[-1] = (list_element, block)
        found = self._items[block] = self.tagger.element("LI", list_element)
        return found

    def _cell(self, source: LineSource) -> Element:
        """The TH or TD of a table's cell; a row's cells are all created with it, the Table with its header row."""
        key = (source.block, source.row)
        cells = self._cells.get(key)
        if cells is None:
            table = self._blocks[source.block]
            assert isinstance(table, Table)
            row = self.tagger.element("TR", self._part(self.tagger.root, "Table", source.block, "table"))
            if source.row < 0:
                cells = [self.tagger.element("TH", row, attributes=COLUMN_HEADER) for _ in table.headers]
            else:
                cells = [self.tagger.element("TD", row) for _ in table.headers]
            self._cells[key] = cells
        return cells[source.column]
