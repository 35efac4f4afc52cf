"""Draw-time tagging of a reportlab canvas: structure elements in reading order in, marked content out.

reportlab writes no structure tree. A PDF renderer makes one Tagger for its canvas, creates the
structure elements (Document, H1, P, L, Table, ...) in reading order, and brackets the drawing of
each element's text with `begin(element)`/`end()` and every decoration with `begin_artifact()`/
`end()`: the tagger writes `/P <</MCID n>> BDC ... EMC` into the page stream (or into a text object,
where a sequence must begin and end inside the same BT ... ET) and records which page and MCID
belongs to which element. After `canvas.save()`, `pdf_structure.finish_tagged_pdf` turns the record
into the PDF's structure tree. Elements may be created before their text is drawn (a table's cells
are drawn after the headings of the same page, yet the tree lists each heading before its table).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, NamedTuple, Union

# The kinds an artifact may declare (PDF 32000-1, 14.8.2.2): running headers, footers and page
# numbers are Pagination, rules, fills and connectors Layout.
ARTIFACT_KINDS = ("Pagination", "Layout", "Page", "Background")


class MarkedContent(NamedTuple):
    """One marked-content sequence: the page it is on (0 first) and its MCID there. (A named tuple: a
    structure tree records thousands, and the writer unpacks each.)"""

    page: int
    mcid: int


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its standard role, parent, kids in reading order, alt text and attributes
    (e.g. {"O": "Table", "Scope": "Column"} for a column header), and the page of its first marked
    content (None while it has none): the element's /Pg."""

    role: str
    parent: Element | None
    kids: list[Union[Element, MarkedContent]] = field(default_factory=list)
    alt: str | None = None
    attributes: dict[str, str] | None = None
    page: int | None = None


class Tagger:
    """Hands out MCIDs per page of one canvas and records them with their elements."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.root = Element("Document", None)
        self._next_mcid: dict[int, int] = {}
        self._depth = 0

    def element(self, role: str, parent: Element | None = None, *, alt: str | None = None, attributes: dict[str, str] | None = None) -> Element:
        """A new element, the last kid of `parent` (the Document when None) so far."""
        owner = self.root if parent is None else parent
        created = Element(role, owner, alt=alt, attributes=attributes)
        owner.kids.append(created)
        return created

    def begin(self, element: Element, into: Any = None) -> None:
        """Open a marked-content sequence of `element` on the canvas's current page, in the page
        stream or in the text object `into`."""
        page = self.canvas.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        element.kids.append(MarkedContent(page, mcid))
        if element.page is None:
            element.page = page
        self._emit(f"/{element.role} <</MCID {mcid}>> BDC", into)

    def begin_artifact(self, into: Any = None, kind: str = "Layout") -> None:
        """Open an artifact sequence: content a reader skips (decoration, page furniture)."""
        if kind not in ARTIFACT_KINDS:
            raise ValueError(f"artifact kind {kind!r} is none of {ARTIFACT_KINDS}")
        self._emit(f"/Artifact <</Type /{kind}>> BDC", into)

    def end(self, into: Any = None) -> None:
        """Close the innermost open sequence (in the same stream or text object that opened it)."""
        if self._depth == 0:
            raise RuntimeError("end() without an open marked-content sequence")
        self._depth -= 1
        self._append(into, "EMC")

    @contextmanager
    def marked(self, element: Element, into: Any = None) -> Iterator[None]:
        self.begin(element, into)
        yield
        self.end(into)

    @contextmanager
    def artifact(self, into: Any = None, kind: str = "Layout") -> Iterator[None]:
        self.begin_artifact(into, kind)
        yield
        self.end(into)

    @property
    def open_sequences(self) -> int:
        """How many sequences are open: 0 whenever a page is shown (a sequence never spans pages)."""
        return self._depth

    def _emit(self, operator: str, into: Any) -> None:
        self._depth += 1
        self._append(into, operator)

    def _append(self, into: Any, operator: str) -> None:
        if into is None:
            self.canvas.addLiteral(operator)
        else:
            # A PDFTextObject has no public way to add an operator; its code list is what getCode()
            # joins between BT and ET, and its optimisations only ever look at their own last entry.
            into._code.append(operator)
