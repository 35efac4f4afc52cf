"""python-docx Document in, the same Document out with its styles, document properties and package parts
fixed where python-docx has no API (or the wrong template defaults).

Shared by the DOCX renderers (notes, fact tables), beside docx_ooxml (tables, fields, lists). Every
function says why it is needed. Colours are "#rrggbb" or "rrggbb"; widths are points.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from datetime import datetime
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ijprint.model import Metadata
from ijprint.render.docx_ooxml import hex_value
from ijprint.reproducible import set_docx_core_dates

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_document_properties(document: Any, meta: Metadata, generator: str, when: datetime, *, title: str, subject: str) -> None:
    """Every document property of a DOCX, the same way for notes and fact tables.

    core.xml: title and subject (which differ per document), then from the content: author (the source's
    author, else the credit line), keywords (the tags), language, comments (the credit line), an empty
    category, the producer as last editor and `when` as every date (python-docx would stamp 'now').
    Also the language of the text (spell checking), the producing application in app.xml, and no
    template thumbnail.
    """
    core = document.core_properties
    core.title = title
    core.subject = subject
    core.author = meta.document_author
    core.keywords = ", ".join(meta.tags)
    core.language = meta.language
    core.comments = meta.credit
    core.category = ""
    core.last_modified_by = generator
    set_docx_core_dates(core, when)
    set_default_language(document, meta.language)
    set_application_name(document, generator)
    remove_thumbnail(document)
    remove_styles_with_effects(document)


def set_style_font(style: Any, name: str) -> None:
    """The font of a style for every script. python-docx sets only w:ascii/w:hAnsi, and the template's
    theme-font attributes (w:asciiTheme...) take precedence over those, so they are removed."""
    rPr = style.element.get_or_add_rPr()
    fonts = rPr.get_or_add_rFonts()
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def set_style_color(style: Any, hex_color: str) -> None:
    """A style's text colour. python-docx keeps the template's w:themeColor, which overrides w:val."""
    rPr = style.element.get_or_add_rPr()
    color = rPr.get_or_add_color()
    for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attribute), None)
    color.set(qn("w:val"), hex_value(hex_color))


def set_default_language(document: Any, language: str) -> None:
    """w:lang in the document defaults: spell checking and hyphenation follow the content's language
    (the template says en-US). `language` is a BCP 47 tag such as "en", "en-GB" or "hi"."""
    rPr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rPr.append(lang)
    lang.set(qn("w:val"), language)


def set_default_fonts(document: Any, name: str) -> None:
    """Replace the theme fonts of the document defaults, so text without a style still uses `name`."""
    rPr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rPr.insert(0, fonts)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def set_paragraph_border(paragraph_or_style: Any, side: str, hex_color: str, width_pt: float, space_pt: float) -> None:
    """A rule above/below a paragraph (or every paragraph of a style): w:pBdr, no python-docx API.

    `side` is "top" or "bottom"; the rule sits `space_pt` away from the text.
    """
    element = getattr(paragraph_or_style, "_p", None)
    if element is None:
        element = paragraph_or_style.element
    pPr = element.get_or_add_pPr()
    border = pPr.find(qn("w:pBdr"))
    if border is None:
        border = OxmlElement("w:pBdr")
        # w:pBdr follows keepNext..numPr..suppressLineNumbers and precedes w:shd, w:tabs, w:spacing, w:ind...
        before = {qn(t) for t in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")}
        for index, child in enumerate(pPr):
            if child.tag in before:
                pPr.insert(index, border)
                break
        else:
            pPr.append(border)
    edges = {child.tag: child for child in border}
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(max(2, int(round(width_pt * 8)))))
    edge.set(qn("w:space"), str(int(round(space_pt))))
    edge.set(qn("w:color"), hex_value(hex_color))
    edges[edge.tag] = edge
    for child in list(border):
        border.remove(child)
    for tag in ("top", "left", "bottom", "right", "between", "bar"):
        if qn(f"w:{tag}") in edges:
            border.append(edges[qn(f"w:{tag}")])


def remove_thumbnail(document: Any) -> None:
    """Drop the template's docProps/thumbnail.jpeg: it shows python-docx's blank page, not this document,
    in file browsers. Parts no relationship points to are not written on save."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rel_id]


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def remove_styles_with_effects(document: Any) -> None:
    """Drop word/stylesWithEffects.xml, a 438 kB copy of the styles that only Word 2010 reads (later Word
    and LibreOffice use styles.xml): compressing it was a third of each DOCX's packaging time. An optional
    part; with its relationship gone it is not written, and [Content_Types].xml follows the parts."""
    rels = document.part.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del rels[rel_id]



def set_application_name(document: Any, application: str) -> None:
    """docProps/app.xml says "Microsoft Macintosh Word" (python-docx's template); name the real producer.

    python-docx keeps app.xml as an opaque part, so its bytes are edited directly.
    """
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for element in root:
                if etree.QName(element).localname == "Application":
                    element.text = application
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- saving


class _StoredZipWriter:
    """The part of python-docx's physical package writer that PackageWriter uses, writing uncompressed."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self._zip.close()


def package_bytes(document: Any) -> bytes:
    """The .docx as document.save() writes it, but as an uncompressed ZIP, for reproducible.normalize_zip.

    normalize_zip inflates every entry and deflates it again; python-docx's save deflates ~0.8 MB of
    template styles first, which was a fifth of the notes' render time for nothing. The parts, rels and
    [Content_Types].xml come from python-docx's own PackageWriter steps, so the normalized bytes are the
    same. A python-docx without those steps gets a plain save.
    """
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    out = io.BytesIO()
    if not all(hasattr(PackageWriter, step) for step in steps):
        document.save(out)
        return out.getvalue()
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    writer = _StoredZipWriter(out)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


# ---------------------------------------------------------------- documents


@functools.cache
def _pristine_template() -> Any:
    """python-docx's default template, opened once per process and never changed (only copied)."""
    return docx.Document()


def blank_document() -> Any:
    """A new python-docx Document of the default template, as docx.Document() gives it.

    Opening the template parses its 350 kB styles.xml every time, a fifth of the notes' render time;
    a deep copy of a document opened once copies the parsed trees instead, and gives the same bytes.
    """
    return copy.deepcopy(_pristine_template())
