"""python-docx's default template in, reference.docx out: the template every DOCX of ijprint starts from,
holding only the styles the notes and fact tables use.

Regenerate it (after a python-docx upgrade, or to add a style) with
    python -m ijprint.render.make_reference_docx
The same python-docx and lxml give the same bytes; a test checks the shipped file against this script.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from ijprint.render import docx_ooxml
from ijprint.render.docx_zip import normalize_zip
from ijprint.reproducible import FALLBACK_TIME

REFERENCE_DOCX = Path(__file__).with_name("reference.docx")
# The built-in styles the renderers look up (notes_docx and facts_docx TEMPLATE_STYLES), by python-docx name.
RENDERER_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer",
                   "List Bullet", "List Bullet 2", "List Bullet 3", "Table Grid", "TOC Heading")
# The notes' own paragraph style for table cells: Normal without its space after, sized per render.
TABLE_TEXT_STYLE = "Table Text"
# Built-in styles python-docx's template lacks, added under Word's own names so Word (and LibreOffice,
# which maps them to "Contents 1" and "Internet Link") take them for their built-in ones: the entries
# of the notes' table of contents, which Word also uses when it updates the field, and web links.
TOC_ENTRY_STYLE = "toc 1"
HYPERLINK_STYLE = "Hyperlink"
# Word's file format (w:compatSetting compatibilityMode): 15 is Word 2013 and later.
WORD_2013 = 15
# The character styles Word links to those paragraph styles (w:link): Word shows them for text
# formatted like the paragraph style, so the pair stays together.
LINKED_STYLES = ("Title Char", "Subtitle Char", "Heading 1 Char", "Heading 2 Char", "Heading 3 Char",
                 "Header Char", "Footer Char")
# The default style of each type, which Word expects in every styles.xml.
DEFAULT_STYLES = ("Default Paragraph Font", "Normal Table", "No List")
KEPT_STYLES = RENDERER_STYLES + LINKED_STYLES + DEFAULT_STYLES
# Package relationships to parts no document of ours needs: a thumbnail of python-docx's blank page,
# a 438 kB copy of styles.xml only Word 2010 reads, an empty bibliography (custom XML), and app.xml,
# which each render writes with its own producer (docx_package).
DROPPED_RELATIONSHIPS = (RT.THUMBNAIL, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
                         RT.CUSTOM_XML, RT.EXTENDED_PROPERTIES)
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


def reference_docx() -> bytes:
    """The bytes of reference.docx, made from python-docx's default template."""
    document = docx.Document()
    for style in list(document.styles):
        if style.name not in KEPT_STYLES:
            style.delete()
    docx_ooxml.remove_latent_styles(document)
    # The notes define their own nested list (docx_ooxml.add_bullet_numbering) and point the list styles
    # at it; the template's single-level lists, and Subtitle's stray list level, would fight it.
    docx_ooxml.remove_list_definitions(document)
    for name in (*_LIST_STYLES, "Subtitle"):
        docx_ooxml.set_style_numbering(document.styles[name], None)
    for name in _LIST_STYLES:
        docx_ooxml.drop_contextual_spacing(document.styles[name])
    document.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles["Normal"]
    _add_builtin_styles(document)
    # Colours are the renderers' (from the style): none of the theme's blues stays in a style.
    docx_ooxml.remove_theme_colors(document)
    docx_ooxml.set_compatibility_mode(document, WORD_2013)
    # The template's own author and description; every render writes its own.
    document.core_properties.author = ""
    document.core_properties.comments = ""
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype in DROPPED_RELATIONSHIPS:
                rels.pop(rel_id)
    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue(), FALLBACK_TIME)


def _add_builtin_styles(document: DocxDocument) -> None:
    """TOC 1 and Hyperlink as Word defines them (ids, priority, shown once used), without colours."""
    toc = document.styles.add_style(TOC_ENTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    toc.style_id = "TOC1"
    toc.base_style = document.styles["Normal"]
    toc.next_paragraph_style = document.styles["Normal"]
    toc.priority = 39
    toc.unhide_when_used = True
    toc.paragraph_format.space_after = Pt(5)
    link = document.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.base_style = document.styles["Default Paragraph Font"]
    link.priority = 99
    link.unhide_when_used = True
    link.font.underline = True


def main() -> int:
    REFERENCE_DOCX.write_bytes(reference_docx())
    print(f"wrote {REFERENCE_DOCX} ({REFERENCE_DOCX.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
