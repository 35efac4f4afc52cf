"""A topic's outcome -> what a build reports: each artifact (path, format, size, rebuilt or not), or one error line, and its warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ijprint.errors import ContentError
from ijprint.render.registry import OutputFormat


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


def artifact_on_disk(path: Path, fmt: OutputFormat, rebuilt: bool) -> Artifact:
    """An artifact as it is on disk now (its size from stat())."""
    return Artifact(path, fmt.name, path.stat().st_size, rebuilt)


def naming_source(error: ContentError, source: Path) -> ContentError:
    """Errors found after loading (page overflow, font files) still name the topic they stopped."""
    if not error.file:
        error.file = str(source)
    return error
