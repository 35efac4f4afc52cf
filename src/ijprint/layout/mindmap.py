"""Document + MapPage + a measure -> MindMapLayout: the one-page map fitted to the paper, or MapOverflow.

The page is re-laid out, never shrunk: the fit search picks the arrangement and sizes that keep the
smallest text largest (a small topic grows past the page's sizes, up to a cap), the drawing is
centred in the space between header and footer, and when even the floor is too big MapOverflow
carries by how much and which branches are largest; nothing is silently dropped (`max_depth` folds
levels into visible "+k" markers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial

from ijprint.layout.arrange import place
from ijprint.layout.block_boxes import lay_lines
from ijprint.layout.boxes import INK_ASCENT, INK_DESCENT, MindMapLayout, NodeBox, Rect, TextLine
from ijprint.layout.centring import centring_shift, ink, moved
from ijprint.layout.fit import GROWTH, Fit, Overflow, Page, search
from ijprint.layout.measure import Measure
from ijprint.layout.page_spec import MapPage
from ijprint.layout.sides import min_column
from ijprint.layout.branch_block import BlockModel, Sizes
from ijprint.layout.tree import TreeNode, deepest, map_tree, tree_size
from ijprint.layout.wrap import Word, label_words, natural_width, plain_words, word_width, wrap_words
from ijprint.model import Document, Span

DATE_SAMPLE = "0000-00-00"


class MapOverflow(Exception):
    """The map does not fit at the floor: `fill` is how full the fullest region got (1.0 = exactly full;
    a lower bound when `lower_bound`), on `paper` in each of `orientations`; `largest` names the
    biggest branches as (label, node count), largest first."""

    def __init__(self, fill: float, lower_bound: bool, paper: str, orientations: tuple[str, ...], floor: float, largest: tuple[tuple[str, int], ...]) -> None:
        super().__init__(fill, lower_bound, paper, orientations, floor, largest)
        self.fill, self.lower_bound, self.paper = fill, lower_bound, paper
        self.orientations, self.floor, self.largest = orientations, floor, largest

    @property
    def no_room(self) -> bool:
        """Nothing is left for the branches at all: the central topic, header and footer at the floor
        already fill the page (huge sizes or margins), so no percentage can say how far over it is."""
        return not math.isfinite(self.fill)

    @property
    def extra_percent(self) -> int:
        """How much more space the map needs, in whole percent (at least 1); 0 when there is no room at all."""
        return 0 if self.no_room else max(1, int(round((self.fill - 1) * 100)))

    def __str__(self) -> str:
        if self.no_room:
            return f"the map has no room for its branches on {self.paper} ({', '.join(self.orientations)}) at the {self.floor:g} pt floor"
        return f"the map needs {self.extra_percent}% more space than {self.paper} ({', '.join(self.orientations)}) at the {self.floor:g} pt floor"


def chrome_size(page: MapPage) -> float:
    """The least size of header and footer text: the page's small size, never under its floor."""
    return max(page.small_size, page.floor)


def _lines(words: list[Word], width: float, x: float, top: float, size: float, measure: Measure) -> tuple[tuple[TextLine, ...], float]:
    return lay_lines(wrap_words(words, width / size, measure), x, top, size)


def _header_words(document: Document, page: MapPage, measure: Measure) -> tuple[list[Word], list[Word]]:
    """The header's words: the title (and subtitle), and the context line's (none without one)."""
    faces = page.faces
    words = plain_words(document.meta.title, faces.bold, measure, "title")
    if document.meta.subtitle:
        words += plain_words("·", faces.regular, measure, "muted") + plain_words(document.meta.subtitle, faces.regular, measure, "muted")
    return words, plain_words(document.meta.context, faces.italic, measure, "muted") if document.meta.context else []


def _header(words: tuple[list[Word], list[Word]], page: MapPage, size: float, frame: Rect, measure: Measure) -> tuple[tuple[TextLine, ...], float]:
    title, context = words
    title_size = max(size * 1.3, page.floor)
    lines, bottom = _lines(title, frame.width, frame.x, frame.y, title_size, measure)
    if context:
        more, bottom = _lines(context, frame.width, frame.x, bottom + 0.2 * size, size, measure)
        lines += more
    return lines, bottom


