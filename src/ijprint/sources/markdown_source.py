"""Markdown outlines (headings and nested lists, as markmap reads them) -> model.Document and warnings.

Structure comes from markdown-it-py's token stream, never from regular expressions:
- headings and list items (-, *, + and numbered) are the nodes; a heading's level sets its depth,
  and lists nest under the heading or item they follow;
- a list item's first paragraph is its label; other paragraphs (also those in block quotes) are
  text of the innermost heading or item they belong to, joined with spaces;
- inline **bold** and *italic* are kept; `code` becomes plain text; a link becomes its text (the
  URL is dropped: a printed page cannot follow it; an autolink's text is the URL itself);
- code blocks, tables, HTML blocks and images are skipped, each with a warning naming its line;
- YAML front matter (between '---' lines at the very top) gives the metadata: title, subtitle,
  context, date, tags (a list, or words separated by commas), source (a mapping with title and
  url, or one URL or title), author, credit, language. markmap's own `markmap:` options are
  accepted and ignored; any other key is ignored with a warning.
The root and the main sections are chosen, and long labels shortened, as documented in
ijprint.sources.outline_document.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ijprint.errors import ContentError, Diagnostic
from ijprint.model import Document, Metadata, Origin, Span, collapse_spaces
from ijprint.sources.outline_document import OutlineItem, build_document
from ijprint.sources.yaml_source import META_KEYS, SOURCE_KEYS
from ijprint.sources.yaml_schema import Reader
from ijprint.sources.yaml_tree import YNode, decode_text, parse_yaml

IGNORED_FRONT_MATTER = ("markmap",)
MAX_NESTING = 100
_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
_SKIPPED_BLOCKS = {
    "fence": "code block",
    "code_block": "code block",
    "html_block": "HTML block",
    "table_open": "table",
}


@dataclass
class _Draft:
    """A node while the token stream is read; `level` is the heading level (0 for items and the root)."""

    origin: Origin
    level: int = 0
    label: list[Span] | None = None
    text: list[Span] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)

    def freeze(self) -> OutlineItem:
        """Iterative, so that depth is checked by the outline builder and not by Python's stack."""
        frozen: dict[int, OutlineItem] = {}
        stack: list[tuple[_Draft, bool]] = [(self, False)]
        while stack:
            draft, done = stack.pop()
            if not done:
                stack.append((draft, True))
                stack.extend((child, False) for child in draft.children)
                continue
            frozen[id(draft)] = OutlineItem(
                label=tuple(draft.label or ()),
                text=tuple(draft.text),
                children=tuple(frozen.pop(id(child)) for child in draft.children),
                origin=draft.origin,
            )
        return frozen[id(self)]


def parse_markdown(data: bytes, file: str) -> tuple[Document, list[Diagnostic]]:
    """Markdown bytes -> Document and the warnings met (skipped blocks, ignored front-matter keys)."""
    text = decode_text(data, file).replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[Diagnostic] = []
    front, body = _split_front_matter(text)
    meta = _front_matter(front, file, warnings) if front is not None else Metadata(title="")
    tokens = _MARKDOWN.parse(body)
    lines = body.split("\n")
    deepest = max(tokens, key=lambda token: token.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        line = _line(deepest)
        raise ContentError(
            f"Markdown nested deeper than {MAX_NESTING} levels", file, line, _column(lines, line), hint="flatten the outline"
        )
    root = _outline(tokens, lines, file, warnings)
    if not root.children:
        raise ContentError(
            "no headings or list items: nothing to put on the map",
            file,
            1,
            1,
            hint="start topics with '# ' headings or '- ' list items",
        )
    items = root.freeze()
    document, more = build_document(items.children, meta, file, Origin(file, 1, 1), preamble=items.text)
    return document, warnings + more


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter, body) with the body's lines where they were, so markdown-it's line numbers stay true."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n" * (index + 1) + "\n".join(lines[index + 1 :])
    return None, text


