"""Content readers: each turns one kind of source file into a model.Document; chosen by extension or --from.

Every reader has a parser `bytes, file name -> (Document, warnings)`; `read_document` returns both,
`load_document` only the Document (for callers that do not report warnings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ijprint.errors import Diagnostic, UsageError
from ijprint.model import Document
from ijprint.sources.freemind_source import parse_freemind
from ijprint.sources.markdown_source import parse_markdown
from ijprint.sources.opml_source import parse_opml
from ijprint.sources.yaml_source import parse_yaml_document
from ijprint.yaml_tree import read_limited

Parser = Callable[[bytes, str], tuple[Document, list[Diagnostic]]]


def _parse_yaml(data: bytes, file: str) -> tuple[Document, list[Diagnostic]]:
    return parse_yaml_document(data, file), []


PARSERS: dict[str, Parser] = {
    "yaml": _parse_yaml,
    "markdown": parse_markdown,
    "freemind": parse_freemind,
    "opml": parse_opml,
}
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

    `data` is the file's bytes when the caller has already read them (with read_limited).
    """
    kind = source_kind(path, override)
    return PARSERS[kind](read_limited(path) if data is None else data, str(path))


def load_document(path: Path, override: str | None = None) -> Document:
    return read_document(path, override)[0]


def _reader(kind: str) -> Callable[[Path], Document]:
    return lambda path: load_document(path, kind)


READERS: dict[str, Callable[[Path], Document]] = {kind: _reader(kind) for kind in PARSERS}


NOT_TOPICS = {"readme", "changelog", "contributing", "license"}


def is_content_file(path: Path) -> bool:
    """A file a folder build picks up: a known extension, not hidden, not a folder's README or the like."""
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".") and path.stem.lower() not in NOT_TOPICS
