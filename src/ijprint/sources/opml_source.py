"""OPML 1.0 and 2.0 outlines -> model.Document, with positioned errors.

An <outline>'s `text` attribute is its label (`title` if it has no text; HTML markup in it is
reduced to bold and italic), its `_note` attribute its text. The <head> gives the title
(<title>), the author (<ownerName>) and the date (<dateModified>, else <dateCreated>, written
as YYYY-MM-DD when it is an RFC 822 date). The root and the main sections are chosen as in
ijprint.sources.outline_document; long labels are shortened by the rule documented there.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from ijprint.errors import ContentError, Diagnostic
from ijprint.model import Document, Inline, Metadata, Origin, Span, collapse_spaces, content_date
from ijprint.sources.outline_document import OutlineItem, build_document
from ijprint.sources.rich_text import html_spans, looks_like_html
from ijprint.sources.xml_tree import XElement, parse_xml


def parse_opml(data: bytes, file: str) -> tuple[Document, list[Diagnostic]]:
    """OPML bytes -> Document and warnings (empty outlines skipped)."""
    root = parse_xml(data, file)
    if root.tag != "opml":
        raise ContentError(
            f"not an OPML file: the top element is <{root.tag}>, not <opml>", file, root.line, root.column, hint="export the outline as OPML"
        )
    body = root.find("body")
    if body is None:
        raise ContentError("the OPML file has no <body>", file, root.line, root.column, hint="put the <outline> elements in a <body>")
    outlines = body.findall("outline")
    if not outlines:
        raise ContentError("the outline is empty: <body> has no <outline>", file, body.line, body.column, hint="add <outline text=\"...\"> elements")
    items = tuple(_item(outline, file) for outline in outlines)
    return build_document(items, _metadata(root.find("head"), file), file, Origin(file, root.line, root.column))


def _metadata(head: XElement | None, file: str) -> Metadata:
    if head is None:
        return Metadata(title="")
    values = {child.tag: collapse_spaces(child.all_text()) for child in head.children}
    dated = [child for tag in ("dateModified", "dateCreated") for child in head.children if child.tag == tag and values[tag]]
    date = _iso_date(values[dated[0].tag]) if dated else ""
    try:
        content_date(date)
    except ValueError:
        raise ContentError(
            f"<{dated[0].tag}> '{date[:30]}' is not a real date", file, dated[0].line, dated[0].column, hint="write an RFC 822 date such as 'Mon, 12 Feb 2024 10:00:00 GMT'"
        ) from None
    return Metadata(title=values.get("title", ""), author=values.get("ownerName", ""), date=date)


def _iso_date(value: str) -> str:
    """RFC 822 dates ('Mon, 12 Feb 2024 10:00:00 GMT', as OPML asks) -> '2024-02-12'; other text as written."""
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def _item(outline: XElement, file: str) -> OutlineItem:
    """Recursion depth is bounded by xml_tree.MAX_XML_DEPTH."""
    label = outline.attrs.get("text", "")
    if not label.strip():
        label = outline.attrs.get("title", "")
    return OutlineItem(
        label=_spans(label),
        text=(Span(outline.attrs.get("_note", "")),),
        children=tuple(_item(child, file) for child in outline.findall("outline")),
        origin=Origin(file, outline.line, outline.column),
    )


def _spans(text: str) -> Inline:
    return html_spans(text) if looks_like_html(text) else (Span(text),)
