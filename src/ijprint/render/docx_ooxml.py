"""python-docx tables, paragraphs and documents in, the same objects out with the raw OOXML python-docx has
no API for: table and row properties, fields, real multi-level lists, paragraph styles by id.

Shared by the DOCX renderers (notes, fact tables); styles, document properties and package parts are in
docx_package. Every function says why the raw XML is needed.
Units are points unless a name says otherwise; colours are "#rrggbb" or "rrggbb".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

_TWIPS_PER_POINT = 20
# Schema order of the children of w:tcPr and w:trPr; Word rejects (repair prompt) out-of-order children.
_TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")


def hex_value(color: str) -> str:
    """'#1f3a5f' -> '1F3A5F', the form w:color, w:fill and w:shd take."""
    return color.lstrip("#").upper()


def _twips(points: float) -> str:
    return str(int(round(points * _TWIPS_PER_POINT)))


def _replace_child(parent: Any, tag: str, order: Sequence[str]) -> Any:
    """A fresh `tag` child of `parent`, placed where the schema order wants it."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    later = {qn(name) for name in order[order.index(tag) + 1 :]}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


# ---------------------------------------------------------------- tables


def mark_header_row_repeats(row: Any) -> None:
    """w:tblHeader: Word and LibreOffice repeat this row at the top of every page the table runs onto.

    python-docx has no API for it. Only a run of rows from the first row of a table can repeat.
    """
    trPr = row._tr.get_or_add_trPr()
    _replace_child(trPr, "w:tblHeader", _TRPR_ORDER)


def keep_row_on_one_page(row: Any) -> None:
    """w:cantSplit: a row moves whole to the next page instead of breaking mid-cell (no API in python-docx)."""
    trPr = row._tr.get_or_add_trPr()
    _replace_child(trPr, "w:cantSplit", _TRPR_ORDER)


def shade_cell(cell: Any, hex_color: str) -> None:
    """w:shd fill: python-docx can colour text but not a cell's background."""
    tcPr = cell._tc.get_or_add_tcPr()
    shd = _replace_child(tcPr, "w:shd", _TCPR_ORDER)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_value(hex_color))


def set_column_widths(table: Any, widths_pt: Sequence[float]) -> None:
    """Fixed column widths that every consumer honours.

    Needs all of: fixed layout (else Word autofits to content), the table width, w:gridCol (LibreOffice,
    Google Docs) and w:tcW on every cell (Word). A cell spanning columns gets the sum of its columns.
    """
    table.autofit = False
    tblPr = table._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
        _reorder_tblpr(tblPr)
    tblW.set(qn("w:w"), _twips(sum(widths_pt)))
    tblW.set(qn("w:type"), "dxa")
    for gridCol, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_pt):
        gridCol.set(qn("w:w"), _twips(width))
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcPr = tc.get_or_add_tcPr()
            tcW = _replace_child(tcPr, "w:tcW", _TCPR_ORDER)
            tcW.set(qn("w:w"), _twips(sum(widths_pt[column : column + span])))
            tcW.set(qn("w:type"), "dxa")
            column += span


_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _reorder_tblpr(tblPr: Any) -> None:
    rank = {qn(name): index for index, name in enumerate(_TBLPR_ORDER)}
    children = sorted(tblPr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        tblPr.append(child)


def set_table_borders(table: Any, hex_color: str, width_pt: float = 0.5) -> None:
    """w:tblBorders on the table itself: the built-in styles draw black or themed lines; this overrides them."""
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblBorders")):
        tblPr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(max(2, int(round(width_pt * 8)))))  # eighths of a point
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), hex_value(hex_color))
        borders.append(edge)
    tblPr.append(borders)
    _reorder_tblpr(tblPr)


def set_cell_margins(table: Any, top: float, right: float, bottom: float, left: float) -> None:
    """w:tblCellMar: default padding of every cell; python-docx exposes none, and the styles pad 0 top/bottom."""
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblCellMar")):
        tblPr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), _twips(points))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblPr.append(margins)
    _reorder_tblpr(tblPr)


