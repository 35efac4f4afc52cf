"""python-docx documents, styles and paragraphs in, the same objects out with the WordprocessingML that
python-docx has no API for; also the one declaration of the schema order of every element written by hand.

Each function says why python-docx cannot do it. The body text itself is markup (docx_markup), which
takes its child order from SCHEMA_ORDER here. Units are points unless a name says otherwise; colours
are "#rrggbb" or "rrggbb".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from docx.opc.constants import NAMESPACE
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

TWIPS_PER_POINT = 20

# Schema order (ECMA-376 Part 1, section 17) of the children of every element this project writes or adds
# children to by hand; Word calls a file corrupt (a repair prompt) when children are out of this order.
# w:p lists only w:pPr: the paragraph's properties come before all of its content.
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "w:p": ("w:pPr",),
    "w:style": ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority",
                "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal", "w:personalCompose",
                "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"),
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
              "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
              "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
              "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
              "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
              "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
              "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
              "w:specVanish", "w:oMath"),
    "w:numPr": ("w:ilvl", "w:numId"),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:bottom", "w:right"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:settings": ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
                   "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
                   "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts", "w:embedSystemFonts",
                   "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
                   "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
                   "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
                   "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
                   "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions",
                   "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                   "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
                   "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
                   "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
                   "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                   "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
                   "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
                   "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
                   "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                   "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
                   "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
                   "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
                   "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults",
                   "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                   "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                   "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                   "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator"),
}
# Each child's place in SCHEMA_ORDER, by prefixed name (markup) and by namespaced name (lxml elements).
_MARKUP_RANK = {parent: {tag: index for index, tag in enumerate(order)} for parent, order in SCHEMA_ORDER.items()}
_RANK = {qn(parent): {qn(tag): index for tag, index in rank.items()} for parent, rank in _MARKUP_RANK.items()}
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def twips(points: float) -> int:
    """Points -> twips (1/20 pt), the unit of OOXML lengths."""
    return int(round(points * TWIPS_PER_POINT))


def eighths(points: float) -> int:
    """A border width in points -> eighths of a point (w:sz of a border), at least the thinnest line, 2."""
    return max(2, int(round(points * 8)))


def hex_value(color: str) -> str:
    """'#1f3a5f' -> '1F3A5F', the form w:color, w:fill and w:shd take."""
    return color.lstrip("#").upper()


def in_schema_order(parent: str, children: Mapping[str, str]) -> str:
    """The markup of `parent` ("w:pPr", ...) holding `children` (child tag -> that child's markup) in
    schema order; empty when there are none. docx_markup builds every property element through this."""
    if not children:
        return ""
    rank = _MARKUP_RANK[parent]
    return f"<{parent}>{''.join(children[tag] for tag in sorted(children, key=rank.__getitem__))}</{parent}>"


def child(parent: Any, tag: str) -> Any:
    """`parent`'s `tag` child; added where the schema order wants it when `parent` has none.

    python-docx adds only the children it models, and not w:pBdr, the document defaults or a style's
    numbering. Children the order does not list (a paragraph's runs) count as coming after.
    """
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    rank = _RANK[parent.tag]
    own = rank[qn(tag)]
    element = OxmlElement(tag)
    for index, sibling in enumerate(parent):
        if rank.get(sibling.tag, len(rank)) > own:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _replace_child(parent: Any, tag: str) -> Any:
    """A fresh, empty `tag` child of `parent` in place of any it had."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    return child(parent, tag)


# ---------------------------------------------------------------- document defaults and styles


def _default_run_properties(document: Any) -> Any:
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _set_fonts(rPr: Any, name: str) -> None:
    """Every script's font in w:rFonts, with no theme font attributes: those take precedence over names."""
    fonts = child(rPr, "w:rFonts")
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in _FONT_ATTRIBUTES:
        fonts.set(qn(attribute), name)


def set_default_fonts(document: Any, name: str) -> None:
    """The font of text without a style. python-docx has no API for the document defaults (w:docDefaults)."""
    _set_fonts(_default_run_properties(document), name)


def set_default_language(document: Any, language: str) -> None:
    """w:lang in the document defaults (no python-docx API): spell checking and hyphenation follow the
    content's language, a BCP 47 tag such as "en", "en-GB" or "hi"."""
    child(_default_run_properties(document), "w:lang").set(qn("w:val"), language)


def set_style_font(style: Any, name: str) -> None:
    """The font of a style for every script: python-docx's font.name sets only w:ascii and w:hAnsi and
    keeps the template's theme fonts, which win over both."""
    _set_fonts(child(style.element, "w:rPr"), name)


def set_style_numbering(style: Any, num_id: int | None, ilvl: int = 0) -> None:
    """A paragraph style's own w:numPr (no python-docx API): every paragraph of the style becomes an item
    of list `num_id` at level `ilvl`; num_id=None removes it."""
    pPr = child(style.element, "w:pPr")
    for old in pPr.findall(qn("w:numPr")):
        pPr.remove(old)
    if num_id is not None:
        numPr = child(pPr, "w:numPr")
        child(numPr, "w:ilvl").set(qn("w:val"), str(ilvl))
        child(numPr, "w:numId").set(qn("w:val"), str(num_id))


def drop_contextual_spacing(style: Any) -> None:
    """Remove w:contextualSpacing (no python-docx API), which makes Word ignore space before and after
    between paragraphs of one style: Word's list styles have it, and it flattens the gaps between groups."""
    pPr = style.element.find(qn("w:pPr"))
    if pPr is not None:
        for old in pPr.findall(qn("w:contextualSpacing")):
            pPr.remove(old)


def set_paragraph_border(paragraph_or_style: Any, side: str, hex_color: str, width_pt: float, space_pt: float) -> None:
    """A rule above ("top") or below ("bottom") a paragraph or every paragraph of a style, `space_pt` away
    from the text: w:pBdr, which python-docx does not model.

    paragraph_format is python-docx's public proxy of the w:p (or w:style) that holds the properties.
    """
    element = paragraph_or_style.paragraph_format.element
    edge = _replace_child(child(child(element, "w:pPr"), "w:pBdr"), f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(eighths(width_pt)))
    edge.set(qn("w:space"), str(int(round(space_pt))))
    edge.set(qn("w:color"), hex_value(hex_color))


# ---------------------------------------------------------------- fields


def _add_field(paragraph: Any, instruction: str) -> None:
    """A w:fldSimple that Word and LibreOffice compute when laying out pages; python-docx writes only
    static text. The run inside is the result shown before the first update, in the paragraph's style."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = etree.SubElement(field, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "1"
    paragraph.paragraph_format.element.append(field)


def add_page_field(paragraph: Any) -> None:
    """The current page number, at the end of `paragraph`."""
    _add_field(paragraph, "PAGE")


def add_page_count_field(paragraph: Any) -> None:
    """The number of pages of the document, at the end of `paragraph`."""
    _add_field(paragraph, "NUMPAGES")


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

    python-docx has no API for list definitions, so a real nested list (w:ilvl 0..n on one numId) needs
    its own. `nsid` is fixed so the output stays reproducible.
    """
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.iterfind(qn("w:abstractNum"))), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.iterfind(qn("w:num"))), default=0)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _value_child(abstract, "w:nsid", f"{nsid:08X}")
    _value_child(abstract, "w:multiLevelType", "multilevel")
    for ilvl, level in enumerate(levels):
        abstract.append(_bullet_level(ilvl, level))
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    _value_child(num, "w:abstractNumId", str(abstract_id))
    # Schema order: every w:abstractNum precedes every w:num.
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(num)
    return num_id


