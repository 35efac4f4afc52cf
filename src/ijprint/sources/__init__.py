"""Content readers: each turns one kind of source file into a model.Document; chosen by extension."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ijprint.errors import UsageError
from ijprint.model import Document
from ijprint.sources.yaml_source import load_yaml_document

READERS: dict[str, Callable[[Path], Document]] = {"yaml": load_yaml_document}
EXTENSIONS = {".yaml": "yaml", ".yml": "yaml"}


def source_kind(path: Path, override: str | None = None) -> str:
    """Which reader handles `path`: `override` (from --from) or the file's extension."""
    kind = override or EXTENSIONS.get(path.suffix.lower())
    if kind not in READERS:
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError(f"{path}: no reader for '{path.suffix or path.name}' files", f"content files end in {known}")
    return kind


def load_document(path: Path, override: str | None = None) -> Document:
    return READERS[source_kind(path, override)](path)


def is_content_file(path: Path) -> bool:
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".")