def set_table_look(table: Any, first_row: bool = True, banded_rows: bool = False) -> None:
    """w:tblLook: which parts of a table style apply; python-docx's default turns on first column and bands."""
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblLook")):
        tblPr.remove(old)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:firstRow"), "1" if first_row else "0")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "0" if banded_rows else "1")
    look.set(qn("w:noVBand"), "1")
    tblPr.append(look)
    _reorder_tblpr(tblPr)


# ---------------------------------------------------------------- fields


def add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> Any:
    """A w:fldSimple (PAGE, NUMPAGES, ...): Word and LibreOffice compute it when laying out pages.

    python-docx writes only static text. The run inside is the cached result shown before the first update;
    it gets the paragraph's style, so the number looks like the text around it. Returns the field element.
    """
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    return field


def add_page_field(paragraph: Any) -> Any:
    """The current page number."""
    return add_field(paragraph, "PAGE")


def add_page_count_field(paragraph: Any) -> Any:
    """The number of pages of the document."""
    return add_field(paragraph, "NUMPAGES")


# ---------------------------------------------------------------- numbering (real Word lists)


@dataclass(frozen=True)
class BulletLevel:
    """One level of a bullet list: its glyph, the glyph's font, where text starts and how far the glyph hangs."""

    glyph: str
    font: str
    indent_pt: float
    hanging_pt: float
    color: str = ""


def add_bullet_numbering(document: Any, levels: Sequence[BulletLevel], nsid: int = 0x1F3F6601) -> int:
    """A multi-level bullet list definition (w:abstractNum + w:num); returns its numId.

    python-docx can only reuse the template's lists, which are single-level, so a real nested list
    (w:ilvl 0..n on one numId) needs its own definition. `nsid` is fixed so output stays reproducible.
    """
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _child(abstract, "w:nsid", f"{nsid:08X}")
    _child(abstract, "w:multiLevelType", "multilevel")
    for ilvl, level in enumerate(levels):
        abstract.append(_bullet_level(ilvl, level))
    # Schema order: every w:abstractNum precedes every w:num.
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num = numbering.add_num(abstract_id)
    return int(num.numId)


def _child(parent: Any, tag: str, value: str | None = None) -> Any:
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    parent.append(element)
    return element


