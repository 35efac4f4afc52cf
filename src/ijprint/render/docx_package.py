"""Where every DOCX of ijprint starts and ends: reference.docx in, a python-docx Document to render into;
a rendered Document, its body as markup (docx_markup), its content's metadata and the build time in,
the reproducible .docx bytes out.

Shared by the DOCX renderers (notes, fact tables); the WordprocessingML python-docx has no API for is
in docx_ooxml, the template's content in make_reference_docx.
"""

from __future__ import annotations

import copy
import functools
import io
import weakref
from datetime import datetime
from importlib.resources import files
from typing import Any, Callable, Hashable, NamedTuple, Sequence, TypeVar

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.pkgwriter import _ContentTypesItem

from ijprint.model import Metadata
from ijprint.render import docx_ooxml
from ijprint.render.docx_zip import zip_entries
from ijprint.reproducible import set_docx_core_dates


@functools.cache
def _reference() -> Any:
    """reference.docx, opened once per process and never changed: blank_document copies it."""
    return docx.Document(io.BytesIO(files("ijprint.render").joinpath("reference.docx").read_bytes()))


def blank_document() -> Any:
    """A new python-docx Document of reference.docx (see make_reference_docx), to render into.

    A deep copy of the template opened once: copying the parsed parts is cheaper than parsing them
    again, and python-docx keeps the parts it does not parse (theme, font table) as immutable bytes,
    which the copy shares.
    """
    return copy.deepcopy(_reference())


Prepared = TypeVar("Prepared")


def prepared_document(prepare: Callable[..., Prepared], *key: Hashable, language: str) -> tuple[Any, Prepared]:
    """A blank_document with `prepare(document, *key)` done to it and its text's default `language` (a
    BCP 47 tag: spell checking, hyphenation) set, and what `prepare` returned.

    `prepare` sets up what every document of one style shares (styles, page, numbering: a tenth of a
    notes file's rendering), so it runs once per process, `key` and language, and later calls copy the
    document it prepared. It must read nothing but `key`, and the caller must not change what it returned.
    The copies share the template's styles and numbering parts (copying them was half of the copy) and
    never write them out again: a render must not change either (test_docx_package holds that). They
    also share what cannot change: the parts python-docx keeps as bytes, and the part names."""
    template, value, shared = _prepared(prepare, key, language)
    return copy.deepcopy(template, dict(shared)), value


@functools.lru_cache(maxsize=16)
def _prepared(prepare: Callable[..., Any], key: tuple[Hashable, ...], language: str) -> tuple[Any, Any, dict[int, Any]]:
    """The template, what `prepare` returned, and what the copies share (as a deepcopy memo: id -> object)."""
    document = blank_document()
    value = prepare(document, *key)
    docx_ooxml.set_default_language(document, language)
    parts = list(document.part.package.parts)
    shared = [part for part in parts if part.content_type in _SHARED_CONTENT_TYPES]
    for part in shared:
        _SHARED_BLOBS[part] = part.blob
    shared += [part for part in parts if not isinstance(part, XmlPart)] + [part.partname for part in parts]
    return document, value, {id(kept): kept for kept in shared}


_SHARED_CONTENT_TYPES = (CT.WML_STYLES, CT.WML_NUMBERING)
# The bytes of every part prepared_document's copies share, written when the template was prepared.
_SHARED_BLOBS: weakref.WeakKeyDictionary[Any, bytes] = weakref.WeakKeyDictionary()


def named_styles(document: Any, names: Sequence[str]) -> dict[str, Any]:
    """Style name (as python-docx names it, "Heading 1") -> style, for those of `names` the document has."""
    return {style.name: style for style in document.styles if style.name in names}


def set_document_properties(document: Any, meta: Metadata, generator: str, when: datetime, *, title: str, subject: str) -> None:
    """Every document property of a DOCX, the same way for notes and fact tables.

    core.xml: title and subject (which differ per document), then from the content: author (the source's
    author, else the credit line), keywords (the tags), language, comments (the credit line), an empty
    category, the producer as last editor and `when` as every date (python-docx would stamp 'now').
    Also the producing application in app.xml. (The text's language is prepared_document's.)
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
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rel_id)
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, docx_ooxml.extended_properties(generator), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def docx_bytes(document: Any, when: datetime, body: str = "") -> bytes:
    """The .docx file of `document` with the WordprocessingML markup `body` (docx_markup) at the end of its
    body: the entries python-docx's save writes, in its order, zipped so the bytes depend only on the
    content and `when` (see docx_zip). The markup is written into word/document.xml, never parsed (see
    docx_ooxml.document_xml)."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    return zip_entries(_entries(package, parts, document.part, body), when)


def _entries(package: Any, parts: list[Any], main: Any, body: str) -> list[tuple[str, bytes]]:
    """(name, content) of every entry of the package, as docx.opc.pkgwriter.PackageWriter.write writes
    them: the content types, the package's relationships, then each part and its relationships if any;
    `body` goes into the main document part `main`."""
    types = _content_types(tuple(_PartType(part.partname, part.content_type) for part in parts))
    entries = [(CONTENT_TYPES_URI.membername, types), (PACKAGE_URI.rels_uri.membername, docx_ooxml.relationships_xml(package.rels, PACKAGE_URI.baseURI))]
    for part in parts:
        if part is main:
            blob = docx_ooxml.document_xml(part.element, body)
        else:
            blob = _SHARED_BLOBS.get(part) or part.blob
        entries.append((part.partname.membername, blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, docx_ooxml.relationships_xml(part.rels, part.partname.baseURI)))
    return entries


class _PartType(NamedTuple):
    """What [Content_Types].xml says of a part."""

    partname: PackURI
    content_type: str


@functools.lru_cache(maxsize=16)
def _content_types(parts: tuple[_PartType, ...]) -> bytes:
    """[Content_Types].xml of a package of `parts`, as python-docx writes it. Every document made from one
    prepared template has the same parts, and python-docx parses a string for each line of the file
    (a tenth of packaging a fact-tables file), so it is written once per set of parts."""
    return _ContentTypesItem.from_parts(parts).blob
