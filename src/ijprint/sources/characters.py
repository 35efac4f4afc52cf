"""Text or a whole Document -> a ContentError for the first control character or bidirectional control in it.

C0 and C1 controls (tab, line feed and carriage return excepted: they are whitespace that one-line
fields collapse) print as nothing or as boxes, and bidirectional overrides and isolates (U+202A-U+202E,
U+2066-U+2069) reorder the text around them, so a label could print reversed. YAML lets escapes such as
"\\0" or "\\e" through and XML lets "&#x85;" through, so every reader's output is checked here, before
the font's glyph check would report them less clearly.
"""

from __future__ import annotations

import re

from ijprint.errors import ContentError
from ijprint.model import Document, printable_strings

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_HINT = "delete it; such characters often come from text pasted out of a PDF or a word processor"


def describe_forbidden(char: str) -> str:
    """How a message names a forbidden character: by code point only (printed raw it would act on the terminal)."""
    kind = "bidirectional control" if "\u202a" <= char <= "\u2069" else "control character"
    return f"{kind} U+{ord(char):04X} is not allowed"


def forbidden_at(text: str) -> int | None:
    """The index of the first forbidden character in `text`, or None."""
    found = FORBIDDEN.search(text)
    return found.start() if found else None


def check_document_characters(document: Document) -> None:
    """Raise a ContentError naming the file, line, document path and character of the first forbidden one."""
    meta = document.meta
    extra = [(tag, f"meta.tags[{i}]", document.origin) for i, tag in enumerate(meta.tags)]
    extra += [(value, f"meta.{key}", document.origin) for key, value in (("date", meta.date), ("source.url", meta.source_url), ("language", meta.language))]
    for text, path, origin in [*printable_strings(document), *extra]:
        index = forbidden_at(text)
        if index is not None:
            file = origin.file if origin else None
            line = origin.line if origin else None
            column = origin.column if origin else None
            raise ContentError(f"{describe_forbidden(text[index])} (character {index + 1} of the text)", file, line, column, path, FORBIDDEN_HINT)
