"""MindMapLayout + the map's tree + a Tagger -> the map's text in reading order, each passage with its
structure element (None: an artifact).

Reading order: the title (H1), the subtitle and the context (a P each), then every main branch in
order: its heading as an H2 and its subtree as a nested list (L > LI > LBody, a child's list inside
its parent's LBody), which screen readers announce with item counts and nesting levels; then the
footer (a P, which the build date joins). The central topic repeats the title and is an artifact, as
are the connectors and rules: the list nesting already says what hangs from what. The map draws its
text in this order, so that text extraction (copy, pdftotext) follows it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ijprint.layout.boxes import MindMapLayout, NodeBox, TextLine
from ijprint.model import Node
from ijprint.render.pdf_tags import Element, Tagger


@dataclass(frozen=True)
class Passage:
    """Lines drawn as one marked-content sequence; `node` picks their colours (None: header or footer)."""

    element: Element | None
    lines: tuple[TextLine, ...]
    node: NodeBox | None


@dataclass(frozen=True)
class MapReading:
    passages: tuple[Passage, ...]
    footer: Element | None


def map_reading(layout: MindMapLayout, roots: tuple[Node, ...], tagger: Tagger, italic_face: str, dated: bool) -> MapReading:
    """The passages in reading order, their elements created in `tagger` in the same order; `footer`
    is the footer's element, for the date the renderer draws separately (None without a footer).

    `roots` is the whole outline, the document's own sections (the map's tree has the same ids in the
    same order, and building it again for this alone cost more than the walk): the nodes the layout
    folded away (max_depth) are skipped."""
    passages = [*_header(layout.header, tagger, italic_face), Passage(None, layout.centre.lines, layout.centre)]
    boxes = {node.node_id: node for node in layout.nodes}
    for root in roots:
        heading = boxes.get(root.id)
        if heading is None:
            continue
        passages.append(Passage(tagger.element("H2"), heading.lines, heading))
        shown = [child for child in root.children if child.id in boxes]
        if shown:
            passages.extend(_list(shown, tagger.element("L"), tagger, boxes))
    footer = tagger.element("P") if layout.footer or dated else None
    if layout.footer:
        passages.append(Passage(footer, layout.footer, None))
    drawn = {passage.node.node_id for passage in passages if passage.node is not None}
    if len(drawn) != len(boxes) + 1:
        # Never silently leave a placed node undrawn.
        raise RuntimeError(f"nodes placed but not in the outline: {sorted(set(boxes) - drawn)[:3]}")
    return MapReading(tuple(passages), footer)


def _header(lines: tuple[TextLine, ...], tagger: Tagger, italic_face: str) -> list[Passage]:
    """The header's runs by part: the title's (role "title"), the subtitle's after it on the same
    lines, the context's (the only italic text there) below them."""
    elements: dict[str, Element] = {}
    passages = []
    for line in lines:
        runs: list[tuple[str, list]] = []
        for fragment in line.fragments:
            part = "title" if fragment.role == "title" else "context" if fragment.face == italic_face else "subtitle"
            if runs and runs[-1][0] == part:
                runs[-1][1].append(fragment)
            else:
                runs.append((part, [fragment]))
        for part, fragments in runs:
            if part not in elements:
                elements[part] = tagger.element("H1" if part == "title" else "P")
            passages.append(Passage(elements[part], (TextLine(tuple(fragments), line.size, line.baseline),), None))
    return passages


def _list(items: list[Node], parent: Element, tagger: Tagger, boxes: dict[str, NodeBox]) -> list[Passage]:
    """A list of `items` under `parent`, each item's subtree nested in its LBody, in outline order."""
    passages = []
    stack: list[tuple[Node, Element]] = [(item, parent) for item in reversed(items)]
    while stack:
        node, owner = stack.pop()
        body = tagger.element("LBody", tagger.element("LI", owner))
        box = boxes[node.id]
        passages.append(Passage(body, box.lines, box))
        shown = [child for child in node.children if child.id in boxes]
        if shown:
            nested = tagger.element("L", body)
            stack.extend((child, nested) for child in reversed(shown))
    return passages
