"""A line of text, its face and size -> drawn on a reportlab text object: plain runs as before, shaped runs as glyphs that keep their real text.

Every PDF renderer draws text through `draw_text` (docs/architecture.md, "Drawing text"). Text that
text_runs calls plain (Latin in the style's own font) is drawn exactly as `setTextOrigin` + `textOut`
always drew it. Other runs (Devanagari, emoji: a fallback face or a script that needs shaping) are
drawn as HarfBuzz's glyphs at HarfBuzz's positions, through reportlab's own shaped-text output
(`ShapedStr`, which PDF's TJ operator positions glyph by glyph). A shaped glyph reaches the PDF as a
character code whose ToUnicode entry can only name one character, often the wrong one (a conjunct is
several characters, the i-matra is drawn before the consonant it follows), so each shaped run is
wrapped in `/Span <</ActualText ...>> BDC ... EMC`: text extraction and search then read the run's
characters as written (poppler, pdf.js and Acrobat honour it).

Plain runs are most of every PDF's text, so `plain_operators` writes their operators itself: the
very string reportlab's textOut would write (tests/render/test_pdf_text holds the two equal), but
without its per-character loop for characters the file has already used.
"""

from __future__ import annotations

import codecs
from codecs import charmap_encode
from functools import lru_cache
from weakref import WeakKeyDictionary, ref

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDF_SUPPORT_VERSION
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject

from ijprint.model import WORD_JOINER
from ijprint.text_runs import ShapedRun, chain_of, coverage, is_plain, itemize, shape, visible_text

# Glyphs no character maps to (conjuncts, half forms, emoji) get private-use codes, the way
# reportlab's own shaping does, but numbered by glyph id so the bytes never depend on the order in
# which a process met them. Supplementary private use is the overflow for fonts with more glyphs.
PRIVATE_USE = (0xE000, 0xF8FF)
PRIVATE_USE_OVERFLOW = 0xF0000
_TRANSPARENCY = PDF_SUPPORT_VERSION["transparency"]


@lru_cache(maxsize=None)
def _glyph_codes(font_name: str) -> dict[int, int]:
    """Glyph id -> the character code that draws it in reportlab: the lowest BMP character the font
    maps to it, else a private-use code, added to the font's tables (with its width) on first use."""
    face = pdfmetrics.getFont(font_name).face
    cmap = coverage(font_name)
    codes: dict[int, int] = {}
    for code in sorted(cmap):
        gid = face.charToGlyph[code]
        if gid not in codes and code <= 0xFFFF and code != 0xA0:
            codes[gid] = code
    free = (code for code in range(PRIVATE_USE[0], PRIVATE_USE[1] + 1) if code not in cmap)
    for gid in range(len(face.hmetrics)):
        if gid not in codes:
            code = next(free, None) or PRIVATE_USE_OVERFLOW + gid
            codes[gid] = code
            face.charToGlyph[code] = gid
            face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])
    return codes


def _shaped_string(run: ShapedRun, face: str) -> ShapedStr:
    """The run as reportlab's ShapedStr: a character per glyph and, per glyph, HarfBuzz's advance and
    offsets next to the glyph's own width, from which reportlab writes the TJ adjustments."""
    font = pdfmetrics.getFont(face)
    codes = _glyph_codes(font.fontName)
    widths = font.face.charWidths
    characters = []
    data = []
    for glyph in run.glyphs:
        code = codes[glyph.gid]
        characters.append(chr(code))
        data.append(ShapeData(glyph.cluster, glyph.x_advance, glyph.y_advance, glyph.x_offset, glyph.y_offset, widths[code]))
    return ShapedStr("".join(characters), shapeData=data)


