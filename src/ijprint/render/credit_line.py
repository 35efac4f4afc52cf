"""Metadata -> the credit line that opens the notes ("Source: <title>, <url>. <credit>."), as pieces that say
which one is the source address (the DOCX makes that a link); shared by notes.docx and notes.pdf."""

from __future__ import annotations

from ijprint.model import Metadata


def credit_segments(meta: Metadata) -> list[tuple[str, bool]]:
    """'Source: <title>, <url>. <credit>.' as (text, is the source address) pieces; every part optional."""
    source = [(meta.source_title, False), (", ", False), (meta.source_url, True)]
    if not meta.source_title or not meta.source_url:
        source = [piece for piece in source if piece[0] and piece[0] != ", "]
    who = meta.credit or (f"Author: {meta.author}" if meta.author else "")
    sentences = [[("Source: ", False), *source]] if source else []
    if who:
        sentences.append([(who, False)])
    for sentence in sentences:
        # Each sentence ends in one full stop, whether or not its last part brought its own.
        text, is_address = sentence[-1]
        sentence[-1] = (text.rstrip("."), is_address)
    segments: list[tuple[str, bool]] = []
    for index, sentence in enumerate(sentences):
        if index:
            segments.append((" ", False))
        segments.extend(sentence)
        segments.append((".", False))
    return _merged(segments)


def _merged(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Neighbouring plain pieces joined, so plain text is one run."""
    out: list[tuple[str, bool]] = []
    for text, is_address in segments:
        if out and not is_address and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        else:
            out.append((text, is_address))
    return out
