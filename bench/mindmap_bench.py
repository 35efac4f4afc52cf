"""Prints mind-map layout and render times for the seed, and layout times for synthetic trees of 100-5,000 nodes.

Run: .venv/bin/python bench/mindmap_bench.py. Synthetic trees that cannot fit the page end in the
overflow error, which is part of what is timed (the search must fail fast too); each is also timed
folded with max_depth=2.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ijprint.context import RenderContext  # noqa: E402
from ijprint.errors import PageOverflowError  # noqa: E402
from ijprint.fonts import load_fonts  # noqa: E402
from ijprint.layout.mindmap import layout_mindmap  # noqa: E402
from ijprint.model import Document, Metadata, Node, Span  # noqa: E402
from ijprint.render.mindmap_pdf import render_mindmap  # noqa: E402
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


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    try:
        result = call()
    except PageOverflowError as error:
        result = error
    return time.perf_counter() - start, result


def main() -> None:
    style = load_style("default")
    faces = load_fonts(style.fonts)
    seed = load_document(ROOT / "content" / "india-japan.yaml")
    context = RenderContext(build_time(None, seed.meta.date), "ijprint bench")
    layout_time, layout = timed(lambda: layout_mindmap(seed, style, faces))
    render_time, _ = timed(lambda: render_mindmap(layout, seed, style, faces, context))
    print(f"seed: layout {layout_time * 1000:.1f} ms, render {render_time * 1000:.1f} ms, smallest text {layout.smallest_size:.1f} pt ({layout.arrangement}, {layout.orientation})")
    for count in (100, 1000, 5000):
        document = synthetic(count)
        full_time, full = timed(lambda: layout_mindmap(document, style, faces))
        folded_time, folded = timed(lambda: layout_mindmap(document, style, faces, max_depth=2))
        outcome = "overflow error" if isinstance(full, PageOverflowError) else f"fits at {full.smallest_size:.1f} pt"
        folded_outcome = "overflow error" if isinstance(folded, PageOverflowError) else f"fits at {folded.smallest_size:.1f} pt"
        print(f"{count:>5} nodes: layout {full_time * 1000:.1f} ms ({outcome}); max_depth=2 {folded_time * 1000:.1f} ms ({folded_outcome})")


if __name__ == "__main__":
    main()
