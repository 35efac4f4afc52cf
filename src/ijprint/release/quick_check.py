"""What the last build left on disk (file identities, source digests) <-> which topics are still up to date, from stat() calls and one read of each source.

The manifest says what every artifact was built from (release/fingerprint.py), but checking it means
loading the style, the fonts and hashing every output. This record, `<out>/.manifest.quick`, lets a
rebuild with nothing to do skip all that, the way `make` trusts timestamps: for the options of the
build that wrote it, it holds the identity (size, mtime, inode) of every file the fingerprints
depended on (the style files and their folders, the font files, manifest.json itself) and, per topic,
its source's sha256 and the identity of each artifact. A topic is fresh while all of these match;
anything else falls back to the full check, which writes the record again. It is a local cache:
nothing else reads it, and deleting it costs one full check.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ijprint.atomic import write_file
from ijprint.release.manifest import JOURNAL, MANIFEST

QUICK = ".manifest.quick"

Identity = tuple[int, int, int]


def identity(path: Path | str) -> Identity | None:
    """(size, mtime in ns, inode): any rewrite of the file, atomic or not, changes at least one."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


@dataclass(frozen=True)
class TopicRecord:
    """A topic as the last build left it: its source's sha256 and each artifact's identity, by path relative to the output folder."""

    source_sha256: str
    artifacts: tuple[tuple[str, Identity], ...]


def read_record(out: Path, key: str) -> dict[str, TopicRecord]:
    """The recorded topics (by source path relative to `out`) when the record was written for `key`
    and nothing it depends on has changed since; otherwise none."""
    try:
        data = json.loads((out / QUICK).read_text(encoding="utf-8"))
        if data["key"] != key or (out / JOURNAL).exists() or list(identity(out / MANIFEST) or ()) != data["manifest"]:
            return {}
        if any(list(identity(path) or ()) != recorded for path, recorded in data["depends"]):
            return {}
        return {
            source: TopicRecord(digest, tuple((path, tuple(found)) for path, found in artifacts))  # type: ignore[misc]
            for source, (digest, artifacts) in data["topics"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def still_fresh(out: Path, record: TopicRecord, source_bytes: bytes) -> tuple[tuple[str, int], ...] | None:
    """The topic's artifacts and their sizes when its source and every artifact are as recorded, else None."""
    if hashlib.sha256(source_bytes).hexdigest() != record.source_sha256:
        return None
    found = []
    for path, recorded in record.artifacts:
        if identity(os.path.join(out, path)) != recorded:
            return None
        found.append((path, recorded[0]))
    return tuple(found)


def topic_record(out: Path, source_sha256: str, artifacts: list[str]) -> TopicRecord | None:
    """A record of a topic whose artifacts are on disk now (None if one is missing)."""
    identities = [(path, identity(out / path)) for path in artifacts]
    if any(found is None for _, found in identities):
        return None
    return TopicRecord(source_sha256, tuple(identities))  # type: ignore[arg-type]


def write_record(out: Path, key: str, depends: list[str], topics: dict[str, TopicRecord], manifest_sources: set[str]) -> None:
    """Write the record (the caller holds the output folder's lock and has folded the journal), with
    the sources manifest.json names now. A dependency that cannot be stat'ed, or a manifest that is
    not there, leaves no record."""
    manifest = identity(out / MANIFEST)
    identities = [(path, identity(path)) for path in dict.fromkeys(depends)]
    if manifest is None or any(found is None for _, found in identities):
        (out / QUICK).unlink(missing_ok=True)
        return
    body = {
        "key": key,
        "manifest": list(manifest),
        "depends": [[path, list(found)] for path, found in identities],  # type: ignore[arg-type]
        "topics": {source: [record.source_sha256, [[path, list(found)] for path, found in record.artifacts]] for source, record in sorted(topics.items())},
        "sources": sorted(manifest_sources),
    }
    write_file(out / QUICK, json.dumps(body, separators=(",", ":")).encode("utf-8"))


def nothing_to_prune(out: Path) -> bool:
    """Whether the record shows that manifest.json is as it was written and every source it names
    still exists, so pruning gone topics has nothing to do; False whenever that cannot be shown."""
    try:
        data = json.loads((out / QUICK).read_text(encoding="utf-8"))
        if (out / JOURNAL).exists() or list(identity(out / MANIFEST) or ()) != data["manifest"]:
            return False
        return all(os.path.isfile(os.path.join(out, source)) for source in data["sources"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def record_key(parts: list[str]) -> str:
    """The key a record is valid for: the ijprint version, the options and the style file a build was run with."""
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()
