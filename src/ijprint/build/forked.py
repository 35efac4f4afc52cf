"""A checked document + its render context and formats + a process count -> their files, some format parts rendered in forked processes when --jobs leaves cores idle.

A build of one stale topic would use one core of --jobs: the parts of its formats (a format's DOCX
apart from its PDF) are dealt into as many groups as there are processes, and every group but the
first is rendered in a child forked after the topic was read and checked (so it inherits the
document and the registered fonts). Each process loads only what its own parts draw with: the
groups are balanced by the parts' costs and keep a library's parts together where that is cheaper,
so python-docx loads in one process while the other draws PDFs. A child sends its files back
through a pipe and ends without running the parent's clean-ups. The files are the same bytes as in
one process: each part starts from the same prepared topic and keeps no state between parts. Where
`fork` is missing, all is rendered here.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from typing import TYPE_CHECKING, Sequence

from ijprint.errors import IjprintError

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.render.registry import FormatPart, OutputFormat, RenderContext


def render_formats(document: Document, context: RenderContext, wanted: tuple[OutputFormat, ...], processes: int = 1) -> dict[str, bytes]:
    """The files of the `wanted` formats, as bytes keyed by file name, in at most `processes` processes."""
    parts = tuple(part for fmt in wanted for part in fmt.parts)
    groups = (deal(parts, processes) if hasattr(os, "fork") else [parts]) or [()]
    children = []
    if len(groups) > 1:
        # Frozen, the collector leaves the objects the children share alone, so they do not copy the pages it would touch.
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


def deal(parts: tuple[FormatPart, ...], processes: int) -> list[tuple[FormatPart, ...]]:
    """`parts` in at most `processes` non-empty groups, each in the given order, the costliest first.

    Each library's parts start in one group (greatest cost first, each to the least loaded); then,
    while moving one part from the costliest group to another makes the costlier of the two cheaper
    than the costliest was, the best such move is made. A group's cost counts each library once.
    """
    count = max(1, min(processes, len(parts)))
    bundles: dict[str, list[FormatPart]] = {}
    for part in parts:
        bundles.setdefault(part.library.name if part.library else f"#{id(part)}", []).append(part)
    groups: list[list[FormatPart]] = [[] for _ in range(count)]
    for bundle in sorted(bundles.values(), key=_cost, reverse=True):
        min(groups, key=_cost).extend(bundle)
    while True:
        costliest = max(groups, key=_cost)
        moves = [
            (max(_cost([p for p in costliest if p is not part]), _cost([*other, part])), index, other)
            for index, part in enumerate(costliest)
            for other in groups
            if other is not costliest
        ]
        best = min(moves, key=lambda move: move[0], default=None)
        if best is None or best[0] >= _cost(costliest):
            break
        _, index, other = best
        other.append(costliest.pop(index))
    order = {id(part): index for index, part in enumerate(parts)}
    dealt = [tuple(sorted(group, key=lambda part: order[id(part)])) for group in groups if group]
    return sorted(dealt, key=_cost, reverse=True)


def _cost(group: Sequence[FormatPart]) -> float:
    libraries = {part.library.name: part.library.cost for part in group if part.library}
    return sum(part.cost for part in group) + sum(libraries.values())


def _render(document: Document, context: RenderContext, group: tuple[FormatPart, ...]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in group:
        files.update(part.render(document, context))
    return files


def _fork(document: Document, context: RenderContext, group: tuple[FormatPart, ...]) -> tuple[int, int]:
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
            outcome = RuntimeError(f"rendering {', '.join(name for part in group for name in part.files)} failed in a forked process:\n{traceback.format_exc()}")
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
