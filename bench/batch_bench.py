"""Whole-process batch builds of a synthetic corpus shaped like the seed: topics/s, peak memory, warm rebuild."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "india-japan.yaml"


def make_corpus(folder: Path, count: int, varied: bool = False) -> None:
    """`count` topics, each the seed with its own title (distinct bytes, same size and shape).

    `varied`: every label, text and table cell also has its letters shifted by the topic's number
    (a Caesar shift: the same lengths and figures, different words), so no topic repeats another's
    words and per-process caches of widths and measurements cannot flatter the figures."""
    seed = SEED.read_text(encoding="utf-8")
    data = yaml.safe_load(seed)
    for i in range(count):
        if varied:
            topic = _shifted(data, i % 25 + 1)
            topic["meta"]["title"] = f"Topic {i:03d}"
            text = yaml.safe_dump(topic, allow_unicode=True, sort_keys=False)
        else:
            text = seed.replace("India–Japan Relations", f"Topic {i:03d}", 1)
        (folder / f"topic-{i:03d}.yaml").write_text(text, encoding="utf-8")


_SHIFTED_KEYS = {"label", "text", "what", "note", "event"}


def _shifted(value: object, shift: int, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _shifted(v, shift, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, shift, key) for v in value]
    if isinstance(value, str) and key in _SHIFTED_KEYS:
        return "".join(_shift_letter(c, shift) for c in value)
    return value


def _shift_letter(char: str, shift: int) -> str:
    for first in ("a", "A"):
        if first <= char <= chr(ord(first) + 25):
            return chr(ord(first) + (ord(char) - ord(first) + shift) % 26)
    return char


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
    print(f"{'topics':>6} {'words':>7} {'jobs':>4} {'cold s':>8} {'topics/s':>9} {'peak MiB':>9} {'warm s':>7}")
    for count, varied in ((1, False), (10, False), (100, False), (100, True)):
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            content.mkdir()
            make_corpus(content, count, varied)
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}"
                cold, peak = run_build(content, out, jobs, ["--force"])
                warm, _ = run_build(content, out, jobs, [])
                words = "varied" if varied else "seed"
                print(f"{count:>6} {words:>7} {jobs:>4} {cold:>8.2f} {count / cold:>9.1f} {peak:>9.0f} {warm:>7.2f}")
    print("(words: seed = every topic has the seed's words; varied = each topic's letters shifted, see make_corpus)")
    print("(peak MiB: the largest resident set of any one process; it is per process, not summed over workers)")


if __name__ == "__main__":
    main()
