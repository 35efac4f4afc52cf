"""build/forked.py: format parts shared among forked processes give the files one process gives, the
parts are dealt so a library loads in one process, and a child's error reaches the parent as the
same one-line error."""

from __future__ import annotations

import hashlib
import os

import pytest

from ijprint.build import BuildOptions, build
from ijprint.build.forked import deal, render_formats
from ijprint.errors import ContentError
from ijprint.render.registry import FormatPart, Library, OutputFormat, get_format

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _format(name: str, render, cost: float = 1.0) -> OutputFormat:  # type: ignore[no-untyped-def]
    return OutputFormat(name=name, summary=name, parts=(FormatPart((f"{name}.txt",), render, cost=cost),))


def _pid_format(name: str) -> OutputFormat:
    return _format(name, lambda document, context: {f"{name}.txt": str(os.getpid()).encode()})


def test_groups_are_rendered_in_other_processes_and_files_come_back_in_format_order() -> None:
    wanted = tuple(_format(name, lambda document, context, name=name: {f"{name}.txt": str(os.getpid()).encode()}, cost) for name, cost in (("a", 2), ("b", 3), ("c", 1)))
    files = render_formats(None, None, wanted, processes=2)  # type: ignore[arg-type]
    assert list(files) == ["a.txt", "b.txt", "c.txt"]
    # Balanced by cost: the costliest group (b) here, a and c in the one child.
    assert files["b.txt"] == str(os.getpid()).encode()
    assert files["a.txt"] == files["c.txt"] != files["b.txt"]


def _part(name: str, cost: float, library: Library | None = None) -> FormatPart:
    return FormatPart((name,), lambda document, context: {}, cost=cost, library=library)


def _costs(groups: list[tuple[FormatPart, ...]]) -> list[float]:
    return [sum(part.cost for part in group) + sum({part.library.name: part.library.cost for part in group if part.library}.values()) for group in groups]


def test_a_library_loads_in_one_process_when_splitting_its_parts_would_cost_more() -> None:
    docx = Library("docx", 100.0, warm_up=lambda: None)
    parts = (_part("map", 95), _part("notes.docx", 15, docx), _part("notes.pdf", 70), _part("facts.pdf", 25), _part("facts.docx", 8, docx), _part("facts.csv", 1))
    groups = deal(parts, 2)
    assert sorted(name for group in groups for part in group for name in part.files) == sorted(name for part in parts for name in part.files)
    [with_docx] = [group for group in groups if any(part.library for part in group)]
    assert {part.files[0] for part in with_docx if part.library} == {"notes.docx", "facts.docx"}
    # Dealt by cost, the costlier group is cheaper than all the parts in one process and than round-robin.
    assert max(_costs(groups)) < min(_costs([parts])[0], max(_costs([parts[0::2], parts[1::2]])))
    assert _costs(groups) == sorted(_costs(groups), reverse=True)
    for group in groups:  # each group keeps the formats' order
        assert list(group) == [part for part in parts if part in group]


def test_a_library_is_split_when_its_parts_outweigh_loading_it_twice() -> None:
    docx = Library("docx", 10.0, warm_up=lambda: None)
    groups = deal((_part("a.docx", 100, docx), _part("b.docx", 100, docx)), 2)
    assert sorted([part.files for part in group] for group in groups) == [[("a.docx",)], [("b.docx",)]]


def test_never_more_groups_than_parts_or_processes() -> None:
    parts = tuple(_part(f"{n}.pdf", n + 1) for n in range(3))
    assert len(deal(parts, 8)) == 3
    assert deal(parts, 1) == [parts]
    assert deal((), 4) == []


def test_the_seed_formats_are_dealt_with_both_docx_in_one_process() -> None:
    parts = tuple(part for name in ("mindmap", "notes", "facts") for part in get_format(name).parts)
    groups = deal(parts, 2)
    assert len(groups) == 2
    assert sum(1 for group in groups if any(name.endswith(".docx") for part in group for name in part.files)) == 1


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


def test_no_formats_render_no_files() -> None:
    assert render_formats(None, None, (), processes=2) == {}  # type: ignore[arg-type]
