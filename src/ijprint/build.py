"""Content files + options -> artifacts on disk: what to build, rendered in memory, then written atomically.

A topic's files are all rendered before any is written, and each is written to a temporary file in its
target folder and renamed into place, so a failed build leaves earlier outputs exactly as they were.
An artifact whose inputs (content, style, fonts, ijprint version, options) are unchanged since the
manifest recorded it is not rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ijprint import __version__
from ijprint.context import RenderContext
from ijprint.errors import ContentError, Diagnostic, UsageError
from ijprint.fonts import FontFaces, check_glyphs, load_fonts, replace_missing_glyphs
from ijprint.manifest import ManifestEntry, input_fingerprint, locked, read_manifest, sha256_bytes, write_manifest
from ijprint.model import Document, slugify
from ijprint.reproducible import build_time
from ijprint.sources import is_content_file, read_document
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
    paper: str | None = None
    orientation: str | None = None
    force: bool = False
    jobs: int = 1
    replace_missing: bool = False


@dataclass(frozen=True)
class Artifact:
    path: Path
    format: str
    size: int
    rebuilt: bool


@dataclass(frozen=True)
class TopicResult:
    """What happened to one topic; `error` is the one-line message of a content error."""

    source: Path
    artifacts: tuple[Artifact, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = ()


def parse_formats(value: str) -> tuple[str, ...]:
    """'mindmap,notes' or 'all' -> a tuple in canonical order; unknown names are a usage error."""
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names or names == ["all"]:
        return FORMATS
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'", f"choose from {', '.join(FORMATS)} or all")
    return tuple(name for name in FORMATS if name in names)


def parse_shard(value: str) -> tuple[int, int]:
    """'i/n' (1-based) -> (i, n)."""
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise UsageError(f"--shard '{value}' is not of the form i/n", "for example --shard 1/4") from None
    if not 1 <= index <= count:
        raise UsageError(f"--shard {value}: i must be between 1 and n")
    return index, count


def in_shard(source: Path, index: int, count: int) -> bool:
    """A topic's shard depends only on its file name, so adding topics never moves the others."""
    digest = hashlib.sha256(source.name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


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


_RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_stem(text: str) -> str:
    """A file-name stem from any text: no separators or dots, never empty, never a reserved device name."""
    if not any(ch.isalnum() for ch in text):
        return "topic"
    stem = slugify(text, 80)
    if stem in _RESERVED_NAMES:
        stem = f"{stem}-topic"
    return stem


def topic_slug(source: Path) -> str:
    """A topic's output folder is named after its source file: content/india-japan.yaml -> india-japan."""
    return safe_stem(source.stem)


def check_collisions(sources: list[Path]) -> None:
    """Two sources that would write the same output folder (a.yaml and a.md) are an error, not an overwrite."""
    seen: dict[str, Path] = {}
    for source in sources:
        slug = topic_slug(source)
        if slug in seen:
            raise UsageError(
                f"'{seen[slug]}' and '{source}' would both write '{slug}/'",
                "rename one of them or build them into different --out folders",
            )
        seen[slug] = source


def import_source(source: Path, target: Path, source_kind: str | None = None) -> tuple[Path, list[Diagnostic]]:
    """Read any source and write it as ijprint YAML to `target` (a file, or a folder: named from the title)."""
    from ijprint.render.content_yaml import render_content_yaml

    document, warnings = read_document(source, source_kind)
    if target.is_dir() or str(target).endswith(("/", "\\")):
        target = target / f"{safe_stem(document.meta.title)}.yaml"
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"'{target}' must end in .yaml", "name a .yaml file or a folder with -o")
    write_atomically(target.parent, {target.name: render_content_yaml(document)})
    return target, warnings


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


def resolve_style_options(options: BuildOptions) -> Style:
    """The style named by the options, with --paper and --orientation applied on top."""
    style = load_style(options.style)
    overrides = {key: value for key, value in (("paper", options.paper), ("orientation", options.orientation)) if value}
    return replace(style, **overrides) if overrides else style


@dataclass(frozen=True)
class PreparedTopic:
    """A loaded, checked topic: everything a renderer needs."""

    document: Document
    faces: FontFaces
    context: RenderContext
    warnings: tuple[Diagnostic, ...]


def prepare(source: Path, options: BuildOptions, style: Style) -> PreparedTopic:
    """Load and check one topic, or raise a ContentError."""
    document, warnings = read_document(source, options.source_kind)
    faces = load_fonts(style.fonts)
    if options.replace_missing:
        document, replaced = replace_missing_glyphs(document, faces)
        warnings = [*warnings, *replaced]
    else:
        check_glyphs(document, faces)
    context = RenderContext(
        build_time=build_time(options.source_date_epoch, document.meta.date),
        generator=f"ijprint {__version__}",
    )
    return PreparedTopic(document, faces, context, tuple(warnings))


