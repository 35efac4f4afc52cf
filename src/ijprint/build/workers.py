"""The topics with something stale -> their results, built in this process when one will do, else in a pool of --jobs workers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ijprint.build.options import BuildOptions, requested
from ijprint.build.results import TopicResult
from ijprint.build.writing import build_topic
from ijprint.release.manifest import ManifestEntry
from ijprint.render.registry import warm_up_formats

if TYPE_CHECKING:
    from ijprint.style import Style

_WORKER_STATE: tuple[Style, dict[str, ManifestEntry]] | None = None


def _worker_init(style: Style, recorded: dict[str, ManifestEntry]) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (style, recorded)


def _worker_build(source: Path, options: BuildOptions) -> TopicResult:
    assert _WORKER_STATE is not None
    return build_topic(source, options, *_WORKER_STATE)


def build_topics(sources: list[Path], options: BuildOptions, style: Style, recorded: dict[str, ManifestEntry]) -> Iterator[TopicResult]:
    """Render the topics that have something stale: here when one process will do, else in a pool. A
    lone stale topic shares its format parts among the --jobs processes instead (forked.py)."""
    jobs = max(1, min(options.jobs, len(sources)))
    if jobs == 1:
        processes = options.jobs if len(sources) == 1 else 1
        for source in sources:
            yield build_topic(source, options, style, recorded, processes)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    start = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if start == "fork":
        warm_up_formats(requested(options))
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