def _bullet_level(ilvl: int, level: BulletLevel) -> Any:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(ilvl))
    _child(lvl, "w:start", "1")
    _child(lvl, "w:numFmt", "bullet")
    _child(lvl, "w:lvlText", level.glyph)
    _child(lvl, "w:lvlJc", "left")
    pPr = _child(lvl, "w:pPr")
    tabs = _child(pPr, "w:tabs")
    tab = _child(tabs, "w:tab", "num")
    tab.set(qn("w:pos"), _twips(level.indent_pt))
    ind = _child(pPr, "w:ind")
    ind.set(qn("w:left"), _twips(level.indent_pt))
    ind.set(qn("w:hanging"), _twips(level.hanging_pt))
    rPr = _child(lvl, "w:rPr")
    fonts = _child(rPr, "w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), level.font)
    fonts.set(qn("w:hint"), "default")
    if level.color:
        _child(rPr, "w:color", hex_value(level.color))
    return lvl


def set_paragraph_numbering(paragraph: Any, num_id: int, ilvl: int) -> None:
    """w:numPr on the paragraph: makes it an item of list `num_id` at level `ilvl` (0-based)."""
    numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = ilvl
    numPr.get_or_add_numId().val = num_id


def set_style_numbering(style: Any, num_id: int | None, ilvl: int = 0) -> None:
    """A paragraph style's own w:numPr: point it at `num_id`/`ilvl`, or remove it with num_id=None.

    The template's "List Bullet n" styles point at single-level lists and its "Subtitle" carries a
    stray w:ilvl without a list; both would fight the lists we define.
    """
    pPr = style.element.get_or_add_pPr()
    for old in pPr.findall(qn("w:numPr")):
        pPr.remove(old)
    if num_id is None:
        return
    numPr = pPr.get_or_add_numPr()
    numPr.get_or_add_ilvl().val = ilvl
    numPr.get_or_add_numId().val = num_id


def drop_contextual_spacing(style: Any) -> None:
    """w:contextualSpacing makes Word ignore space before/after between paragraphs of one style; list
    styles in the template have it, which would flatten the spacing we set between list groups."""
    pPr = style.element.get_or_add_pPr()
    for old in pPr.findall(qn("w:contextualSpacing")):
        pPr.remove(old)


# ---------------------------------------------------------------- paragraph styles


def set_paragraph_style(paragraph: Any, style_id: str) -> None:
    """Set w:pStyle directly: python-docx resolves a style assignment by scanning every style of the
    document twice (by name, then to compare with the default), which made notes rendering quadratic-ish
    and cost most of its time; an id (see find_styles) is written in constant time."""
    paragraph._p.get_or_add_pPr().style = style_id


def merge_vertically(cells: Sequence[Any]) -> None:
    """Merge a column of cells into one (w:vMerge restart/continue). python-docx's _Cell.merge recomputes
    the table grid on every call and grew a merge row by row in quadratic time, which cost a third of
    the notes' render time; Word's own markup for a vertical merge is just this pair of flags."""
    for index, cell in enumerate(cells):
        merge = _replace_child(cell._tc.get_or_add_tcPr(), "w:vMerge", _TCPR_ORDER)
        if index == 0:
            merge.set(qn("w:val"), "restart")


# ---------------------------------------------------------------- body content as markup


def insert_body_markup(document: Any, markup: str) -> None:
    """Parse WordprocessingML `markup` (w: prefix, see docx_markup) once and add its paragraphs and
    tables at the end of the document body, before the body's final w:sectPr (which must stay last).

    python-docx adds each paragraph, run and property by searching its parent for the schema position,
    which made a few hundred list items and table cells cost most of the notes' render time; one parse
    of the same markup is linear. python-docx's own parser gives the elements their oxml classes.
    The parsed wrapper moves into the document whole and is then unwrapped: lxml re-homes a subtree
    from another parsed tree with a fixed cost per move, which for each of the hundreds of paragraphs
    and tables was half the cost of the parse itself; moves within one tree are cheap.
    """
    body = document.element.body
    parsed = parse_xml(f'<w:body xmlns:w="{nsmap["w"]}">{markup}</w:body>')
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(parsed)
    else:
        sect_pr.addprevious(parsed)
    for element in list(parsed):
        parsed.addprevious(element)
    body.remove(parsed)


def find_styles(document: Any, names: Sequence[str]) -> dict[str, Any]:
    """Style name (as python-docx's styles[name] takes it) -> python-docx style, for those of `names` the
    document defines, in one pass over styles.xml.

    styles[name] runs an XPath query per lookup, and styles.add_style first scans every style's name; the
    template holds ~160 styles and the notes look up a dozen, which cost more than all the formatting.
    (A docx_package.blank_document holds only the styles named when it was made, so the pass is short.)
    """
    wanted = {BabelFish.ui2internal(name): name for name in names}
    found = {}
    for element in document.styles.element.findall(qn("w:style")):
        name = element.find(qn("w:name"))
        key = wanted.get(name.get(qn("w:val")) if name is not None else None)
        if key is not None and key not in found:
            found[key] = StyleFactory(element)
    return found


def add_new_style(document: Any, name: str, style_type: Any) -> Any:
    """A custom style the caller knows is not defined yet (see find_styles); styles.add_style would scan
    every style's name again to check."""
    return StyleFactory(document.styles.element.add_style_of_type(BabelFish.ui2internal(name), style_type, False))