def check_topic(source: Path, options: BuildOptions, style: Style) -> list[Diagnostic]:
    """Everything a build would check, without rendering files: errors raise, warnings are returned."""
    from ijprint.layout.mindmap import layout_mindmap
    from ijprint.lint import lint_figures

    try:
        topic = prepare(source, options, style)
        layout_mindmap(topic.document, style, topic.faces, max_depth=options.max_depth)
    except ContentError as error:
        raise _naming_source(error, source) from None
    return [*topic.warnings, *lint_figures(topic.document)]


def _naming_source(error: ContentError, source: Path) -> ContentError:
    """Errors found after loading (page overflow, font files) still name the topic they stopped."""
    if not error.file:
        error.file = str(source)
    return error


def render_topic(source: Path, options: BuildOptions, style: Style) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """All requested artifacts of one topic, as bytes keyed by file name, and the warnings met."""
    topic = prepare(source, options, style)
    files: dict[str, bytes] = {}
    for name in options.formats:
        files.update(RENDERERS[name](topic.document, style, topic.faces, topic.context, options))
    return files, topic.warnings


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


def options_key(options: BuildOptions) -> str:
    """The options that change an artifact's bytes, as stable text for the manifest."""
    return json.dumps(
        {"max_depth": options.max_depth, "replace_missing": options.replace_missing, "paper": options.paper, "orientation": options.orientation, "source_date_epoch": options.source_date_epoch},
        sort_keys=True,
    )


def topic_inputs(source_bytes: bytes, style: Style, faces: FontFaces, options: BuildOptions) -> str:
    """Fingerprint of everything a topic's artifacts depend on."""
    fonts = [_file_digest(path) for path in faces.files]
    return input_fingerprint([__version__, source_bytes, repr(replace(style, file="")), *fonts, options_key(options)])


@lru_cache(maxsize=None)
def _file_digest(path: str) -> str:
    """Font files do not change during a build; hash each once per process, not once per topic."""
    return sha256_bytes(Path(path).read_bytes())


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path.resolve())


def build_topic(source: Path, options: BuildOptions, style: Style) -> TopicResult:
    """Render one topic and write its artifacts, unless the manifest says they are up to date."""
    out = options.out_dir
    folder = out / topic_slug(source)
    expected = [name for fmt in options.formats for name in FORMAT_FILES[fmt]]
    format_of = {file: fmt for fmt, names in FORMAT_FILES.items() for file in names}
    try:
        source_bytes = source.read_bytes()
        faces = load_fonts(style.fonts)
        inputs = topic_inputs(source_bytes, style, faces, options)
        if not options.force and _up_to_date(out, folder, expected, inputs):
            return TopicResult(source, tuple(Artifact(folder / name, format_of[name], (folder / name).stat().st_size, False) for name in expected))
        files, warnings = render_topic(source, options, style)
        written = write_atomically(folder, files)
        entries = {
            str(path.relative_to(out)): ManifestEntry(
                path=str(path.relative_to(out)),
                format=format_of[path.name],
                source=_relative(source),
                style=options.style,
                sha256=sha256_bytes(files[path.name]),
                size=len(files[path.name]),
                inputs=inputs,
                options=options_key(options),
            )
            for path in written
        }
        with locked(out):
            manifest = read_manifest(out)
            manifest.update(entries)
            write_manifest(out, manifest)
    except ContentError as error:
        return TopicResult(source, error=_naming_source(error, source).one_line())
    except OSError as error:
        return TopicResult(source, error=ContentError(f"cannot read: {error.strerror}", str(source)).one_line())
    return TopicResult(
        source,
        tuple(Artifact(path, format_of[path.name], path.stat().st_size, True) for path in written),
        warnings=tuple(warning.one_line() for warning in warnings),
    )


def _up_to_date(out: Path, folder: Path, expected: list[str], inputs: str) -> bool:
    manifest = read_manifest(out)
    for name in expected:
        entry = manifest.get(str((folder / name).relative_to(out)))
        path = folder / name
        if entry is None or entry.inputs != inputs or not path.is_file() or sha256_bytes(path.read_bytes()) != entry.sha256:
            return False
    return True


_WORKER_STYLE: Style | None = None


def _worker_init(style: Style) -> None:
    global _WORKER_STYLE
    _WORKER_STYLE = style


def _worker_build(source: Path, options: BuildOptions) -> TopicResult:
    assert _WORKER_STYLE is not None
    return build_topic(source, options, _WORKER_STYLE)


def build_iter(sources: list[Path], options: BuildOptions) -> Iterator[TopicResult]:
    """Build every topic, yielding results as they finish; one failing topic does not stop the others."""
    style = resolve_style_options(options)
    load_fonts(style.fonts)
    jobs = max(1, min(options.jobs, len(sources)))
    if jobs == 1:
        for source in sources:
            yield build_topic(source, options, style)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init, initargs=(style,)) as pool:
        yield from pool.map(_worker_build, sources, [options] * len(sources))


def build(sources: list[Path], options: BuildOptions) -> list[TopicResult]:
    return list(build_iter(sources, options))