def footer_text(document: Document) -> str:
    meta = document.meta
    parts = []
    if meta.credit:
        parts.append(meta.credit)
    source = meta.source_title
    if source:
        by = f" by {meta.author}" if meta.author and meta.author not in (meta.credit or "") else ""
        parts.append(f"Source: {source}{by}")
    elif meta.author and meta.author not in (meta.credit or ""):
        parts.append(f"Author: {meta.author}")
    return "  ·  ".join(parts)


def _footer(words: list[Word], page: MapPage, size: float, frame: Rect, measure: Measure) -> tuple[tuple[TextLine, ...], tuple[float, float, float, str], float]:
    """Credit lines (`words`, of footer_text) wrapped left of a slot for the build date (drawn by the renderer, right-aligned)."""
    faces = page.faces
    slot = measure.unit_width(DATE_SAMPLE, faces.regular) * size * 1.15
    width = frame.width - slot - 2 * size
    wrapped = wrap_words(words, width / size, measure) if words else []
    count = len(wrapped) if words else 1
    height = count * (INK_ASCENT + INK_DESCENT) * size + (count - 1) * 0.08 * size
    # The last line's box as PDF tools see it reaches the font's full descent, not just its ink.
    top = frame.bottom - height - max(0.0, measure.unit_descent(faces.regular) - INK_DESCENT) * size
    lines, _ = lay_lines(wrapped, frame.x, top, size) if words else ((), top)
    date_anchor = (frame.right, top + INK_ASCENT * size, size, faces.regular)
    return lines, date_anchor, top


def _pills(tree_title: list[Word], area: Rect, measure: Measure) -> object:
    """The central topic's candidate sizes: wrapped at about a fifth of the map's width and, when
    that leaves it on one line, also in two balanced lines (a narrower centre leaves the side
    blocks beside it more room); never so narrow that a word of the title breaks."""

    def pills(sizes: Sizes) -> list[tuple[float, float]]:
        size = sizes.size(0)
        longest = max((word_width(word) for word in tree_title), default=0.0) * size
        one_line = natural_width(tree_title, measure) * size
        # About a fifth of the map's width, wider for a long title so it stays within about three lines.
        widths = [min(max(min(area.width * 0.22, 13 * size), longest, one_line / 3), area.width * 0.4)]
        if one_line <= widths[0] and len(tree_title) > 1:
            widths.append(max(longest, one_line * 0.6))
        found = []
        for width in widths:
            wrapped = wrap_words(tree_title, width / size, measure)
            text_width = max(line.width for line in wrapped) * size
            height = len(wrapped) * (INK_ASCENT + INK_DESCENT) * size + (len(wrapped) - 1) * 0.08 * size
            if (text_width + 1.3 * size, height + 1.0 * size) not in found:
                found.append((text_width + 1.3 * size, height + 1.0 * size))
        return found

    return pills


def _overflow(result: Overflow, page: MapPage, roots: tuple[TreeNode, ...]) -> MapOverflow:
    largest = sorted(roots, key=lambda r: -tree_size(r))[:3]
    named = tuple((root.label_text, tree_size(root)) for root in largest)
    orientations = tuple(choice.orientation for choice in page.choices)
    return MapOverflow(result.fill, result.lower_bound, page.paper, orientations, page.floor, named)


def layout_mindmap(document: Document, page: MapPage, measure: Measure, max_depth: int | None = None,
                   numbers: Mapping[str, str] | None = None) -> MindMapLayout:
    """The positioned one-page map; raises MapOverflow rather than going under `page.floor`, and
    MaxDepthError for a `max_depth` under 1. `numbers`: the section numbers to print by node id, when
    not the document's own (a page of a split map)."""
    face_names = (page.faces.regular, page.faces.bold, page.faces.italic)
    roots = map_tree(document.sections, max_depth, numbers)
    blocks = [BlockModel(i, root, face_names, measure, _branch_number(page, i), page.numbers) for i, root in enumerate(roots)]
    depth = max(2, deepest(roots))
    title_words = label_words((Span(document.meta.title),), face_names, measure, role="title", strong=True)
    chrome = _Chrome(document, page, measure)
    # The central topic's shapes depend on the area's width only, which the header and footer leave alone.
    pages = [Page(choice.orientation, chrome.area(index, page.floor), _pills(title_words, chrome.area(index, page.floor), measure),
                  partial(chrome.area, index)) for index, choice in enumerate(page.choices)]  # type: ignore[arg-type]
    result = search(pages, blocks, page.level_size, depth, page.floor, GROWTH if page.grows else 1.0)
    if isinstance(result, Overflow):
        raise _overflow(result, page, roots)
    index = [choice.orientation for choice in page.choices].index(result.page.orientation)
    return _assemble(result, blocks, title_words, document, page, chrome.parts(index, result.smallest), measure, roots)


