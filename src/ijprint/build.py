"""Content files + options -> artifacts on disk: what to build, rendered in memory, then written atomically.

A topic's files are all rendered before any is written, and each is written to a temporary file in its
target folder and renamed into place, so a failed build leaves earlier outputs exactly as they were.
An artifact whose inputs (content, style, fonts, ijprint version, options) are unchanged since the
manifest recorded it is not rebuilt.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ijprint import __version__
from ijprint.atomic import commit_files, discard, stage_files, write_files
from ijprint.errors import ContentError, Diagnostic, UsageError
from ijprint.file_kind import refuse_special
from ijprint.font_files import font_sources, unprepared
from ijprint.release.fingerprint import options_key, topic_inputs
from ijprint.release.quick_check import TopicRecord, identity, read_record, record_key, still_fresh, topic_record, write_record
from ijprint.release.manifest import MANIFEST, ManifestEntry, ensure_manifest, fold_journal, has_manifest, journal_entries, locked, read_manifest, sha256_bytes, write_manifest
from ijprint.release.output_names import safe_stem, topic_slug
from ijprint.render import registry
from ijprint.render.registry import OutputFormat, RenderContext
from ijprint.sources import is_content_file, read_document

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.style import Style

# The style (PyYAML), the reproducible dates and the content model are imported where they are used:
# a rebuild with nothing to do (see build_iter) never needs them.

@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = ()  # format names; empty: every registered format
    style: str = "default"
    out_dir: Path = Path("output")
    max_depth: int | None = None
    source_date_epoch: int | None = None
    source_kind: str | None = None
    paper: str | None = None
    orientation: str | None = None
    header: str | None = None  # --header: the class header line, over the style's (it reaches renderers through the style)
    split: str | None = None
    blank: float | None = None  # --blank and --seed: what the fill-in sheet hides, over the style's (through the style too)
    seed: int | None = None
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
    """'name,name' or 'all' -> format names in registry order; unknown names are a usage error."""
    known = registry.format_names()
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names or names == ["all"]:
        return known
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'", f"choose from {', '.join(known)} or all")
    return tuple(name for name in known if name in names)


def requested(options: BuildOptions) -> tuple[OutputFormat, ...]:
    """The formats a build or check covers: those named in the options, else all of them."""
    return tuple(registry.get_format(name) for name in options.formats) if options.formats else registry.formats()


def find_content(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their content files (sorted); files named directly are taken as they are."""
    found: list[Path] = []
    for path in paths:
        refuse_special(path, "give a content file or a folder of them")
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_content_file(p)))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"'{path}' does not exist", "give a content file or a folder of them")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)  # `content/ content/a.yaml` names a.yaml once
    found = list(unique.values())
    if not found:
        raise UsageError("no content files found", "put .yaml topics in content/ or name files to build")
    return found


def import_source(source: Path, target: Path, source_kind: str | None = None, overwrite: bool = False) -> tuple[Path, list[Diagnostic]]:
    """Read any source and write it as ijprint YAML to `target` (a file, or a folder: named from the title)."""
    from ijprint.render.content_yaml import render_content_yaml

    document, warnings = read_document(source, source_kind)
    if target.is_dir() or str(target).endswith(("/", "\\")):
        target = target / f"{safe_stem(document.meta.title)}.yaml"
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"'{target}' must end in .yaml", "name a .yaml file or a folder with -o")
    if target.exists() and not overwrite:
        raise UsageError(f"'{target}' already exists", "choose another name, or pass --force to replace it")
    write_output(target.parent, {target.name: render_content_yaml(document)})
    return target, warnings


def resolve_style_options(options: BuildOptions) -> Style:
    """The style named by the options, with --paper, --orientation, --split, --header, --blank and --seed applied on top."""
    from ijprint.style import load_style, with_header, with_page, with_recall

    styled = with_header(with_page(load_style(options.style), options.paper, options.orientation, options.split), options.header)
    return with_recall(styled, options.blank, options.seed)


