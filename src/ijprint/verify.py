"""An output folder's manifest + the current sources -> the artifacts that are missing, changed or stale."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ijprint.build import BuildOptions, resolve_style_options, topic_inputs
from ijprint.errors import IjprintError, UsageError
from ijprint.fonts import load_fonts
from ijprint.manifest import MANIFEST, read_manifest, sha256_bytes


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str
    detail: str

    def one_line(self) -> str:
        return f"{self.path}: {self.kind} ({self.detail})"


def verify_outputs(out_dir: Path) -> tuple[int, list[Problem]]:
    """(number of artifacts checked, problems); an absent manifest is a usage error."""
    if not (out_dir / MANIFEST).is_file():
        raise UsageError(f"no {MANIFEST} in '{out_dir}'", "run 'ijprint build' first, or name the right --out")
    manifest = read_manifest(out_dir)
    problems: list[Problem] = []
    fingerprints: dict[tuple[str, str, str], str | None] = {}
    for name, entry in manifest.items():
        path = out_dir / name
        if not path.is_file():
            problems.append(Problem(name, "missing", "listed in the manifest but not on disk"))
            continue
        if sha256_bytes(path.read_bytes()) != entry.sha256:
            problems.append(Problem(name, "changed", "its sha256 differs from the manifest"))
            continue
        key = (entry.source, entry.style, entry.options)
        if key not in fingerprints:
            fingerprints[key] = _current_inputs(entry.source, entry.style, entry.options)
        current = fingerprints[key]
        if current is None:
            problems.append(Problem(name, "stale", f"its source {entry.source} is gone or unreadable"))
        elif current != entry.inputs:
            problems.append(Problem(name, "stale", f"{entry.source}, its style or ijprint changed since it was built"))
    return len(manifest), problems


def _current_inputs(source: str, style: str, options_json: str) -> str | None:
    path = Path(source)
    if not path.is_file():
        return None
    saved = json.loads(options_json)
    options = BuildOptions(
        style=style,
        max_depth=saved.get("max_depth"),
        replace_missing=saved.get("replace_missing", False),
        paper=saved.get("paper"),
        orientation=saved.get("orientation"),
        source_date_epoch=saved.get("source_date_epoch"),
    )
    try:
        resolved = resolve_style_options(options)
        return topic_inputs(path.read_bytes(), resolved, load_fonts(resolved.fonts), options)
    except (IjprintError, OSError):
        return None
