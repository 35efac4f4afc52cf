"""Bytes -> files on disk, all or nothing: write to a temporary sibling, then rename into place.

mkstemp creates files readable by the owner only; outputs are meant to be shared (a teacher's drive,
a web server), so every file gets the mode a plain `open()` would give under the current umask.
"""

from __future__ import annotations

import os
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
    staged = stage_files(folder, files)
    try:
        return commit_files(folder, staged)
    finally:
        discard(staged)


def stage_files(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    """The slow half of write_files, which needs no lock: each file written to a temporary sibling and
    on disk (fsync). Returns name -> temporary path; commit_files renames them into place, discard
    removes what is left. Raises OSError like write_files, leaving no temporaries."""
    import tempfile  # with shutil and the compressors it pulls in: not needed by a rebuild that writes nothing

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
    except BaseException:
        discard(temps)
        raise
    return temps


def commit_files(folder: Path, staged: dict[str, str]) -> list[Path]:
    """Rename staged files into place (each rename is atomic); the quick half of write_files."""
    for name, temp in staged.items():
        os.replace(temp, folder / name)
    return [folder / name for name in staged]


def discard(staged: dict[str, str]) -> None:
    """Remove the staged temporaries that were not renamed into place."""
    for temp in staged.values():
        if os.path.exists(temp):
            os.unlink(temp)


def write_file(path: Path, data: bytes) -> Path:
    return write_files(path.parent, {path.name: data})[0]
