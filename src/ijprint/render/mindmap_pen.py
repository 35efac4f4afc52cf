"""A page's canvas + colours, line widths, dashes and paths -> the graphics operators reportlab's own calls write, without their per-call cost.

The map sets a colour, a width and a dash for each of its hundred-odd connectors, and reportlab's
setters check and convert every argument each time; the operators they write depend only on the
values, so each is formatted once per page here and appended as reportlab would append it.
`setStrokeColor(Color(...))` also records the colour, raises the file's PDF version for transparency
and sets the opacity (1 for these colours) where it changed: a pen's first call of each kind goes
through reportlab, so all of that happens as before, and a later one writes its operator alone
while the opacity is still 1, when the rest would change nothing.
"""

from __future__ import annotations

from typing import Callable

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

RGB = tuple[float, float, float]
Point = tuple[float, float]


class Pen:
    """One page's colour, width and dash operators on `canvas` (and its text objects), each formatted once."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._strokes: dict[RGB, tuple[Color, str]] = {}
        self._fills: dict[RGB, tuple[Color, str]] = {}
        self._text_fills: dict[RGB, tuple[Color, str]] = {}
        self._widths: dict[float, str] = {}
        self._dashes: dict[tuple[float, ...], str] = {}

    def stroke(self, rgb: RGB) -> None:
        """canvas.setStrokeColor(Color(*rgb))."""
        self._colour(self.canvas, self._strokes, rgb, "RG", "CA", "_strokeColorObj", self.canvas.setStrokeColor)

    def fill(self, rgb: RGB) -> None:
        """canvas.setFillColor(Color(*rgb))."""
        self._colour(self.canvas, self._fills, rgb, "rg", "ca", "_fillColorObj", self.canvas.setFillColor)

    def text_fill(self, text: PDFTextObject, rgb: RGB) -> None:
        """text.setFillColor(Color(*rgb)) on a text object of this page."""
        self._colour(text, self._text_fills, rgb, "rg", "ca", "_fillColorObj", text.setFillColor)

    def _colour(self, target: Canvas | PDFTextObject, known: dict[RGB, tuple[Color, str]], rgb: RGB, operator: str, alpha: str,
                attribute: str, set_colour: Callable[[Color], None]) -> None:
        """What `set_colour(Color(*rgb))` writes on `target`, its operator formatted once per colour. With
        the page's `alpha` not opaque reportlab writes more than the operator, so it is asked then."""
        found = known.get(rgb)
        if found is None or self.canvas._extgstate._d.get(alpha, 1) != 1:
            colour = Color(*rgb)
            set_colour(colour)
            known[rgb] = (colour, f"{fp_str(rgb)} {operator}")
            return
        setattr(target, attribute, found[0])
        target._code.append(found[1])

    def line_width(self, width: float) -> None:
        """canvas.setLineWidth(width)."""
        found = self._widths.get(width)
        if found is None:
            found = self._widths[width] = f"{fp_str(width)} w"
        self.canvas._lineWidth = width
        self.canvas._code.append(found)

    def dash(self, array: tuple[float, ...] | list[float]) -> None:
        """canvas.setDash(array) for a list of non-negative numbers (none, or some above zero), phase 0."""
        key = tuple(array)
        found = self._dashes.get(key)
        if found is None:
            self.canvas.setDash(list(array))
            self._dashes[key] = self.canvas._code[-1]
            return
        self.canvas._code.append(found)

    def draw(self, path: str, operator: str) -> None:
        """canvas.drawPath of a path whose operators are `path` (see `curves`, `polygon`), painted by
        `operator` ("S" to stroke, "B*" to fill and stroke, as PATH_OPS gives them for the canvas's fill rule)."""
        code = self.canvas._code
        code.append(path)
        code.append(operator)


def curves(start: Point, segments: list[tuple[Point, Point, Point]] | tuple, page_height: float) -> str:
    """A path's operators (path.moveTo, then path.curveTo per segment, joined as getCode joins them),
    its points measured down from the page's top."""
    parts = ["n", f"{fp_str(start[0], page_height - start[1])} m"]
    for (x1, y1), (x2, y2), (x3, y3) in segments:
        parts.append(f"{fp_str(x1, page_height - y1, x2, page_height - y2, x3, page_height - y3)} c")
    return " ".join(parts)


def polygon(points: list[Point] | tuple[Point, ...], page_height: float) -> str:
    """A closed path's operators (path.moveTo, path.lineTo per further point, path.close), its points
    measured down from the page's top."""
    first = points[0]
    parts = ["n", f"{fp_str(first[0], page_height - first[1])} m"]
    parts.extend(f"{fp_str(x, page_height - y)} l" for x, y in points[1:])
    parts.append("h")
    return " ".join(parts)
