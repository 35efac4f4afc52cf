"""MindMapLayout (or the sheets of a split map) + document + style -> the mind-map PDF bytes; draws only, never measures.

Text is real text in the embedded TrueType subsets (copy and search work); colours that would read
below 4.5:1 against the page are darkened first; one bookmark per main branch (per page when split); bytes are reproducible.
The PDF is tagged: text is drawn in reading order (render/mindmap_reading), decoration is an artifact.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import PATH_OPS, Canvas

from ijprint.render.registry import RenderContext
from ijprint.fonts import FontFaces
from ijprint.layout.boxes import Connector, MindMapLayout, NodeBox, TextLine, taper_outline
from ijprint.layout.split_map import MapSheet
from ijprint.model import Document, Node, section_numbers
from ijprint.render.mindmap_pen import Pen, curves, polygon
from ijprint.render.mindmap_reading import Passage, map_reading
from ijprint.render.pdf_structure import finish_tagged_pdf
from ijprint.render.pdf_tags import Tagger
from ijprint.render.pdf_text import draw_text
from ijprint.reproducible import PDF_INVARIANT, prepare_pdf_canvas
from ijprint.style import Style

MIN_CONTRAST = 4.5
# What a hidden label keeps on a worksheet: its section number, its branch number and its '+k' marker.
KEPT_ROLES = frozenset({"section", "number", "marker"})
BLANK_RULE, BLANK_DROP = 0.5, 0.22  # a write-in line's weight, and its drop under the baseline in ems
# Dash patterns that tell branches apart without colour (print-bw); the first is solid.
DASHES: tuple[tuple[float, ...], ...] = ((), (5, 2), (1.2, 1.6), (6, 2, 1.2, 2), (3, 3), (8, 2, 2, 2, 2, 2), (2, 1), (10, 3))


def _rgb(value: str) -> tuple[float, float, float]:
    colour = HexColor(value)
    return colour.red, colour.green, colour.blue


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def gray(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    level = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return (level, level, level)


def readable(rgb: tuple[float, float, float], background: tuple[float, float, float]) -> tuple[float, float, float]:
    """`rgb`, darkened just enough to reach MIN_CONTRAST on `background` (a light page)."""
    colour = rgb
    for _ in range(40):
        if contrast(colour, background) >= MIN_CONTRAST:
            return colour
        colour = tuple(c * 0.93 for c in colour)  # type: ignore[assignment]
    return (0.0, 0.0, 0.0)


def tint(rgb: tuple[float, float, float], amount: float) -> tuple[float, float, float]:
    """Mix toward white: 0 is the colour, 1 is white."""
    return tuple(c + (1 - c) * amount for c in rgb)  # type: ignore[return-value]


class _Palette:
    def __init__(self, style: Style) -> None:
        self.grayscale = style.grayscale
        self.background = self._fix(_rgb(style.background))
        self.text = readable(self._fix(_rgb(style.text_color)), self.background)
        self.muted = readable(self._fix(_rgb(style.muted_color)), self.background)
        # Answers on a worksheet key: a dark grey that reads in black and white and differs from labels.
        self.answer = readable((0.38, 0.38, 0.38), self.background)
        self.branches = [self._fix(_rgb(c)) for c in style.palette]
        self._readable: dict[int, tuple[float, float, float]] = {}

    def _fix(self, rgb: tuple[float, float, float]) -> tuple[float, float, float]:
        return gray(rgb) if self.grayscale else rgb

    def branch(self, index: int) -> tuple[float, float, float]:
        if index < 0:
            return self.text
        return self.branches[index % len(self.branches)]

    def branch_text(self, index: int) -> tuple[float, float, float]:
        if index not in self._readable:
            self._readable[index] = readable(self.branch(index), self.background)
        return self._readable[index]


def _fill(canvas: Canvas, rgb: tuple[float, float, float]) -> None:
    canvas.setFillColor(Color(*rgb))


def _stroke(canvas: Canvas, rgb: tuple[float, float, float]) -> None:
    canvas.setStrokeColor(Color(*rgb))


class _Text:
    """All the map's text in one PDF text object, which changes font and colour only where they change:
    a text object per string (canvas.drawString) cost a fifth of the render."""

    def __init__(self, canvas: Canvas, page_height: float, pen: Pen) -> None:
        self.text = canvas.beginText()
        self.page_height = page_height
        self.pen = pen
        self._font: tuple[str, float] | None = None
        self._colour: tuple[float, float, float] | None = None

    def line(self, line: TextLine, colours: dict[str, tuple[float, float, float]]) -> None:
        for fragment in line.fragments:
            colour = colours.get(fragment.role, colours["label"])
            if colour != self._colour:
                self.pen.text_fill(self.text, colour)
                self._colour = colour
            size = line.size * fragment.scale
            if (fragment.face, size) != self._font:
                self.text.setFont(fragment.face, size)
                self._font = (fragment.face, size)
            draw_text(self.text, fragment.text, fragment.x, self.page_height - line.baseline, fragment.face, size)


def _blanked(line: TextLine, answers: bool) -> tuple[TextLine, tuple[float, float, float] | None]:
    """A hidden label's line: its words (all of them, or, for a worksheet, none but the section number)
    and the write-in line under the words, (x0, x1, y) measured down from the page's top."""
    words = [fragment for fragment in line.fragments if fragment.role not in KEPT_ROLES]
    if not words:
        return line, None
    blank = (words[0].x, words[-1].x + words[-1].width, line.baseline + BLANK_DROP * line.size)
    if answers:
        return line, blank
    return replace(line, fragments=tuple(fragment for fragment in line.fragments if fragment.role in KEPT_ROLES)), blank