def _actual_text(text: str) -> str:
    """A PDF text string (UTF-16BE with its byte-order mark, in hex) of `text`."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _FirstSubset:
    """One face's character codes in one document's first subset (the first 200-odd characters the file
    uses in that face), as an encoding map: a text whose every character is there encodes in one C call."""

    __slots__ = ("state", "known", "encoding")

    def __init__(self, state: object) -> None:
        self.state = state
        self.known = -1
        self.encoding: object = None

    def refresh(self) -> None:
        """The map made again when the face's characters have changed since it was made: characters are only
        ever added, so their count says when. A character without a code (not used yet, in a later subset,
        or the no-break space, which reportlab files under the space's code) then fails to encode."""
        assignments = self.state.assignments
        if len(assignments) != self.known:
            decoding = ["\ufffe"] * 256  # U+FFFE: no character has this code (yet)
            for code_point, code in assignments.items():
                if code < 256:
                    decoding[code] = chr(code_point)
            self.encoding = codecs.charmap_build("".join(decoding))
            self.known = len(assignments)


# Per document, per face: its first subset, once the file has used the face (reportlab's state exists).
_SUBSETS: WeakKeyDictionary[object, dict[str, _FirstSubset]] = WeakKeyDictionary()


# The document drawn on last (a weak reference) and its faces: nearly every call is for the same one as the
# call before, and a weak dictionary's look-up makes a new weak reference each time.
_last: list = [lambda: None, {}]


def _faces_of(document: object) -> dict[str, _FirstSubset]:
    faces = _SUBSETS.get(document)
    if faces is None:
        faces = _SUBSETS[document] = {}
    _last[:] = [ref(document), faces]
    return faces


def _first_subset(font: object, document: object, faces: dict[str, _FirstSubset]) -> _FirstSubset | None:
    """The face's first subset in `document`, once the file uses the face."""
    state = font.state.get(document)
    if state is None:
        return None
    found = faces[font.fontName] = _FirstSubset(state)
    return found


def plain_operators(text_object: PDFTextObject, text: str) -> str:
    """What `text_object._formatText(text)` returns for plain text (a str, not shaped) in the current face:
    the operators showing `text` (a font selection before each subset change, then a string per subset),
    and the same bookkeeping of the current subset and of the characters the file uses.

    reportlab looks every character up one by one; when the file has used each character of `text`
    already, in its first subset, the codes come from one encoding call and the same bytes come out.
    Anything else (a new character, a later subset, a no-break space) goes through reportlab's own
    splitString."""
    font = pdfmetrics.getFont(text_object._fontname)
    if not font._dynamicFont:
        return text_object._formatText(text)
    canvas = text_object._canvas
    document = canvas._doc
    faces = _last[1] if _last[0]() is document else _faces_of(document)
    subset = faces.get(font.fontName) or _first_subset(font, document, faces)
    if subset is not None:
        if len(subset.state.assignments) != subset.known:
            subset.refresh()
        try:
            encoded = charmap_encode(text, None, subset.encoding)[0]
        except UnicodeEncodeError:
            pass
        else:
            shown = f"({canvas._escape(encoded)}) Tj" if text else ""
            if text_object._curSubset == 0 or not text:
                return shown
            # The subset's name as getSubsetInternalName gives it, once the font is named in the file (which
            # it is when its first subset holds the text already): most texts follow a change of face.
            named = subset.state.internalName
            name = f"/{named}+0" if named is not None else font.getSubsetInternalName(0, document)
            text_object._curSubset = 0
            return f"{name} {_size_operators(text_object._fontsize, text_object._leading)} {shown}"
    out = []
    for number, chunk in font.splitString(text, document):
        if number != text_object._curSubset:
            out.append(f"{font.getSubsetInternalName(number, document)} {_size_operators(text_object._fontsize, text_object._leading)}")
            text_object._curSubset = number
        out.append(f"({canvas._escape(chunk)}) Tj")
    return " ".join(out)


@lru_cache(maxsize=256)
def _size_operators(size: float, leading: float) -> str:
    return f"{fp_str(size)} Tf {fp_str(leading)} TL"


def set_fill_colour(text_object: PDFTextObject, colour: Color) -> None:
    """`text_object.setFillColor(colour)`: for an opaque RGB colour (every colour a style gives) its `rg`
    operator written here, and the same bookkeeping; any other colour through reportlab's own call."""
    canvas = text_object._canvas
    if type(colour) is Color and colour.alpha == 1 and text_object._enforceColorSpace is None and canvas._extgstate.getValue("ca") == 1:
        text_object._code.append(f"{fp_str((colour.red, colour.green, colour.blue))} rg")
        text_object._fillColorObj = colour
        # What setFillAlpha(1) does when the fill is opaque already: no operator, the file's version at least 1.4.
        document = canvas._doc
        if document._pdfVersion < _TRANSPARENCY:
            document.ensureMinPdfVersion("transparency")
    else:
        text_object.setFillColor(colour)


def set_text_origin(text_object: PDFTextObject, x: float, y: float) -> None:
    """`text_object.setTextOrigin(x, y)`, its operator written here."""
    text_object._code.append(_origin(text_object, x, y))


def _origin(text_object: PDFTextObject, x: float, y: float) -> str:
    """setTextOrigin's operator and bookkeeping: the text matrix at (x, y), the point there."""
    text_object._x0 = text_object._x = x
    text_object._y0 = text_object._y = y
    return f"1 0 0 {'1' if text_object._canvas.bottomup else '-1'} {fp_str(x, y)} Tm"


def plain_line(text_object: PDFTextObject, text: str) -> None:
    """`text_object.textLine(text)` for plain text: `text` at the point, then the point down one leading
    to the start of the next line; its operators from plain_operators."""
    text_object._x = text_object._x0
    text_object._y = text_object._y - text_object._leading if text_object._canvas.bottomup else text_object._y + text_object._leading
    text_object._y0 = text_object._y
    text_object._code.append(f"{plain_operators(text_object, text)} T*")


def draw_text(text_object: PDFTextObject, text: str, x: float, y: float, face: str, size: float) -> None:
    """Draw `text` starting at (x, y) on its baseline, in `face` (a name from FontFaces) at `size`.

    The caller has already set `face` at `size` on the text object, as it would for textOut, and finds
    it set again afterwards; where the text object's point is afterwards is not said (place the next
    text by its origin). Widths are those of text_runs.unit_width, so what a layout measured is
    what is drawn."""
    if is_plain(text, face):
        # setTextOrigin and textOut (without moving the point behind the text: every run is placed by its
        # own origin) as one entry: getCode joins the entries with spaces. A word joiner only forbids a
        # break; the font has no glyph for it, so it is not drawn.
        operators = plain_operators(text_object, text.replace(WORD_JOINER, "") if WORD_JOINER in text else text)
        text_object._code.append(f"{_origin(text_object, x, y)} {operators}")
        return
    # reportlab keeps the leading with the font; switching faces must not change the caller's line spacing.
    leading = text_object._leading
    for run in itemize(text.replace(WORD_JOINER, ""), chain_of(face)):
        text_object.setFont(run.face, size, leading)
        text_object.setTextOrigin(x, y)
        if run.shaped:
            shaped = shape(run.text, run.face)
            # reportlab has no marked-content call inside a text object; BDC/EMC are legal between BT and ET.
            text_object._code.append(f"/Span <</ActualText {_actual_text(run.text)}>> BDC")
            text_object.textOut(_shaped_string(shaped, run.face))
            text_object._code.append("EMC")
            x += shaped.width * size
        else:
            visible = visible_text(run.text, run.face)
            text_object.textOut(visible)
            x += pdfmetrics.stringWidth(visible, run.face, size)
    text_object.setFont(face, size, leading)
