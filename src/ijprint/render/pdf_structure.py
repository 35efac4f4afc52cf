"""reportlab's PDF bytes + a Tagger's record + the language -> the same PDF, tagged: structure tree,
/MarkInfo, /Lang, DisplayDocTitle, XMP metadata from the document info, distinct font subset tags.

A post-pass over reportlab's objects (`pdf_update`): the catalog, the pages and the font
dictionaries are rewritten, the structure tree and the XMP are added, every other object (the page
content, the embedded fonts) is copied byte for byte. No clock: the XMP's dates are the ones
reportlab wrote from the build time, new objects are numbered in tree order, and the file ID is a
hash of the content. (pikepdf did this once; loading it cost more than the whole pass does now.)
"""

from __future__ import annotations

import hashlib
import re
import string
from collections import defaultdict
from typing import Any

from ijprint.render.pdf_tags import Element, MarkedContent, Tagger
from ijprint.render.pdf_update import Name, Ref, Serialized, SourcePdf, Stream, Written, decode_text, read_pdf, rewrite, serialize, text_string

# PDF/UA is built on PDF 1.7; reportlab writes 1.4 headers.
PDF_VERSION = "1.7"


def finish_tagged_pdf(data: bytes, tagger: Tagger, language: str) -> bytes:
    """`data` (a PDF the tagger's canvas saved) with its structure tree and accessibility metadata."""
    if tagger.open_sequences:
        raise RuntimeError(f"{tagger.open_sequences} marked-content sequence(s) never closed")
    source = read_pdf(data)
    root = source.trailer["Root"]
    catalog = source.object(root)
    page_objects = _pages(source, catalog["Pages"])
    pages = list(page_objects)
    objects: dict[int, Any] = {}
    added: list[Any] = []  # the new objects, numbered from the source's /Size on
    tree_root = _new(source, added, None)  # the first new object; its entries are known last
    added[0], marked_pages = _structure_tree(source, added, tree_root, tagger.root, pages)
    for index in marked_pages:
        objects[pages[index].number] = {**page_objects[pages[index]], "StructParents": index}
    language = language.strip()
    catalog["MarkInfo"] = {"Marked": True}
    if language:
        catalog["Lang"] = text_string(language)
    preferences = catalog.get("ViewerPreferences", {})
    if isinstance(preferences, Ref):
        objects[preferences.number] = {**source.object(preferences), "DisplayDocTitle": True}
    else:
        catalog["ViewerPreferences"] = {**preferences, "DisplayDocTitle": True}
    catalog["StructTreeRoot"] = tree_root
    info = source.object(source.trailer["Info"]) if "Info" in source.trailer else {}
    catalog["Metadata"] = _new(source, added, Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, _xmp(info, language)))
    objects[root.number] = catalog
    objects.update(_tagged_subsets(source, list(page_objects.values())))
    objects.update(zip(range(source.size, source.size + len(added)), added))
    return rewrite(source, objects, PDF_VERSION)


def _new(source: SourcePdf, added: list[Any], value: Any) -> Ref:
    """A reference to `value` as the next new object (None holds the number for a value set later)."""
    added.append(value)
    return Ref(source.size + len(added) - 1)


def _pages(source: SourcePdf, node: Ref) -> dict[Ref, dict]:
    """The pages below the page tree node `node`, in order, with their dictionaries."""
    entries = source.object(node)
    if "Kids" not in entries:
        return {node: entries}
    return {page: value for kid in source.resolve(entries["Kids"]) for page, value in _pages(source, kid).items()}


