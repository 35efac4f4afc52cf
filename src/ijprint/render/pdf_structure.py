"""reportlab's PDF bytes + a Tagger's record + the language -> the same PDF, tagged: structure tree,
/MarkInfo, /Lang, DisplayDocTitle, XMP metadata from the document info, distinct font subset tags.

A post-pass with pikepdf (qpdf): the page content is left as reportlab wrote it, byte for byte; only
objects are added and the file is rewritten. The rewrite is reproducible: no clock (pikepdf is not
recorded as the metadata's editor, dates come from the info reportlab wrote from the build time),
the file ID is computed from the content (qpdf's deterministic ID), no object streams.
"""

from __future__ import annotations

import hashlib
import io
import string

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ijprint.render.pdf_tags import Element, MarkedContent, Tagger

# PDF/UA is built on PDF 1.7; reportlab writes 1.4 headers.
PDF_VERSION = "1.7"


def finish_tagged_pdf(data: bytes, tagger: Tagger, language: str) -> bytes:
    """`data` (a PDF the tagger's canvas saved) with its structure tree and accessibility metadata."""
    if tagger.open_sequences:
        raise RuntimeError(f"{tagger.open_sequences} marked-content sequence(s) never closed")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _add_structure_tree(pdf, tagger.root)
        root = pdf.Root
        root.MarkInfo = Dictionary(Marked=True)
        language = language.strip()
        if language:
            root.Lang = String(language)
        preferences = root.get("/ViewerPreferences", Dictionary())
        preferences.DisplayDocTitle = True
        root.ViewerPreferences = preferences
        _add_xmp(pdf, language)
        _tag_subsets(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            min_version=PDF_VERSION,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            # reportlab's streams are compressed already; recompressing them (qpdf drops their
            # ASCII85 layer) would save 4% of the size for half the time of the whole post-pass.
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            linearize=False,
        )
    return out.getvalue()


def _add_structure_tree(pdf: pikepdf.Pdf, document: Element) -> None:
    pages = [page.obj for page in pdf.pages]
    parents: dict[int, dict[int, pikepdf.Object]] = {}
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    top = _element(pdf, document, tree_root, pages, parents)
    tree_root.K = Array([] if top is None else [top])
    numbers = Array()
    for page in sorted(parents):
        by_mcid = parents[page]
        if sorted(by_mcid) != list(range(len(by_mcid))):
            raise RuntimeError(f"page {page + 1}: MCIDs {sorted(by_mcid)} are not 0..n-1")
        numbers.extend([page, pdf.make_indirect(Array([by_mcid[mcid] for mcid in range(len(by_mcid))]))])
        pages[page].StructParents = page
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=numbers))
    tree_root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = tree_root


def _element(pdf: pikepdf.Pdf, element: Element, parent: pikepdf.Object, pages: list, parents: dict[int, dict[int, pikepdf.Object]]) -> pikepdf.Object | None:
    """The StructElem of `element` and, below it, of its kids; records each MCID's owner per page.
    None for an element with no marked content below it (an empty credit line): a table cell is kept
    even when empty, so that every row keeps its columns."""
    marked = [kid for kid in element.kids if isinstance(kid, MarkedContent)]
    home = marked[0].page if marked else None
    entries = {"/Type": Name.StructElem, "/S": Name("/" + element.role), "/P": parent}
    if home is not None:
        entries["/Pg"] = pages[home]
    if element.alt:
        entries["/Alt"] = String(element.alt)
    if element.attributes:
        entries["/A"] = Dictionary({f"/{key}": Name("/" + value) for key, value in element.attributes.items()})
    made = pdf.make_indirect(Dictionary(entries))
    kids = []
    for kid in element.kids:
        if isinstance(kid, MarkedContent):
            parents.setdefault(kid.page, {})[kid.mcid] = made
            # An MCID alone refers to the element's /Pg; one on another page names its page.
            kids.append(kid.mcid if kid.page == home else Dictionary(Type=Name.MCR, Pg=pages[kid.page], MCID=kid.mcid))
        else:
            below = _element(pdf, kid, made, pages, parents)
            if below is not None:
                kids.append(below)
    if not kids and element.role not in ("TD", "TH"):
        return None  # never referenced, so never written
    if kids:
        made.K = kids[0] if len(kids) == 1 else Array(kids)
    return made


def _add_xmp(pdf: pikepdf.Pdf, language: str) -> None:
    """XMP with the document info's title, author, subject, keywords, creator, producer and dates,
    and the language."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if language:
            xmp["dc:language"] = {language}
        # /Trapped (reportlab writes /False) is the one entry XMP's mapping lacks.
        info = {key: value for key, value in pdf.docinfo.items() if key != "/Trapped"}
        xmp.load_from_docinfo(info, raise_failure=True)
    pdf.Root.Metadata.Type = Name.Metadata
    pdf.Root.Metadata.Subtype = Name.XML


def _tag_subsets(pdf: pikepdf.Pdf) -> None:
    """Rename reportlab's subset tags (AAAAAA+, AAAAAB+ ... for every font alike) to six letters hashed
    from the font's name and its embedded subset, so two different subsets never share a tag."""
    fonts: dict[tuple[int, int], pikepdf.Object] = {}
    for page in pdf.pages:
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            fonts.setdefault(font.objgen, font)
    used: set[str] = set()
    for _, font in sorted(fonts.items()):
        # A composite (Type0) font's tag is its descendant's: both name the one embedded subset.
        faces = [font, *font.get("/DescendantFonts", Array())]
        descriptors = [face.FontDescriptor for face in faces if "/FontDescriptor" in face]
        named = [obj for obj, key in [*((face, "/BaseFont") for face in faces), *((d, "/FontName") for d in descriptors)] if _is_subset(obj.get(key))]
        if not named:
            continue
        embedded = b"".join(d[key].read_raw_bytes() for d in descriptors for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in d)
        tag = _subset_tag(str(font.BaseFont)[8:], embedded, used)
        used.add(tag)
        for face in faces:
            if _is_subset(face.get("/BaseFont")):
                face.BaseFont = Name(f"/{tag}{str(face.BaseFont)[7:]}")
        for descriptor in descriptors:
            if _is_subset(descriptor.get("/FontName")):
                descriptor.FontName = Name(f"/{tag}{str(descriptor.FontName)[7:]}")


def _is_subset(name: object) -> bool:
    """A name with a subset tag: six capital letters and a plus sign before the font's name."""
    text = str(name)[1:] if name is not None else ""
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
