"""The fit search: whatever steps it tries, it settles on a size that fits and whose next step does not."""

from __future__ import annotations

import pytest

from ijprint.fonts import FontMeasure
from ijprint.layout.boxes import Rect
from ijprint.layout.fit import GROWTH, Fit, Overflow, Page, Trials, search, sizes_to_try
from ijprint.layout.branch_block import BlockModel
from ijprint.layout.tree import deepest, map_tree
from ijprint.model import Document, Metadata, Node, Span

FLOOR = 7.0


def _topic(branches: int, children: int, words: int) -> Document:
    vocabulary = "trade corridor summit defence energy exchange pledge partnership investment security".split()

    def label(k: int) -> tuple[Span, ...]:
        return (Span(" ".join(vocabulary[(k * 3 + i) % len(vocabulary)] for i in range(1 + (k % words)))),)

    sections = tuple(
        Node(id=f"b{b}", label=label(b), children=tuple(Node(id=f"b{b}.{c}", label=label(b * 7 + c)) for c in range(children)))
        for b in range(branches)
    )
    return Document(Metadata(title="Synthetic"), sections)


def _fits(trials: Trials, level_sizes, depth: int, step: int) -> bool:
    return any(trials.any_fits(sizes, limit) <= 1.0 for sizes, limit in sizes_to_try(level_sizes, depth, FLOOR, step))


@pytest.mark.parametrize("shape", [(3, 2, 2), (8, 4, 3), (12, 6, 4), (16, 9, 5), "seed"])
@pytest.mark.parametrize("page", [Rect(30, 60, 780, 470), Rect(30, 60, 530, 720)])
def test_search_settles_on_a_fitting_size_whose_next_step_does_not_fit(shape, page, seed_document, default_style, faces) -> None:
    document = seed_document if shape == "seed" else _topic(*shape)
    roots = map_tree(document.sections)
    measure = FontMeasure()
    names = (faces.regular, faces.bold, faces.italic)
    blocks = [BlockModel(i, root, names, measure, "") for i, root in enumerate(roots)]
    depth = max(2, deepest(roots))
    pages = [Page("any", page, lambda sizes: [(8 * sizes.size(0), 2.5 * sizes.size(0))])]
    result = search(pages, blocks, default_style.level_size, depth, FLOOR)
    if isinstance(result, Overflow):
        pytest.skip("does not fit this page at the floor")
    assert isinstance(result, Fit) and result.assignment.worst_fill <= 1.0
    step = round((result.smallest - FLOOR) * 10)
    top = min(default_style.level_size(d) for d in range(depth + 1))
    last = int(round((top * GROWTH - FLOOR) * 10))
    trials = Trials(pages, blocks, strict=True)
    assert _fits(trials, default_style.level_size, depth, step)
    assert step == last or not _fits(trials, default_style.level_size, depth, step + 1)
