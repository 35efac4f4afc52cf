"""The shape docs/architecture.md promises, checked on the real code: import layers, no cycles, a
registry that build and cli go through, and commands that load only the libraries they use."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ijprint.render.registry import formats

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ijprint"
HEAVY = ("reportlab", "docx", "fontTools", "lxml", "markdown_it", "defusedxml", "PIL", "uharfbuzz", "pikepdf")

# Lower layers never import higher ones (docs/architecture.md, "What may import what").
LAYERS = (
    ("ijprint", "ijprint.model", "ijprint.errors"),
    ("ijprint.sources", "ijprint.style", "ijprint.style_files", "ijprint.file_kind", "ijprint.paper", "ijprint.reproducible", "ijprint.atomic"),
    ("ijprint.font_files", "ijprint.fact_rows", "ijprint.figure_lint"),
    ("ijprint.text_runs", "ijprint.fonts", "ijprint.layout"),
    ("ijprint.render",),
    ("ijprint.release",),
    ("ijprint.build.options", "ijprint.build.results", "ijprint.build.forked"),
    ("ijprint.build.rendering", "ijprint.build.up_to_date"),
    ("ijprint.build.writing",),
    ("ijprint.build.workers",),
    ("ijprint.build.batch", "ijprint.build"),
    ("ijprint.cli", "ijprint.__main__"),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every ijprint module `path` imports, at its top or inside functions (a lazy import is still an arrow)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name for name in found if name in modules}


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    best = max(
        (prefix for layer in LAYERS for prefix in layer if module == prefix or module.startswith(prefix + ".")),
        key=len,
    )
    return next(index for index, layer in enumerate(LAYERS) if best in layer)


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert not upward, upward


def test_import_graph_has_no_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        if module in trail:
            pytest.fail("import cycle: " + " -> ".join(trail[trail.index(module):] + (module,)))
        if module in done:
            return
        for target in graph.get(module, ()):
            if target != module and not module.startswith(target + "."):  # a package's own __init__ is not a cycle
                visit(target, trail + (module,))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_model_imports_nothing_of_ijprint() -> None:
    assert _imports(PACKAGE / "model.py") == set()


@pytest.mark.parametrize("module", [*(f"build/{path.name}" for path in sorted((PACKAGE / "build").glob("*.py"))), "cli.py"])
def test_build_and_cli_name_no_format(module: str) -> None:
    text = (PACKAGE / module).read_text(encoding="utf-8")
    names = {fmt.name for fmt in formats()} | {file for fmt in formats() for file in fmt.files}
    named = sorted(name for name in names if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text))
    assert not named, f"{module} names formats {named}; go through ijprint.render.registry"


def test_every_format_writes_the_files_it_declares(seed_path: Path, tmp_path: Path) -> None:
    from ijprint.build import BuildOptions, build

    [result] = build([seed_path], BuildOptions(out_dir=tmp_path, jobs=1))
    assert result.error is None
    assert [artifact.path.name for artifact in result.artifacts] == [file for fmt in formats() for file in fmt.files]
    assert len({fmt.name for fmt in formats()}) == len(formats())


def _loaded(*args: str) -> set[str]:
    """Top-level packages a fresh `python -X importtime -m ijprint ARGS` imported."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "ijprint", *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in lines}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("build", "--help")])
def test_help_and_version_load_no_heavy_library(args: tuple[str, ...]) -> None:
    # Nor PyYAML or the build: start-up is click and the format registry (issue 17's start-up budget).
    loaded = _loaded(*args)
    assert loaded.isdisjoint({*HEAVY, "yaml", "multiprocessing", "concurrent"}), sorted(loaded & {*HEAVY, "yaml"})


# Every format draws with the PDF fonts since the notes gained a PDF, so no build or check avoids
# reportlab; what still holds is that each command loads only what its formats and sources use. The
# `faces` fixture warms the font cache, so no command here instances a font (fontTools loads only then).
def test_a_build_loads_only_the_libraries_its_formats_and_source_use(seed_path: Path, tmp_path: Path, faces) -> None:
    assert all(fmt.needs_fonts for fmt in formats()), "a format that needs no fonts again: test that it loads no reportlab"
    pdf_only = [fmt.name for fmt in formats() if not any(file.endswith(".docx") for file in fmt.files)]
    assert pdf_only, "some format should write no DOCX"
    loaded = _loaded("build", str(seed_path), "--format", ",".join(pdf_only), "--out", str(tmp_path / "pdf"))
    # The tagging post-pass writes its PDF syntax itself: no pikepdf, and no lxml without python-docx.
    assert loaded.isdisjoint({"docx", "lxml", "pikepdf", "fontTools", "markdown_it", "defusedxml"}), sorted(loaded & set(HEAVY))
    # A YAML topic with every format: no Markdown or XML reader, and fonts from the cache.
    loaded = _loaded("build", str(seed_path), "--out", str(tmp_path / "all"))
    assert loaded.isdisjoint({"pikepdf", "fontTools", "markdown_it", "defusedxml"}), sorted(loaded & set(HEAVY))
    assert (tmp_path / "pdf" / "india-japan").is_dir() and (tmp_path / "all" / "india-japan").is_dir()


def test_a_check_renders_nothing_so_loads_no_docx_library(seed_path: Path, faces) -> None:
    loaded = _loaded("check", str(seed_path))
    assert loaded.isdisjoint({"docx", "lxml", "pikepdf", "fontTools", "markdown_it", "defusedxml"}), sorted(loaded & set(HEAVY))
