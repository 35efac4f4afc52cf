"""Up-to-date rebuilds: decided from the quick record without loading the style or the fonts, never
trusting it after anything it depends on changed, and starting no worker when nothing is stale."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
from pathlib import Path

import pytest

import ijprint.build.batch
from ijprint.build import BuildOptions, build, requested
from ijprint.release.quick_check import QUICK
from ijprint.release.verify import verify_outputs


def _rebuilt(results: list) -> list[bool]:
    return [any(artifact.rebuilt for artifact in result.artifacts) for result in results]


class FullCheck(Exception):
    """Raised where the build would load the style: only the quick record may answer."""


def _quick_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_options: BuildOptions) -> None:
        raise FullCheck

    monkeypatch.setattr(ijprint.build.batch, "resolve_style_options", refuse)


def test_an_up_to_date_rebuild_loads_no_style_and_reports_every_artifact(tmp_path: Path, topics: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    options = BuildOptions(out_dir=tmp_path / "out", formats=("notes", "facts"))
    first = build(topics, options)
    assert (tmp_path / "out" / QUICK).is_file()
    _quick_only(monkeypatch)
    second = build(topics, options)
    assert _rebuilt(second) == [False, False, False]
    assert [[(a.path, a.format, a.size) for a in r.artifacts] for r in second] == [[(a.path, a.format, a.size) for a in r.artifacts] for r in first]
    assert verify_outputs(tmp_path / "out") == (3 * sum(len(fmt.files) for fmt in requested(options)), [])


def test_a_changed_source_or_artifact_is_checked_in_full(tmp_path: Path, topics: list[Path]) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, formats=("notes",))
    build(topics, options)
    topics[0].write_bytes(topics[0].read_bytes() + b"\n# a comment changes the bytes\n")
    (out / "beta" / "notes.docx").write_bytes(b"tampered")
    gamma = out / "gamma" / "notes.docx"
    gamma.write_bytes(gamma.read_bytes())  # same bytes, new mtime: checked by hash, still up to date
    assert _rebuilt(build(topics, options)) == [True, True, False]
    assert verify_outputs(out) == (3 * len(requested(options)[0].files), [])


def test_a_record_for_other_options_or_a_changed_manifest_is_not_trusted(tmp_path: Path, topics: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("notes",)))
    _quick_only(monkeypatch)
    for options in (BuildOptions(out_dir=out, formats=("notes",), max_depth=2), BuildOptions(out_dir=out, formats=("notes", "facts"))):
        with pytest.raises(FullCheck):
            build(topics, options)
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(FullCheck):
        build(topics, BuildOptions(out_dir=out, formats=("notes",)))


def test_an_edited_style_file_rebuilds(tmp_path: Path, topics: list[Path]) -> None:
    style = tmp_path / "mine.yaml"
    style.write_text("extends: default\nsizes:\n  body: 10\n", encoding="utf-8")
    options = BuildOptions(out_dir=tmp_path / "out", formats=("notes",), style=str(style))
    build(topics, options)
    assert _rebuilt(build(topics, options)) == [False, False, False]
    style.write_text("extends: default\nsizes:\n  body: 11\n", encoding="utf-8")
    assert _rebuilt(build(topics, options)) == [True, True, True]


def test_jobs_start_no_workers_for_nothing_stale(tmp_path: Path, topics: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("notes",)))

    class NoPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("a worker pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    (out / QUICK).unlink()  # the full check, in this process
    assert _rebuilt(build(topics, BuildOptions(out_dir=out, formats=("notes",), jobs=2))) == [False, False, False]
    topics[2].write_bytes(topics[2].read_bytes() + b"\n")  # one stale topic: built here, no pool either
    assert _rebuilt(build(topics, BuildOptions(out_dir=out, formats=("notes",), jobs=2))) == [False, False, True]
    assert verify_outputs(out) == (3 * len(requested(BuildOptions(formats=("notes",)))[0].files), [])


def test_an_up_to_date_rebuild_imports_no_style_renderer_or_writer(tmp_path: Path, seed_path: Path) -> None:
    # ijprint.build imports each of its modules on first use: rendering and writing only once something is stale.
    command = [sys.executable, "-X", "importtime", "-m", "ijprint", "build", str(seed_path), "--format", "notes", "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    second = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
    assert "up to date" in second.stdout and "wrote" not in second.stdout
    loaded = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert {"ijprint.build.batch", "ijprint.build.up_to_date"} <= loaded
    heavy = {"yaml", "reportlab", "ijprint.style", "ijprint.fonts", "ijprint.build.rendering", "ijprint.build.writing", "ijprint.build.workers", "multiprocessing"}
    assert loaded.isdisjoint(heavy), sorted(loaded & heavy)


def test_pruning_reads_no_manifest_while_the_record_shows_every_source_there(tmp_path: Path, topics: list[Path]) -> None:
    from ijprint.build import prune_manifest
    from ijprint.release.quick_check import nothing_to_prune

    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("facts",)))
    assert nothing_to_prune(out)
    assert prune_manifest(out) == []
    gone = topics[0]
    gone.unlink()
    # The record cannot vouch for a deleted source: the manifest is read, and the topic's files go.
    assert not nothing_to_prune(out)
    removed = prune_manifest(out)
    assert removed and all(path.startswith(gone.stem + "/") for path in removed)
    assert not (out / gone.stem).exists() or not any((out / gone.stem).iterdir())
    assert verify_outputs(out)[1] == []


def test_a_manifest_changed_after_the_record_is_pruned_in_full(tmp_path: Path, topics: list[Path]) -> None:
    from ijprint.release.quick_check import nothing_to_prune

    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("facts",)))
    manifest = out / "manifest.json"
    manifest.write_bytes(manifest.read_bytes())
    assert not nothing_to_prune(out)