def _front_matter(front: str, file: str, warnings: list[Diagnostic]) -> Metadata:
    if all(not line.strip() or line.lstrip().startswith("#") for line in front.split("\n")):
        return Metadata(title="")
    root = parse_yaml(("\n" + front).encode("utf-8"), file)
    reader = Reader(file)
    if root.kind != "map":
        raise reader.fail(root, "front matter", "front matter must be a mapping of keys", "write 'title: ...' lines between the '---' lines")
    values: dict[str, str] = {}
    tags: tuple[str, ...] = ()
    source_title = source_url = ""
    for key, (key_node, value) in root.pairs.items():
        if key in IGNORED_FRONT_MATTER:
            continue
        if key not in META_KEYS:
            close = difflib.get_close_matches(key, META_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"ijprint reads {', '.join(META_KEYS)}"
            warnings.append(Diagnostic(f"front matter key '{key}' ignored", file, key_node.line, key_node.column, hint=hint))
        elif key == "tags":
            tags = _tags(reader, value)
        elif key == "source":
            source_title, source_url = _source(reader, value)
        elif key == "date":
            values[key] = reader.date_text(value, key)
        else:
            values[key] = collapse_spaces(reader.text(value, key))
    return Metadata(
        **{"title": "", **values, "language": values.get("language") or "en"},
        tags=tags,
        source_title=source_title,
        source_url=source_url,
    )


def _tags(reader: Reader, value: YNode) -> tuple[str, ...]:
    if value.kind == "scalar":
        return tuple(tag.strip() for tag in reader.text(value, "tags").split(",") if tag.strip())
    items = reader.sequence(value, "tags")
    return tuple(reader.text(tag, f"tags[{i}]", required=True) for i, tag in enumerate(items))


def _source(reader: Reader, value: YNode) -> tuple[str, str]:
    if value.kind == "scalar":
        text = reader.text(value, "source")
        return ("", text) if text.startswith(("http://", "https://")) else (text, "")
    fields = reader.mapping(value, "source", SOURCE_KEYS)
    title = reader.text(fields["title"], "source.title") if "title" in fields else ""
    url = reader.text(fields["url"], "source.url") if "url" in fields else ""
    return title, url


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _column(lines: list[str], line: int) -> int:
    """Where the line's content starts, after indentation and block-quote markers."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    stripped = source.lstrip(" \t>")
    return len(source) - len(stripped) + 1


def _outline(tokens: list[Token], lines: list[str], file: str, warnings: list[Diagnostic]) -> _Draft:
    """The token stream -> a draft tree under a virtual root (whose text is the preamble)."""
    root = _Draft(Origin(file, 1, 1))
    headings = [root]
    items: list[_Draft] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        owner = items[-1] if items else headings[-1]
        if kind == "heading_open" and not items:
            level = int(token.tag[1:])
            while headings[-1].level >= level and headings[-1] is not root:
                headings.pop()
            line = _line(token)
            draft = _Draft(Origin(file, line, _column(lines, line)), level=level)
            draft.label = _spans(tokens[index + 1], file, warnings)
            headings[-1].children.append(draft)
            headings.append(draft)
            index += 3
            continue
        if kind == "list_item_open":
            line = _line(token)
            draft = _Draft(Origin(file, line, _column(lines, line)))
            owner.children.append(draft)
            items.append(draft)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "inline":
            spans = _spans(token, file, warnings)
            if items and owner.label is None:
                owner.label = spans
            elif spans:
                owner.text.extend([Span(" "), *spans] if owner.text else spans)
        elif kind in _SKIPPED_BLOCKS:
            what = _SKIPPED_BLOCKS[kind]
            line = _line(token)
            warnings.append(
                Diagnostic(f"{what} skipped: a mind map holds only headings, list items and their text", file, line, _column(lines, line))
            )
            if kind == "table_open":
                while tokens[index].type != "table_close":
                    index += 1
        index += 1
    return root


def _spans(token: Token, file: str, warnings: list[Diagnostic]) -> list[Span]:
    """An inline token's children -> spans; emphasis nests by counting open markers."""
    spans: list[Span] = []
    bold = italic = 0
    line = _line(token)
    for child in token.children or ():
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" "))
            line += 1
        elif kind == "image":
            alt = child.content or "no description"
            warnings.append(Diagnostic(f"image '{alt}' skipped: a mind map prints text only", file, line))
        elif kind == "html_inline":
            if child.content.lower().startswith("<br"):
                spans.append(Span(" "))
        elif kind in ("text", "code_inline", "text_special") and child.content:
            spans.append(Span(child.content, bold > 0, italic > 0))
    return spans
