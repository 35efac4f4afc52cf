"""The map's pen writes the operators reportlab's own calls write: the same page stream, call for call."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import PATH_OPS, Canvas

from ijprint.render.mindmap_pen import Pen, curves, polygon

H = 595.0
COLOURS = [(0.1, 0.52, 0.3), (0.0, 0.0, 0.0), (0.83, 0.2, 0.41), (0.1, 0.52, 0.3)]
SEGMENTS = [((10.0, 20.0), (30.5, 20.0), (30.5, 80.25), (60.0, 80.25)), ((60.0, 80.25), (70.0, 80.25), (80.0, 90.0), (123.456789, 91.0))]
OUTLINE = [(10.0, 20.0), (30.0, 25.5), (50.123, 18.0), (12.0, 40.0)]


def _by_reportlab(canvas: Canvas, alpha_between: bool) -> None:
    for index, rgb in enumerate(COLOURS):
        if alpha_between and index == 2:
            canvas.setStrokeAlpha(0.5)
            canvas.setFillAlpha(0.5)
        canvas.setFillColor(Color(*rgb))
        canvas.setStrokeColor(Color(*rgb))
        canvas.setLineWidth(0.1 * (index + 1))
        canvas.setDash([])
        canvas.setDash([5, 2] if index % 2 else [1.2, 1.6])
        path = canvas.beginPath()
        path.moveTo(SEGMENTS[0][0][0], H - SEGMENTS[0][0][1])
        for _, (x1, y1), (x2, y2), (x3, y3) in SEGMENTS:
            path.curveTo(x1, H - y1, x2, H - y2, x3, H - y3)
        canvas.drawPath(path, stroke=1, fill=0)
        outline = canvas.beginPath()
        outline.moveTo(OUTLINE[0][0], H - OUTLINE[0][1])
        for x, y in OUTLINE[1:]:
            outline.lineTo(x, H - y)
        outline.close()
        canvas.drawPath(outline, stroke=1, fill=1)
        text = canvas.beginText()
        text.setFillColor(Color(*rgb))
        canvas.drawText(text)


def _by_pen(canvas: Canvas, alpha_between: bool) -> None:
    pen = Pen(canvas)
    for index, rgb in enumerate(COLOURS):
        if alpha_between and index == 2:
            canvas.setStrokeAlpha(0.5)
            canvas.setFillAlpha(0.5)
        pen.fill(rgb)
        pen.stroke(rgb)
        pen.line_width(0.1 * (index + 1))
        pen.dash(())
        pen.dash((5, 2) if index % 2 else (1.2, 1.6))
        pen.draw(curves(SEGMENTS[0][0], [segment[1:] for segment in SEGMENTS], H), PATH_OPS[1, 0, canvas._fillMode])
        pen.draw(polygon(OUTLINE, H), PATH_OPS[1, 1, canvas._fillMode])
        text = canvas.beginText()
        pen.text_fill(text, rgb)
        canvas.drawText(text)


def _page(draw, alpha_between: bool) -> tuple[list[str], bytes]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(842.0, H), invariant=1)
    draw(canvas, alpha_between)
    code = list(canvas._code)
    state = (canvas._lineWidth, canvas._fillColorObj.red, canvas._strokeColorObj.blue)
    canvas.showPage()
    canvas.save()
    return code + [repr(state)], buffer.getvalue()


def test_the_pen_writes_what_reportlab_writes() -> None:
    for alpha_between in (False, True):
        assert _page(_by_pen, alpha_between) == _page(_by_reportlab, alpha_between)
