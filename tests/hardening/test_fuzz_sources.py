"""Fuzzing the Markdown, FreeMind (.mm) and OPML readers through `ijprint.sources.parser(kind)(data, file)`:
arbitrary bytes, arbitrary text, near-syntax fragments and random outlines written in each format.

Allowed outcomes: a Document whose nodes all have a canonical, non-empty label and sibling-unique ids,
or a ContentError whose one line names the file. A well-formed outline of plain words must come back
as a Document holding every item, in order, with each label's words kept (in the label, or in full
in the text when the short-label rule shortened it). IJPRINT_FUZZ_SCALE multiplies every count.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape, quoteattr

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ijprint.errors import ContentError
from ijprint.model import Document, Node, collapse_spaces, plain, walk
from ijprint.sources import parser

# `make test` runs these counts; `make fuzz` sets IJPRINT_FUZZ_SCALE=20 for the long campaign.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))
KINDS = ("markdown", "freemind", "opml")
FILES = {"markdown": "fuzz.md", "freemind": "fuzz.mm", "opml": "fuzz.opml"}


def examples(count: int) -> settings:
    return settings(max_examples=max(1, round(count * SCALE)), deadline=None, suppress_health_check=list(HealthCheck))


def _read(kind: str, data: bytes) -> Document | None:
    """The Document, or None after checking the ContentError; anything else fails the test."""
    file = FILES[kind]
    try:
        document, warnings = parser(kind)(data, file)
    except ContentError as error:
        line = error.one_line()
        assert line.startswith(file) and error.message.strip(), line
        event(f"{kind}: error")
        return None
    event(f"{kind}: document")
    assert document.meta.title.strip()
    assert document.sections
    for _, node in walk(document.sections):
        _assert_well_formed(node)
    for warning in warnings:
        assert warning.one_line().startswith(file), warning.one_line()
    return document


def _assert_well_formed(node: Node) -> None:
    label = plain(node.label)
    # Whitespace is collapsed, but no-break spaces are kept (they join what they separate).
    assert label.strip() and label == collapse_spaces(label), repr(label)
    ids = [child.id for child in node.children]
    assert len(ids) == len(set(ids)), ids


# ---------------------------------------------------------------- writing outlines in each format

Tree = tuple[str, str, tuple["Tree", ...]]  # label, text, children


def markdown(trees: list[Tree], meta: dict, headings: bool) -> str:
    """Front matter, then each top item as a heading (or a list item) and everything below as nested lists."""
    out = ["---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"] if meta else []
    stack = [(tree, 0) for tree in reversed(trees)]
    while stack:
        (label, _, children), depth = stack.pop()
        if headings and depth == 0:
            out.append(f"# {label}\n")
            stack.extend((child, 1) for child in reversed(children))
            continue
        indent = depth - 1 if headings else depth
        out.append("  " * indent + f"- {label}\n")
        stack.extend((child, depth + 1) for child in reversed(children))
    return "".join(out)


def _xml_nodes(trees: tuple[Tree, ...] | list[Tree], kind: str) -> str:
    parts = []
    for label, text, children in trees:
        inner = _xml_nodes(children, kind)
        if kind == "freemind":
            note = f'<richcontent TYPE="NOTE"><html><body><p>{escape(text)}</p></body></html></richcontent>' if text else ""
            parts.append(f"<node TEXT={quoteattr(label)}>{note}{inner}</node>")
        else:
            note = f" _note={quoteattr(text)}" if text else ""
            parts.append(f"<outline text={quoteattr(label)}{note}>{inner}</outline>")
    return "".join(parts)


def freemind(trees: list[Tree], meta: dict) -> str:
    """A map with one root node (the topic) holding the trees; FreeMind has no metadata."""
    return f'<map version="1.0.1"><node TEXT={quoteattr(meta.get("title", "Topic"))}>{_xml_nodes(trees, "freemind")}</node></map>\n'


def opml(trees: list[Tree], meta: dict) -> str:
    tags = (("title", "title"), ("author", "ownerName"), ("date", "dateModified"))
    head = "".join(f"<{tag}>{escape(str(meta[key]))}</{tag}>" for key, tag in tags if key in meta)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head>{head}</head><body>{_xml_nodes(trees, "opml")}</body></opml>\n'


def written(kind: str, trees: list[Tree], meta: dict, headings: bool) -> bytes:
    if kind == "markdown":
        return markdown(trees, meta, headings).encode("utf-8")
    return (freemind(trees, meta) if kind == "freemind" else opml(trees, meta)).encode("utf-8")


def _trees(label: st.SearchStrategy[str], text: st.SearchStrategy[str]) -> st.SearchStrategy[Tree]:
    return st.recursive(
        st.tuples(label, text, st.just(())),
        lambda inner: st.tuples(label, text, st.lists(inner, max_size=4).map(tuple)),
        max_leaves=25,
    )


# ---------------------------------------------------------------- arbitrary input


@examples(250)
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=400))
def test_arbitrary_bytes_read_or_fail_cleanly(kind: str, data: bytes) -> None:
    _read(kind, data)


@examples(250)
@given(kind=st.sampled_from(KINDS), text=st.text(max_size=300))
def test_arbitrary_text_reads_or_fails_cleanly(kind: str, text: str) -> None:
    _read(kind, text.encode("utf-8"))


MARKDOWN_PIECES = ["# ", "## ", "###### ", "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "\n", "\n\n", "---\n", "title: ", "tags: [a, b]\n",
                   "markmap:\n  x: 1\n", "```\n", "> ", "**", "_", "*", "`", "[a](http://x)", "<div>", "</div>", "| a | b |\n|---|---|\n", "![i](x.png)",
                   "&amp;", "\\", "word", "Ünïcödé", "中文", "\u202e", "\x00", "\r"]
XML_PIECES = ["<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"latin-1\"?>", "<map>", "</map>", "<map version=\"1.0.1\">", "<node TEXT=\"",
              "<node>", "</node>", "<node/>", "\">", "\"/>", "<richcontent TYPE=\"NOTE\">", "<richcontent TYPE=\"NODE\">", "</richcontent>",
              "<html><body><p>", "</p></body></html>", "<b>", "</b>", "<i>", "</i>", "<opml version=\"2.0\">", "</opml>", "<head>", "</head>",
              "<title>", "</title>", "<body>", "</body>", "<outline text=\"", "<outline>", "</outline>", "<outline/>", " _note=\"", " title=\"",
              "<!DOCTYPE x [<!ENTITY e \"v\">]>", "&e;", "&lt;", "&#0;", "&#x1F680;", "<![CDATA[", "]]>", "<!--", "-->", "word", "Ünïcödé", "\x00", "\n"]


@examples(200)
@given(pieces=st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40))
def test_near_markdown_reads_or_fails_cleanly(pieces: list[str]) -> None:
    _read("markdown", "".join(pieces).encode("utf-8"))


def xml_text(size: int) -> st.SearchStrategy[str]:
    """Any text XML can hold (no control characters)."""
    return st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=size)


# Any text in one half of the examples; in the other, text XML can hold, so XML outlines get parsed too.
any_trees = st.one_of(
    st.lists(_trees(st.text(max_size=50), st.text(max_size=60)), min_size=1, max_size=4),
    st.lists(_trees(xml_text(50), xml_text(60)), min_size=1, max_size=4),
)
metas = st.fixed_dictionaries(
    {},
    optional={
        "title": xml_text(40),
        "author": st.text(max_size=40),
        "date": st.sampled_from(["2024-01-01", "2150-01-01", "0001-01-01", "Mon, 12 Feb 2024 10:00:00 GMT", "not-a-date", ""]),
        "tags": st.lists(st.text(max_size=10), max_size=3),
    },
)


@examples(200)
@given(kind=st.sampled_from(KINDS), trees=any_trees, meta=metas, headings=st.booleans())
def test_outlines_of_any_text_read_or_fail_cleanly(kind: str, trees: list[Tree], meta: dict, headings: bool) -> None:
    _read(kind, written(kind, trees, meta, headings))


# ---------------------------------------------------------------- well-formed outlines keep every item

# Words that are not Markdown syntax anywhere in a line; some end in punctuation the short-label rule cuts at.
WORDS = ("Quad", "summit", "trade", "of", "the", "B.R.", "Ambedkar's", "Ωmega", "жизнь", "café", "naïve", "straße", "x2", "2025",
         "bn,", "talks;", "why?", "rise!", "note:", "Tokyo", "and", "years", "a", "outcomes")
word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=1, max_size=10).map(" ".join)
# Markdown items are labels only: a paragraph under an item would need its own indentation rules.
plain_trees = {kind: _trees(sentence, st.just("") if kind == "markdown" else st.one_of(st.just(""), sentence)) for kind in KINDS}


def _items(trees: list[Tree]) -> list[tuple[str, str]]:
    """(label, text) of every item in reading order."""
    out = []
    stack = list(reversed(trees))
    while stack:
        label, text, children = stack.pop()
        out.append((label, text))
        stack.extend(reversed(children))
    return out


@examples(120)
@given(data=st.data(), kind=st.sampled_from(KINDS), headings=st.booleans())
def test_well_formed_outlines_keep_every_item_in_order(data: st.DataObject, kind: str, headings: bool) -> None:
    trees = data.draw(st.lists(plain_trees[kind], min_size=1, max_size=5))
    meta = data.draw(st.fixed_dictionaries({}, optional={"title": sentence, "author": sentence}))
    if kind == "freemind":
        meta.setdefault("title", "Topic")
    document = _read(kind, written(kind, trees, meta, headings))
    assert document is not None
    expected = _items(trees)
    # A lone top-level item with children is the topic itself (a mind map's root always is).
    if kind != "freemind" and len(trees) == 1 and trees[0][2]:
        expected = expected[1:]
    nodes = [node for _, node in walk(document.sections)]
    assert len(nodes) == len(expected)
    for node, (label, text) in zip(nodes, expected):
        short, full = plain(node.label), " ".join(label.split())
        assert full.startswith(short)
        if short != full:
            assert plain(node.text).startswith(full)
        assert plain(node.text).endswith(" ".join(text.split()))
    if "title" in meta:
        assert document.meta.title == meta["title"]


PIECES = {"markdown": MARKDOWN_PIECES, "freemind": XML_PIECES, "opml": XML_PIECES}


@examples(200)
@given(data=st.data(), kind=st.sampled_from(KINDS), headings=st.booleans())
def test_damaged_outlines_read_or_fail_cleanly(data: st.DataObject, kind: str, headings: bool) -> None:
    """A well-formed file with a few pieces of syntax inserted and a few characters cut at random places."""
    trees = data.draw(st.lists(plain_trees[kind], min_size=1, max_size=4))
    text = written(kind, trees, data.draw(st.fixed_dictionaries({}, optional={"title": sentence})), headings).decode("utf-8")
    edits = data.draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.sampled_from(PIECES[kind])), min_size=1, max_size=6))
    for where, cut, piece in edits:
        at = where % (len(text) + 1)
        text = text[:at] + piece + text[at + cut :]
    _read(kind, text.encode("utf-8"))
