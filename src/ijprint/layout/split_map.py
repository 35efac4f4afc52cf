"""Document + MapPage + a measure -> the map as sheets: one page when it fits, else an overview of the
main branches and pages of branches, each re-laid out at the floor or above, with "continued" cues.

The split is a policy over the one-page layout, not another layout: every sheet is a sub-document laid
out by `layout_mindmap`. The overview shows the main branches and their children (or, when that does
not fit, the main branches alone); a branch with more than the overview shows gets a "continued on
page N" cue there and its whole subtree on page N. Consecutive branches that fit together share a page
around the topic; a branch alone gets a page with itself in the centre and its children as the main
branches; a branch too big even for that is split the same way, one level down. Nothing is dropped or
folded beyond `max_depth`; when even an overview of the main branches alone cannot fit, MapOverflow
says by how much. A worksheet's hidden nodes are `unnamed`: a page's subtitle and bookmark call them
by their section number, and a sheet says which node its title and centre print (`MapSheet.centre`),
so that the drawing can blank that too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ijprint.layout.boxes import MindMapLayout
from ijprint.layout.measure import Measure
from ijprint.layout.mindmap import MapOverflow, layout_mindmap
from ijprint.layout.page_spec import MapPage
from ijprint.model import Document, Inline, Metadata, Node, Span, breakable_words, section_numbers

OVERVIEW_LEVELS = (2, 1)  # levels an overview shows, tried in turn: main branches and children, else main branches
# A page with little on it grows its text until a long word no longer fits its column and is cut
# ("Civilization-al"); such a page is laid out again with the style's sizes this much smaller (never
# under the floor), up to SHRINK_TRIES times; where growing undoes the shrinking, again at the style's
# sizes and smaller without growing past them; the cut is kept only when none of those avoids it.
SHRINK = 0.85
SHRINK_TRIES = 4


@dataclass(frozen=True)
class MapSheet:
    """One page of the map: its layout, the heading its bookmark shows, the sections it was laid out
    from (a reader reads them in their order), how deep that bookmark sits (the pages a branch's own
    overview points to nest under it) and the node whose label the page's title and centre print
    ("" for the topic's)."""

    layout: MindMapLayout
    title: str
    sections: tuple[Node, ...]
    outline: int = 0
    centre: str = ""


@dataclass(frozen=True)
class _Level:
    """Sibling branches that share one overview page: what its centre prints (the topic, or their parent
    branch), the parent's node id ("" for the topic) and what a bookmark calls it, their nodes, depth
    in the topic (main branches are 1), printed numbers ("" when unnumbered) and palette indices."""

    centre: str
    owner: str
    name: str
    branches: tuple[Node, ...]
    depth: int
    numbers: tuple[str, ...]
    colours: tuple[int, ...]


def continued_cue(page: int) -> str:
    """What a branch on an overview says when the rest of it is on another page."""
    # No-break spaces: the cue is read as one phrase, so its words never part at a line end.
    return f"continued\u00a0on\u00a0page\u00a0{page}"


def _reaches(node: Node, levels: int) -> bool:
    """Whether `node` has descendants `levels` levels below it."""
    frontier: tuple[Node, ...] = (node,)
    for _ in range(levels):
        frontier = tuple(child for current in frontier for child in current.children)
    return bool(frontier)


class _Splitter:
    """The topic's metadata and the page, measure and depth limit that every sheet is laid out with."""

    def __init__(self, meta: Metadata, page: MapPage, measure: Measure, max_depth: int | None, numbers: dict[str, str], unnamed: frozenset[str]) -> None:
        self.meta = meta
        self.unnamed = unnamed
        # Every page prints the topic's section numbers; a "continued" cue, not in the topic, has none.
        self.numbers = numbers
        # A split page's main branches are not 1..k of the topic: their numbers go into their labels.
        self.page = replace(page, numbered_branches=False)
        self.measure = measure
        self.max_depth = max_depth

    def limit(self, depth: int, levels: int | None = None) -> int | None:
        """The depth limit of a page whose main branches are at `depth` of the topic and which shows at
        most `levels` levels."""
        limits = [limit for limit in (levels, None if self.max_depth is None else self.max_depth - depth + 1) if limit is not None]
        return min(limits) if limits else None

    def fit(self, document: Document, depth: int) -> MindMapLayout | None:
        """The sub-document laid out, its main branches at `depth` of the topic; None when it does not fit."""
        try:
            return layout_mindmap(document, self.page, self.measure, self.limit(depth), self.numbers)
        except MapOverflow:
            return None

    def whole_words(self, document: Document, laid: MindMapLayout, limit: int | None) -> MindMapLayout:
        """`laid`, or the same page laid out at smaller sizes when that keeps every word of every label whole."""
        if not cuts_words(laid):
            return laid
        for pages in (self.shrunk(self.page, SHRINK_TRIES), self.shrunk(replace(self.page, grows=False), SHRINK_TRIES + 1)):
            for page in pages:
                try:
                    smaller = layout_mindmap(document, page, self.measure, limit, self.numbers)
                except MapOverflow:
                    break
                if not cuts_words(smaller):
                    return smaller
        return laid

    @staticmethod
    def shrunk(page: MapPage, count: int) -> list[MapPage]:
        """`page`, when it does not grow, then up to `count` (in all) pages with its sizes SHRINK times
        smaller each, down to the floor."""
        pages = [] if page.grows else [page]
        while len(pages) < count and not all(size <= page.floor for size in page.level_sizes):
            page = replace(page, level_sizes=tuple(max(page.floor, size * SHRINK) for size in page.level_sizes))
            pages.append(page)
        return pages

    def continues(self, node: Node, depth: int, levels: int) -> bool:
        """Whether a branch at `depth` has more than an overview showing `levels` levels shows (within `max_depth`)."""
        return _reaches(node, levels) and (self.max_depth is None or depth + levels <= self.max_depth)

    def sheets(self, level: _Level, heading: Metadata, number: int, nesting: int = 0) -> list[MapSheet]:
        """The overview of `level` as page `number` (headed by `heading`), then the pages it points to,
        their bookmarks `nesting` deep."""
        failed: MapOverflow | None = None
        for levels in OVERVIEW_LEVELS:
            try:
                return self.sheets_showing(level, heading, number, levels, nesting)
            except MapOverflow as overflow:
                failed = overflow
        assert failed is not None
        raise failed

    def sheets_showing(self, level: _Level, heading: Metadata, number: int, levels: int, nesting: int) -> list[MapSheet]:
        pages: list[MapSheet] = []
        targets: dict[int, int] = {}
        paged = [index for index, node in enumerate(level.branches) if self.continues(node, level.depth, levels)]
        at = 0
        while at < len(paged):
            index = paged[at]
            page_number = number + 1 + len(pages)
            targets[index] = page_number
            document = self.branch_document(level, index, page_number, number)
            laid = self.fit(document, level.depth + 1)
            if laid is None:
                pages.extend(self.sheets(self.children(level, index), self.branch_meta(level, index, page_number, number), page_number, nesting + 1))
                at += 1
                continue
            depth, colours, title, centre = level.depth + 1, self.children(level, index).colours, self.name(level, index), level.branches[index].id
            end = at + 1
            while end < len(paged):
                group = paged[at : end + 1]
                wider = self.group_document(level, group, page_number, number)
                more = self.fit(wider, level.depth)
                if more is None:
                    break
                document, laid, depth, centre = wider, more, level.depth, level.owner
                colours, title = tuple(level.colours[i] for i in group), " · ".join(self.name(level, i) for i in group)
                targets[paged[end]] = page_number
                end += 1
            pages.append(MapSheet(recoloured(self.whole_words(document, laid, self.limit(depth)), colours), title, document.sections, nesting, centre))
            at = end
        # Two levels at most: a branch's children, or only its cue when the overview shows one level.
        overview = self.overview_document(level, heading, targets, levels)
        limit = self.limit(level.depth, 2)
        laid = self.whole_words(overview, layout_mindmap(overview, self.page, self.measure, limit, self.numbers), limit)
        title = "Overview" if level.depth == 1 else level.name
        return [MapSheet(recoloured(laid, level.colours), title, overview.sections, max(nesting - 1, 0), level.owner), *pages]

    def label(self, level: _Level, index: int) -> str:
        number = level.numbers[index]
        text = level.branches[index].label_text
        return f"{number} {text}" if number else text

    def name(self, level: _Level, index: int) -> str:
        """What a subtitle or bookmark calls a branch: its label, or its section number when it is unnamed."""
        node = level.branches[index]
        return f"Section {self.numbers[node.id]}" if node.id in self.unnamed else self.label(level, index)

    def numbered_label(self, level: _Level, index: int) -> Inline:
        node = level.branches[index]
        number = level.numbers[index]
        return (Span(number + " ", bold=True), *node.label) if number else node.label

    def children(self, level: _Level, index: int) -> _Level:
        node = level.branches[index]
        count = len(node.children)
        number = level.numbers[index].rstrip(".")
        numbers = tuple(f"{number}.{k + 1}" for k in range(count)) if number else ("",) * count
        base = level.colours[index]
        return _Level(self.label(level, index), node.id, self.name(level, index), node.children, level.depth + 1, numbers, tuple(base + k for k in range(count)))

    def chrome(self, title: str, subtitle: str, context: str) -> Metadata:
        """A page's header text; the footer keeps the topic's credit and source."""
        return replace(self.meta, title=title, subtitle=subtitle, context=context)

    def branch_meta(self, level: _Level, index: int, number: int, parent: int) -> Metadata:
        return self.chrome(self.label(level, index), self.meta.title, f"Page {number} · continued from page {parent}")

    def branch_document(self, level: _Level, index: int, number: int, parent: int) -> Document:
        """One branch as a map of its own: the branch in the centre, its children as the main branches."""
        sub = self.children(level, index)
        sections = tuple(replace(node, label=self.numbered_label(sub, k)) for k, node in enumerate(sub.branches))
        return Document(self.branch_meta(level, index, number, parent), sections)

    def group_document(self, level: _Level, group: list[int], number: int, parent: int) -> Document:
        """Several sibling branches around what the overview's centre names."""
        names = "; ".join(self.name(level, i) for i in group)
        meta = self.chrome(level.centre, names, f"Page {number} · continued from page {parent}")
        return Document(meta, tuple(replace(level.branches[i], label=self.numbered_label(level, i)) for i in group))

    def overview_document(self, level: _Level, heading: Metadata, targets: dict[int, int], levels: int) -> Document:
        sections = []
        for index, node in enumerate(level.branches):
            node = replace(node, label=self.numbered_label(level, index))
            if index in targets:
                cue = Node(f"{node.id}/continued", (Span(continued_cue(targets[index]), italic=True),))
                node = replace(node, children=(*(node.children if levels > 1 else ()), cue))
            sections.append(node)
        return Document(heading, tuple(sections))


def cuts_words(layout: MindMapLayout) -> bool:
    """Whether some label's word is cut across lines because it is wider than its column."""
    for node in layout.nodes:
        printed = {word for line in node.lines for word in breakable_words(line.text)}
        if any(word not in printed for word in breakable_words(node.label)):
            return True
    return False


def recoloured(layout: MindMapLayout, colours: tuple[int, ...]) -> MindMapLayout:
    """The layout with its branch indices (0..k on its page) replaced by the palette indices the
    branches have on the overview, so a branch keeps its colour and dash pattern from page to page."""

    def colour(branch: int) -> int:
        return colours[branch] if 0 <= branch < len(colours) else branch

    return replace(
        layout,
        nodes=tuple(replace(node, branch=colour(node.branch)) for node in layout.nodes),
        connectors=tuple(replace(connector, branch=colour(connector.branch)) for connector in layout.connectors),
        blocks=tuple(replace(block, branch=colour(block.branch)) for block in layout.blocks),
    )


def split_mindmap(document: Document, page: MapPage, measure: Measure, max_depth: int | None = None,
                  unnamed: frozenset[str] = frozenset()) -> tuple[MapSheet, ...]:
    """The map on one page when it fits at the floor, else an overview page and pages of branches (the
    `unnamed` nodes called by their section numbers in subtitles and bookmarks); raises MapOverflow
    when an overview of the main branches alone cannot fit."""
    try:
        return (MapSheet(layout_mindmap(document, page, measure, max_depth), document.meta.title, document.sections),)
    except MapOverflow:
        pass
    splitter = _Splitter(document.meta, page, measure, max_depth, section_numbers(document.sections), unnamed)
    count = len(document.sections)
    numbers = tuple(f"{k + 1}." for k in range(count)) if page.numbered_branches else ("",) * count
    level = _Level(document.meta.title, "", "Overview", document.sections, 1, numbers, tuple(range(count)))
    context = " · ".join(part for part in (document.meta.context, "Page 1: overview of the branches") if part)
    return tuple(splitter.sheets(level, replace(document.meta, context=context), 1))
