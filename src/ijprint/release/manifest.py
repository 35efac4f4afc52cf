"""Artifacts and their inputs <-> `<out>/manifest.json`; the input fingerprint that decides what is stale.

A build appends each topic's entries to a journal (`.manifest.journal`, one JSON line per topic) in
the same locked step that writes the topic's files, and folds the journal into manifest.json when it
ends. Rewriting the whole manifest per topic made a batch quadratic in its size; writing it only at
the end left it behind the files on disk when a build was killed (CI timeouts send SIGTERM, which
runs no cleanup). Readers apply whatever journal is left, so the manifest always says what is on disk.
Everything is written under an exclusive lock, and manifest.json is replaced atomically, so two
builds writing the same output folder never leave it truncated or mixed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from ijprint import __version__
from ijprint.atomic import write_file
from ijprint.errors import UsageError

MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal"
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


def has_manifest(out_dir: Path) -> bool:
    """Whether a build has recorded anything in `out_dir` (a killed first build leaves only a journal)."""
    return (out_dir / MANIFEST).is_file() or (out_dir / JOURNAL).is_file()


def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """Entries by path, with the journal of an unfinished build applied; a missing manifest is empty,
    an unreadable one is an error naming it."""
    path = out_dir / MANIFEST
    entries: dict[str, ManifestEntry] = {}
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {entry.path: entry for entry in (ManifestEntry(**item) for item in data["artifacts"])}
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}: manifest is unreadable ({exc})", "delete it; the next build writes a new one") from None
    entries.update(_journal(out_dir))
    return entries


def _journal(out_dir: Path) -> dict[str, ManifestEntry]:
    """The journal's entries, line by line in the order written (a later line wins). A line cut short
    by a killed build is skipped: it was being written as the build died."""
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    entries: dict[str, ManifestEntry] = {}
    for line in lines:
        try:
            found = [ManifestEntry(**item) for item in json.loads(line)]
        except (ValueError, TypeError):
            continue
        entries.update((entry.path, entry) for entry in found)
    return entries


def journal_entries(out_dir: Path, entries: tuple[ManifestEntry, ...]) -> None:
    """Append one topic's entries to the journal as one line, on disk before this returns (the caller
    holds the lock and has just written the files they describe)."""
    line = json.dumps([asdict(entry) for entry in entries], sort_keys=True, ensure_ascii=False) + "\n"
    descriptor = os.open(out_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_manifest(out_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    """Write the manifest atomically with entries in path order (stable bytes); the journal, now part
    of it, goes. The caller holds the lock and read `entries` with read_manifest."""
    body = {"ijprint": __version__, "artifacts": [asdict(entries[key]) for key in sorted(entries)]}
    text = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_file(out_dir / MANIFEST, text.encode("utf-8"))
    (out_dir / JOURNAL).unlink(missing_ok=True)


def ensure_manifest(out_dir: Path) -> None:
    """Write an empty manifest when there is none (the caller holds the lock): a build with no topics
    to build, such as an empty shard, still leaves a folder that `ijprint verify` accepts."""
    if not has_manifest(out_dir):
        write_manifest(out_dir, {})


def fold_journal(out_dir: Path) -> None:
    """Fold a journal into manifest.json (the caller holds the lock); nothing happens without one."""
    if (out_dir / JOURNAL).is_file():
        write_manifest(out_dir, read_manifest(out_dir))


def manifest_sources(out_dir: Path) -> set[str]:
    """The sources manifest.json names (relative to `out_dir`), read without making its entries."""
    try:
        return {item["source"] for item in json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["artifacts"]}
    except FileNotFoundError:
        return set()
