"""One topic with a core to spare renders its formats in two processes: the same bytes, and a failure in
the child is the same one-line content error as without the split."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from ijprint.build import BuildOptions, build
from ijprint.errors import ContentError
from ijprint.render import split_render


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file() and not path.name.startswith(".")}


def test_two_processes_write_the_same_bytes_as_one(tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(split_render.os, "fork", counted_fork)
    [one] = build([seed_path], BuildOptions(out_dir=tmp_path / "one", jobs=1))
    assert forks == []
    [two] = build([seed_path], BuildOptions(out_dir=tmp_path / "two", jobs=2))
    assert len(forks) == 1
    assert one.error is None and two.error is None
    assert [artifact.path.name for artifact in one.artifacts] == [artifact.path.name for artifact in two.artifacts]
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert len(_files(tmp_path / "two")) == 5 + 1  # every artifact and the manifest


def test_a_renderer_failing_in_the_child_fails_the_topic_cleanly(tmp_path: Path, seed_path: Path, replace_render: Callable[[str, object], None]) -> None:
    def broken(document: object, context: object) -> dict[str, bytes]:
        raise ContentError("renderer refused", "x")

    replace_render("facts", broken)  # the last format: rendered by the child
    [result] = build([seed_path], BuildOptions(out_dir=tmp_path, jobs=2))
    assert result.error is not None and "renderer refused" in result.error
    assert not (tmp_path / "india-japan").exists()