def _draw_connector(pen: Pen, connector: Connector, page_height: float, rgb: tuple[float, float, float], dash: tuple[float, ...]) -> None:
    fill_mode = pen.canvas._fillMode
    if connector.tapers and not dash:
        # A filled outline: a stroke has one width, a tapering connector has many.
        path = polygon(taper_outline(connector), page_height)
        pen.fill(rgb)
        pen.stroke(rgb)
        pen.line_width(0.1)
        pen.dash(())
        pen.draw(path, PATH_OPS[1, 1, fill_mode])
        return
    path = curves(connector.segments[0][0], [segment[1:] for segment in connector.segments], page_height)
    # A dashed connector cannot taper: it keeps one width, the middle of its range.
    width = (connector.width + connector.end_width) / 2 if connector.end_width is not None else connector.width
    pen.stroke(rgb)
    pen.line_width(width)
    pen.dash([d * max(1.0, width / 1.2) for d in dash] if dash else ())
    pen.draw(path, PATH_OPS[1, 0, fill_mode])


def render_mindmap(layout: MindMapLayout, document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The one-page PDF of a laid-out map."""
    return render_mindmap_sheets((MapSheet(layout, document.meta.title, document.sections),), document, style, faces, context)


def render_mindmap_sheets(sheets: tuple[MapSheet, ...], document: Document, style: Style, faces: FontFaces, context: RenderContext) -> bytes:
    """The tagged PDF of a map on one page or more: a one-page map has one bookmark per main branch, a
    split map one per page (its sheet's title)."""
    buffer = io.BytesIO()
    first = sheets[0].layout
    canvas = Canvas(buffer, pagesize=(first.page_width, first.page_height), invariant=PDF_INVARIANT, pageCompression=1, initialFontName=faces.regular, initialFontSize=max(style.floor, 8))
    prepare_pdf_canvas(canvas, context.build_time, context.generator)
    meta = document.meta
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author or meta.credit)
    canvas.setSubject(meta.subtitle or meta.context)
    canvas.setKeywords(", ".join(meta.tags))
    tagger = Tagger(canvas)
    for number, sheet in enumerate(sheets, 1):
        canvas.setPageSize((sheet.layout.page_width, sheet.layout.page_height))
        draw_map_sheet(canvas, sheets, number, style, faces, context, tagger)
        canvas.showPage()
    canvas.save()
    return finish_tagged_pdf(buffer.getvalue(), tagger, meta.language)


@dataclass(frozen=True)
class MapPage:
    """A laid-out map, the sections it was laid out from (they give the reading order) and the node
    whose label its title and centre print ("" for the topic's: a page of a split map names a branch)."""

    layout: MindMapLayout
    sections: tuple[Node, ...]
    centre: str = ""


def draw_map_sheet(canvas: Canvas, sheets: tuple[MapSheet, ...], number: int, style: Style, faces: FontFaces, context: RenderContext,
                   tagger: Tagger, hidden: frozenset[str] = frozenset(), answers: bool = True) -> None:
    """Page `number` (from 1) of the map's `sheets` onto the canvas's current page (mindmap.pdf, and the
    handout's and the worksheet's map pages), tagged in `tagger`, with its bookmarks: one per main
    branch when the map is one page, else the sheet's title. The labels of `hidden` nodes (and the
    title and centre, when they print a hidden node's label) keep their section number and get a
    write-in line under them; `answers` False leaves their words out (a worksheet), True prints them
    in the answer colour (its key)."""
    sheet = sheets[number - 1]
    page = MapPage(sheet.layout, sheet.sections, sheet.centre)
    _draw_page(canvas, page, _Palette(style), style, faces, context, tagger, hidden, answers)
    if len(sheets) == 1:
        _branch_bookmarks(canvas, page.layout, _unnamed_titles(page, hidden))
    else:
        key = f"page-{number}"
        canvas.bookmarkPage(key, fit="Fit")
        canvas.addOutlineEntry(sheet.title, key, level=sheet.outline)


def _unnamed_titles(page: MapPage, hidden: frozenset[str]) -> dict[str, str]:
    """A worksheet's hidden main branches as its bookmarks call them: by section number, since a
    bookmark showing the label would give the answer away (split pages do the same, layout/split_map)."""
    numbers = section_numbers(page.sections)
    return {block.node_id: f"Section {numbers[block.node_id]}" for block in page.layout.blocks if block.node_id in hidden and block.node_id in numbers}


def _branch_bookmarks(canvas: Canvas, layout: MindMapLayout, titles: dict[str, str] | None = None) -> None:
    for block in layout.blocks:
        key = f"branch-{block.branch}"
        canvas.bookmarkPage(key, fit="XYZ", left=block.box.x, top=layout.page_height - block.box.y + 4)
        canvas.addOutlineEntry((titles or {}).get(block.node_id, block.title), key, level=0)


def _draw_page(canvas: Canvas, page: MapPage, palette: _Palette, style: Style, faces: FontFaces, context: RenderContext,
               tagger: Tagger, hidden: frozenset[str] = frozenset(), answers: bool = True) -> None:
    """One page of the map: connectors, rules and the centre's box as artifacts, then every line of text
    in reading order (hidden labels blanked, or in the answer colour), the write-in lines and the build date."""
    layout = page.layout
    H = layout.page_height
    tagger.begin_artifact()
    if palette.background != (1.0, 1.0, 1.0):
        _fill(canvas, palette.background)
        canvas.rect(0, 0, layout.page_width, H, stroke=0, fill=1)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    dashed = style.dashed_connectors
    pen = Pen(canvas)

    for connector in sorted(layout.connectors, key=lambda c: -c.depth):
        colour = palette.branch(connector.branch)
        if connector.depth >= 2:
            colour = tint(colour, 0.35)
        dash = DASHES[connector.branch % len(DASHES)] if dashed and connector.depth <= 2 else ()
        _draw_connector(pen, connector, H, colour, dash)
    pen.dash(())
    for block in layout.blocks:
        (x0, y), (x1, _) = block.rule
        pen.stroke(palette.branch(block.branch))
        pen.line_width(block.rule_width)
        pen.dash(DASHES[block.branch % len(DASHES)] if dashed else ())
        canvas.line(x0, H - y, x1, H - y)
    pen.dash(())

    box = layout.centre_box
    pen.fill(tint(palette.text, 0.9))
    pen.stroke(palette.text)
    pen.line_width(1.4)
    canvas.roundRect(box.x, H - box.bottom, box.width, box.height, min(box.height / 2, 10), stroke=1, fill=1)
    tagger.end()

    base = {"title": palette.text, "muted": palette.muted, "marker": palette.muted, "section": palette.muted}

    def colours(node: NodeBox | None, blanked: bool) -> dict[str, tuple[float, float, float]]:
        if node is None or node.depth == 0:
            chosen = {**base, "label": palette.text}
        else:
            ink = palette.branch_text(node.branch) if node.depth <= 2 else palette.text
            chosen = {**base, "label": ink, "number": palette.branch_text(node.branch)}
        return {**chosen, "label": palette.answer, "title": palette.answer} if blanked else chosen

    # The page's title text (its heading and its centre) is the label of page.centre's node.
    centre_hidden = page.centre in hidden

    def hides(passage: Passage) -> bool:
        if passage.node is not None and passage.node.node_id in hidden:
            return True
        if not centre_hidden:
            return False
        fragments = [fragment for line in passage.lines for fragment in line.fragments]
        return bool(fragments) and all(fragment.role == "title" for fragment in fragments)

    text = _Text(canvas, H, pen)
    blanks: list[tuple[float, float, float]] = []
    reading = map_reading(layout, page.sections, tagger, faces.italic, context.show_date)
    for passage in reading.passages:
        if passage.element is None:
            tagger.begin_artifact(text.text)
        else:
            tagger.begin(passage.element, text.text)
        blanked = hides(passage)
        for line in passage.lines:
            if blanked:
                line, blank = _blanked(line, answers)
                blanks.extend([blank] if blank else [])
            text.line(line, colours(passage.node, blanked))
        tagger.end(text.text)
    canvas.drawText(text.text)
    if blanks:
        tagger.begin_artifact()
        _stroke(canvas, palette.text)
        canvas.setLineWidth(BLANK_RULE)
        for x0, x1, baseline in blanks:
            canvas.line(x0, H - baseline, x1, H - baseline)
        tagger.end()
    if context.show_date and reading.footer:
        right, baseline, size, face = layout.date_anchor
        _fill(canvas, palette.muted)
        canvas.setFont(face, size)
        tagger.begin(reading.footer)
        canvas.drawRightString(right, H - baseline, context.build_time.strftime("%Y-%m-%d"))
        tagger.end()
