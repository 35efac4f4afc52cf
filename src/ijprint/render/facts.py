"""Document + style + fonts + context -> the fact tables: {"facts.pdf", "facts.docx", "facts.csv"} as bytes.

All three read their rows from ijprint.fact_rows, the same source as the notes' key-figures table.
"""

from __future__ import annotations

from ijprint.context import RenderContext
from ijprint.fonts import FontFaces
from ijprint.model import Document
from ijprint.render.facts_csv import render_facts_csv
from ijprint.render.facts_docx import render_facts_docx
from ijprint.render.facts_pdf import render_facts_pdf
from ijprint.style import Style


def render_facts(document: Document, style: Style, faces: FontFaces, context: RenderContext) -> dict[str, bytes]:
    """The three fact-table files of one topic, keyed by file name."""
    return {
        "facts.pdf": render_facts_pdf(document, style, faces, context),
        "facts.docx": render_facts_docx(document, style, faces, context),
        "facts.csv": render_facts_csv(document),
    }
