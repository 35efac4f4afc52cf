"""One command for every benchmark: `make bench` (or `.venv/bin/python bench/run.py`); prints figures, asserts nothing."""

from __future__ import annotations

import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "india-japan.yaml"


def timed(action, repeat: int = 5) -> float:
    """Median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def foundation() -> None:
    from ijprint.render.registry import RenderContext
    from ijprint.fonts import check_glyphs, load_fonts
    from ijprint.render.notes_docx import render_notes
    from ijprint.reproducible import build_time
    from ijprint.sources import load_document
    from ijprint.style import load_style

    style = load_style("default")
    faces = load_fonts(style.fonts)

    def load_and_check():
        document = load_document(SEED)
        check_glyphs(document, faces)
        return document

    document = load_and_check()
    context = RenderContext(style=style, build_time=build_time(None, document.meta.date), generator="ijprint bench", faces=faces)
    print("== foundation (seed: content/india-japan.yaml)")
    print(f"load + validate + glyph check   {timed(load_and_check):8.1f} ms")
    print(f"render notes.docx               {timed(lambda: render_notes(document, style, context)):8.1f} ms")
    print(f"load + validate + render notes  {timed(lambda: render_notes(load_and_check(), style, context)):8.1f} ms")
    with tempfile.TemporaryDirectory() as out:
        for formats in ("notes", "all"):
            command = [sys.executable, "-m", "ijprint", "build", str(SEED), "--format", formats, "--out", out, "--force"]
            wall = timed(lambda: subprocess.run(command, check=True, capture_output=True), repeat=3)
            print(f"whole process `ijprint build --format {formats} --force`".ljust(32) + f"{wall:8.1f} ms")


if __name__ == "__main__":
    foundation()
    for extra in ("mindmap_bench.py", "facts_bench.py", "batch_bench.py"):
        path = Path(__file__).with_name(extra)
        if path.is_file():
            print()
            runpy.run_path(str(path), run_name="__main__")