def _structure_tree(source: SourcePdf, added: list[Any], tree_root: Ref, document: Element, pages: list[Ref]) -> tuple[dict, list[int]]:
    """The StructTreeRoot's entries, its elements and parent tree added as new objects, and the
    indices of the pages with marked content (each one's /StructParents is its index)."""
    tree = _ElementWriter(source.size, added, [page.number for page in pages])
    top = tree.element(document, tree_root.number)
    numbers: list[Any] = []
    for page in sorted(tree.parents):
        by_mcid = tree.parents[page]
        if sorted(by_mcid) != list(range(len(by_mcid))):
            raise RuntimeError(f"page {page + 1}: MCIDs {sorted(by_mcid)} are not 0..n-1")
        owners = Serialized(b"[ " + (b"%d 0 R " * len(by_mcid)) % tuple(by_mcid[mcid] for mcid in range(len(by_mcid))) + b"]")
        numbers += [page, _new(source, added, owners)]
    entries = {
        "Type": Name("StructTreeRoot"),
        "K": [] if top is None else [Ref(top)],
        "ParentTree": _new(source, added, {"Nums": numbers}),
        "ParentTreeNextKey": len(pages),
    }
    return entries, sorted(tree.parents)


class _ElementWriter:
    """Structure elements -> new objects numbered from `first` on in `added`, written straight in PDF
    syntax as `serialize` would write their dictionaries (/Type, /S, /P, /Pg, /Alt, /A, /K in that order):
    a tree has thousands of elements. `parents` records each MCID's owner (an object number) per page."""

    def __init__(self, first: int, added: list[Any], pages: list[int]) -> None:
        self.first, self.added, self.pages = first, added, pages
        self.parents: defaultdict[int, dict[int, int]] = defaultdict(dict)

    def element(self, element: Element, parent: int) -> int | None:
        """The object number of the StructElem of `element`, its kids' written below it. None for an
        element with no marked content below it (an empty credit line): a table cell is kept even
        when empty, so that every row keeps its columns."""
        added, pages, parents = self.added, self.pages, self.parents
        made = self.first + len(added)
        home = element.page
        kids_of = element.kids
        if len(kids_of) == 1 and type(kids_of[0]) is MarkedContent and not element.alt and not element.attributes:
            # Most elements (a paragraph, a cell) are one sequence on one page: written in one format.
            mcid = kids_of[0].mcid
            parents[home][mcid] = made
            added.append(Written(b"%d 0 obj\n<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K %d >>\nendobj\n"
                                 % (made, element.role.encode("latin-1"), parent, pages[home], mcid)))
            return made
        added.append(None)
        kids: list[bytes] = []
        for kid in element.kids:
            if type(kid) is MarkedContent:
                page, mcid = kid
                parents[page][mcid] = made
                # An MCID alone refers to the element's /Pg; one on another page names its page.
                kids.append(b"%d" % mcid if page == home else b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (pages[page], mcid))
            else:
                below = self.element(kid, made)
                if below is not None:
                    kids.append(b"%d 0 R" % below)
        if not kids and element.role not in ("TD", "TH"):
            # Never referenced, so never written: any element below it was dropped too, so its number
            # and theirs are the last ones taken, and the next element takes them over.
            del added[made - self.first :]
            return None
        extra = b" /Pg %d 0 R" % pages[home] if home is not None else b""
        if element.alt:
            extra += b" /Alt " + serialize(text_string(element.alt))
        if element.attributes:
            extra += b" /A " + serialize({key: Name(value) for key, value in element.attributes.items()})
        if kids:
            extra += b" /K " + (kids[0] if len(kids) == 1 else b"[ " + b" ".join(kids) + b" ]")
        added[made - self.first] = Written(b"%d 0 obj\n<< /Type /StructElem /S /%s /P %d 0 R%s >>\nendobj\n" % (made, element.role.encode("latin-1"), parent, extra))
        return made


