"""build/forked.py: formats shared among forked processes give the files one process gives, and a
child's error reaches the parent as the same one-line error."""

from __future__ import annotations

import hashlib
import os

import pytest

from ijprint.build import BuildOptions, build
from ijprint.build.forked import render_formats
from ijprint.errors import ContentError
from ijprint.render.registry import OutputFormat

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _format(name: str, render) -> OutputFormat:  # type: ignore[no-untyped-def]
    return OutputFormat(name=name, files=(f"{name}.txt",), summary=name, render=render)


def _pid_format(name: str) -> OutputFormat:
    return _format(name, lambda document, context: {f"{name}.txt": str(os.getpid()).encode()})


def test_groups_are_rendered_in_other_processes_and_files_come_back_in_format_order() -> None:
    wanted = tuple(_pid_format(name) for name in ("a", "b", "c"))
    files = render_formats(None, None, wanted, processes=2)  # type: ignore[arg-type]
    assert list(files) == ["a.txt", "b.txt", "c.txt"]
    # Round-robin: a and c here, b in the one child.
    assert files["a.txt"] == files["c.txt"] == str(os.getpid()).encode()
    assert files["b.txt"] != files["a.txt"]


def test_one_process_renders_everything_here() -> None:
    files = render_formats(None, None, (_pid_format("a"), _pid_format("b")), processes=1)  # type: ignore[arg-type]
    assert set(files.values()) == {str(os.getpid()).encode()}


def _fails(document, context):  # type: ignore[no-untyped-def]
    raise ContentError("the map does not fit", None, 4, 2, path="sections[1].label", hint="shorten it")


def test_a_content_error_in_a_child_is_the_same_error_here_and_can_still_be_named() -> None:
    with pytest.raises(ContentError) as raised:
        render_formats(None, None, (_pid_format("a"), _format("b", _fails)), processes=2)  # type: ignore[arg-type]
    error = raised.value
    assert error.file is None and error.line == 4 and error.path == "sections[1].label"
    error.file = "topic.yaml"
    assert error.one_line() == "topic.yaml:4:2: sections[1].label: the map does not fit (shorten it)"


def test_a_defect_in_a_child_comes_back_with_its_traceback() -> None:
    def broken(document, context):  # type: ignore[no-untyped-def]
        raise ValueError("bug in a renderer")

    with pytest.raises(RuntimeError, match="(?s)failed in a forked process.*ValueError: bug in a renderer"):
        render_formats(None, None, (_pid_format("a"), _format("b", broken)), processes=2)  # type: ignore[arg-type]


def test_a_child_that_dies_is_an_error_not_missing_files() -> None:
    with pytest.raises(RuntimeError, match="ended without sending its files"):
        render_formats(None, None, (_pid_format("a"), _format("b", lambda document, context: os._exit(3))), processes=2)  # type: ignore[arg-type]


def _digests(folder) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every artifact and the manifest; not the quick record, which holds this folder's stat() times."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.rglob("*")) if path.is_file() and path.name != ".manifest.quick"}


def test_one_topic_built_with_three_jobs_gives_the_bytes_one_job_gives(seed_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    formats = ("mindmap", "notes", "facts", "handout", "worksheet")
    for jobs in (1, 3):
        [result] = build([seed_path], BuildOptions(formats=formats, out_dir=tmp_path / str(jobs), jobs=jobs, source_date_epoch=0))
        assert result.error is None and len(result.artifacts) == 9
    assert _digests(tmp_path / "1") == _digests(tmp_path / "3")