def fonts_to_prepare(options: BuildOptions) -> tuple[str, ...]:
    """The font instances a build or check would still have to make (once per machine), so the
    command line can say what the wait is for; empty when nothing needs the PDF fonts."""
    if not any(fmt.needs_fonts for fmt in requested(options)):
        return ()
    return unprepared(resolve_style_options(options).fonts)


@dataclass(frozen=True)
class PreparedTopic:
    """A loaded, checked topic: everything a renderer needs."""

    document: Document
    context: RenderContext
    warnings: tuple[Diagnostic, ...]


def prepare(source: Path, options: BuildOptions, style: Style, wanted: tuple[OutputFormat, ...], data: bytes | None = None) -> PreparedTopic:
    """Load one topic (from `data` when already read) and, when a wanted format draws with the PDF
    fonts, load them and check every character against them; or raise a ContentError."""
    from ijprint.reproducible import build_time, dated_day

    document, warnings = read_document(source, options.source_kind, data)
    faces = None
    if any(fmt.needs_fonts for fmt in wanted):
        from ijprint.fonts import check_glyphs, drop_missing_emoji, load_fonts, replace_missing_glyphs

        faces = load_fonts(style.fonts)
        document, dropped = drop_missing_emoji(document, faces)
        warnings = [*warnings, *dropped]
        if options.replace_missing:
            document, replaced = replace_missing_glyphs(document, faces)
            warnings = [*warnings, *replaced]
        else:
            check_glyphs(document, faces)
    context = RenderContext(
        style=style,
        build_time=build_time(options.source_date_epoch, document.meta.date),
        generator=f"ijprint {__version__}",
        faces=faces,
        max_depth=options.max_depth,
        show_date=dated_day(document.meta.date) is not None,
    )
    return PreparedTopic(document, context, tuple(warnings))


def check_topic(source: Path, options: BuildOptions, style: Style) -> list[Diagnostic]:
    """Everything a build of the requested formats would check, without rendering files: errors
    raise, warnings are returned."""
    from ijprint.figure_lint import lint_figures

    wanted = requested(options)
    try:
        topic = prepare(source, options, style, wanted)
        for fmt in wanted:
            if fmt.check is not None:
                fmt.check(topic.document, topic.context)
    except ContentError as error:
        raise _naming_source(error, source) from None
    return [*topic.warnings, *lint_figures(topic.document)]


def _naming_source(error: ContentError, source: Path) -> ContentError:
    """Errors found after loading (page overflow, font files) still name the topic they stopped."""
    if not error.file:
        error.file = str(source)
    return error


def render_topic(source: Path, options: BuildOptions, style: Style, wanted: tuple[OutputFormat, ...], data: bytes | None = None) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """The artifacts of the `wanted` formats of one topic, as bytes keyed by file name, and the warnings met."""
    topic = prepare(source, options, style, wanted, data)
    files: dict[str, bytes] = {}
    for fmt in wanted:
        files.update(fmt.render(topic.document, topic.context))
    return files, topic.warnings


