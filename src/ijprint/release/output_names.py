"""Source paths and titles -> safe output names; which topics share a folder; which shard a topic is in."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ijprint.errors import UsageError
from ijprint.model import slugify

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
    """A topic's shard depends only on its output folder name, so adding topics never moves the others,
    and two sources that would collide always meet in the same shard."""
    digest = hashlib.sha256(topic_slug(source).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1
