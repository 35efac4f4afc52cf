"""Artifacts and their inputs <-> `<out>/manifest.json`; the input fingerprint that decides what is stale.

The manifest is read, updated and written under an exclusive lock, and replaced atomically, so two
builds writing the same output folder never leave it truncated or mixed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from ijprint import __version__
from ijprint.atomic import write_file
from ijprint.errors import UsageError

MANIFEST = "manifest.json"
LOCK = ".manifest.lock"


@dataclass(frozen=True)
class ManifestEntry:
    """One artifact: where it is (relative to the output folder), what made it, and its hash."""

    path: str
    format: str
    source: str
    style: str
    sha256: str
    size: int
    inputs: str
    options: str


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_fingerprint(parts: list[bytes | str]) -> str:
    """A hash over everything an artifact depends on, in a fixed order."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder's manifest for the duration."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """Entries by path; a missing manifest is empty, an unreadable one is an error naming it."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [ManifestEntry(**item) for item in data["artifacts"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: manifest is unreadable ({exc})", "delete it; the next build writes a new one") from None
    return {entry.path: entry for entry in entries}


def write_manifest(out_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    """Write the manifest atomically with entries in path order (stable bytes)."""
    body = {"ijprint": __version__, "artifacts": [asdict(entries[key]) for key in sorted(entries)]}
    text = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_file(out_dir / MANIFEST, text.encode("utf-8"))
