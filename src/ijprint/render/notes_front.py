"""The content's metadata and the notes' main headings in, the markup that opens the notes out: the title
block (with the source address as a link) and a table of contents.

The contents are a real TOC field, which Word recomputes when it opens the file (page numbers included);
its stored result lists the headings, each linking to its heading, so LibreOffice and a Word that does
not update fields still show a usable list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from urllib.parse import quote, urlsplit

from ijprint.model import Metadata
from ijprint.render import docx_markup as markup
from ijprint.render.credit_line import credit_segments

CONTENTS_TITLE = "Contents"
# Headings 1 and 2 (\o), entries linking to their headings (\h), no page numbers in web view (\z), and
# paragraphs with an outline level count too (\u).
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
# The only addresses written as links: a link to file:, javascript: or a custom scheme would run or
# open something other than a web page when a reader clicks it.
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ContentsEntry:
    """One heading listed in the contents: its text and the bookmark around it that the entry links to."""

    text: str
    bookmark: str


def bookmark_name(index: int) -> str:
    """The bookmark of the `index`th main heading. Word hides bookmarks starting with "_" and itself names
    those of contents entries _Toc + digits, so an update of the field can use these."""
    return f"_Toc{index + 1}"


def is_web_address(url: str) -> bool:
    """Whether `url` is an http or https address with a host, the only kind written as a link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def link_target(url: str) -> str:
    """A web address as a relationship's target: spaces, control and non-ASCII characters percent-encoded
    (UTF-8), as Word writes them; reserved characters and existing escapes stay as they are."""
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


@dataclass(frozen=True)
class TitleLook:
    """What the title block needs of the document: its style ids by name, the credit line's colour and size."""

    ids: dict[str, str]
    muted_color: str
    small_pt: float


def title_block(meta: Metadata, look: TitleLook, source_link: str = "") -> str:
    """Title, subtitle, context and the credit line; `source_link` is the id of the document's external
    relationship to meta.source_url when that is a web address (the address is then a link), else ""."""
    out = [markup.paragraph(markup.run(meta.title), look.ids["Title"])]
    if meta.subtitle:
        out.append(markup.paragraph(markup.run(meta.subtitle), look.ids["Subtitle"]))
    if meta.context:
        out.append(markup.paragraph(markup.run(meta.context, italic=True)))
    segments = credit_segments(meta)
    if segments:
        runs = []
        for text, is_address in segments:
            if is_address and source_link:
                link = markup.run(text, size_pt=look.small_pt, style_id=look.ids["Hyperlink"])
                runs.append(markup.external_hyperlink(link, source_link))
            else:
                runs.append(markup.run(text, color=look.muted_color, size_pt=look.small_pt))
        out.append(markup.paragraph("".join(runs)))
    return "".join(out)


def contents(entries: Sequence[ContentsEntry], heading_style_id: str, entry_style_id: str) -> str:
    """A 'Contents' heading and the TOC field whose result lists `entries`; empty when there are none.
    The field opens in the first entry's paragraph and closes in the last's, as Word writes it."""
    if not entries:
        return ""
    out = [markup.paragraph(markup.run(CONTENTS_TITLE), heading_style_id)]
    last = len(entries) - 1
    for index, entry in enumerate(entries):
        content = markup.internal_hyperlink(markup.run(entry.text), entry.bookmark)
        if index == 0:
            content = markup.field_start(TOC_INSTRUCTION) + content
        if index == last:
            content += markup.field_end()
        out.append(markup.paragraph(content, entry_style_id))
    return "".join(out)
