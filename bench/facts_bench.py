"""Fact tables benchmark: prints the time to render the seed's facts.pdf, facts.docx and facts.csv, and a
synthetic 5,000-fact facts.pdf (`.venv/bin/python bench/facts_bench.py`); asserts nothing."""

from __future__ import annotations

import time
from pathlib import Path
from statistics import median
from typing import Callable

from ijprint.render.registry import RenderContext
from ijprint.fonts import load_fonts
from ijprint.model import Document, Fact, Metadata, Node, parse_inline
from ijprint.render.facts_csv import render_facts_csv
from ijprint.render.facts_docx import render_facts_docx
from ijprint.render.facts_pdf import render_facts_pdf
from ijprint.reproducible import build_time
from ijprint.sources import load_document
from ijprint.style import load_style

SEED = Path(__file__).resolve().parents[1] / "content" / "india-japan.yaml"


def timed(action: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    """Median wall time in milliseconds, and the output size in bytes."""
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(action())
        times.append((time.perf_counter() - start) * 1000)
    return median(times), size


def synthetic(count: int) -> Document:
    """One section of `count` facts spread over 50 nodes, with notes of varying length."""
    children = tuple(
        Node(
            f"synthetic.node-{n}",
            parse_inline(f"Node {n}"),
            facts=tuple(
                Fact(f"Measure {n}-{i}", f"{(n * 100 + i) * 37 % 100000:,} units", str(1950 + i % 75), "", "note text " * (i % 6))
                for i in range(count // 50)
            ),
        )
        for n in range(50)
    )
    return Document(Metadata("Synthetic topic", author="bench"), (Node("synthetic", parse_inline("Synthetic"), children=children),))


def main() -> None:
    style = load_style("default")
    faces = load_fonts(style.fonts)
    document = load_document(SEED)
    context = RenderContext(style=style, build_time=build_time(None, document.meta.date), generator="ijprint bench", faces=faces)
    print("== fact tables (seed: content/india-japan.yaml)")
    for name, action in (
        ("facts.pdf", lambda: render_facts_pdf(document, style, faces, context)),
        ("facts.docx", lambda: render_facts_docx(document, style, faces, context)),
        ("facts.csv", lambda: render_facts_csv(document)),
    ):
        ms, size = timed(action, 5)
        print(f"render {name:<26}{ms:8.1f} ms  {size:>9,} bytes")
    big = synthetic(5000)
    ms, size = timed(lambda: render_facts_pdf(big, style, faces, context), 1)
    print(f"render facts.pdf, 5,000 facts     {ms:8.1f} ms  {size:>9,} bytes")


if __name__ == "__main__":
    main()
