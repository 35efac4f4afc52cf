"""Document + share to hide + seed -> RecallPlan: which map labels and fact values a worksheet blanks,
and the order its timeline exercise lists the events in; pure data, `random.Random(seed)` only.

Labels that carry a figure, a name or a year, and leaves, are likelier picked (they are what a student
should recall); the title is never a node, so never hidden; of two or more siblings at least one stays
visible (an only child may be hidden: its parent still says where it belongs). `recall: always|never`
on a node pins it either way before the draw; `recall: never` on a fact prints its value as a clue.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ijprint.model import Document, Node, walk

RECALL_CHOICES = ("always", "never")
_FIGURE = re.compile(r"\d")
_NAME = re.compile(r"(?<!^)(?<![.:] )\b[A-Z][\w-]+")


@dataclass(frozen=True)
class RecallPlan:
    """Hidden node ids, hidden facts as (node id, index in the node's facts), and every timeline entry as
    (node id, index in the node's timeline) in the shuffled order the worksheet lists them."""

    hidden_nodes: frozenset[str]
    hidden_facts: frozenset[tuple[str, int]]
    timeline_order: tuple[tuple[str, int], ...]


def _weight(node: Node) -> float:
    label = node.label_text
    return 1.0 + 2.0 * (not node.children) + 2.0 * bool(_FIGURE.search(label)) + 1.0 * bool(_NAME.search(label))


def _draw_order(rng: random.Random, weights: list[float]) -> list[int]:
    """Indices in a weighted random order (Efraimidis-Spirakis keys: heavier items tend to come first)."""
    keys = [rng.random() ** (1.0 / weight) for weight in weights]
    return sorted(range(len(weights)), key=lambda index: -keys[index])


def _hidden_nodes(document: Document, fraction: float, rng: random.Random) -> frozenset[str]:
    nodes = [node for _, node in walk(document.sections)]
    parent_of: dict[str, str] = {}
    siblings: dict[str, int] = {"": len(document.sections)}
    for node in nodes:
        siblings[node.id] = len(node.children)
        for child in node.children:
            parent_of[child.id] = node.id
    hidden: set[str] = {node.id for node in nodes if node.recall == "always"}
    hidden_under: dict[str, int] = {}
    for node_id in hidden:
        hidden_under[parent_of.get(node_id, "")] = hidden_under.get(parent_of.get(node_id, ""), 0) + 1
    target = round(fraction * len(nodes))
    for index in _draw_order(rng, [_weight(node) for node in nodes]):
        if len(hidden) >= target:
            break
        node = nodes[index]
        parent = parent_of.get(node.id, "")
        count = hidden_under.get(parent, 0)
        if node.id in hidden or node.recall == "never" or (siblings[parent] >= 2 and count + 1 >= siblings[parent]):
            continue
        hidden.add(node.id)
        hidden_under[parent] = count + 1
    return frozenset(hidden)


def recall_plan(document: Document, fraction: float, seed: int) -> RecallPlan:
    """What a worksheet hides: `fraction` (0-1) of the map's labels, drawn with `seed`, and the value of
    every fact but those pinned `recall: never` (the fact table is the exercise; a pinned fact is a
    clue); the same document, fraction and seed always give the same plan."""
    rng = random.Random(seed)
    nodes = _hidden_nodes(document, fraction, rng)
    facts = frozenset((node.id, index) for _, node in walk(document.sections) for index, fact in enumerate(node.facts) if fact.recall != "never")
    order = [(node.id, index) for _, node in walk(document.sections) for index in range(len(node.timeline))]
    rng.shuffle(order)
    return RecallPlan(nodes, facts, tuple(order))
