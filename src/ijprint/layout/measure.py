"""Face name + text -> width at 1 pt: the small protocol a layout measures text through, and a fixed-width stand-in.

Advance widths scale linearly with the size (reportlab does not kern), so a layout measures each
(text, face) pair at 1 pt and multiplies. The real measure, from the embedded fonts' metrics, is
ijprint.fonts.FontMeasure; layouts are handed one and never load fonts themselves.
"""

from __future__ import annotations

from typing import Protocol


class Measure(Protocol):
    """What a layout needs from fonts: the width of a run of text at 1 pt."""

    def unit_width(self, text: str, face: str) -> float: ...

    def unit_descent(self, face: str) -> float:
        """How far below the baseline PDF tools take a glyph's box to reach, at 1 pt (positive)."""
        ...


class FixedMeasure:
    """Every character `advance` em wide: for unit tests that need no font at all."""

    def __init__(self, advance: float = 0.5) -> None:
        self.advance = advance

    def unit_width(self, text: str, face: str) -> float:
        bold = 1.1 if "bold" in face.lower() else 1.0
        return len(text) * self.advance * bold

    def unit_descent(self, face: str) -> float:
        return 0.25