def write_output(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write files atomically (see atomic.py), turning a folder that cannot be written into one clear line."""
    with _writing(folder):
        return write_files(folder, files)


@contextmanager
def _writing(folder: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        blocker = next((parent for parent in (folder, *folder.parents) if parent.exists()), folder)
        if not blocker.is_dir():
            raise UsageError(f"cannot write into '{folder}': '{blocker}' is a file", "choose another --out") from None
        raise UsageError(f"cannot write into '{folder}': {exc.strerror or exc}", "choose a writable --out") from None


def _options_key(options: BuildOptions) -> str:
    return options_key(options.max_depth, options.replace_missing, options.paper, options.orientation, options.source_date_epoch, options.source_kind, options.header, options.split, options.blank, options.seed)


def _manifest_path(path: Path, out: Path) -> str:
    """Paths in the manifest are relative to the output folder, so it reads the same from any folder."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(out))


def _style_key(style: str, out: Path) -> str:
    is_path = style.endswith((".yaml", ".yml")) or "/" in style
    return _manifest_path(Path(style), out) if is_path else style


def build_topic(source: Path, options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry]) -> TopicResult:
    """Render one topic and write its artifacts, unless `recorded` (the manifest) says they are up to date.

    The files and their manifest entries (in the journal, see manifest.py) are written in one step
    under the output folder's lock, so concurrent builds never leave one build's bytes on disk with
    another build's hash in the manifest. Content errors come back in the result; a folder that
    cannot be written raises UsageError.
    """
    out = options.out_dir
    folder = out / topic_slug(source)
    wanted = requested(options)
    try:
        data = _read_source(source)
        inputs = {fmt.name: _inputs(data, style, fmt, options) for fmt in wanted}
        stale = tuple(fmt for fmt in wanted if options.force or not _up_to_date(recorded, out, folder, fmt, inputs[fmt.name]))
        fresh = [_artifact(folder / name, fmt, rebuilt=False) for fmt in wanted if fmt not in stale for name in fmt.files]
        if not stale:
            return TopicResult(source, tuple(fresh))
        files, warnings = render_topic(source, options, style, stale, data)
    except ContentError as error:
        return TopicResult(source, error=_naming_source(error, source).one_line())
    entries = tuple(
        ManifestEntry(
            path=_manifest_path(folder / name, out),
            format=fmt.name,
            source=_manifest_path(source, out),
            style=_style_key(options.style, out),
            sha256=sha256_bytes(files[name]),
            size=len(files[name]),
            inputs=inputs[fmt.name],
            options=_options_key(options),
        )
        for fmt in stale
        for name in fmt.files
    )
    # The files reach the disk (fsync, milliseconds each) before the lock is taken; under it they are
    # only renamed into place and journalled, so parallel workers do not queue behind each other's syncs.
    with _writing(folder):
        staged = stage_files(folder, files)
    try:
        with _manifest_errors(out), locked(out):
            with _writing(folder):
                commit_files(folder, staged)
            journal_entries(out, entries)
    finally:
        discard(staged)
    built = [_artifact(folder / name, fmt, rebuilt=True) for fmt in stale for name in fmt.files]
    order = {name: index for index, name in enumerate(name for fmt in wanted for name in fmt.files)}
    return TopicResult(
        source,
        tuple(sorted([*fresh, *built], key=lambda artifact: order[artifact.path.name])),
        warnings=tuple(warning.one_line() for warning in warnings),
    )


def _inputs(data: bytes, style: Style, fmt: OutputFormat, options: BuildOptions) -> str:
    """What one format's artifacts depend on; the PDF fonts count only for formats that draw with them."""
    fonts = font_sources(style.fonts) if fmt.needs_fonts else ()
    return topic_inputs(data, style, _options_key(options), fonts)


def _artifact(path: Path, fmt: OutputFormat, rebuilt: bool) -> Artifact:
    return Artifact(path, fmt.name, path.stat().st_size, rebuilt)


def _up_to_date(recorded: dict[str, ManifestEntry], out: Path, folder: Path, fmt: OutputFormat, inputs: str) -> bool:
    for name in fmt.files:
        path = folder / name
        entry = recorded.get(_manifest_path(path, out))
        if entry is None or entry.inputs != inputs or not path.is_file() or sha256_bytes(path.read_bytes()) != entry.sha256:
            return False
    return True


def prune_manifest(out: Path) -> list[str]:
    """Drop manifest entries (and their files) whose source no longer exists: a renamed or deleted
    topic must not fail `verify` forever. The manifest proves ijprint wrote those files."""
    if not has_manifest(out):
        return []
    with locked(out):
        manifest = read_manifest(out)
        # Each topic has several entries: look at each source once.
        present = {source: os.path.isfile(os.path.join(out, source)) for source in {entry.source for entry in manifest.values()}}
        gone = [key for key, entry in manifest.items() if not present[entry.source]]
        for key in gone:
            (out / key).unlink(missing_ok=True)
            del manifest[key]
        if gone:
            write_manifest(out, manifest)
    return gone


_WORKER_STATE: tuple[Style, dict[str, ManifestEntry]] | None = None


def _worker_init(style: Style, recorded: dict[str, ManifestEntry]) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (style, recorded)


def _worker_build(source: Path, options: BuildOptions) -> TopicResult:
    assert _WORKER_STATE is not None
    return build_topic(source, options, *_WORKER_STATE)


