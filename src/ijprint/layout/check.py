"""MindMapLayout -> the list of broken invariants (empty when the map is sound); used by tests and debugging.

Checked on the geometry: every text box inside the printable frame, no two text lines overlapping, no
connector (at its drawn width) passing through a text box other than its own parent's or child's, no
text under the floor.
"""

from __future__ import annotations

from collections import defaultdict

from ijprint.layout.boxes import MindMapLayout, Rect, TextLine, connector_profile

CELL = 24.0


def _cells(rect: Rect) -> list[tuple[int, int]]:
    return [(i, j) for i in range(int(rect.x // CELL), int(rect.right // CELL) + 1) for j in range(int(rect.y // CELL), int(rect.bottom // CELL) + 1)]


def layout_problems(layout: MindMapLayout, floor: float) -> list[str]:
    problems: list[str] = []
    owned: list[tuple[str, TextLine]] = [("#header", line) for line in layout.header]
    owned += [("#footer", line) for line in layout.footer]
    owned += [("", line) for line in layout.centre.lines]
    owned += [(node.node_id, line) for node in layout.nodes for line in node.lines]
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, (owner, line) in enumerate(owned):
        box = line.box
        if not layout.frame.contains(box):
            problems.append(f"text outside the frame: {line.text!r} at {box}")
        size = line.size * min((fragment.scale for fragment in line.fragments), default=1.0)
        if size < floor - 1e-6:
            problems.append(f"text under the floor: {line.text!r} at {size:.2f} pt")
        for cell in _cells(box):
            for other in grid[cell]:
                if owned[other][1].box.overlaps(box):
                    problems.append(f"overlap: {owned[other][1].text!r} and {line.text!r}")
            grid[cell].append(index)
    for connector in layout.connectors:
        # The drawn connector reaches half its width either side of its centre line.
        for x, y, half in connector_profile(connector, 16):
            for index in {i for cell in _cells(Rect(x - half, y - half, 2 * half, 2 * half)) for i in grid.get(cell, ())}:
                owner, line = owned[index]
                if owner in (connector.parent_id, connector.child_id):
                    continue
                if line.box.contains_point((x, y), inset=0.3 - half):
                    problems.append(f"connector {connector.parent_id or 'centre'} -> {connector.child_id} crosses {line.text!r}")
                    break
    centre = layout.centre_box
    if not layout.frame.contains(centre):
        problems.append("central topic outside the frame")
    return sorted(set(problems))
