"""The example CI workflow stays valid YAML, and its build step, run for real in every shard, passes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_workflow_parses_and_builds_verifies_and_publishes() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "documents.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "ijprint build" in commands and "ijprint verify" in commands and "SOURCE_DATE_EPOCH" in commands
    assert workflow["jobs"]["release"]["if"].startswith("startsWith(github.ref, 'refs/tags/')")
    release = "\n".join(step.get("run", "") for step in workflow["jobs"]["release"]["steps"])
    assert '${topic}-$(basename' in release, "assets of different topics must not share a name"
    shards = workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    assert sorted(shards) == ["1/2", "2/2"]


def _build_step() -> str:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "documents.yml").read_text(encoding="utf-8"))
    return next(step["run"] for step in workflow["jobs"]["build"]["steps"] if "ijprint build" in step.get("run", ""))


def test_docs_show_the_commands_the_workflow_runs() -> None:
    documented = re.search(r"```sh\n(.*?)```", (ROOT / "docs" / "ci.md").read_text(encoding="utf-8"), re.DOTALL)
    assert documented
    commands = [line.split("#")[0].strip() for line in documented.group(1).splitlines() if line.startswith(("ijprint", "export"))]
    step = _build_step().replace('"${{ matrix.shard }}"', "1/2")
    assert commands and all(command in step for command in commands), commands


@pytest.mark.skipif(shutil.which("git") is None, reason="the step reads the commit time with git")
@pytest.mark.parametrize("topics", [1, 3])
def test_every_shard_of_the_build_step_passes_end_to_end(tmp_path: Path, topics: int) -> None:
    """The step as the workflow runs it (bash -e), in a repository with `topics` topics, once per shard:
    with one topic one shard is empty, and it must still leave a manifest that `ijprint verify` accepts."""
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    seed = (ROOT / "content" / "india-japan.yaml").read_text(encoding="utf-8")
    for index in range(topics):
        (repo / "content" / f"topic-{index}.yaml").write_text(seed, encoding="utf-8")
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env = {**os.environ, **git, "PYTHONPATH": str(ROOT / "src")}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "topics"]):
        subprocess.run(command, cwd=repo, env=env, check=True)
    # `ijprint` on PATH is this checkout's code, as `pip install .` makes it in the workflow.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "ijprint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ijprint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    built = 0
    for shard in ("1/2", "2/2"):
        folder = repo / shard.replace("/", "-")
        folder.mkdir()
        subprocess.run(["git", "clone", "-q", str(repo), str(folder / "checkout")], env=env, check=True)
        step = _build_step().replace("${{ matrix.shard }}", shard)
        result = subprocess.run(["bash", "-e", "-c", step], cwd=folder / "checkout", env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        manifest = yaml.safe_load((folder / "checkout" / "output" / "manifest.json").read_text(encoding="utf-8"))
        built += len({entry["source"] for entry in manifest["artifacts"]})
        assert re.search(r"^\d+ artifact\(s\) verified$", result.stdout, re.MULTILINE), result.stdout
    assert built == topics  # the shards together build every topic exactly once