def _branch_number(page: MapPage, index: int) -> str:
    """What a numbered branch's heading starts with, in bold at the heading's size: "4.". A map that
    prints section numbers numbers its headings like every other label instead (a bold "4" before a
    bold "2025 Summit takeaways" would read as one number)."""
    return f"{index + 1}." if page.numbered_branches and not page.numbers else ""


class _Chrome:
    """Each orientation's header, footer and the map area between them, by the map's smallest text.

    Header and footer should not be the smallest text on the page: they match the map's smallest text
    (in whole tenths of a point) but grow no larger than body text, nor shrink below the page's small
    size. Their size follows the size the fit search tries, so the search runs once."""

    def __init__(self, document: Document, page: MapPage, measure: Measure) -> None:
        self.document, self.page, self.measure = document, page, measure
        self._parts: dict[tuple[int, float], tuple] = {}
        # The words are the same at every size the search tries; only their wrapping changes.
        self._header_words = _header_words(document, page, measure)
        self._footer_words = plain_words(footer_text(document), page.faces.regular, measure, "muted")

    def size(self, smallest: float) -> float:
        least = chrome_size(self.page)
        matched = min(max(self.page.body_size, least), math.floor(smallest * 10 + 1e-6) / 10)
        return least if matched <= least + 0.05 else matched

    def parts(self, index: int, smallest: float) -> tuple:
        """(page width, height, frame, header, footer, date anchor, map area) for the smallest text `smallest`."""
        size = self.size(smallest)
        key = (index, size)
        found = self._parts.get(key)
        if found is None:
            choice, m = self.page.choices[index], self.page.margins
            frame = Rect(m.left, m.top, choice.width - m.left - m.right, choice.height - m.top - m.bottom)
            header, header_bottom = _header(self._header_words, self.page, size, frame, self.measure)
            footer, date_anchor, footer_top = _footer(self._footer_words, self.page, size, frame, self.measure)
            gap = 1.2 * size
            area = Rect(frame.x, header_bottom + gap, frame.width, footer_top - gap - header_bottom - gap)
            found = self._parts[key] = (choice.width, choice.height, frame, header, footer, date_anchor, area)
        return found

    def area(self, index: int, smallest: float) -> Rect:
        return self.parts(index, smallest)[6]


def _assemble(fit: Fit, blocks: list[BlockModel], title_words: list[Word], document: Document, page: MapPage, chrome: tuple, measure: Measure, roots: tuple[TreeNode, ...]) -> MindMapLayout:
    width, height, frame, header, footer, date_anchor, _ = chrome
    sizes = fit.sizes
    placed = place(fit.geometry, fit.assignment, blocks, sizes, min_column(sizes))
    dx, dy = centring_shift(fit.page.area, ink(fit.geometry.centre, placed))
    nodes, connectors, outlines = moved(placed, dx, dy)
    centre_rect = fit.geometry.centre.shifted(dx, dy)
    size0 = sizes.size(0)
    wrapped = wrap_words(title_words, (centre_rect.width - 1.3 * size0) / size0 + 1e-6, measure)
    text_height = len(wrapped) * (INK_ASCENT + INK_DESCENT) * size0 + (len(wrapped) - 1) * 0.08 * size0
    top = centre_rect.y + (centre_rect.height - text_height) / 2
    lines, _ = lay_lines(wrapped, 0.0, top, size0)
    centred = []
    for line in lines:
        dx = centre_rect.x + (centre_rect.width - line.width) / 2
        centred.append(TextLine(tuple(fragment.shifted(dx) for fragment in line.fragments), line.size, line.baseline))
    centre = NodeBox("", document.meta.title, 0, -1, tuple(centred))
    hidden = sum(node.hidden for node in nodes)
    return MindMapLayout(
        page_width=width,
        page_height=height,
        orientation=fit.page.orientation,
        paper=page.paper,
        frame=frame,
        map_area=fit.page.area,
        centre=centre,
        centre_box=centre_rect,
        nodes=tuple(nodes),
        connectors=tuple(connectors),
        blocks=tuple(sorted(outlines, key=lambda b: b.branch)),
        header=header,
        footer=footer,
        date_anchor=date_anchor,
        arrangement=fit.geometry.kind,
        scale=sizes.size(1) / page.level_size(1),
        hidden_nodes=hidden,
    )
