"""Text, emphasis, links, fields, paragraph and table settings in, WordprocessingML markup text (w: prefix) out.

A renderer joins these strings into a document body, which docx_package.docx_bytes writes into
word/document.xml as it is (docx_ooxml.document_xml): building thousands of paragraphs, runs and cells
through python-docx objects costs a schema-order search per child element and was nearly all of the
notes' render time, and parsing the markup only to serialize it again a third. So every element here is
written exactly as lxml serializes it (escapes, <empty/> elements), which test_docx_package holds. Every
property element is put together by docx_ooxml.in_schema_order, once per distinct set of values (they
repeat row after row).
Lengths are in points here and written as OOXML stores them; colours are "#rrggbb" or "rrggbb".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ijprint.render.docx_ooxml import eighths, hex_value, in_schema_order, twips

# Characters XML 1.0 cannot carry at all (not even escaped); lxml refuses a document holding one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Word keeps a tab and a line break as elements of their own, not as characters of w:t.
_BREAKS = re.compile("([\t\r\n])")
_BREAK_ELEMENTS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
# What escape_text() changes: most runs have none of these.
_SPECIAL = re.compile("[&<>\x00-\x1f\ud800-\udfff\ufffe\uffff]")
# The whitespace an XML parser reads as a space in an attribute value.
_ATTRIBUTE_SPACE = str.maketrans("\t\n\r", "   ")


def escape_text(text: str) -> str:
    """`text` as an element's content, escaped as lxml writes it (& < >, a quote stays); characters XML
    forbids are dropped."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """`text` as a double-quoted attribute value, written as lxml writes the value a parser reads from it."""
    return escape_text(text.translate(_ATTRIBUTE_SPACE)).replace('"', "&quot;")


def _text_element(text: str) -> str:
    """A w:t of `text` (no tab or line break in it)."""
    return _escaped_text_element(escape_text(text) if _SPECIAL.search(text) else text)


def _escaped_text_element(text: str) -> str:
    """A w:t of `text` as it is, which needs no escaping; none for empty text."""
    if not text:
        return ""
    # Without xml:space="preserve", consumers drop the spaces at the ends of a run ("word" + " – " + "text").
    if text[0].isspace() or text[-1].isspace():
        return f'<w:t xml:space="preserve">{text}</w:t>'
    return f"<w:t>{text}</w:t>"


def _element(start: str, content: str, tag: str = "") -> str:
    """The element opened by `start` (its tag and any attributes) holding `content`, written as lxml writes
    it (an empty one as <start/>); `tag` when `start` has attributes."""
    if not content:
        return f"<{start}/>"
    return f"<{start}>{content}</{tag or start}>"


def run_content(text: str) -> str:
    """The w:t, w:tab and w:br elements of a run showing `text`; empty text gives no content."""
    if "\t" in text or "\r" in text or "\n" in text:
        return "".join(_BREAK_ELEMENTS.get(part) or _text_element(part) for part in _BREAKS.split(text))
    return _text_element(text)


def run(text: str, bold: bool = False, italic: bool = False, color: str = "", size_pt: float | None = None,
        style_id: str = "") -> str:
    """A w:r showing `text`: bold, italic, in `color`, `size_pt` large (half-points, truncated as python-docx
    truncates them), in the character style `style_id`; None and empty values leave the style's own.
    A run with Devanagari in it also asks for a Devanagari face (DEVANAGARI_FONT) and says it is Hindi."""
    # Most text has nothing to escape, break or drop and no Devanagari: one search tells (a run per label
    # and span, hundreds per file).
    if _PLAIN_RUN_BREAKER.search(text) is None:
        properties = _run_properties(bold, italic, color, size_pt, style_id, False)
        content = _escaped_text_element(text)
    else:
        properties = _run_properties(bold, italic, color, size_pt, style_id, _DEVANAGARI.search(text) is not None)
        content = run_content(text) if _SPECIAL.search(text) else _escaped_text_element(text)
    return f"<w:r>{properties}{content}</w:r>" if properties or content else "<w:r/>"


# Word and LibreOffice set Devanagari with a run's complex-script properties: its w:cs font, w:bCs,
# w:iCs and w:szCs, and the w:bidi language (spelling, hyphenation). Nirmala UI is the Devanagari face
# every Windows since 8 has (Word's own choice for Hindi); where it is missing, the application takes
# any face with Devanagari in it (LibreOffice on Linux: Noto Sans Devanagari, Lohit), as it does today.
DEVANAGARI_FONT = "Nirmala UI"
DEVANAGARI_LANGUAGE = "hi-IN"
_DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff]")
_PLAIN_RUN_BREAKER = re.compile(f"{_SPECIAL.pattern[:-1]}{_DEVANAGARI.pattern[1:]}")


@functools.lru_cache(maxsize=256)
def _run_properties(bold: bool, italic: bool, color: str, size_pt: float | None, style_id: str = "", devanagari: bool = False) -> str:
    children = {}
    if style_id:
        children["w:rStyle"] = f'<w:rStyle w:val="{escape(style_id)}"/>'
    if bold:
        children["w:b"] = "<w:b/>"
    if italic:
        children["w:i"] = "<w:i/>"
    if color:
        children["w:color"] = f'<w:color w:val="{hex_value(color)}"/>'
    if size_pt is not None:
        children["w:sz"] = f'<w:sz w:val="{int(size_pt * 2)}"/>'
    if devanagari:
        children["w:rFonts"] = f'<w:rFonts w:cs="{DEVANAGARI_FONT}" w:hint="cs"/>'
        children["w:lang"] = f'<w:lang w:bidi="{DEVANAGARI_LANGUAGE}"/>'
        if bold:
            children["w:bCs"] = "<w:bCs/>"
        if italic:
            children["w:iCs"] = "<w:iCs/>"
        if size_pt is not None:
            children["w:szCs"] = f'<w:szCs w:val="{int(size_pt * 2)}"/>'
    return in_schema_order("w:rPr", children)


def paragraph(content: str, style_id: str = "", *, keep_next: bool = False, numbering: tuple[int, int] | None = None,
              space_before: float | None = None) -> str:
    """A w:p holding `content` (runs): its style by id, keep-with-next, list item (numId, ilvl), space before in points."""
    return _element("w:p", _paragraph_properties(style_id, keep_next, numbering, space_before) + content)


@functools.lru_cache(maxsize=256)
def _paragraph_properties(style_id: str, keep_next: bool, numbering: tuple[int, int] | None, space_before: float | None) -> str:
    children = {}
    if style_id:
        children["w:pStyle"] = f'<w:pStyle w:val="{escape(style_id)}"/>'
    if keep_next:
        children["w:keepNext"] = "<w:keepNext/>"
    if numbering is not None:
        num_id, ilvl = numbering
        children["w:numPr"] = in_schema_order("w:numPr", {"w:ilvl": f'<w:ilvl w:val="{ilvl}"/>', "w:numId": f'<w:numId w:val="{num_id}"/>'})
    if space_before is not None:
        children["w:spacing"] = f'<w:spacing w:before="{twips(space_before)}"/>'
    return in_schema_order("w:pPr", children)


# ---------------------------------------------------------------- links and fields (python-docx writes neither)


def external_hyperlink(content: str, relationship_id: str) -> str:
    """`content` (runs) as a link to the address of the document part's external hyperlink relationship
    `relationship_id` (the r: prefix is declared by the template's document.xml)."""
    return _element(f'w:hyperlink r:id="{escape(relationship_id)}" w:history="1"', content, "w:hyperlink")


def internal_hyperlink(content: str, bookmark: str) -> str:
    """`content` (runs) as a link to the bookmark named `bookmark` in the same document."""
    return _element(f'w:hyperlink w:anchor="{escape(bookmark)}" w:history="1"', content, "w:hyperlink")


def bookmarked(content: str, bookmark_id: int, name: str) -> str:
    """`content` (runs) inside the bookmark `name`; `bookmark_id` is unique in the document."""
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape(name)}"/>{content}<w:bookmarkEnd w:id="{bookmark_id}"/>'


