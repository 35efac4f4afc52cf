"""A topic's inputs (content bytes, style, font files, ijprint version, options) -> the hash that says
whether its artifacts are up to date. Nothing machine-specific goes in, so a moved checkout stays fresh."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ijprint import __version__
from ijprint.release.manifest import input_fingerprint, sha256_bytes

if TYPE_CHECKING:
    from ijprint.style import Style


def options_key(max_depth: int | None, replace_missing: bool, paper: str | None, orientation: str | None, source_date_epoch: int | None, source_kind: str | None, header: str | None = None,
                split: str | None = None, blank: float | None = None, seed: int | None = None) -> str:
    """The options that change an artifact's bytes, as stable text for the manifest. --header, --split,
    --blank and --seed are recorded only when given (so manifests written before them stay fresh), for
    `verify` to apply them to the style again."""
    options = {
        "max_depth": max_depth,
        "replace_missing": replace_missing,
        "paper": paper,
        "orientation": orientation,
        "source_date_epoch": source_date_epoch,
        "source_kind": source_kind,
    }
    if header is not None:
        options["header"] = header
    if split is not None:
        options["split"] = split
    if blank is not None:
        options["blank"] = blank
    if seed is not None:
        options["seed"] = seed
    return json.dumps(options, sort_keys=True)


def topic_inputs(source_bytes: bytes, style: Style, options: str, fonts: tuple[str, ...] = ()) -> str:
    """Fingerprint of everything an artifact depends on; `fonts` are the font files it draws with
    (font_files.font_sources), counted by their bytes."""
    portable = replace(style, file="", fonts=replace(style.fonts, regular="", bold="", italic=""))
    return input_fingerprint([__version__, source_bytes, repr(portable), *(_file_digest(path) for path in fonts), options])


@lru_cache(maxsize=None)
def _file_digest(path: str) -> str:
    """Font files do not change during a build; hash each once per process, not once per topic."""
    return sha256_bytes(Path(path).read_bytes())
