"""Every module of ijprint.layout, imported alone in a fresh interpreter, loads no renderer, reader, font or user-error code."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import ijprint.layout

FORBIDDEN = ("reportlab", "yaml", "docx", "fontTools", "click", "ijprint.style", "ijprint.fonts", "ijprint.errors", "ijprint.release", "ijprint.render", "ijprint.build", "ijprint.cli")
MODULES = sorted(f"ijprint.layout.{info.name}" for info in pkgutil.iter_modules(ijprint.layout.__path__))
SRC = str(Path(ijprint.layout.__file__).resolve().parents[2])

PROBE = """
import importlib, json, sys
before = set(sys.modules)
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _loaded(modules: list[str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": SRC})
    return json.loads(result.stdout)


def test_the_layout_package_has_the_modules_this_test_walks():
    assert {"ijprint.layout.mindmap", "ijprint.layout.wrap", "ijprint.layout.fact_pages", "ijprint.layout.fact_columns", "ijprint.layout.page_spec"} <= set(MODULES)


def test_no_layout_module_loads_a_renderer_reader_font_or_error_module():
    for module in MODULES:
        loaded = _loaded([module])
        assert module in loaded
        bad = [name for name in loaded if any(name == forbidden or name.startswith(forbidden + ".") for forbidden in FORBIDDEN)]
        assert bad == [], f"{module} loads {bad}"
        outside = [name for name in loaded if name.startswith("ijprint.") and not name.startswith(("ijprint.layout", "ijprint.model"))]
        assert outside == [], f"{module} loads {outside}: layout may use only ijprint.model and itself"
