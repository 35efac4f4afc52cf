"""The drawing libraries a format part may load beyond the fonts' reportlab core -> what loading each costs and how to load it ahead of a fork."""

from __future__ import annotations

from ijprint.render.registry import Library


def _load_pdf_drawing() -> None:
    import ijprint.render.page_specs  # noqa: F401
    import ijprint.render.pdf_structure  # noqa: F401
    import ijprint.render.pdf_tags  # noqa: F401
    import ijprint.render.pdf_text  # noqa: F401


def _load_python_docx() -> None:
    from ijprint.render.docx_package import blank_document

    blank_document()


# What every PDF part draws with: reportlab's canvas, the tagging and text modules and the page
# specs. A PDF part's own cost counts only what it loads beyond these.
PDF_DRAWING = Library(name="PDF drawing", cost=45.0, warm_up=_load_pdf_drawing)
# python-docx with lxml and the opened reference template: both DOCX files of a topic are best drawn
# by the process that loaded it.
PYTHON_DOCX = Library(name="python-docx", cost=55.0, warm_up=_load_python_docx)
