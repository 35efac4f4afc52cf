"""Document sections -> the tree a map draws: labels, depths and section numbers, deeper levels folded by `max_depth`.

A folded node keeps a count of its hidden descendants, which the map prints as a "+k" marker, so
nothing is ever dropped without saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ijprint.model import Inline, Node, plain, section_numbers, walk


class MaxDepthError(ValueError):
    """A `max_depth` under 1, which would fold away every branch."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth)
        self.max_depth = max_depth

    def __str__(self) -> str:
        return f"max_depth {self.max_depth} hides every branch"


@dataclass(frozen=True)
class TreeNode:
    """A node as the map shows it; `number` is its section number ("4.1"), the same the notes and tables print."""

    node_id: str
    label: Inline
    depth: int
    children: tuple[TreeNode, ...]
    hidden: int = 0
    number: str = ""

    @property
    def label_text(self) -> str:
        return plain(self.label)


def count_descendants(node: Node) -> int:
    return len(walk(node.children))


def map_tree(sections: tuple[Node, ...], max_depth: int | None = None, numbers: Mapping[str, str] | None = None) -> tuple[TreeNode, ...]:
    """Main sections (depth 1) and their descendants down to `max_depth`; iterative for any depth.
    `numbers` are the section numbers by node id (by default the sections' own; a page of a split map
    passes the whole topic's, so a node keeps its number and a node not in the topic has none).
    Raises MaxDepthError when `max_depth` is under 1."""
    if max_depth is not None and max_depth < 1:
        raise MaxDepthError(max_depth)
    if numbers is None:
        numbers = section_numbers(sections)
    built: dict[int, TreeNode] = {}
    # Post-order: children are built before their parent.
    order: list[tuple[Node, int]] = []
    stack: list[tuple[Node, int]] = [(node, 1) for node in sections]
    while stack:
        node, depth = stack.pop()
        order.append((node, depth))
        if max_depth is None or depth < max_depth:
            stack.extend((child, depth + 1) for child in node.children)
    for node, depth in reversed(order):
        if max_depth is not None and depth >= max_depth:
            built[id(node)] = TreeNode(node.id, node.label, depth, (), count_descendants(node), numbers.get(node.id, ""))
        else:
            children = tuple(built[id(child)] for child in node.children)
            built[id(node)] = TreeNode(node.id, node.label, depth, children, number=numbers.get(node.id, ""))
    return tuple(built[id(node)] for node in sections)


def tree_size(node: TreeNode) -> int:
    total, stack = 0, [node]
    while stack:
        current = stack.pop()
        total += 1
        stack.extend(current.children)
    return total


def deepest(nodes: tuple[TreeNode, ...]) -> int:
    best, stack = 0, list(nodes)
    while stack:
        current = stack.pop()
        best = max(best, current.depth)
        stack.extend(current.children)
    return best
