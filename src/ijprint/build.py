"""Content files + options -> artifacts on disk: what to build, rendered in memory, then written atomically.

A topic's files are all rendered before any is written, and each is written to a temporary file in its
target folder and renamed into place, so a failed build leaves earlier outputs exactly as they were.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ijprint import __version__
from ijprint.context import RenderContext
from ijprint.errors import ContentError, IjprintError, UsageError
from ijprint.fonts import FontFaces, check_glyphs, load_fonts
from ijprint.model import Document, slugify
from ijprint.reproducible import build_time
from ijprint.sources import is_content_file, load_document
from ijprint.style import Style, load_style

FORMATS = ("mindmap", "notes", "facts")
FORMAT_FILES = {
    "mindmap": ("mindmap.pdf",),
    "notes": ("notes.docx",),
    "facts": ("facts.pdf", "facts.docx", "facts.csv"),
}


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = FORMATS
    style: str = "default"
    out_dir: Path = Path("output")
    max_depth: int | None = None
    source_date_epoch: int | None = None
    source_kind: str | None = None


@dataclass(frozen=True)
class Artifact:
    path: Path
    format: str
    size: int


@dataclass(frozen=True)
class TopicResult:
    source: Path
    artifacts: tuple[Artifact, ...] = ()
    error: IjprintError | None = None


def parse_formats(value: str) -> tuple[str, ...]:
    """'mindmap,notes' or 'all' -> a tuple in canonical order; unknown names are a usage error."""
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names or names == ["all"]:
        return FORMATS
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'", f"choose from {', '.join(FORMATS)} or all")
    return tuple(name for name in FORMATS if name in names)


def find_content(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their content files (sorted); files named directly are taken as they are."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_content_file(p)))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"'{path}' does not exist", "give a content file or a folder of them")
    if not found:
        raise UsageError("no content files found", "put .yaml topics in content/ or name files to build")
    return found


def topic_slug(source: Path) -> str:
    return slugify(source.stem, 80)


def _render_mindmap(document: Document, style: Style, faces: FontFaces, context: RenderContext, options: BuildOptions) -> dict[str, bytes]:
    from ijprint.layout.mindmap import layout_mindmap
    from ijprint.render.mindmap_pdf import render_mindmap

    layout = layout_mindmap(document, style, faces, max_depth=options.max_depth)
    return {"mindmap.pdf": render_mindmap(layout, document, style, faces, context)}


def _render_notes(document: Document, style: Style, faces: FontFaces, context: RenderContext, options: BuildOptions) -> dict[str, bytes]:
    from ijprint.render.notes_docx import render_notes

    return {"notes.docx": render_notes(document, style, context)}


def _render_facts(document: Document, style: Style, faces: FontFaces, context: RenderContext, options: BuildOptions) -> dict[str, bytes]:
    from ijprint.render.facts import render_facts

    return render_facts(document, style, faces, context)


RENDERERS: dict[str, Callable[[Document, Style, FontFaces, RenderContext, BuildOptions], dict[str, bytes]]] = {
    "mindmap": _render_mindmap,
    "notes": _render_notes,
    "facts": _render_facts,
}


def prepare(source: Path, options: BuildOptions, style: Style) -> tuple[Document, FontFaces, RenderContext]:
    """Load and check one topic: everything a renderer needs, or a ContentError."""
    document = load_document(source, options.source_kind)
    faces = load_fonts(style.fonts)
    check_glyphs(document, faces)
    context = RenderContext(
        build_time=build_time(options.source_date_epoch, document.meta.date),
        generator=f"ijprint {__version__}",
    )
    return document, faces, context


def render_topic(source: Path, options: BuildOptions, style: Style) -> dict[str, bytes]:
    """All requested artifacts of one topic, as bytes keyed by file name."""
    document, faces, context = prepare(source, options, style)
    files: dict[str, bytes] = {}
    for name in options.formats:
        files.update(RENDERERS[name](document, style, faces, context, options))
    return files


def write_atomically(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file to a temporary sibling, then rename all into place; no temporaries survive."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"output folder '{folder}' is a file", "choose another --out") from None
    except PermissionError:
        raise UsageError(f"cannot create output folder '{folder}'", "choose a writable --out") from None
    temps: dict[str, str] = {}
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            temps[name] = temp
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        for name, temp in temps.items():
            os.replace(temp, folder / name)
    except OSError as exc:
        raise UsageError(f"cannot write to '{folder}': {exc.strerror}", "check the output folder") from None
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)
    return [folder / name for name in files]


def build_topic(source: Path, options: BuildOptions, style: Style) -> TopicResult:
    """Render one topic and write its artifacts; a content error is returned, not raised."""
    try:
        files = render_topic(source, options, style)
        folder = options.out_dir / topic_slug(source)
        written = write_atomically(folder, files)
    except ContentError as error:
        return TopicResult(source, error=error)
    format_of = {file: fmt for fmt, names in FORMAT_FILES.items() for file in names}
    return TopicResult(source, tuple(Artifact(path, format_of[path.name], path.stat().st_size) for path in written))


def build(sources: list[Path], options: BuildOptions) -> list[TopicResult]:
    """Build every topic; one failing topic does not stop the others."""
    style = load_style(options.style)
    return [build_topic(source, options, style) for source in sources]
