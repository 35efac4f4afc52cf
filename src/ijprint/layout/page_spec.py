"""Resolved page settings (paper per orientation, margins, font sizes, floor, face names) -> the frozen specs layouts take.

Callers build these from a style and the registered fonts (ijprint.render.page_specs); the layouts
read nothing else, so they can be driven by any numbers, with any measuring function.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class PaperSize:
    """The paper turned one way: 'landscape' or 'portrait', and its width and height in points."""

    orientation: str
    width: float
    height: float


@dataclass(frozen=True)
class FaceNames:
    """The names a measuring function and a renderer know the three faces by."""

    regular: str
    bold: str
    italic: str


@dataclass(frozen=True)
class MapPage:
    """What the mind-map layout needs: the paper name and the orientations to try, in order of
    preference; margins; the largest size per map level (0 = central topic, deeper levels reuse the
    last); body and small text sizes; the floor no text goes under; faces; numbered branches or not;
    section numbers before the labels or not; whether a small map's text may grow past the level
    sizes to use the page."""

    paper: str
    choices: tuple[PaperSize, ...]
    margins: Margins
    level_sizes: tuple[float, ...]
    body_size: float
    small_size: float
    floor: float
    faces: FaceNames
    numbered_branches: bool
    numbers: bool = False
    grows: bool = True

    def level_size(self, depth: int) -> float:
        return self.level_sizes[min(depth, len(self.level_sizes) - 1)]


@dataclass(frozen=True)
class FactPage:
    """What the fact-table geometry needs: the paper both ways, margins, the room kept for the footer
    below the frame, and the body size that column widths are counted in (ems)."""

    portrait: PaperSize
    landscape: PaperSize
    margins: Margins
    footer_height: float
    body_size: float
