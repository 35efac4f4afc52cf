"""An output folder's manifest + the current sources -> the artifacts that are missing, changed or stale."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ijprint.errors import IjprintError, UsageError
from ijprint.font_files import font_sources
from ijprint.release.fingerprint import options_key, topic_inputs
from ijprint.release.manifest import MANIFEST, has_manifest, read_manifest, sha256_bytes
from ijprint.render.registry import formats
from ijprint.sources.yaml_tree import read_limited
from ijprint.style import load_style, with_header, with_page, with_recall


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str
    detail: str

    def one_line(self) -> str:
        return f"{self.path}: {self.kind} ({self.detail})"


def verify_outputs(out_dir: Path) -> tuple[int, list[Problem]]:
    """(number of artifacts checked, problems); an absent manifest is a usage error."""
    if not has_manifest(out_dir):
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
        key = (entry.source, entry.style, entry.options, entry.format)
        if key not in fingerprints:
            fingerprints[key] = _current_inputs(out_dir, entry.source, entry.style, entry.options, entry.format)
        current = fingerprints[key]
        if current is None:
            problems.append(Problem(name, "stale", f"its source {entry.source} is gone or unreadable"))
        elif current != entry.inputs:
            problems.append(Problem(name, "stale", f"{entry.source}, its style or ijprint changed since it was built"))
    return len(manifest), problems


def _current_inputs(out_dir: Path, source: str, style: str, options_json: str, format_name: str) -> str | None:
    """The fingerprint the source would have now; paths in the manifest are relative to `out_dir`.
    None: the source is gone or unreadable, or the format is no longer one ijprint writes."""
    path = out_dir / source
    fmt = next((fmt for fmt in formats() if fmt.name == format_name), None)
    if not path.is_file() or fmt is None:
        return None
    saved = json.loads(options_json)
    style_ref = str(out_dir / style) if style.endswith((".yaml", ".yml")) or "/" in style else style
    try:
        resolved = with_header(with_page(load_style(style_ref), saved.get("paper"), saved.get("orientation"), saved.get("split")), saved.get("header"))
        resolved = with_recall(resolved, saved.get("blank"), saved.get("seed"))
        key = options_key(
            saved.get("max_depth"),
            saved.get("replace_missing", False),
            saved.get("paper"),
            saved.get("orientation"),
            saved.get("source_date_epoch"),
            saved.get("source_kind"),
            saved.get("header"),
            saved.get("split"),
            saved.get("blank"),
            saved.get("seed"),
        )
        fonts = font_sources(resolved.fonts) if fmt.needs_fonts else ()
        return topic_inputs(read_limited(path), resolved, key, fonts)
    except IjprintError:
        return None
