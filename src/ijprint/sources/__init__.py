"""Content readers: each turns one kind of source file into a model.Document; chosen by extension or --from.

Every reader has a parser `bytes, file name -> (Document, warnings)`; `read_document` returns both,
`load_document` only the Document (for callers that do not report warnings).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ijprint.errors import UsageError

if TYPE_CHECKING:
    from ijprint.errors import Diagnostic
    from ijprint.model import Document

Parser = Callable[[bytes, str], "tuple[Document, list[Diagnostic]]"]

# kind -> (module, parser function). A reader's module is imported when a file of its kind is read:
# markdown-it and defusedxml cost start-up time that a YAML-only build, `--help` or `--version` should not pay.
PARSERS: dict[str, tuple[str, str]] = {
    "yaml": ("ijprint.sources.yaml_source", "parse_yaml_source"),
    "markdown": ("ijprint.sources.markdown_source", "parse_markdown"),
    "freemind": ("ijprint.sources.freemind_source", "parse_freemind"),
    "opml": ("ijprint.sources.opml_source", "parse_opml"),
}


def parser(kind: str) -> Parser:
    """The parser function of one source kind, its module imported on first use."""
    module, name = PARSERS[kind]
    return getattr(importlib.import_module(module), name)
EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mm": "freemind",
    ".opml": "opml",
}


def source_kind(path: Path, override: str | None = None) -> str:
    """Which reader handles `path`: `override` (from --from) or the file's extension."""
    kind = override or EXTENSIONS.get(path.suffix.lower())
    if kind not in PARSERS:
        if override:
            raise UsageError(f"unknown source format '{override}'", f"choose from {', '.join(sorted(PARSERS))}")
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError(
            f"{path}: no reader for '{path.suffix or path.name}' files", f"content files end in {known}, or name the format with --from"
        )
    return kind


def read_document(path: Path, override: str | None = None, data: bytes | None = None) -> tuple[Document, list[Diagnostic]]:
    """The Document of any source, with the warnings its reader met (skipped blocks, ignored keys...).

    `data` is the file's bytes when the caller has already read them (with read_limited). Control and
    bidirectional characters are refused here, for every reader (see characters.py).
    """
    from ijprint.sources.characters import check_document_characters
    from ijprint.sources.yaml_tree import read_limited

    kind = source_kind(path, override)
    document, warnings = parser(kind)(read_limited(path) if data is None else data, str(path))
    check_document_characters(document)
    return document, warnings


def load_document(path: Path, override: str | None = None) -> Document:
    return read_document(path, override)[0]


def _reader(kind: str) -> Callable[[Path], Document]:
    return lambda path: load_document(path, kind)


READERS: dict[str, Callable[[Path], Document]] = {kind: _reader(kind) for kind in PARSERS}


NOT_TOPICS = {"readme", "changelog", "contributing", "license"}


def is_content_file(path: Path) -> bool:
    """A file a folder build picks up: a known extension, not hidden, not a folder's README or the like."""
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".") and path.stem.lower() not in NOT_TOPICS
