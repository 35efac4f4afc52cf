"""A topic's formats -> their files, rendered in two processes at once: the second half of the formats in a forked child, the rest here.

One topic on a machine with a core to spare (a single file built, or the one topic of a batch that
changed) would otherwise leave that core idle while the formats render one after another. The child
is a fork of this process, so it starts with the document, the style and the registered fonts, and
imports only what its own formats draw with. It sends its files back pickled through a pipe. If it
fails in any way, the parent renders those formats itself: whatever went wrong (a content error, an
interrupt) is then raised here, as if nothing had been split. The bytes are the same either way.
"""

from __future__ import annotations

import os
import pickle
from typing import TYPE_CHECKING, Callable

from ijprint.render.registry import OutputFormat, RenderContext

if TYPE_CHECKING:
    from ijprint.model import Document


def can_split() -> bool:
    """Whether this platform can fork (POSIX); elsewhere every format renders here."""
    return hasattr(os, "fork")


def render_split(formats: tuple[OutputFormat, ...], document: Document, context: RenderContext) -> dict[str, bytes]:
    """Every file of `formats`, keyed by name in the formats' order, rendered in two processes."""
    half = len(formats) // 2 if len(formats) > 1 and can_split() else len(formats)
    here, there = formats[: max(half, 1)], formats[max(half, 1) :]
    collect = _fork(there, document, context) if there else (lambda: {})
    files: dict[str, bytes] = {}
    try:
        for fmt in here:
            files.update(fmt.render(document, context))
    finally:
        theirs = collect()
    if theirs is None:
        theirs = {}
        for fmt in there:
            theirs.update(fmt.render(document, context))
    return {**files, **theirs}


def _fork(formats: tuple[OutputFormat, ...], document: Document, context: RenderContext) -> Callable[[], dict[str, bytes] | None]:
    """Start a child rendering `formats`; the returned call waits for its files (None if it failed)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running the parent's cleanup
        os.close(read_end)
        payload = b""
        try:
            files: dict[str, bytes] = {}
            for fmt in formats:
                files.update(fmt.render(document, context))
            payload = pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent renders these formats again and raises there
            payload = b""
        finally:
            try:
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(0)
    os.close(write_end)

    def collect() -> dict[str, bytes] | None:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not payload or status != 0:
            return None
        found = pickle.loads(payload)
        return found if isinstance(found, dict) else None

    return collect
