"""Content files + options -> each topic's result as it finishes, and the manifest and quick record brought up to date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from ijprint.build.options import BuildOptions, requested, resolve_style_options
from ijprint.build.results import TopicResult
from ijprint.build.up_to_date import check_against_manifest, manifest_path, quick_record_key, read_recorded, record_depends, recorded_result
from ijprint.font_files import unprepared
from ijprint.release.manifest import MANIFEST, ensure_manifest, fold_journal, locked, manifest_sources
from ijprint.release.quick_check import TopicRecord, identity, read_record, topic_record, write_record
from ijprint.render.registry import OutputFormat

if TYPE_CHECKING:
    from ijprint.style import Style


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
    key = None if options.force else quick_record_key(options, wanted)
    recorded_topics = read_record(out, key) if key and sources else {}
    # Entries of topics that turn out stale stay: their sources' digests no longer match anyway.
    kept = dict(recorded_topics)
    remaining = []
    names = [(fmt, name) for fmt in wanted for name in fmt.files]
    for source in sources:
        found = recorded_result(recorded_topics, source, out, names)
        if found is None:
            remaining.append(source)
            continue
        yield found[0]
    if sources and not remaining:
        return
    # Imported only now: the rendering and writing code is never needed when everything is up to date.
    from ijprint.build.workers import build_topics
    from ijprint.build.writing import manifest_errors

    style = resolve_style_options(options)
    with manifest_errors(out):
        recorded = read_recorded(out)
    finished: list[tuple[str, TopicResult]] = []
    try:
        checked = [check_against_manifest(source, options, style, recorded) for source in remaining]
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
        for result in build_topics(stale, options, style, recorded):
            finished.append((digests[result.source], result))
            yield result
    finally:
        if out.is_dir() or not sources:  # else nothing was written: leave no folder behind either
            _finish(out, sources, key, finished, kept, recorded_topics, style, wanted)


def _finish(out: Path, sources: list[Path], key: str | None, finished: list[tuple[str, TopicResult]], kept: dict[str, TopicRecord], recorded_topics: dict[str, TopicRecord], style: Style, wanted: tuple[OutputFormat, ...]) -> None:
    """Fold the journal into manifest.json and bring the quick record up to date with what was built."""
    from ijprint.build.writing import manifest_errors

    with manifest_errors(out), locked(out):
        manifest_before = identity(out / MANIFEST)
        fold_journal(out)
        if not sources:
            ensure_manifest(out)
        if not key:
            return
        for digest, result in finished:
            if result.error is None and digest:
                made = topic_record(out, digest, [manifest_path(artifact.path, out) for artifact in result.artifacts])
                if made is not None:
                    kept[manifest_path(result.source, out)] = made
        # A build that changed nothing (say, one topic failed again) leaves the folder as it was.
        if kept != recorded_topics or identity(out / MANIFEST) != manifest_before:
            write_record(out, key, record_depends(style, wanted), kept, manifest_sources(out))


def build(sources: list[Path], options: BuildOptions) -> list[TopicResult]:
    """Every topic's result, in the order the sources were given."""
    order = {source: index for index, source in enumerate(sources)}
    return sorted(build_iter(sources, options), key=lambda result: order[result.source])
