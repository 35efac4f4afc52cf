"""A topic + the manifest or the quick record -> whether its artifacts are up to date, decided before anything renders.

An artifact whose inputs (content, style, fonts, ijprint version, options) are unchanged since the
manifest recorded it is not rebuilt; the quick record (release/quick_check.py) answers the same
question for an untouched topic from stat() calls, without the style or the fonts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ijprint import __version__
from ijprint.build.options import BuildOptions, manifest_options, requested
from ijprint.build.results import Artifact, TopicResult, artifact_on_disk, naming_source
from ijprint.errors import ContentError
from ijprint.font_files import font_sources
from ijprint.release.fingerprint import topic_inputs
from ijprint.release.manifest import ManifestEntry, has_manifest, locked, read_manifest, sha256_bytes, write_manifest
from ijprint.release.output_names import topic_slug
from ijprint.release.quick_check import TopicRecord, nothing_to_prune, record_key, still_fresh
from ijprint.render.registry import OutputFormat

if TYPE_CHECKING:
    from ijprint.style import Style


def read_source(source: Path) -> bytes:
    """A topic's source bytes, read once: they are fingerprinted, then parsed from memory."""
    from ijprint.sources.yaml_tree import read_limited

    return read_limited(source)


def format_inputs(data: bytes, style: Style, fmt: OutputFormat, options: BuildOptions) -> str:
    """What one format's artifacts depend on; the PDF fonts count only for formats that draw with them."""
    fonts = font_sources(style.fonts) if fmt.needs_fonts else ()
    return topic_inputs(data, style, manifest_options(options), fonts)


def manifest_path(path: Path, out: Path) -> str:
    """Paths in the manifest are relative to the output folder, so it reads the same from any folder."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(out))


def style_key(style: str, out: Path) -> str:
    """The style as the manifest records it: a name as given, a style file relative to the output folder."""
    is_path = style.endswith((".yaml", ".yml")) or "/" in style
    return manifest_path(Path(style), out) if is_path else style


def is_up_to_date(recorded: dict[str, ManifestEntry], out: Path, folder: Path, fmt: OutputFormat, inputs: str) -> bool:
    """Whether every file of `fmt` in `folder` is as the manifest recorded it, from these inputs."""
    for name in fmt.files:
        path = folder / name
        entry = recorded.get(manifest_path(path, out))
        if entry is None or entry.inputs != inputs or not path.is_file() or sha256_bytes(path.read_bytes()) != entry.sha256:
            return False
    return True


def read_recorded(out: Path) -> dict[str, ManifestEntry]:
    """The manifest, read under the lock; a folder that does not exist yet is not created for it."""
    if not out.is_dir():
        return {}
    with locked(out):
        return read_manifest(out)


@dataclass(frozen=True)
class Checked:
    """A topic before building: the sha256 of the source bytes the check read, and its result when
    there is nothing to build (all up to date, or an error), else None."""

    source: Path
    digest: str
    result: TopicResult | None


def check_against_manifest(source: Path, options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry]) -> Checked:
    """Whether a topic has anything stale, decided before any worker starts."""
    out = options.out_dir
    folder = out / topic_slug(source)
    wanted = requested(options)
    try:
        data = read_source(source)
        stale = options.force or any(not is_up_to_date(recorded, out, folder, fmt, format_inputs(data, style, fmt, options)) for fmt in wanted)
    except ContentError as error:
        return Checked(source, "", TopicResult(source, error=naming_source(error, source).one_line()))
    digest = sha256_bytes(data)
    if stale:
        return Checked(source, digest, None)
    return Checked(source, digest, TopicResult(source, tuple(artifact_on_disk(folder / name, fmt, rebuilt=False) for fmt in wanted for name in fmt.files)))


def quick_record_key(options: BuildOptions, wanted: tuple[OutputFormat, ...]) -> str:
    """What the quick record must have been written for: the same ijprint, options, formats and style file."""
    from ijprint.style_files import resolve_style

    style_file = str(resolve_style(options.style).resolve())
    return record_key([__version__, manifest_options(options), *(fmt.name for fmt in wanted), style_file])


def record_depends(style: Style, wanted: tuple[OutputFormat, ...]) -> list[str]:
    """The files (and folders, where a new file would change how `extends` resolves) the fingerprints used."""
    files = [str(Path(path).resolve()) for path in style.files]
    fonts = list(font_sources(style.fonts)) if any(fmt.needs_fonts for fmt in wanted) else []
    return [*files, *(str(Path(path).parent) for path in files), *fonts]


def recorded_result(recorded: dict[str, TopicRecord], source: Path, out: Path, names: list[tuple[OutputFormat, str]]) -> tuple[TopicResult, TopicRecord] | None:
    """The up-to-date result of a topic the quick record shows untouched, with its record; else None.
    `names`: each wanted format with each file it writes, in order."""
    if not recorded:
        return None
    entry = recorded.get(manifest_path(source, out))
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


def prune_manifest(out: Path) -> list[str]:
    """Drop manifest entries (and their files) whose source no longer exists: a renamed or deleted
    topic must not fail `verify` forever. The manifest proves ijprint wrote those files. When the
    quick record shows every source the manifest names still there, the manifest is not read."""
    if not has_manifest(out) or nothing_to_prune(out):
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