def _warm_up(wanted: tuple[OutputFormat, ...]) -> None:
    """Import the renderers (reportlab, python-docx, the DOCX template) once in the parent, so forked
    workers share them instead of each loading them again on its first topic."""
    for fmt in wanted:
        if fmt.warm_up is not None:
            fmt.warm_up()


@dataclass(frozen=True)
class _Checked:
    """A topic before building: the sha256 of the source bytes the check read, and its result when
    there is nothing to build (all up to date, or an error), else None."""

    source: Path
    digest: str
    result: TopicResult | None


def build_iter(sources: list[Path], options: BuildOptions, preparing_fonts: Callable[[tuple[str, ...]], None] | None = None) -> Iterator[TopicResult]:
    """Build every topic, yielding results as they finish; one failing topic does not stop the others.

    Topics the quick record (release/quick_check.py) shows untouched since the last build with these
    options come first, from stat() calls alone. The rest are checked against the manifest (read
    once, at the start) in this process, and only those with something stale are rendered: in worker
    processes when there are two or more and --jobs allows. The style is loaded only when some topic
    is not in the quick record, and the fonts only when some topic needs them. Each topic journals
    its entries as it is written, and the journal is folded into manifest.json when the build ends,
    also when it is stopped early. `preparing_fonts` hears which font instances are about to be made
    (font_files.unprepared) before the wait, if any.
    """
    out = options.out_dir
    wanted = requested(options)
    key = None if options.force else _record_key(options, wanted)
    recorded_topics = read_record(out, key) if key and sources else {}
    # Entries of topics that turn out stale stay: their sources' digests no longer match anyway.
    kept = dict(recorded_topics)
    remaining = []
    names = [(fmt, name) for fmt in wanted for name in fmt.files]
    for source in sources:
        found = _recorded_result(recorded_topics, source, out, names)
        if found is None:
            remaining.append(source)
            continue
        yield found[0]
    if sources and not remaining:
        return
    style = resolve_style_options(options)
    with _manifest_errors(out):
        recorded = _read_recorded(out)
    finished: list[tuple[str, TopicResult]] = []
    try:
        checked = [_check_topic(source, options, style, recorded) for source in remaining]
        digests = {item.source: item.digest for item in checked}
        for item in checked:
            if item.result is not None:
                finished.append((item.digest, item.result))
                yield item.result
        stale = [item.source for item in checked if item.result is None]
        pending = unprepared(style.fonts) if stale and any(fmt.needs_fonts for fmt in wanted) else ()
        if pending or (len(stale) > 1 and options.jobs > 1 and any(fmt.needs_fonts for fmt in wanted)):
            from ijprint.fonts import load_fonts

            # Before anything is written: a font that cannot be prepared is a usage error that must
            # leave no trace, and forked workers inherit the registered faces. Otherwise the first
            # topic that needs them loads them (prepare), so a topic that fails to read never does.
            if pending and preparing_fonts is not None:
                preparing_fonts(pending)
            load_fonts(style.fonts)
        for result in _results(stale, options, style, recorded):
            finished.append((digests[result.source], result))
            yield result
    finally:
        if out.is_dir() or not sources:  # else nothing was written: leave no folder behind either
            _finish(out, sources, key, finished, kept, recorded_topics, style, wanted)


def _finish(out: Path, sources: list[Path], key: str | None, finished: list[tuple[str, TopicResult]], kept: dict[str, TopicRecord], recorded_topics: dict[str, TopicRecord], style: Style, wanted: tuple[OutputFormat, ...]) -> None:
    """Fold the journal into manifest.json and bring the quick record up to date with what was built."""
    with _manifest_errors(out), locked(out):
        manifest_before = identity(out / MANIFEST)
        fold_journal(out)
        if not sources:
            ensure_manifest(out)
        if not key:
            return
        for digest, result in finished:
            if result.error is None and digest:
                made = topic_record(out, digest, [_manifest_path(artifact.path, out) for artifact in result.artifacts])
                if made is not None:
                    kept[_manifest_path(result.source, out)] = made
        # A build that changed nothing (say, one topic failed again) leaves the folder as it was.
        if kept != recorded_topics or identity(out / MANIFEST) != manifest_before:
            write_record(out, key, _record_depends(style, wanted), kept)


