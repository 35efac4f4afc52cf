"""A checked document + its render context and formats + a process count -> their files, some formats rendered in forked processes when --jobs leaves cores idle.

A build of one stale topic would use one core of --jobs: its formats are dealt round-robin into as
many groups as there are processes, and every group but the first is rendered in a child forked
after the topic was read and checked (so it inherits the document, the registered fonts and the
imported libraries). A child sends its files back through a pipe and ends without running the
parent's clean-ups. The files are the same bytes as in one process: each renderer starts from the
same prepared topic and keeps no state between formats. Where `fork` is missing, all is rendered here.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from typing import TYPE_CHECKING

from ijprint.errors import IjprintError
from ijprint.render.registry import warm_up_formats

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.render.registry import OutputFormat, RenderContext


def render_formats(document: Document, context: RenderContext, wanted: tuple[OutputFormat, ...], processes: int = 1) -> dict[str, bytes]:
    """The files of the `wanted` formats, as bytes keyed by file name, in at most `processes` processes."""
    groups = [wanted[start::processes] for start in range(min(processes, len(wanted)))] if hasattr(os, "fork") else [wanted]
    children = []
    if len(groups) > 1:
        # The libraries every group needs are imported once, here; frozen, the collector leaves the
        # shared objects alone, so the children do not copy the pages it would touch.
        warm_up_formats(wanted)
        gc.freeze()
        try:
            children = [_fork(document, context, group) for group in groups[1:]]
        finally:
            gc.unfreeze()  # this process may go on building: its garbage must stay collectable
    files: dict[str, bytes] = {}
    try:
        files.update(_render(document, context, groups[0]))
    finally:
        outcomes = [_collect(child) for child in children]
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        files.update(outcome)
    return {name: files[name] for fmt in wanted for name in fmt.files}


def _render(document: Document, context: RenderContext, group: tuple[OutputFormat, ...]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for fmt in group:
        files.update(fmt.render(document, context))
    return files


def _fork(document: Document, context: RenderContext, group: tuple[OutputFormat, ...]) -> tuple[int, int]:
    """(the child's pid, the read end of its pipe); the child renders `group` and exits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    status = 0
    try:
        try:
            outcome: object = _render(document, context, group)
        except IjprintError as error:
            outcome = error
        except BaseException:  # a defect, not the user's mistake: the parent raises it with this trace
            outcome = RuntimeError(f"rendering {', '.join(fmt.name for fmt in group)} failed in a forked process:\n{traceback.format_exc()}")
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        status = 1
    finally:
        # Never back into the parent's code: its finally blocks would release locks and remove files it owns.
        os._exit(status)


def _collect(child: tuple[int, int]) -> dict[str, bytes] | BaseException:
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        return RuntimeError("a forked rendering process ended without sending its files")
    return pickle.loads(data)
