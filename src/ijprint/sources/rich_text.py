"""HTML fragments (an XElement tree, or HTML as a string) -> inline spans: bold and italic kept, tags dropped.

FreeMind, Freeplane and OPML may carry small HTML documents as labels and notes. Blocks
(paragraphs, list items, line breaks, table cells) become spaces; <head>, <style> and <script>
are dropped; images are skipped. The stdlib HTMLParser is used for HTML strings: it fetches
nothing and only knows HTML's own character references.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ijprint.model import Inline, Span
from ijprint.sources.xml_tree import XElement

BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "thead", "tbody",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "body", "section", "article",
}  # fmt: skip
HIDDEN_TAGS = {"head", "style", "script", "title"}
BOLD_TAGS = {"b", "strong"}
ITALIC_TAGS = {"i", "em", "cite"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"}


class SpanCollector:
    """Receives start tags, end tags and text in document order; yields spans."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.open: list[tuple[str, bool, bool, bool]] = []

    def _state(self) -> tuple[bool, bool, bool]:
        hidden = any(entry[1] for entry in self.open)
        bold = any(entry[2] for entry in self.open)
        italic = any(entry[3] for entry in self.open)
        return hidden, bold, italic

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.lower()
        if tag in BLOCK_TAGS:
            self.spans.append(Span(" "))
        if tag in VOID_TAGS:
            return
        style = _css(attrs.get("style", ""))
        bold = tag in BOLD_TAGS or style.get("font-weight", "") in ("bold", "bolder", "700", "800", "900")
        italic = tag in ITALIC_TAGS or style.get("font-style", "") in ("italic", "oblique")
        self.open.append((tag, tag in HIDDEN_TAGS, bold, italic))

    def end(self, tag: str) -> None:
        tag = tag.lower()
        if tag in BLOCK_TAGS:
            self.spans.append(Span(" "))
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def text(self, text: str) -> None:
        hidden, bold, italic = self._state()
        if text and not hidden:
            self.spans.append(Span(text, bold, italic))

    def result(self) -> Inline:
        return tuple(self.spans)


def _css(style: str) -> dict[str, str]:
    declarations = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip().lower(): value.strip().lower() for name, value in declarations}


def element_spans(element: XElement) -> Inline:
    """The spans of an XHTML element tree (iterative: any depth); the element's own tag counts too."""
    collector = SpanCollector()
    stack: list[tuple[XElement, bool]] = [(element, False)]
    while stack:
        current, done = stack.pop()
        if done:
            collector.end(current.tag)
            if current is not element:
                collector.text(current.tail)
            continue
        collector.start(current.tag, current.attrs)
        collector.text(current.text)
        stack.append((current, True))
        stack.extend((child, False) for child in reversed(current.children))
    return collector.result()


class _HtmlFeed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.collector = SpanCollector()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.collector.start(tag, {name: value or "" for name, value in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS:
            self.collector.end(tag)

    def handle_endtag(self, tag: str) -> None:
        self.collector.end(tag)

    def handle_data(self, data: str) -> None:
        self.collector.text(data)


def html_spans(source: str) -> Inline:
    """The spans of an HTML string (FreeMind 0.8 labels, OPML text with markup)."""
    feed = _HtmlFeed()
    feed.feed(source)
    feed.close()
    return feed.collector.result()


def looks_like_html(text: str) -> bool:
    """True for text holding tags such as '<b>' or '</p>', false for 'a < b'."""
    index = text.find("<")
    while index != -1:
        following = text[index + 1 : index + 2]
        if following.isalpha() or following == "/":
            return True
        index = text.find("<", index + 1)
    return False