def _record_key(options: BuildOptions, wanted: tuple[OutputFormat, ...]) -> str:
    """What the quick record must have been written for: the same ijprint, options, formats and style file."""
    from ijprint.style_files import resolve_style

    style_file = str(resolve_style(options.style).resolve())
    return record_key([__version__, _options_key(options), *(fmt.name for fmt in wanted), style_file])


def _record_depends(style: Style, wanted: tuple[OutputFormat, ...]) -> list[str]:
    """The files (and folders, where a new file would change how `extends` resolves) the fingerprints used."""
    files = [str(Path(path).resolve()) for path in style.files]
    fonts = list(font_sources(style.fonts)) if any(fmt.needs_fonts for fmt in wanted) else []
    return [*files, *(str(Path(path).parent) for path in files), *fonts]


def _recorded_result(recorded: dict[str, TopicRecord], source: Path, out: Path, names: list[tuple[OutputFormat, str]]) -> tuple[TopicResult, TopicRecord] | None:
    """The up-to-date result of a topic the quick record shows untouched, with its record; else None.
    `names`: each wanted format with each file it writes, in order."""
    if not recorded:
        return None
    entry = recorded.get(_manifest_path(source, out))
    if entry is None:
        return None
    try:
        data = source.read_bytes()
    except OSError:
        return None
    found = still_fresh(out, entry, data)
    if found is None or [os.path.basename(path) for path, _ in found] != [name for _, name in names]:
        return None
    artifacts = tuple(Artifact(out / path, fmt.name, size, False) for (path, size), (fmt, _) in zip(found, names))
    return TopicResult(source, artifacts), entry


def _read_source(source: Path) -> bytes:
    from ijprint.sources.yaml_tree import read_limited

    return read_limited(source)


def _read_recorded(out: Path) -> dict[str, ManifestEntry]:
    """The manifest, read under the lock; a folder that does not exist yet is not created for it."""
    if not out.is_dir():
        return {}
    with locked(out):
        return read_manifest(out)


def _check_topic(source: Path, options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry]) -> _Checked:
    """Whether a topic has anything stale, decided before any worker starts."""
    out = options.out_dir
    folder = out / topic_slug(source)
    wanted = requested(options)
    try:
        data = _read_source(source)
        stale = options.force or any(not _up_to_date(recorded, out, folder, fmt, _inputs(data, style, fmt, options)) for fmt in wanted)
    except ContentError as error:
        return _Checked(source, "", TopicResult(source, error=_naming_source(error, source).one_line()))
    digest = sha256_bytes(data)
    if stale:
        return _Checked(source, digest, None)
    return _Checked(source, digest, TopicResult(source, tuple(_artifact(folder / name, fmt, rebuilt=False) for fmt in wanted for name in fmt.files)))


@contextmanager
def _manifest_errors(out: Path) -> Iterator[None]:
    """An output folder whose lock or manifest cannot be written is one clear line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise UsageError(f"cannot update '{out}': {exc.strerror or exc}", "check the output folder") from None


def _results(sources: list[Path], options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry]) -> Iterator[TopicResult]:
    """Render the topics that have something stale: here when one process will do, else in a pool."""
    jobs = max(1, min(options.jobs, len(sources)))
    if jobs == 1:
        for source in sources:
            yield build_topic(source, options, style, recorded)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    start = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if start == "fork":
        _warm_up(requested(options))
    context = multiprocessing.get_context(start)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init, initargs=(style, recorded)) as pool:
        futures = [pool.submit(_worker_build, source, options) for source in sources]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            # Stopped early (Ctrl-C, or a folder that cannot be written): the topics not yet started
            # are dropped, so the build ends once the running ones finish (and journal), not after all.
            for future in futures:
                future.cancel()


def build(sources: list[Path], options: BuildOptions) -> list[TopicResult]:
    """Every topic's result, in the order the sources were given."""
    order = {source: index for index, source in enumerate(sources)}
    return sorted(build_iter(sources, options), key=lambda result: order[result.source])
