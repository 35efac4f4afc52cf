"""ijprint.build: atomic writes, failed builds leave earlier outputs intact, reproducible bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from ijprint.build import BuildOptions, build, find_content, parse_formats, write_output
from ijprint.release.output_names import check_collisions, safe_stem, topic_slug
from ijprint.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash, but for the quick up-to-date record: a local cache of file identities
    (mtimes, inodes), which no two builds share."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".manifest.quick"
    }


def test_every_public_name_of_the_build_package_is_its_module_s_own() -> None:
    import importlib

    import ijprint.build

    for name in ijprint.build.__all__:
        found = getattr(ijprint.build, name)
        assert found.__module__.startswith("ijprint.build."), name
        assert getattr(importlib.import_module(found.__module__), name) is found, name
    with pytest.raises(AttributeError):
        getattr(ijprint.build, "no_such_name")


def test_parse_formats_canonical_order_and_all() -> None:
    assert parse_formats("notes,mindmap") == ("mindmap", "notes")
    assert parse_formats("all") == ("mindmap", "notes", "facts", "handout", "worksheet")
    with pytest.raises(UsageError) as info:
        parse_formats("notes,poster")
    assert info.value.exit_code == 2 and "poster" in str(info.value)


def test_find_content_expands_folders_and_rejects_missing(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("x")
    (tmp_path / "a.yml").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    assert [p.name for p in find_content([tmp_path])] == ["a.yml", "b.yaml"]
    with pytest.raises(UsageError):
        find_content([tmp_path / "missing.yaml"])


def test_topic_slug_is_named_after_the_source_file() -> None:
    assert topic_slug(Path("content/india-japan.yaml")) == "india-japan"


def test_write_output_leaves_no_temporaries_and_shareable_modes(tmp_path: Path) -> None:
    written = write_output(tmp_path / "t", {"a.bin": b"1", "b.bin": b"22"})
    assert [p.name for p in written] == ["a.bin", "b.bin"]
    assert sorted(os.listdir(tmp_path / "t")) == ["a.bin", "b.bin"]
    umask = os.umask(0)
    os.umask(umask)
    assert {p.stat().st_mode & 0o777 for p in written} == {0o666 & ~umask}


def test_write_output_into_a_file_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    with pytest.raises(UsageError) as info:
        write_output(blocker / "topic", {"a.bin": b"1"})
    assert f"'{blocker}' is a file" in str(info.value)
    assert blocker.read_text() == "I am a file"


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path: Path, seed_path: Path) -> None:
    content = tmp_path / "topic.yaml"
    content.write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out)
    [good] = build([content], options)
    assert good.error is None and good.artifacts
    before = _snapshot(out)

    content.write_text(content.read_text(encoding="utf-8").replace("format: 1", "format: 1\nbogus: true", 1), encoding="utf-8")
    [bad] = build([content], options)
    assert bad.error is not None and "bogus" in bad.error
    assert _snapshot(out) == before
    assert (out / "manifest.json").is_file()


def test_render_failure_midway_writes_nothing(tmp_path: Path, seed_path: Path, replace_render: Callable[[str, object], None]) -> None:
    from ijprint.errors import ContentError

    def broken(*_args: object) -> dict[str, bytes]:
        raise ContentError("renderer refused", "x")

    replace_render("facts", broken)
    [result] = build([seed_path], BuildOptions(out_dir=tmp_path))
    assert result.error is not None
    assert not (tmp_path / "india-japan").exists()
    assert not (tmp_path / "manifest.json").exists()


def _subprocess_build(out: Path, epoch: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run(
        [sys.executable, "-m", "ijprint", "build", str(ROOT / "content"), "--out", str(out)],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    return _snapshot(out)


@pytest.mark.parametrize("epoch", [None, "1767225600"])
def test_separate_processes_give_identical_bytes(tmp_path: Path, epoch: str | None) -> None:
    first = _subprocess_build(tmp_path / "one", epoch)
    second = _subprocess_build(tmp_path / "two", epoch)
    assert first and first == second
    names = {Path(name).name for name in first}
    assert {"mindmap.pdf", "notes.docx", "facts.pdf", "facts.docx", "facts.csv"} <= names


@pytest.mark.parametrize(
    "title, stem",
    [
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("CON", "con-topic"),
        ("", "topic"),
        ("...", "topic"),
        ("भारत जापान संबंध", None),
        ("中日关系", "中日关系"),
    ],
)
def test_safe_stem_is_inside_the_folder_and_readable(title: str, stem: str | None) -> None:
    result = safe_stem(title)
    assert result and "/" not in result and "\\" not in result and not result.startswith(".")
    if stem is not None:
        assert result == stem
    else:
        assert any(ch.isalpha() for ch in result)


def test_sources_writing_the_same_folder_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        check_collisions([tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "sub" / "a.md"])
    assert "a.yaml" in str(info.value) and "a.md" in str(info.value)

