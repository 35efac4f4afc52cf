"""A path -> what kind of file it is, and a regular file's bytes; FIFOs, sockets and devices are refused
before anything opens them for reading (opening a FIFO blocks until a writer comes, a device never ends)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ijprint.errors import ContentError, UsageError

REGULAR = "a regular file"
FOLDER = "a folder"
MISSING = "missing"
_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(path: Path) -> str:
    """REGULAR, FOLDER, MISSING or what else the path is (through symbolic links), e.g. 'a FIFO (named pipe)'."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if path.is_symlink() else MISSING
    except NotADirectoryError:
        return MISSING
    except OSError as exc:
        return f"unreachable ({exc.strerror or exc})"
    return _kind_of_mode(mode)


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISREG(mode):
        return REGULAR
    if stat.S_ISDIR(mode):
        return FOLDER
    return next((name for test, name in _SPECIAL if test(mode)), "a special file")


def refuse_special(path: Path, hint: str, folder_ok: bool = True) -> None:
    """A usage error at once when a path named on the command line exists but is not a regular file
    (nor a folder, when `folder_ok`); a symbolic link counts as what it points to."""
    kind = file_kind(path)
    if kind not in (REGULAR, MISSING) and not (folder_ok and kind == FOLDER):
        raise UsageError(f"'{path}' is {kind}, not a regular file", hint)


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of a regular file; anything else is a ContentError saying what it is.

    The file is opened without blocking and checked on the open descriptor, so a FIFO put in place
    after a first look still cannot stall the build.
    """
    file = str(path)
    kind = file_kind(path)
    if kind == MISSING:
        raise ContentError("file not found", file, hint="check the path and the file name")
    if kind == FOLDER:
        raise ContentError("is a folder, not a file", file, hint="name a file inside it")
    if kind != REGULAR:
        raise ContentError(f"not a regular file: it is {kind}", file, hint="name a regular file")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise ContentError("permission denied", file, hint="make the file readable") from None
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror or exc}", file, hint="check that it is a regular, readable file") from None
    with os.fdopen(descriptor, "rb") as handle:
        kind = _kind_of_mode(os.fstat(descriptor).st_mode)
        if kind != REGULAR:
            raise ContentError(f"not a regular file: it is {kind}", file, hint="name a regular file")
        try:
            return handle.read(limit + 1)
        except OSError as exc:
            raise ContentError(f"cannot read file: {exc.strerror or exc}", file, hint="check that it is a regular, readable file") from None
