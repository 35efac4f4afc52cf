"""Text measurement behind a small protocol: real embedded-font metrics, cached per word at unit size.

Advance widths scale linearly with the size (reportlab does not kern), so each (text, face) pair is
measured once at 1 pt and multiplied; that keeps the fit search cheap on trees of thousands of nodes.
"""

from __future__ import annotations

from typing import Protocol


class Measure(Protocol):
    """What a layout needs from fonts: the width of a run of text at 1 pt."""

    def unit_width(self, text: str, face: str) -> float: ...

    def unit_descent(self, face: str) -> float:
        """How far below the baseline PDF tools take a glyph's box to reach, at 1 pt (positive)."""
        ...


class FontMeasure:
    """Widths from the registered TrueType faces (ijprint.fonts), cached."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], float] = {}

    def unit_width(self, text: str, face: str) -> float:
        key = (text, face)
        found = self._cache.get(key)
        if found is None:
            from ijprint.fonts import text_width

            found = text_width(text, face, 1.0)
            self._cache[key] = found
        return found

    def unit_descent(self, face: str) -> float:
        from ijprint.fonts import ascent_descent

        return -ascent_descent(face, 1.0)[1]


class FixedMeasure:
    """Every character `advance` em wide: for unit tests that need no font at all."""

    def __init__(self, advance: float = 0.5) -> None:
        self.advance = advance

    def unit_width(self, text: str, face: str) -> float:
        bold = 1.1 if "bold" in face.lower() else 1.0
        return len(text) * self.advance * bold

    def unit_descent(self, face: str) -> float:
        return 0.25