def field_start(instruction: str) -> str:
    """The runs opening a complex field: its begin mark, marked dirty so Word computes it when it opens
    the file, and its instruction. What follows, up to field_end, is the result shown until then."""
    return ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape_text(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def field_end() -> str:
    """The run closing the complex field field_start opened."""
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class TableFrame:
    """What every table of a document shares: its style, border colour and width, and default cell padding."""

    style_id: str
    border_color: str
    border_pt: float
    padding_pt: tuple[float, float, float, float]  # top, right, bottom, left


def table(frame: TableFrame, widths_pt: Sequence[float], rows: Iterable[str]) -> str:
    """A centred w:tbl of `rows` (from table_row) with fixed column widths in points, which every consumer
    honours only with all of: fixed layout (else Word autofits to the content), the table width, w:gridCol
    (LibreOffice, Google Docs) and w:tcW on every cell (Word; see table_cell). Header rows are shaded by
    the cells, not the style: w:tblLook turns off the style's first column and bands."""
    border = f'w:val="single" w:sz="{eighths(frame.border_pt)}" w:space="0" w:color="{hex_value(frame.border_color)}"'
    top, right, bottom, left = (twips(points) for points in frame.padding_pt)
    margins = {"top": top, "left": left, "bottom": bottom, "right": right}
    properties = in_schema_order("w:tblPr", {
        "w:tblStyle": f'<w:tblStyle w:val="{escape(frame.style_id)}"/>',
        "w:tblW": f'<w:tblW w:type="dxa" w:w="{twips(sum(widths_pt))}"/>',
        "w:jc": '<w:jc w:val="center"/>',
        "w:tblBorders": in_schema_order("w:tblBorders", {
            f"w:{side}": f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        }),
        "w:tblLayout": '<w:tblLayout w:type="fixed"/>',
        "w:tblCellMar": in_schema_order("w:tblCellMar", {
            f"w:{side}": f'<w:{side} w:w="{width}" w:type="dxa"/>' for side, width in margins.items()
        }),
        "w:tblLook": '<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
    })
    grid = _element("w:tblGrid", "".join(f'<w:gridCol w:w="{twips(width)}"/>' for width in widths_pt))
    return _element("w:tbl", properties + grid + "".join(rows))


# Every row stays on one page (w:cantSplit); a header row also repeats at the top of every page (w:tblHeader).
_ROW_PROPERTIES = in_schema_order("w:trPr", {"w:cantSplit": "<w:cantSplit/>"})
_HEADER_ROW_PROPERTIES = in_schema_order("w:trPr", {"w:cantSplit": "<w:cantSplit/>", "w:tblHeader": "<w:tblHeader/>"})


def table_row(cells: Iterable[str], header: bool = False) -> str:
    """A w:tr that never splits across pages; a header row also repeats on every page the table runs onto."""
    return f"<w:tr>{_HEADER_ROW_PROPERTIES if header else _ROW_PROPERTIES}{''.join(cells)}</w:tr>"


def table_cell(width_pt: float, content: str, fill: str = "", merge: str = "") -> str:
    """A w:tc `width_pt` wide holding `content` (paragraphs); `fill` shades it; `merge` is "restart" to
    open a vertical merge and "continue" for the cells below that join it (python-docx's merge grows
    the grid row by row, in quadratic time)."""
    return f"<w:tc>{_cell_properties(width_pt, fill, merge)}{content}</w:tc>"


@functools.lru_cache(maxsize=256)
def _cell_properties(width_pt: float, fill: str, merge: str) -> str:
    children = {"w:tcW": f'<w:tcW w:w="{twips(width_pt)}" w:type="dxa"/>'}
    if merge:
        children["w:vMerge"] = '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
    if fill:
        children["w:shd"] = f'<w:shd w:val="clear" w:color="auto" w:fill="{hex_value(fill)}"/>'
    return in_schema_order("w:tcPr", children)
