"""Manifest, verify, incremental rebuilds, parallel jobs and shards, measured on real builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ijprint.build import BuildOptions, build
from ijprint.release.output_names import in_shard, parse_shard
from ijprint.errors import UsageError
from ijprint.release.manifest import sha256_bytes
from ijprint.release.verify import verify_outputs
from ijprint.render.registry import formats, get_format

# The files one topic's `notes` build writes (notes.docx and notes.pdf).
NOTES = get_format("notes").files
ALL_FILES = len([file for fmt in formats() for file in fmt.files])


def test_manifest_lists_exactly_the_artifacts_and_their_hashes(tmp_path: Path, topics: list[Path]) -> None:
    out = tmp_path / "out"
    results = build(topics, BuildOptions(out_dir=out, formats=("notes",)))
    assert all(result.error is None for result in results)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {str(p.relative_to(out)): sha256_bytes(p.read_bytes()) for p in out.rglob("*") if p.name in NOTES}
    assert {item["path"]: item["sha256"] for item in manifest["artifacts"]} == on_disk
    assert {item["format"] for item in manifest["artifacts"]} == {"notes"}
    assert manifest["ijprint"]


def test_second_build_is_up_to_date_and_force_rebuilds(tmp_path: Path, topics: list[Path]) -> None:
    options = BuildOptions(out_dir=tmp_path / "out", formats=("notes",))
    first = build(topics, options)
    assert all(artifact.rebuilt for result in first for artifact in result.artifacts)
    second = build(topics, options)
    assert not any(artifact.rebuilt for result in second for artifact in result.artifacts)
    topics[1].write_bytes(topics[1].read_bytes().replace(b"beta", b"beta changed", 1))
    third = build(topics, options)
    assert [any(a.rebuilt for a in result.artifacts) for result in third] == [False, True, False]
    forced = build(topics, BuildOptions(out_dir=tmp_path / "out", formats=("notes",), force=True))
    assert all(artifact.rebuilt for result in forced for artifact in result.artifacts)


def test_verify_finds_missing_changed_and_stale(tmp_path: Path, topics: list[Path]) -> None:
    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("notes",)))
    checked, problems = verify_outputs(out)
    assert checked == 3 * len(NOTES) and problems == []
    (out / "alpha" / "notes.docx").unlink()
    (out / "beta" / "notes.docx").write_bytes(b"tampered")
    topics[2].write_bytes(topics[2].read_bytes() + b"\n# edited\n")
    _, problems = verify_outputs(out)
    assert {(p.path, p.kind) for p in problems} == {
        ("alpha/notes.docx", "missing"),
        ("beta/notes.docx", "changed"),
        *((f"gamma/{file}", "stale") for file in NOTES),
    }


def test_verify_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        verify_outputs(tmp_path)


def test_parallel_jobs_give_the_same_bytes_as_serial(tmp_path: Path, topics: list[Path]) -> None:
    serial = build(topics, BuildOptions(out_dir=tmp_path / "one", jobs=1))
    parallel = build(topics, BuildOptions(out_dir=tmp_path / "two", jobs=2))
    assert [r.error for r in serial] == [r.error for r in parallel] == [None, None, None]
    one = {str(p.relative_to(tmp_path / "one")): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file() and not p.name.startswith(".")}
    two = {str(p.relative_to(tmp_path / "two")): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert one == two and len(one) == 3 * ALL_FILES + 1


def test_shards_cover_every_topic_exactly_once() -> None:
    names = [Path(f"content/topic-{i:03d}.yaml") for i in range(200)]
    for count in (1, 2, 3, 7):
        shards = [[n for n in names if in_shard(n, index, count)] for index in range(1, count + 1)]
        assert sorted(n for shard in shards for n in shard) == names
        if count > 1:
            assert all(shard for shard in shards)


@pytest.mark.parametrize("bad", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_shard(bad)


def test_concurrent_builds_of_one_folder_leave_whole_files_and_a_valid_manifest(tmp_path: Path, topics: list[Path]) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"
    command = [sys.executable, "-m", "ijprint", "build", str(topics[0].parent), "--out", str(out), "--force", "--jobs", "1", "--format", "notes,facts"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    checked, problems = verify_outputs(out)
    assert checked == 3 * (len(NOTES) + len(get_format("facts").files)) and problems == []
    assert not [p for p in out.rglob("*.tmp")]


def test_broken_content_keeps_artifacts_and_manifest_and_verify_tells_the_truth(tmp_path: Path, seed_path: Path) -> None:
    """A failed build changes nothing; verify passes before, reports the edited source as stale, and
    passes again once the source is restored."""
    import subprocess
    import sys

    content = tmp_path / "content"
    content.mkdir()
    topic = content / "india-japan.yaml"
    topic.write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"

    def ijprint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ijprint", *args], capture_output=True, text=True, cwd=tmp_path)

    assert ijprint("build", str(content), "--out", str(out)).returncode == 0
    assert ijprint("verify", "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}

    topic.write_text(seed_path.read_text(encoding="utf-8").replace("  - label:", "  - lable:", 1), encoding="utf-8")
    failed = ijprint("build", str(content), "--out", str(out))
    assert failed.returncode == 1 and "lable" in failed.stderr and "Traceback" not in failed.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")} == before
    stale = ijprint("verify", "--out", str(out))
    assert stale.returncode == 1 and "stale" in stale.stderr

    topic.write_bytes(seed_path.read_bytes())
    assert ijprint("verify", "--out", str(out)).returncode == 0


def test_manifest_paths_are_relative_to_the_output_folder_so_verify_works_from_anywhere(tmp_path: Path, topics: list[Path]) -> None:
    import os

    out = tmp_path / "out"
    build(topics[:1], BuildOptions(out_dir=out, formats=("notes",)))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(not item["source"].startswith("/") and not item["path"].startswith("/") for item in manifest["artifacts"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = os.getcwd()
    os.chdir(elsewhere)
    try:
        assert verify_outputs(Path("..") / "out") == (len(NOTES), [])
    finally:
        os.chdir(before)


def test_a_deleted_topic_is_pruned_with_its_files(tmp_path: Path, topics: list[Path]) -> None:
    from ijprint.build import prune_manifest

    out = tmp_path / "out"
    build(topics, BuildOptions(out_dir=out, formats=("notes",)))
    topics[0].unlink()
    assert verify_outputs(out)[1]  # its artifacts are now stale
    assert prune_manifest(out) == [f"alpha/{file}" for file in NOTES]
    assert not [file for file in NOTES if (out / "alpha" / file).exists()]
    assert verify_outputs(out) == (2 * len(NOTES), [])


def test_a_failing_topic_leaves_the_others_recorded_and_verified(tmp_path: Path, topics: list[Path]) -> None:
    out = tmp_path / "out"
    topics[1].write_text(topics[1].read_text(encoding="utf-8").replace("  - label:", "  - lable:", 1), encoding="utf-8")
    results = build(topics, BuildOptions(out_dir=out, formats=("notes",), jobs=2))
    assert [result.error is None for result in results] == [True, False, True]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(item["path"] for item in manifest["artifacts"]) == sorted(f"{topic}/{file}" for topic in ("alpha", "gamma") for file in NOTES)
    assert verify_outputs(out) == (2 * len(NOTES), [])


def test_an_interrupted_build_records_the_topics_it_finished(tmp_path: Path, topics: list[Path]) -> None:
    """Stopping a build (Ctrl-C in the CLI closes the generator) still writes the manifest for every
    topic whose files were written, so verify and the next incremental build agree with the disk."""
    from ijprint.build import build_iter

    out = tmp_path / "out"
    running = build_iter(topics, BuildOptions(out_dir=out, formats=("notes",)))
    first = next(running)
    running.close()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [item["path"] for item in manifest["artifacts"]] == [f"{first.source.stem}/{file}" for file in NOTES]
    assert verify_outputs(out) == (len(NOTES), [])
    again = build(topics, BuildOptions(out_dir=out, formats=("notes",)))
    assert [all(artifact.rebuilt for artifact in result.artifacts) for result in again] == [False, True, True]
    assert not any(artifact.rebuilt for artifact in again[0].artifacts)


def test_stopping_a_parallel_build_drops_the_topics_not_yet_started(tmp_path: Path, seed_path: Path) -> None:
    from ijprint.build import build_iter

    content = tmp_path / "content"
    content.mkdir()
    sources = []
    for i in range(40):
        path = content / f"topic-{i:02d}.yaml"
        path.write_bytes(seed_path.read_bytes())
        sources.append(path)
    out = tmp_path / "out"
    running = build_iter(sources, BuildOptions(out_dir=out, formats=("notes",), jobs=2))
    next(running)
    running.close()
    built = sorted(path.parent.name for path in out.glob("*/notes.docx"))
    # The topics finished or running when the build was stopped, not all forty.
    assert 1 <= len(built) < 40
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(item["path"].split("/")[0] for item in manifest["artifacts"]) == sorted(built * len(NOTES))
    assert verify_outputs(out) == (len(built) * len(NOTES), [])


def test_a_killed_build_leaves_a_manifest_that_matches_the_disk(tmp_path: Path, seed_path: Path) -> None:
    """SIGKILL (a CI job cancelled after its grace period) runs no cleanup: every topic written before
    the kill must still be recorded. Only the one topic whose files were being renamed into place at
    that instant (the writes are serialised by the lock) may differ from the manifest; the next
    build rebuilds it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    # Enough topics that the kill, at the first journal entry, lands with most still to build.
    topics = 12
    content = tmp_path / "content"
    content.mkdir()
    seed = seed_path.read_text(encoding="utf-8")
    for i in range(topics):
        (content / f"topic-{i:02d}.yaml").write_text(seed, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ijprint", "build", str(content), "--out", str(out), "--format", "notes", "--jobs", "2"]
    subprocess.run(command, check=True, capture_output=True)
    for i in range(topics):
        (content / f"topic-{i:02d}.yaml").write_text(seed.replace("India–Japan Relations", f"Topic {i}", 1), encoding="utf-8")
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / ".manifest.journal").exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    checked, problems = verify_outputs(out)
    assert checked == topics * len(NOTES)
    assert {problem.kind for problem in problems} <= {"stale", "changed"}
    assert len({problem.path.split("/")[0] for problem in problems if problem.kind == "changed"}) <= 1
    stale = {problem.path.split("/")[0] for problem in problems if problem.kind == "stale"}
    assert len(stale) < topics, "the kill came before any topic was rebuilt; the test proved nothing"
    subprocess.run(command, check=True, capture_output=True)
    assert verify_outputs(out) == (topics * len(NOTES), [])
