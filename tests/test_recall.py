"""recall_plan over random trees: a fixed seed gives a fixed plan, --blank is honoured within one label,
no two-or-more siblings are all hidden, and a pinned node keeps its pin."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ijprint.model import Document, Metadata, Node, parse_inline, walk
from ijprint.recall import recall_plan


def _trees(draw, prefix: str, depth: int) -> tuple[Node, ...]:
    count = draw(st.integers(1 if depth == 0 else 0, 4 if depth < 3 else 0))
    return tuple(
        Node(f"{prefix}{index}", parse_inline(f"Label {prefix}{index}"), children=_trees(draw, f"{prefix}{index}.", depth + 1))
        for index in range(count)
    )


@st.composite
def documents(draw) -> Document:
    return Document(Metadata("Random"), _trees(draw, "n", 0))


def _capacity(document: Document) -> int:
    """Labels that can be hidden: all but one of each group of two or more siblings."""
    groups = [document.sections] + [node.children for _, node in walk(document.sections)]
    return sum(len(group) for group in groups) - sum(1 for group in groups if len(group) >= 2)


@settings(max_examples=150, deadline=None)
@given(documents(), st.floats(0, 1), st.integers(0, 1000))
def test_blank_is_honoured_and_no_sibling_group_is_all_hidden(document, fraction, seed):
    plan = recall_plan(document, fraction, seed)
    nodes = [node for _, node in walk(document.sections)]
    assert plan == recall_plan(document, fraction, seed)
    wanted = min(round(fraction * len(nodes)), _capacity(document))
    assert abs(len(plan.hidden_nodes) - wanted) <= 1
    for group in [document.sections] + [node.children for node in nodes]:
        if len(group) >= 2:
            assert not all(child.id in plan.hidden_nodes for child in group)


@settings(max_examples=50, deadline=None)
@given(documents())
def test_blank_zero_hides_no_label(document):
    assert recall_plan(document, 0.0, 7).hidden_nodes == frozenset()


def test_pins_win_and_seeds_differ():
    children = tuple(Node(f"a.{i}", parse_inline(f"Child {i} of 19{i}0")) for i in range(8))
    pinned = Node("a.p", parse_inline("Never hide me"), recall="never")
    document = Document(Metadata("Pins"), (Node("a", parse_inline("A"), children=(*children, pinned)), Node("b", parse_inline("B"), recall="always")))
    plans = [recall_plan(document, 0.5, seed) for seed in range(6)]
    assert all("a.p" not in plan.hidden_nodes and "b" in plan.hidden_nodes for plan in plans)
    assert len({plan.hidden_nodes for plan in plans}) > 1
