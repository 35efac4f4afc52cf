"""Command-line mistakes: exit status 2, one line saying what to do, nothing written, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "india-japan.yaml"


def _file_as_out(tmp: Path) -> list[str]:
    blocker = tmp / "blocker"
    blocker.write_text("a file, not a folder")
    return ["build", str(SEED), "--format", "notes", "--out", str(blocker)]


CASES = {
    "no-such-content": lambda tmp: ["build", str(tmp / "missing.yaml")],
    "no-such-folder": lambda tmp: ["check", str(tmp / "missing")],
    "empty-folder": lambda tmp: ["build", str(tmp), "--out", str(tmp / "out")],
    "unknown-extension": lambda tmp: ["build", str(_touch(tmp / "notes.txt"))],
    "unknown-format": lambda tmp: ["build", str(SEED), "--format", "poster"],
    "unknown-style": lambda tmp: ["build", str(SEED), "--style", "neon"],
    "style-path-missing": lambda tmp: ["build", str(SEED), "--style", str(tmp / "none.yaml")],
    "bad-paper": lambda tmp: ["build", str(SEED), "--paper", "A5"],
    "bad-max-depth": lambda tmp: ["build", str(SEED), "--max-depth", "zero"],
    "bad-shard-form": lambda tmp: ["build", str(SEED), "--shard", "half"],
    "bad-shard-range": lambda tmp: ["build", str(SEED), "--shard", "3/2"],
    "bad-jobs": lambda tmp: ["build", str(SEED), "--jobs", "0"],
    "out-is-a-file": _file_as_out,
    "out-under-a-file": lambda tmp: ["build", str(SEED), "--format", "notes", "--out", "/proc/version/out"],
    "verify-without-manifest": lambda tmp: ["verify", "--out", str(tmp)],
    "import-missing-source": lambda tmp: ["import", str(tmp / "missing.md"), "-o", str(tmp / "x.yaml")],
    "import-target-not-yaml": lambda tmp: ["import", str(SEED), "-o", str(tmp / "x.txt")],
    "bad-source-date-epoch": lambda tmp: ["build", str(SEED), "--format", "notes", "--out", str(tmp / "out")],
    "source-date-epoch-beyond-2107": lambda tmp: ["build", str(SEED), "--format", "notes", "--out", str(tmp / "out")],
    "import-would-overwrite": lambda tmp: ["import", str(SEED), "-o", str(_touch(tmp / "existing.yaml"))],
    "unknown-command": lambda tmp: ["frobnicate"],
    # Special files are refused at once, saying what they are: reading a FIFO would block forever.
    "build-a-fifo": lambda tmp: ["build", str(_fifo(tmp / "topic.yaml")), "--out", str(tmp / "out")],
    "check-a-fifo": lambda tmp: ["check", str(_fifo(tmp / "topic.yaml"))],
    "build-dev-null": lambda tmp: ["build", "/dev/null", "--out", str(tmp / "out")],
    "import-a-fifo": lambda tmp: ["import", str(_fifo(tmp / "notes.md")), "-o", str(tmp / "x.yaml")],
    "import-a-folder": lambda tmp: ["import", str(_folder(tmp / "notes.md")), "-o", str(tmp / "x.yaml")],
    "style-is-a-fifo": lambda tmp: ["check", str(SEED), "--style", str(_fifo(tmp / "s.yaml"))],
    "style-is-a-folder": lambda tmp: ["check", str(SEED), "--style", str(_folder(tmp / "s.yaml"))],
    # A style must be a .yaml file: /etc/passwd is never read, so nothing of it can be printed.
    "style-etc-passwd": lambda tmp: ["check", str(SEED), "--style", "/etc/passwd"],
    "style-etc-shadow": lambda tmp: ["check", str(SEED), "--style", "/etc/shadow"],
    "unknown-option": lambda tmp: ["build", "--colour"],
}


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _touch(path: Path) -> Path:
    path.write_text("some notes")
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_usage_mistake_exits_2_with_one_line(name: str, tmp_path: Path) -> None:
    args = CASES[name](tmp_path)
    # PYTHONPATH names this checkout's code: a bare environment would run whichever ijprint is installed.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "PYTHONPATH": str(ROOT / "src")}
    if name == "bad-source-date-epoch":
        env["SOURCE_DATE_EPOCH"] = "last tuesday"
    if name == "source-date-epoch-beyond-2107":
        env["SOURCE_DATE_EPOCH"] = "5000000000"
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = subprocess.run([sys.executable, "-m", "ijprint", *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message at all"
    assert len([line for line in lines if line.lower().startswith(("error", "usage"))]) >= 1
    assert "root:" not in result.stdout + result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
