"""Format names -> OutputFormat (the files a format writes, what it needs, its one render entry point).

Every output format is one module in FORMAT_MODULES that defines `FORMAT = OutputFormat(...)`: its
parts, each a `render(document, context) -> {file name: bytes}` for one or more of its files (the
DOCX apart from the PDF, so a parallel build can give them to different processes). A format module
imports only light modules at its top; what draws (reportlab, python-docx) is imported inside the
part's `render`, so listing the formats for `--help` or building one format never loads the libraries
of the others. `build` and `cli` only ever go through this module: they name no format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ijprint.fonts import FontFaces
    from ijprint.model import Document
    from ijprint.style import Style

# The order is the order of `--format all`, of the help text and of the files a build reports.
FORMAT_MODULES = (
    "ijprint.render.mindmap",
    "ijprint.render.notes",
    "ijprint.render.facts",
    "ijprint.render.handout",
    "ijprint.render.worksheet",
)


@dataclass(frozen=True)
class RenderContext:
    """Read-only settings every renderer gets, made once per topic by the build (pandoc's WriterOptions).

    `build_time` is UTC and already reproducible (see reproducible.py), and is printed only when
    `show_date` (the content has a date): otherwise it only fills format timestamps. `faces` are the
    registered PDF fonts, present only when some requested format needs fonts.
    """

    style: Style
    build_time: datetime
    generator: str
    faces: FontFaces | None = None
    max_depth: int | None = None
    show_date: bool = True

    def fonts(self) -> FontFaces:
        """The faces, for a format that declared `needs_fonts` (the build loaded them for it)."""
        if self.faces is None:
            raise RuntimeError("a format that draws with fonts must declare needs_fonts=True")
        return self.faces


Render = Callable[["Document", RenderContext], dict[str, bytes]]


@dataclass(frozen=True)
class Library:
    """What some parts draw with (python-docx, the PDF drawing modules): a process pays `cost` once to
    load it, so a parallel build keeps the parts that need it in as few processes as it can."""

    name: str
    cost: float
    warm_up: Callable[[], None]


@dataclass(frozen=True)
class FormatPart:
    """Files of a format drawn together by one function, which any process can render on its own.

    `cost` is the part's rough price on the seed topic: the CPU milliseconds of loading its own modules
    and drawing it once in a process that has loaded only its `library` (`bench/part_costs.py --jobs 9`
    measures both). They only decide how a topic's parts are shared among processes, never what is
    drawn. `warm_up` imports its modules.
    """

    files: tuple[str, ...]
    render: Render
    cost: float
    library: Library | None = None
    warm_up: Callable[[], None] | None = None


@dataclass(frozen=True)
class OutputFormat:
    """One output format: its parts, rendered in order, give exactly `files`.

    `needs_fonts`: the build loads and registers the PDF fonts and checks every character against them.
    `check`: what `ijprint check` verifies without writing (for the map: that it fits the page).
    """

    name: str
    summary: str
    parts: tuple[FormatPart, ...]
    needs_fonts: bool = False
    check: Callable[["Document", RenderContext], None] | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(name for part in self.parts for name in part.files)

    def render(self, document: Document, context: RenderContext) -> dict[str, bytes]:
        """The format's one entry point: every file, as bytes keyed by file name."""
        return {name: data for part in self.parts for name, data in part.render(document, context).items()}


def warm_up_formats(wanted: tuple[OutputFormat, ...]) -> None:
    """Import the formats' libraries (reportlab, python-docx, the DOCX template) now, in the process
    about to fork a pool, so the workers share them instead of each loading them again."""
    for part in (part for fmt in wanted for part in fmt.parts):
        if part.library is not None:
            part.library.warm_up()
        if part.warm_up is not None:
            part.warm_up()


@lru_cache(maxsize=None)
def formats() -> tuple[OutputFormat, ...]:
    """Every registered format, in FORMAT_MODULES order."""
    return tuple(importlib.import_module(module).FORMAT for module in FORMAT_MODULES)


def format_names() -> tuple[str, ...]:
    """Every registered format's name, in FORMAT_MODULES order."""
    return tuple(fmt.name for fmt in formats())


def get_format(name: str) -> OutputFormat:
    """The format called `name` (KeyError for an unknown one; parse_formats reports those to users)."""
    return {fmt.name: fmt for fmt in formats()}[name]


def format_of_file(file_name: str) -> OutputFormat:
    """The format that writes `file_name` (as recorded in the manifest)."""
    return {name: fmt for fmt in formats() for name in fmt.files}[file_name]
