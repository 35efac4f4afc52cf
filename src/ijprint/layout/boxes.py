"""Frozen positioned boxes a layout hands to a renderer: rectangles, text lines, nodes, Bézier connectors.

Coordinates are points with the origin at the page's top-left corner and y growing downwards (the way
a reader scans a page); renderers flip y for PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
# A cubic Bézier segment: start, two control points, end.
Cubic = tuple[Point, Point, Point, Point]

# The part of the em box a line's ink occupies, above and below the baseline. The fonts' own
# ascent/descent (hhea) leave room for stacked diacritics and would space lines 1.4 em apart.
INK_ASCENT = 0.9
INK_DESCENT = 0.25


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            self.x < other.right - tolerance
            and other.x < self.right - tolerance
            and self.y < other.bottom - tolerance
            and other.y < self.bottom - tolerance
        )

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def contains_point(self, point: Point, inset: float = 0.0) -> bool:
        x, y = point
        return self.x + inset < x < self.right - inset and self.y + inset < y < self.bottom - inset

    def shifted(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True)
class Fragment:
    """A run of one face within a line; `role` picks the colour (label, marker, muted, title, number,
    section); `scale` is the share of the line's size it is printed at, on the line's baseline."""

    text: str
    face: str
    x: float
    width: float
    role: str = "label"
    scale: float = 1.0

    def shifted(self, dx: float) -> Fragment:
        return Fragment(self.text, self.face, self.x + dx, self.width, self.role, self.scale)


@dataclass(frozen=True)
class TextLine:
    """One line of text: its runs, size and baseline; `box` is the ink box the invariants use."""

    fragments: tuple[Fragment, ...]
    size: float
    baseline: float

    @property
    def x(self) -> float:
        return self.fragments[0].x if self.fragments else 0.0

    @property
    def width(self) -> float:
        if not self.fragments:
            return 0.0
        return self.fragments[-1].x + self.fragments[-1].width - self.fragments[0].x

    @property
    def text(self) -> str:
        return "".join(fragment.text for fragment in self.fragments)

    @property
    def box(self) -> Rect:
        top = self.baseline - INK_ASCENT * self.size
        return Rect(self.x, top, self.width, (INK_ASCENT + INK_DESCENT) * self.size)

    def shifted(self, dx: float, dy: float) -> TextLine:
        moved = tuple(fragment.shifted(dx) for fragment in self.fragments)
        return TextLine(moved, self.size, self.baseline + dy)


@dataclass(frozen=True)
class NodeBox:
    """A placed node: `depth` 0 is the central topic, `branch` the main branch index (-1 for the centre)."""

    node_id: str
    label: str
    depth: int
    branch: int
    lines: tuple[TextLine, ...]
    hidden: int = 0

    @property
    def box(self) -> Rect:
        return union(line.box for line in self.lines)

    def shifted(self, dx: float, dy: float) -> NodeBox:
        return NodeBox(self.node_id, self.label, self.depth, self.branch, tuple(line.shifted(dx, dy) for line in self.lines), self.hidden)


@dataclass(frozen=True)
class Connector:
    """A curve from a parent to a child node; `width` tapers with the child's depth, and along the
    curve down to `end_width` at the child (the same as `width` when it does not taper)."""

    parent_id: str
    child_id: str
    branch: int
    depth: int
    segments: tuple[Cubic, ...]
    width: float
    end_width: float | None = None

    @property
    def tapers(self) -> bool:
        return self.end_width is not None and abs(self.end_width - self.width) > 1e-6

    def shifted(self, dx: float, dy: float) -> Connector:
        moved = tuple(tuple((x + dx, y + dy) for x, y in seg) for seg in self.segments)
        return Connector(self.parent_id, self.child_id, self.branch, self.depth, moved, self.width, self.end_width)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BranchBlock:
    """A main branch drawn as a headed outline block: its rule under the heading is the branch line."""

    branch: int
    node_id: str
    title: str
    box: Rect
    rule: tuple[Point, Point]
    rule_width: float
    region: str

    def shifted(self, dx: float, dy: float) -> BranchBlock:
        (x0, y0), (x1, y1) = self.rule
        return BranchBlock(self.branch, self.node_id, self.title, self.box.shifted(dx, dy), ((x0 + dx, y0 + dy), (x1 + dx, y1 + dy)), self.rule_width, self.region)


@dataclass(frozen=True)
class MindMapLayout:
    """Everything a renderer needs to draw the one-page map; no further measuring is required."""

    page_width: float
    page_height: float
    orientation: str
    paper: str
    frame: Rect
    map_area: Rect
    centre: NodeBox
    centre_box: Rect
    nodes: tuple[NodeBox, ...]
    connectors: tuple[Connector, ...]
    blocks: tuple[BranchBlock, ...]
    header: tuple[TextLine, ...]
    footer: tuple[TextLine, ...]
    # Where the renderer right-aligns the build date: (right x, baseline, size, face).
    date_anchor: tuple[float, float, float, str]
    arrangement: str
    scale: float
    hidden_nodes: int

    @property
    def all_lines(self) -> tuple[TextLine, ...]:
        lines = [*self.header, *self.footer, *self.centre.lines]
        for node in self.nodes:
            lines.extend(node.lines)
        return tuple(lines)

    @property
    def smallest_size(self) -> float:
        """The smallest text printed: a line's size, or less where a run of it is printed smaller."""
        return min(line.size * min((fragment.scale for fragment in line.fragments), default=1.0) for line in self.all_lines)


def union(rects: object) -> Rect:
    items = list(rects)  # type: ignore[call-overload]
    if not items:
        return Rect(0.0, 0.0, 0.0, 0.0)
    x0 = min(r.x for r in items)
    y0 = min(r.y for r in items)
    x1 = max(r.right for r in items)
    y1 = max(r.bottom for r in items)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def bezier_point(segment: Cubic, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def sample_connector(connector: Connector, steps: int = 24) -> list[Point]:
    """Points along every segment of a connector, for collision checks."""
    points: list[Point] = []
    for segment in connector.segments:
        points.extend(bezier_point(segment, i / steps) for i in range(steps + 1))
    return points


def line_segment(a: Point, b: Point) -> Cubic:
    """A straight piece of a connector, written as a cubic so every segment has one shape."""
    return (a, (a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3), (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b)


def connector_profile(connector: Connector, steps: int = 16) -> list[tuple[float, float, float]]:
    """Points along a connector with its half width there: (x, y, half width). A tapering connector
    narrows linearly with the distance travelled from its parent's end."""
    points: list[Point] = []
    for segment in connector.segments:
        samples = [bezier_point(segment, i / steps) for i in range(steps + 1)]
        points.extend(samples if not points else samples[1:])
    lengths = [0.0]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    total = lengths[-1] or 1.0
    end = connector.width if connector.end_width is None else connector.end_width
    return [(x, y, (connector.width + (end - connector.width) * length / total) / 2) for (x, y), length in zip(points, lengths)]


def taper_outline(connector: Connector, steps: int = 16) -> list[Point]:
    """The outline of a tapering connector as one closed polygon: the curve offset to one side going
    out and to the other coming back."""
    profile = connector_profile(connector, steps)
    left: list[Point] = []
    right: list[Point] = []
    for index, (x, y, half) in enumerate(profile):
        before = profile[max(0, index - 1)]
        after = profile[min(len(profile) - 1, index + 1)]
        dx, dy = after[0] - before[0], after[1] - before[1]
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm * half, dx / norm * half
        left.append((x + nx, y + ny))
        right.append((x - nx, y - ny))
    return left + right[::-1]
