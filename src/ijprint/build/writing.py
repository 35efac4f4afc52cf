"""One topic + the manifest -> its stale artifacts written atomically and journalled; files -> disk, or one clear line when a folder cannot be written.

A topic's files are all rendered before any is written, and each is written to a temporary file in its
target folder and renamed into place, so a failed build leaves earlier outputs exactly as they were.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ijprint.atomic import commit_files, discard, stage_files, write_files
from ijprint.build.options import BuildOptions, manifest_options, requested
from ijprint.build.rendering import render_topic
from ijprint.build.results import TopicResult, artifact_on_disk, naming_source
from ijprint.build.up_to_date import format_inputs, is_up_to_date, manifest_path, read_source, style_key
from ijprint.errors import ContentError, Diagnostic, UsageError
from ijprint.release.manifest import ManifestEntry, journal_entries, locked, sha256_bytes
from ijprint.release.output_names import safe_stem, topic_slug
from ijprint.sources import read_document

if TYPE_CHECKING:
    from ijprint.style import Style


def build_topic(source: Path, options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry], processes: int = 1) -> TopicResult:
    """Render one topic and write its artifacts, unless `recorded` (the manifest) says they are up to date.

    The files and their manifest entries (in the journal, see manifest.py) are written in one step
    under the output folder's lock, so concurrent builds never leave one build's bytes on disk with
    another build's hash in the manifest. Content errors come back in the result; a folder that
    cannot be written raises UsageError. Its formats are rendered in up to `processes` processes.
    """
    out = options.out_dir
    folder = out / topic_slug(source)
    wanted = requested(options)
    try:
        data = read_source(source)
        inputs = {fmt.name: format_inputs(data, style, fmt, options) for fmt in wanted}
        stale = tuple(fmt for fmt in wanted if options.force or not is_up_to_date(recorded, out, folder, fmt, inputs[fmt.name]))
        fresh = [artifact_on_disk(folder / name, fmt, rebuilt=False) for fmt in wanted if fmt not in stale for name in fmt.files]
        if not stale:
            return TopicResult(source, tuple(fresh))
        files, warnings = render_topic(source, options, style, stale, data, processes)
    except ContentError as error:
        return TopicResult(source, error=naming_source(error, source).one_line())
    entries = tuple(
        ManifestEntry(
            path=manifest_path(folder / name, out),
            format=fmt.name,
            source=manifest_path(source, out),
            style=style_key(options.style, out),
            sha256=sha256_bytes(files[name]),
            size=len(files[name]),
            inputs=inputs[fmt.name],
            options=manifest_options(options),
        )
        for fmt in stale
        for name in fmt.files
    )
    # The files reach the disk (fsync, milliseconds each) before the lock is taken; under it they are
    # only renamed into place and journalled, so parallel workers do not queue behind each other's syncs.
    with writing_into(folder):
        staged = stage_files(folder, files)
    try:
        with manifest_errors(out), locked(out):
            with writing_into(folder):
                commit_files(folder, staged)
            journal_entries(out, entries)
    finally:
        discard(staged)
    built = [artifact_on_disk(folder / name, fmt, rebuilt=True) for fmt in stale for name in fmt.files]
    order = {name: index for index, name in enumerate(name for fmt in wanted for name in fmt.files)}
    return TopicResult(
        source,
        tuple(sorted([*fresh, *built], key=lambda artifact: order[artifact.path.name])),
        warnings=tuple(warning.one_line() for warning in warnings),
    )


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


def write_output(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write files atomically (see atomic.py), turning a folder that cannot be written into one clear line."""
    with writing_into(folder):
        return write_files(folder, files)


@contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """A folder that cannot be written (or under a file) is one clear line, not a traceback."""
    try:
        yield
    except OSError as exc:
        blocker = next((parent for parent in (folder, *folder.parents) if parent.exists()), folder)
        if not blocker.is_dir():
            raise UsageError(f"cannot write into '{folder}': '{blocker}' is a file", "choose another --out") from None
        raise UsageError(f"cannot write into '{folder}': {exc.strerror or exc}", "choose a writable --out") from None


@contextmanager
def manifest_errors(out: Path) -> Iterator[None]:
    """An output folder whose lock or manifest cannot be written is one clear line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise UsageError(f"cannot update '{out}': {exc.strerror or exc}", "check the output folder") from None
