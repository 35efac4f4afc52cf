"""FreeMind (0.9, 1.0) and Freeplane (1.x) .mm mind maps -> model.Document, with positioned errors.

The map's root node is the topic (its label the title, its note the context line); its child
nodes are the main sections. A node's label is its TEXT attribute, else its rich label
(<richcontent TYPE="NODE">, HTML; FreeMind 0.8 also wrote HTML into TEXT); its text is its
details (TYPE="DETAILS") then its note (TYPE="NOTE"). Character references are decoded by the
XML parser; bold and italic in rich content are kept. Styles, attributes, icons, fonts, edges,
clouds, hooks and arrow links are not content and are skipped. Long labels are shortened by
the rule in ijprint.sources.outline_document.
"""

from __future__ import annotations

from ijprint.errors import ContentError, Diagnostic
from ijprint.model import Document, Inline, Metadata, Origin, Span
from ijprint.sources.outline_document import OutlineItem, build_document
from ijprint.sources.rich_text import element_spans, html_spans
from ijprint.sources.xml_tree import XElement, parse_xml


def parse_freemind(data: bytes, file: str) -> tuple[Document, list[Diagnostic]]:
    """.mm bytes -> Document and warnings (empty nodes skipped)."""
    root = parse_xml(data, file)
    if root.tag != "map":
        raise ContentError(
            f"not a FreeMind/Freeplane map: the top element is <{root.tag}>, not <map>",
            file,
            root.line,
            root.column,
            hint="open and save the map in FreeMind or Freeplane",
        )
    top = root.findall("node")
    if not top:
        raise ContentError("the map is empty: <map> has no <node>", file, root.line, root.column, hint="add a root node")
    items = tuple(_item(node, file) for node in top)
    return build_document(items, Metadata(title=""), file, Origin(file, root.line, root.column), root_is_topic=True)


def _item(node: XElement, file: str) -> OutlineItem:
    """Recursion depth is bounded by xml_tree.MAX_XML_DEPTH."""
    label = _label(node)
    details = _rich(node, "DETAILS")
    note = _rich(node, "NOTE")
    text: Inline = (*details, Span(" "), *note) if details and note else details or note
    return OutlineItem(
        label=label,
        text=text,
        children=tuple(_item(child, file) for child in node.findall("node")),
        origin=Origin(file, node.line, node.column),
    )


def _label(node: XElement) -> Inline:
    text = node.attrs.get("TEXT")
    if text is not None and text.strip():
        if text.lstrip()[:6].lower() == "<html>":
            return html_spans(text)
        return (Span(text),)
    return _rich(node, "NODE")


def _rich(node: XElement, kind: str) -> Inline:
    """The spans of the node's <richcontent TYPE=kind>: its HTML if it holds some, else its plain text."""
    for rich in node.findall("richcontent"):
        if rich.attrs.get("TYPE", "").upper() != kind:
            continue
        html = rich.find("html")
        if html is not None:
            return element_spans(html)
        return (Span(rich.all_text()),)
    return ()
