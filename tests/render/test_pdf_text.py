"""pdf_text.plain_operators, plain_line and set_text_origin write exactly what reportlab's textOut, textLine and
setTextOrigin write: the same PDF bytes for text that reuses characters, brings new ones, runs past the first 256-code subset, holds a
no-break space or nothing, in two faces taking turns."""

from __future__ import annotations

import io
import random

from reportlab.pdfgen.canvas import Canvas

from ijprint.render.pdf_text import plain_line, plain_operators, set_text_origin
from ijprint.text_runs import coverage


def _texts(face: str) -> list[str]:
    """Words of the face's characters: common ones again and again, and over 300 distinct ones in all."""
    chars = [chr(code) for code in sorted(coverage(face)) if 0x21 <= code < 0x2000 and code != 0xA0]
    assert len(chars) > 300
    pick = random.Random(7)
    common = "the quick brown fox, 1947–2024: ₹ 3.5 lakh crore"
    texts = [common, "", "\u00a0a\u00a0b", common[::-1]]
    for start in range(0, len(chars), 23):
        texts += ["".join(chars[start : start + 23]), common, "".join(pick.choice(chars) for _ in range(12)), "x\u00a0y"]
    return texts


def _pdf(faces, write, origin=lambda text, x, y: text.setTextOrigin(x, y)) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=faces.regular)
    text = canvas.beginText()
    for index, line in enumerate(_texts(faces.regular)):
        # The face changes now and then, not before every text: the current subset carries over.
        if index % 5 in (0, 4):
            text.setFont(faces.bold if index % 5 == 4 else faces.regular, 9.5, 11.4)
        origin(text, 20.0, 800.0 - index % 60 * 12)
        write(text, line, index)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _with_reportlab(text, line: str, index: int) -> None:  # type: ignore[no-untyped-def]
    if index % 2:
        text.textLine(line)
    else:
        text.textOut(line)


def _with_pdf_text(text, line: str, index: int) -> None:  # type: ignore[no-untyped-def]
    if index % 2:
        plain_line(text, line)
    else:
        text._code.append(plain_operators(text, line))


def test_plain_operators_and_plain_line_write_what_reportlab_writes(faces) -> None:
    expected = _pdf(faces, _with_reportlab)
    assert _pdf(faces, _with_pdf_text, set_text_origin) == expected
    # The text did reach a later subset, where the quick path gives way to reportlab's.
    assert b"AAAAAB+" in expected


def test_set_fill_colour_writes_what_reportlab_writes(faces) -> None:
    from reportlab.lib.colors import CMYKColor, Color, HexColor

    from ijprint.render.pdf_text import set_fill_colour

    # Opaque RGB (the quick path), then a translucent and a CMYK one (reportlab's), then opaque again:
    # the fill alpha the translucent colour set must be reset as reportlab resets it.
    colours = [HexColor("#1F4E79"), HexColor("#333333"), Color(0.2, 0.4, 0.6, alpha=0.5), CMYKColor(0.1, 0.2, 0.3, 0.4), HexColor("#1F4E79")]

    def pdf(fill) -> bytes:  # type: ignore[no-untyped-def]
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1, initialFontName=faces.regular)
        text = canvas.beginText()
        text.setFont(faces.regular, 9.5)
        for index, colour in enumerate(colours):
            fill(text, colour)
            text.setTextOrigin(20.0, 800.0 - 12 * index)
            text.textOut("colour")
        canvas.drawText(text)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    expected = pdf(lambda text, colour: text.setFillColor(colour))
    assert pdf(set_fill_colour) == expected
    assert b"/gRLs" in expected  # the translucent colour did set an alpha