def _value_child(parent: Any, tag: str, value: str) -> Any:
    element = etree.SubElement(parent, qn(tag))
    element.set(qn("w:val"), value)
    return element


def _bullet_level(ilvl: int, level: BulletLevel) -> Any:
    """A w:lvl: start, numFmt, lvlText, lvlJc, pPr and rPr are in w:lvl's schema order."""
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(ilvl))
    _value_child(lvl, "w:start", "1")
    _value_child(lvl, "w:numFmt", "bullet")
    _value_child(lvl, "w:lvlText", level.glyph)
    _value_child(lvl, "w:lvlJc", "left")
    pPr = etree.SubElement(lvl, qn("w:pPr"))
    tab = _value_child(child(pPr, "w:tabs"), "w:tab", "num")
    tab.set(qn("w:pos"), str(twips(level.indent_pt)))
    ind = child(pPr, "w:ind")
    ind.set(qn("w:left"), str(twips(level.indent_pt)))
    ind.set(qn("w:hanging"), str(twips(level.hanging_pt)))
    rPr = etree.SubElement(lvl, qn("w:rPr"))
    fonts = child(rPr, "w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), level.font)
    fonts.set(qn("w:hint"), "default")
    if level.color:
        child(rPr, "w:color").set(qn("w:val"), hex_value(level.color))
    return lvl


# ---------------------------------------------------------------- body content as markup


def document_xml(document_element: Any, markup: str) -> bytes:
    """word/document.xml as python-docx saves it, with WordprocessingML `markup` (w: and r: prefixes, which
    the template's root declares; see docx_markup) at the end of the body, before the body's final
    w:sectPr (which must stay last).

    python-docx adds each paragraph, run and property by searching its parent for the schema position,
    which made a few hundred list items and table cells cost most of the notes' render time. Parsing
    the markup once was linear, but parsing it, moving it into the document and serializing it again
    was still a third of the render; docx_markup writes every element exactly as lxml serializes it
    (escapes, empty elements), so the markup goes into the serialized part as it is. test_docx_package
    holds the two byte for byte. The document is left as it was.
    """
    body = document_element.find(qn("w:body"))
    place = etree.Comment(_BODY_PLACE)
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(place)
    else:
        sect_pr.addprevious(place)
    try:
        before, after = serialize_part_xml(document_element).split(f"<!--{_BODY_PLACE}-->".encode())
    finally:
        body.remove(place)
    return before + markup.encode("utf-8") + after


_BODY_PLACE = "ijprint: the body markup goes here"


def relationships_xml(relationships: Any, base_uri: str) -> bytes:
    """A part's (or the package's) python-docx relationships as the .rels entry python-docx's save writes;
    `base_uri` is the folder of the part ("/word") or "/" for the package.

    python-docx's own `Relationships.xml` parses a string for every relationship and works out each
    target's relative address with posixpath, together a fifth of packaging a notes file; this builds the
    same elements directly (test_docx_package holds the bytes to a save), and the addresses, the same
    part names in every document, once."""
    root = etree.Element(_RELATIONSHIPS, nsmap={None: _RELATIONSHIPS_NAMESPACE})
    for rel in relationships.values():
        if rel.is_external:
            attributes = {"Id": rel.rId, "Type": rel.reltype, "Target": rel.target_ref, "TargetMode": RTM.EXTERNAL}
        else:
            attributes = {"Id": rel.rId, "Type": rel.reltype, "Target": _relative_ref(rel.target_part.partname, base_uri)}
        etree.SubElement(root, _RELATIONSHIP, attributes)
    return serialize_part_xml(root)


@functools.lru_cache(maxsize=256)
def _relative_ref(partname: PackURI, base_uri: str) -> str:
    return partname.relative_ref(base_uri)


_RELATIONSHIPS_NAMESPACE = NAMESPACE.OPC_RELATIONSHIPS
_RELATIONSHIPS = f"{{{_RELATIONSHIPS_NAMESPACE}}}Relationships"
_RELATIONSHIP = f"{{{_RELATIONSHIPS_NAMESPACE}}}Relationship"


# ---------------------------------------------------------------- settings


def request_field_update(document: Any) -> None:
    """w:updateFields in settings.xml (python-docx models only evenAndOddHeaders there): Word recomputes
    every field when it opens the file, the table of contents among them. Word asks first ("fields that
    may refer to other files"), and drops the setting once the user saves."""
    child(document.settings.element, "w:updateFields").set(qn("w:val"), "true")


# ---------------------------------------------------------------- the reference template (make_reference_docx)


def set_compatibility_mode(document: Any, mode: int) -> None:
    """The Word version whose layout rules the file asks for (w:compatSetting compatibilityMode; 15 is
    Word 2013 and later, without it Word opens the file in "Compatibility Mode"). No python-docx API."""
    compat = child(document.settings.element, "w:compat")
    for setting in compat.iterfind(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    setting = etree.SubElement(compat, qn("w:compatSetting"))
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
    setting.set(qn("w:val"), str(mode))


_THEME_COLOR_ATTRIBUTES = ("w:themeColor", "w:themeShade", "w:themeTint", "w:themeFill", "w:themeFillShade",
                           "w:themeFillTint")


def remove_theme_colors(document: Any) -> None:
    """No style of the template keeps a colour of its own or of the theme: a w:color naming a theme
    colour goes (the text takes the renderer's colour, else the default), and a border's theme colour
    becomes "auto". A theme colour wins over the RGB value beside it, so python-docx's font.color cannot
    override it, and the theme's blues would stay in every style a renderer does not recolour (linked
    character styles, Title's rule), even under a black-and-white style. No python-docx API."""
    theme_attributes = [qn(name) for name in _THEME_COLOR_ATTRIBUTES]
    for element in list(document.styles.element.iter()):
        if not any(name in element.attrib for name in theme_attributes):
            continue
        if element.tag == qn("w:color"):
            element.getparent().remove(element)
            continue
        for name in theme_attributes:
            element.attrib.pop(name, None)
        if element.get(qn("w:color")) is not None:
            element.set(qn("w:color"), "auto")


def remove_latent_styles(document: Any) -> None:
    """Drop w:latentStyles: Word's list of the ~270 built-in styles a document does not define, which
    only decides what Word's style gallery offers; python-docx can empty it but not remove it."""
    for latent in document.styles.element.findall(qn("w:latentStyles")):
        latent.getparent().remove(latent)


def remove_list_definitions(document: Any) -> None:
    """Empty numbering.xml: python-docx's template defines a list for each list style it has, which no
    document of ours uses (the notes define their own, see add_bullet_numbering). No python-docx API."""
    numbering = document.part.numbering_part.element
    for definition in [*numbering.findall(qn("w:abstractNum")), *numbering.findall(qn("w:num"))]:
        numbering.remove(definition)


# ---------------------------------------------------------------- package parts


_EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def extended_properties(application: str) -> bytes:
    """docProps/app.xml naming the producing application, and nothing else. python-docx keeps app.xml as
    opaque bytes (its template's says "Microsoft Macintosh Word", with a stale page and word count).

    No statistics (Pages, Words, Characters, Lines, Paragraphs): pages depend on the layout a reader's
    word processor makes, and Word counts words and characters by rules of its own; a count that
    disagrees with what Word shows is worse than none, and Word writes its own on the first save."""
    root = etree.Element(f"{{{_EXTENDED_PROPERTIES}}}Properties", nsmap={None: _EXTENDED_PROPERTIES})
    etree.SubElement(root, f"{{{_EXTENDED_PROPERTIES}}}Application").text = application
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