# XMP's names for the document info's entries (as pikepdf's load_from_docinfo maps them); /Trapped
# (reportlab writes /False) has none.
_XMP_TEXT = (("dc:title", "Title"), ("dc:creator", "Author"), ("dc:description", "Subject"), ("pdf:Keywords", "Keywords"),
             ("pdf:Producer", "Producer"), ("xmp:CreatorTool", "Creator"), ("xmp:CreateDate", "CreationDate"), ("xmp:ModifyDate", "ModDate"))
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(\d\d)?'?)?")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xmp(info: dict, language: str) -> bytes:
    """An XMP packet with the document info's title, author, subject, keywords, creator, producer
    and dates, and the language."""
    properties = []
    for key, entry in _XMP_TEXT:
        # reportlab writes an entry the document leaves empty (no author, no keywords) as (): no value.
        if isinstance(info.get(entry), bytes) and info[entry]:
            text = decode_text(info[entry])
            value = _xmp_date(text) if key.endswith("Date") else _xml_text(text)
            if key in ("dc:title", "dc:description"):
                value = f'<rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt>'
            elif key == "dc:creator":
                value = f"<rdf:Seq><rdf:li>{value}</rdf:li></rdf:Seq>"
            properties.append(f"<{key}>{value}</{key}>")
    if language:
        properties.append(f"<dc:language><rdf:Bag><rdf:li>{_xml_text(language)}</rdf:li></rdf:Bag></dc:language>")
    return "\n".join([
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        *properties,
        "</rdf:Description>",
        "</rdf:RDF>",
        "</x:xmpmeta>",
        '<?xpacket end="w"?>',
    ]).encode("utf-8")


def _xml_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmp_date(text: str) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') as XMP writes it (YYYY-MM-DDTHH:mm:SS+HH:mm)."""
    found = _PDF_DATE.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"the document info's date {text!r} is no PDF date")
    year, month, day, hour, minute, second, utc, sign, zone_hours, zone_minutes = found.groups()
    stamp = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if utc:
        return stamp + "Z"
    return stamp + (f"{sign}{zone_hours}:{zone_minutes or '00'}" if sign else "")


def _tagged_subsets(source: SourcePdf, pages: list[dict]) -> dict[int, dict]:
    """The font dictionaries and descriptors with reportlab's subset tags (AAAAAA+, AAAAAB+ ... for
    every font alike) renamed to six letters hashed from the font's name and its embedded subset, so
    two different subsets never share a tag; by object number."""
    fonts: set[int] = set()
    for page in pages:
        resources = source.resolve(page.get("Resources", {}))
        fonts.update(ref.number for ref in source.resolve(resources.get("Font", {})).values())
    rewritten: dict[int, dict] = {}
    used: set[str] = set()
    for number in sorted(fonts):
        font = source.object(Ref(number))
        # A composite (Type0) font's tag is its descendant's: both name the one embedded subset.
        faces = {number: font, **{ref.number: source.object(ref) for ref in source.resolve(font.get("DescendantFonts", []))}}
        descriptors = {face["FontDescriptor"].number: source.object(face["FontDescriptor"]) for face in faces.values() if "FontDescriptor" in face}
        named = [(faces, "BaseFont"), (descriptors, "FontName")]
        if not any(_is_subset(entries.get(key)) for objects, key in named for entries in objects.values()):
            continue
        embedded = b"".join(source.object(d[key]).data for d in descriptors.values() for key in ("FontFile", "FontFile2", "FontFile3") if key in d)
        tag = _subset_tag(str(font["BaseFont"])[7:], embedded, used)
        used.add(tag)
        for objects, key in named:
            for object_number, entries in objects.items():
                if _is_subset(entries.get(key)):
                    rewritten[object_number] = {**entries, key: Name(tag + entries[key][6:])}
    return rewritten


def _is_subset(name: object) -> bool:
    """A name with a subset tag: six capital letters and a plus sign before the font's name."""
    text = name if isinstance(name, Name) else ""
    return len(text) > 7 and text[6] == "+" and text[:6].isupper() and text[:6].isalpha()


def _subset_tag(name: str, embedded: bytes, used: set[str]) -> str:
    """Six capital letters from a hash of the font's name and its subset's bytes, unique in `used`."""
    salt = 0
    while True:
        digest = hashlib.sha256(f"{name}\0{salt}".encode() + embedded).digest()
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])
        if tag not in used:
            return tag
        salt += 1
