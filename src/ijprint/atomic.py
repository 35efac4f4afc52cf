"""Bytes -> files on disk, all or nothing: write to a temporary sibling, then rename into place.

mkstemp creates files readable by the owner only; outputs are meant to be shared (a teacher's drive,
a web server), so every file gets the mode a plain `open()` would give under the current umask.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary sibling, then rename each into place; no temporaries survive.

    Raises OSError when the folder cannot be created or written; the caller words the message.
    """
    folder.mkdir(parents=True, exist_ok=True)
    temps: dict[str, str] = {}
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            temps[name] = temp
            with os.fdopen(handle, "wb") as out:
                os.fchmod(out.fileno(), _FILE_MODE)
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        for name, temp in temps.items():
            os.replace(temp, folder / name)
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)
    return [folder / name for name in files]


def write_file(path: Path, data: bytes) -> Path:
    return write_files(path.parent, {path.name: data})[0]
