"""Prints mind-map layout and render times for the seed and for synthetic trees of 100-5,000 nodes.

Run: .venv/bin/python bench/mindmap_bench.py. Three kinds of rows:
- full trees on A4: most are far too big for one page and end in the overflow error; when the text
  area alone exceeds the page that happens before any layout ("rejected early"), which is what those
  figures measure (the search must fail fast too);
- the same trees folded with max_depth=2 on A4, and with max_depth=3 on A3: every shown node is laid
  out, so these measure the real search on large inputs (folding itself walks all the nodes);
- a full tree of 300 nodes on A3, the densest that fits: the real search on a big map.
Times are the median of a few runs; per-node figures show whether the cost grows linearly.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ijprint.render.registry import RenderContext  # noqa: E402
from ijprint.errors import PageOverflowError  # noqa: E402
from ijprint.fonts import load_fonts  # noqa: E402
from ijprint.model import Document, Metadata, Node, Span  # noqa: E402
from ijprint.render.mindmap_pdf import render_mindmap  # noqa: E402
from ijprint.render.page_specs import layout_map  # noqa: E402
from ijprint.reproducible import build_time  # noqa: E402
from ijprint.sources import load_document  # noqa: E402
from ijprint.style import load_style  # noqa: E402

WORDS = "trade corridor summit defence energy exchange pledge partnership investment security policy dialogue".split()


def synthetic(count: int) -> Document:
    """A balanced tree of `count` nodes, grown breadth-first: 8 branches, 3-5 children per node, labels of 2-5 words."""
    labels = [" ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(2 + n % 4)) + f" {n}" for n in range(count)]
    children: dict[int, list[int]] = {-1: []}
    queue, made = [-1], 0
    while made < count:
        parent = queue.pop(0)
        for _ in range(8 if parent == -1 else 3 + made % 3):
            if made >= count:
                break
            children[parent].append(made)
            children[made] = []
            queue.append(made)
            made += 1

    def build(i: int) -> Node:
        return Node(id=f"n{i}", label=(Span(labels[i]),), children=tuple(build(c) for c in children[i]))

    return Document(Metadata(title=f"Synthetic {count}"), tuple(build(c) for c in children[-1]))


def timed(call, repeat: int = 3) -> tuple[float, object]:
    """Median wall time in seconds, and the last result (or the overflow error)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            result = call()
        except PageOverflowError as error:
            result = error
        times.append(time.perf_counter() - start)
    return median(times), result


def outcome(result: object) -> str:
    if isinstance(result, PageOverflowError):
        early = "rejected early by the text-area bound" if "needs at least" in str(result) else "overflow error after the search"
        return f"overflow: {early}"
    shown = len(result.nodes)  # type: ignore[attr-defined]
    return f"laid out {shown} nodes ({result.hidden_nodes} folded) at {result.smallest_size:.1f} pt, {result.arrangement}"  # type: ignore[attr-defined]


def row(label: str, count: int, seconds: float, result: object) -> None:
    print(f"  {label:<22} {count:>5} nodes: {seconds * 1000:7.1f} ms ({seconds * 1e6 / count:6.1f} us/node)  {outcome(result)}")


def main() -> None:
    style = load_style("default")
    a3 = dataclasses.replace(style, paper="A3")
    faces = load_fonts(style.fonts)
    seed = load_document(ROOT / "content" / "india-japan.yaml")
    context = RenderContext(style=style, build_time=build_time(None, seed.meta.date), generator="ijprint bench", faces=faces)
    layout_time, layout = timed(lambda: layout_map(seed, style, faces), repeat=5)
    render_time, _ = timed(lambda: render_mindmap(layout, seed, style, faces, context), repeat=5)
    print(f"seed: layout {layout_time * 1000:.1f} ms, render {render_time * 1000:.1f} ms, smallest text {layout.smallest_size:.1f} pt ({layout.arrangement}, {layout.orientation})")  # type: ignore[attr-defined]
    print("synthetic trees (default style):")
    for count in (100, 1000, 5000):
        document = synthetic(count)
        for label, chosen, depth in (("A4, full", style, None), ("A4, max_depth=2", style, 2), ("A3, max_depth=3", a3, 3)):
            seconds, result = timed(lambda: layout_map(document, chosen, faces, max_depth=depth))
            row(label, count, seconds, result)
    document = synthetic(300)
    seconds, result = timed(lambda: layout_map(document, a3, faces))
    row("A3, full", 300, seconds, result)


if __name__ == "__main__":
    main()
