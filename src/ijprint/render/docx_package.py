"""python-docx Document in, the same Document out with its styles, document properties and package parts
fixed where python-docx has no API (or the wrong template defaults).

Shared by the DOCX renderers (notes, fact tables), beside docx_ooxml (tables, fields, lists). Every
function says why it is needed. Colours are "#rrggbb" or "rrggbb"; widths are points.
Also where every DOCX starts (blank_document: python-docx's template, opened once per process) and
ends (package_bytes).
"""

from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.styles import StylesPart
from docx.styles import BabelFish
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

    normalize_zip inflates every entry and deflates it again; python-docx's save would deflate every
    part first (the 350 kB styles.xml most of all), for nothing. So each part is deflated once, by
    normalize_zip. The parts, rels and [Content_Types].xml come from python-docx's own PackageWriter
    steps, so the normalized bytes are the same. A python-docx without those steps gets a plain save.
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

# Marks a run of template styles in an editable styles.xml: "<?ijprint-template-styles 3 57?>" stands for
# the template's children 3..56 of w:styles, as serialized once per process. Text and attribute values
# are written with "<" escaped, so only a real processing instruction can look like this.
_STYLES_MARK = "ijprint-template-styles"
_STYLES_MARK_PATTERN = re.compile(rb"<\?" + _STYLES_MARK.encode() + rb" (\d+) (\d+)\?>")


class _TemplateStyles:
    """The template's styles.xml, parsed and serialized once per process: the bytes of each child of
    w:styles (docDefaults, latentStyles, every w:style) and the index of each style by name.

    Copying the 350 kB tree for every document, serializing it again and finding a dozen styles in it
    through python-docx's element classes was half of each DOCX's render time, while a render edits
    only the document defaults and the dozen styles it names. editable_root() copies just those; the
    others go into the file as the bytes serialized here.
    """

    def __init__(self, root: Any) -> None:
        self._root = root
        self._children = list(root)
        self._index: dict[str, int] = {}
        for index, child in enumerate(self._children):
            name = child.find(qn("w:name")) if child.tag == qn("w:style") else None
            if name is not None:
                self._index.setdefault(name.get(qn("w:val")), index)
        self._defaults = next(i for i, child in enumerate(self._children) if child.tag == qn("w:docDefaults"))
        self._skeleton = copy.deepcopy(root)
        for child in list(self._skeleton):
            self._skeleton.remove(child)
        # Each child's bytes in place: the root declares the namespaces, so a child serialized on its own
        # would repeat them. Cut marks between the children of a copy give the exact bytes.
        marked = copy.deepcopy(root)
        for child in list(marked):
            child.addprevious(etree.ProcessingInstruction(_STYLES_MARK))
        marked.append(etree.ProcessingInstruction(_STYLES_MARK))
        pieces = serialize_part_xml(marked).split(etree.tostring(etree.ProcessingInstruction(_STYLES_MARK)))
        self._child_bytes = pieces[1:-1]
        # If the pieces do not add up (another lxml), every style is copied and nothing is spliced.
        self._spliceable = len(self._child_bytes) == len(self._children) and b"".join(pieces) == serialize_part_xml(root)

    def editable_root(self, names: Sequence[str]) -> Any:
        """A w:styles element holding copies of the document defaults and of the template styles called
        `names` (internal names, as in w:name), in template order, and a mark for each run of the others."""
        if not self._spliceable:
            return copy.deepcopy(self._root)
        keep = sorted({self._defaults, *(self._index[name] for name in names if name in self._index)})
        root = copy.deepcopy(self._skeleton)
        start = 0
        for index in (*keep, len(self._children)):
            if start < index:
                root.append(etree.ProcessingInstruction(_STYLES_MARK, f"{start} {index}"))
            if index < len(self._children):
                root.append(copy.deepcopy(self._children[index]))
            start = index + 1
        return root

    def splice(self, data: bytes) -> bytes:
        """Serialized editable_root() bytes with every mark replaced by the template bytes it stands for."""
        children = self._child_bytes
        return _STYLES_MARK_PATTERN.sub(lambda match: b"".join(children[int(match[1]) : int(match[2])]), data)


class _TemplateStylesPart(StylesPart):
    """A styles part whose element is an editable_root(): written with the template's own bytes spliced in."""

    def __init__(self, partname: Any, content_type: str, element: Any, package: Any, template: _TemplateStyles) -> None:
        super().__init__(partname, content_type, element, package)
        self._template = template

    @property
    def blob(self) -> bytes:
        return self._template.splice(serialize_part_xml(self._element))


@dataclass(frozen=True)
class _Template:
    """python-docx's default template, opened once per process and never changed after _template()."""

    document: Any
    styles_part: Any
    styles: _TemplateStyles
    shared_parts: tuple[Any, ...]


@functools.cache
def _template() -> _Template:
    document = docx.Document()
    # The same for every document: done once here, not on every copy (set_document_properties repeats
    # them, at no cost, for documents of any origin).
    remove_thumbnail(document)
    remove_styles_with_effects(document)
    styles_part = document.part.part_related_by(RT.STYLES)
    # python-docx keeps theme, font table, web settings and custom XML as bytes it has no API to edit;
    # app.xml is one of those too, but set_application_name rewrites it.
    shared = tuple(
        part for part in document.part.package.iter_parts()
        if type(part) is Part and part.content_type != CT.OFC_EXTENDED_PROPERTIES
    )
    return _Template(document, styles_part, _TemplateStyles(styles_part.element), shared)


def blank_document(styles: Sequence[str] = ()) -> Any:
    """A new python-docx Document of the default template, as docx.Document() gives it, in which the
    document defaults and the template styles named in `styles` (as python-docx's styles[name] takes
    them) can be read and changed; the template's other styles are not in document.styles but are
    written into the file unchanged. Styles added with docx_ooxml.add_new_style come after them.

    Opening the template parses its 350 kB styles.xml every time; copying a template opened once is
    cheaper, and copying only what a render can change (see _TemplateStyles) cheaper still. Parts
    python-docx keeps as opaque bytes are shared with the template, not copied. Same bytes either way.
    """
    template = _template()
    part = template.styles_part
    editable = _TemplateStylesPart(
        part.partname, part.content_type, template.styles.editable_root([BabelFish.ui2internal(name) for name in styles]), part.package, template.styles
    )
    memo: dict[int, Any] = {id(shared): shared for shared in template.shared_parts}
    memo[id(part)] = editable
    document = copy.deepcopy(template.document, memo)
    # python-docx has no setter: the part belongs to the new package, as every other copied part does.
    editable._package = document.part.package
    return document
