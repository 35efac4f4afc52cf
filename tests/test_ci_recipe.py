"""The example CI workflow stays valid YAML and runs the documented commands."""

from __future__ import annotations

from pathlib import Path

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
