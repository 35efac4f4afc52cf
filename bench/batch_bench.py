"""Whole-process batch builds of a synthetic corpus shaped like the seed: topics/s, peak memory, warm rebuild."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "india-japan.yaml"


def make_corpus(folder: Path, count: int) -> None:
    """`count` topics, each the seed with its own title (distinct bytes, same size and shape)."""
    seed = SEED.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"topic-{i:03d}.yaml").write_text(seed.replace("India–Japan Relations", f"Topic {i:03d}", 1), encoding="utf-8")


# Each build runs under its own small parent, whose RUSAGE_CHILDREN peak then covers that build alone
# (the largest of the ijprint process and its workers), not every child this benchmark ever ran.
_MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_build(content: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB of the largest process in the build)."""
    command = [sys.executable, "-m", "ijprint", "build", str(content), "--out", str(out), "--jobs", str(jobs), *extra]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, int(result.stdout.strip()) / 1024


def main() -> None:
    print("== batch builds (whole process, all formats, synthetic topics shaped like the seed)")
    print(f"{'topics':>6} {'jobs':>4} {'cold s':>8} {'topics/s':>9} {'peak MiB':>9} {'warm s':>7}")
    for count in (1, 10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            content.mkdir()
            make_corpus(content, count)
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}"
                cold, peak = run_build(content, out, jobs, ["--force"])
                warm, _ = run_build(content, out, jobs, [])
                print(f"{count:>6} {jobs:>4} {cold:>8.2f} {count / cold:>9.1f} {peak:>9.0f} {warm:>7.2f}")
    print("(peak MiB: the largest resident set of any one process; it is per process, not summed over workers)")


if __name__ == "__main__":
    main()
