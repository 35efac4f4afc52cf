"""Text, emphasis, paragraph and table settings in, WordprocessingML markup text (w: prefix) out.

A renderer joins these strings into a document body and lets docx_ooxml.insert_body_markup parse them
once: building thousands of paragraphs, runs and cells through python-docx objects costs a schema-order
search per child element and was nearly all of the notes' render time. The markup is what python-docx
writes for the same calls (see docx_ooxml for why each table and list element is needed), so the
document reads the same in Word, LibreOffice and python-docx.
Units: twips (1/20 pt) and eighths of a point, as OOXML stores them; colours are "#rrggbb" or "rrggbb".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

# Characters XML 1.0 cannot carry at all (not even escaped); lxml refuses a document holding one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Word keeps a tab and a line break as elements of their own, not as characters of w:t.
_BREAKS = re.compile("([\t\r\n])")
_BREAK_ELEMENTS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
# What escape() changes: most runs have none of these.
_SPECIAL = re.compile("[&<>\"\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def twips(points: float) -> int:
    """Points -> twips, rounded as docx_ooxml rounds them."""
    return int(round(points * 20))


def color_value(color: str) -> str:
    """'#1f3a5f' -> '1F3A5F', the form w:color, w:fill and w:shd take."""
    return color.lstrip("#").upper()


def escape(text: str) -> str:
    """`text` safe inside an element or a double-quoted attribute; characters XML forbids are dropped."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _text_element(text: str) -> str:
    """A w:t of `text` (no tab or line break in it)."""
    if _SPECIAL.search(text):
        text = escape(text)
    if not text:
        return ""
    # Without xml:space="preserve", consumers drop the spaces at the ends of a run ("word" + " – " + "text").
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{text}</w:t>'
    return f"<w:t>{text}</w:t>"


def run_content(text: str) -> str:
    """The w:t, w:tab and w:br elements of a run showing `text`; empty text gives no content."""
    if "\t" in text or "\r" in text or "\n" in text:
        return "".join(_BREAK_ELEMENTS.get(part) or _text_element(part) for part in _BREAKS.split(text))
    return _text_element(text)


def run(text: str, bold: bool = False, italic: bool = False, properties: str = "") -> str:
    """A w:r; `properties` is further run-property markup that follows w:b/w:i in schema order (w:color, w:sz)."""
    marks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + properties
    head = f"<w:r><w:rPr>{marks}</w:rPr>" if marks else "<w:r>"
    return f"{head}{run_content(text)}</w:r>"


def run_properties(hex_color: str = "", size_pt: float | None = None) -> str:
    """w:color and w:sz (half-points, truncated as python-docx truncates them) for run()'s `properties`."""
    out = f'<w:color w:val="{color_value(hex_color)}"/>' if hex_color else ""
    if size_pt is not None:
        out += f'<w:sz w:val="{int(size_pt * 2)}"/>'
    return out


def paragraph(content: str, style_id: str = "", *, keep_next: bool = False, numbering: tuple[int, int] | None = None,
              space_before: int | None = None) -> str:
    """A w:p holding `content` (runs): its style by id, keep-with-next, list item (numId, ilvl), space before in twips."""
    properties = f'<w:pStyle w:val="{escape(style_id)}"/>' if style_id else ""
    if keep_next:
        properties += "<w:keepNext/>"
    if numbering is not None:
        num_id, ilvl = numbering
        properties += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    if space_before is not None:
        properties += f'<w:spacing w:before="{space_before}"/>'
    if properties:
        return f"<w:p><w:pPr>{properties}</w:pPr>{content}</w:p>"
    return f"<w:p>{content}</w:p>"


@dataclass(frozen=True)
class TableFrame:
    """What every table of a document shares: its style, border colour and width, and default cell padding."""

    style_id: str
    border_color: str
    border_pt: float
    padding_pt: tuple[float, float, float, float]  # top, right, bottom, left


def table(frame: TableFrame, widths_pt: Sequence[float], rows: Iterable[str]) -> str:
    """A centred fixed-layout w:tbl of `rows` (from table_row) with column widths in points.

    The widths go in w:tblW, w:tblGrid and (via table_cell, in twips) every w:tcW: see docx_ooxml.set_column_widths.
    """
    border = f'w:val="single" w:sz="{max(2, int(round(frame.border_pt * 8)))}" w:space="0" w:color="{color_value(frame.border_color)}"'
    top, right, bottom, left = (twips(points) for points in frame.padding_pt)
    grid = "".join(f'<w:gridCol w:w="{twips(width)}"/>' for width in widths_pt)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{escape(frame.style_id)}"/><w:tblW w:type="dxa" w:w="{twips(sum(widths_pt))}"/>'
        f'<w:jc w:val="center"/><w:tblBorders>'
        + "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
        f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def table_row(cells: Iterable[str], header: bool = False) -> str:
    """A w:tr that never splits across pages (w:cantSplit); a header row also repeats on every page (w:tblHeader)."""
    flags = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>"


def table_cell(width: int, content: str, fill: str = "", merge: str = "") -> str:
    """A w:tc `width` twips wide holding `content` (paragraphs); `fill` shades it; `merge` is "restart" to
    open a vertical merge and "continue" for the cells below that join it."""
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if merge == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif merge:
        properties += "<w:vMerge/>"
    if fill:
        properties += f'<w:shd w:val="clear" w:color="auto" w:fill="{color_value(fill)}"/>'
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"
