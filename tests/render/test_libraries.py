"""render/libraries.py: a library's warm-up loads what its parts draw with, and nothing of the other library."""

from __future__ import annotations

import subprocess
import sys

import pytest

_LOADED = """
import sys
from ijprint.render import libraries
getattr(libraries, sys.argv[1]).warm_up()
print(" ".join(sorted(name.split(".")[0] if not name.startswith("ijprint") else name for name in sys.modules)))
"""


def _loaded_by(library: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", _LOADED, library], capture_output=True, text=True, check=True, timeout=120)
    return set(result.stdout.split())


@pytest.mark.parametrize(
    ("library", "loads", "leaves"),
    [
        ("PDF_DRAWING", {"reportlab", "ijprint.render.pdf_structure", "ijprint.render.pdf_text", "ijprint.render.pdf_tags"}, {"docx", "lxml"}),
        ("PYTHON_DOCX", {"docx", "lxml", "ijprint.render.docx_package"}, {"ijprint.render.pdf_structure"}),
    ],
)
def test_a_library_warm_up_loads_its_modules_and_not_the_other_library(library: str, loads: set[str], leaves: set[str]) -> None:
    loaded = _loaded_by(library)
    assert loads <= loaded
    assert not leaves & loaded
