"""The drawing libraries a format part may load, beyond the fonts' reportlab -> what loading each costs and how to load it ahead of a fork."""

from __future__ import annotations

from ijprint.render.registry import Library


def _load_python_docx() -> None:
    from ijprint.render.docx_package import blank_document

    blank_document()


# python-docx with lxml and the opened reference template: about 100 ms, as much as drawing the
# seed's map, so both DOCX files of a topic are best drawn by the same process.
PYTHON_DOCX = Library(name="python-docx", cost=100.0, warm_up=_load_python_docx)
