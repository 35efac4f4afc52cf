"""`make bench` (or `.venv/bin/python bench/run.py`): every row of issue 17's table, ijprint side by side with the reference in the same run; asserts nothing.

Each row times two commands in pairs (A then B, then B then A, ...) and reports the median of each and
the median of the per-pair ratios, so the ratios hold while the machine is busy. The peer rows time
the pipeline a teacher would otherwise script (bench/peer_pipeline.py: pandoc notes, `dot -Tpdf` map,
pandoc facts) and are skipped, with a note, when pandoc or Graphviz is missing. Options:
`--repeat N` pairs per row (default 5; the 100-topic cold rows use fewer), `--make-test` also times
the test suite, `--details` then runs the older per-part benchmarks (layout, fact tables, batches),
`--layout-only` prints only the map layout rows.
"""

from __future__ import annotations

import argparse
import compileall
import os
import runpy
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

import peer_pipeline  # noqa: E402
from batch_bench import make_corpus  # noqa: E402

SEED = ROOT / "content" / "india-japan.yaml"
IJPRINT = [sys.executable, "-m", "ijprint"]
# The formats the peer pipeline also makes (notes, map, facts): issue 17's one-topic and batch rows.
PEER_FORMATS = ["--format", "mindmap,notes,facts"]


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env)


def timed(action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    action()
    return clock() - start


def paired(first: Callable[[], object], second: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter) -> tuple[float, float, float]:
    """(median seconds of `first`, of `second`, median of the per-pair ratios first/second)."""
    a, b, ratios = [], [], []
    for index in range(repeat):
        if index % 2:
            tb, ta = timed(second, clock), timed(first, clock)
        else:
            ta, tb = timed(first, clock), timed(second, clock)
        a.append(ta)
        b.append(tb)
        ratios.append(ta / tb)
    return median(a), median(b), median(ratios)


class Table:
    def __init__(self) -> None:
        print(f"{'measure':<58} {'ijprint':>9} {'reference':>10} {'ratio':>7}  {'target':<10} met")

    def row(self, label: str, ours: float | None, theirs: float | None, ratio: float | None, target: str, met: bool | None, unit: str = "s") -> None:
        shown = [f"{value:.3f} {unit}" if value is not None else "-" for value in (ours, theirs)]
        ratio_text = f"{ratio:.2f}x" if ratio is not None else "-"
        verdict = "-" if met is None else ("yes" if met else "NO")
        print(f"{label:<58} {shown[0]:>9} {shown[1]:>10} {ratio_text:>7}  {target:<10} {verdict}", flush=True)

    def note(self, text: str) -> None:
        print(f"  ({text})", flush=True)


def start_up(table: Table, repeat: int) -> float:
    version, click, ratio = paired(lambda: run([*IJPRINT, "--version"]), lambda: run([sys.executable, "-c", "import click"]), repeat * 2)
    table.row("`ijprint --version` vs `python -c 'import click'`", version, click, ratio, "<= 1.5x", ratio <= 1.5)
    return version


def one_topic(table: Table, work: Path, repeat: int, peer: bool) -> None:
    out = work / "one"
    # As a user runs it: the default --jobs (every core), which a lone topic spends on its formats.
    build = [*IJPRINT, "build", str(SEED), *PEER_FORMATS, "--out", str(out), "--force"]
    if not peer:
        ours = median(timed(lambda: run(build)) for _ in range(repeat))
        table.row("one topic, map + notes + facts, whole process", ours, None, None, "<= 1.5x", None)
        return
    commands = peer_pipeline.prepare(SEED, work / "peer-one")
    ours, theirs, ratio = paired(lambda: run(build), lambda: [run(command) for command in commands], repeat * 2)
    table.row("one topic, map + notes + facts vs pandoc+dot+pandoc", ours, theirs, ratio, "<= 1.5x", ratio <= 1.5)
    table.note("ours writes 6 files (notes.docx and notes.pdf, mindmap.pdf, facts.pdf, .docx and .csv), the peer 3; default --jobs")
    one_job = median(timed(lambda: run([*build, "--jobs", "1"])) for _ in range(repeat))
    table.note(f"the same with --jobs 1 (all formats in one process): {one_job:.3f} s")


def first_build(table: Table, work: Path, repeat: int) -> None:
    """A build with an empty font cache against one with a warm cache: the difference, and what it printed."""
    build = [*IJPRINT, "build", str(SEED), "--out", str(work / "first"), "--force", "--jobs", "1"]
    printed: list[str] = []

    def cold() -> None:
        with tempfile.TemporaryDirectory() as cache:
            result = run(build, env={**os.environ, "IJPRINT_CACHE_DIR": cache})
            printed.extend(line for line in result.stderr.splitlines() if line.startswith("preparing"))

    warm_env = {**os.environ, "IJPRINT_CACHE_DIR": str(work / "warm-cache")}
    run(build, env=warm_env)
    cold_s, warm_s, _ = paired(cold, lambda: run(build, env=warm_env), repeat)
    extra = cold_s - warm_s
    table.row("first build on an empty font cache minus a warm build", extra, warm_s, None, "<= +3 s", extra <= 3.0)
    table.note(f"reference column: the warm build; said while preparing: {printed[0] if printed else 'nothing (nothing to prepare)'}")


def up_to_date(table: Table, work: Path, corpus: Path, version: float, repeat: int) -> None:
    out = work / "up-to-date"
    build = [*IJPRINT, "build", str(corpus), "--out", str(out)]
    run([*build, "--jobs", "2"])
    ours, theirs, ratio = paired(lambda: run([*build, "--jobs", "1"]), lambda: run([*IJPRINT, "--version"]), repeat * 3)
    table.row("up-to-date rebuild of 100 topics vs `ijprint --version`", ours, theirs, ratio, "<= 2x", ratio <= 2.0)
    two, one, ratio = paired(lambda: run([*build, "--jobs", "2"]), lambda: run([*build, "--jobs", "1"]), repeat * 3)
    table.row("  the same with --jobs 2 vs --jobs 1", two, one, ratio, "<= 1x", ratio <= 1.05)
    table.note("met within 5 %: two timings of the same work differ by that much on a shared machine")


def cold_batch(table: Table, work: Path, corpus: Path, repeat: int, peer: bool) -> None:
    build = [*IJPRINT, "build", str(corpus), *PEER_FORMATS, "--out", str(work / "cold"), "--force"]
    two, one, ratio = paired(lambda: run([*build, "--jobs", "2"]), lambda: run([*build, "--jobs", "1"]), repeat)
    table.row("100 topics cold (map + notes + facts), --jobs 2 vs --jobs 1", two, one, ratio, "<= 1x", ratio <= 1.0)
    if not peer:
        return
    lanes = [peer_pipeline.prepare(source, work / "peer" / source.stem) for source in sorted(corpus.glob("*.yaml"))]

    def peer_in_two_lanes() -> None:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda commands: [run(command) for command in commands], lanes))

    ours, theirs, ratio = paired(lambda: run([*build, "--jobs", "2"]), peer_in_two_lanes, repeat)
    table.row("100 topics cold, --jobs 2 vs the peer pipeline in 2 lanes", ours, theirs, ratio, "<= 0.5x", ratio <= 0.5)


def layout(table: Table, repeat: int) -> None:
    """Map layout of synthetic trees (bench/mindmap_bench.py) on poster paper, in this process; time per
    node shows the growth. CPU time, not wall time: there is no peer to pair it with."""
    import dataclasses

    from mindmap_bench import synthetic

    from ijprint.errors import PageOverflowError
    from ijprint.fonts import load_fonts
    from ijprint.render.page_specs import layout_map
    from ijprint.style import load_style

    style = load_style("default")
    faces = load_fonts(style.fonts)

    def lay(count: int, paper: str) -> tuple[float, str]:
        """Median CPU seconds of this process (a busy machine stretches wall time, not this) and the outcome."""
        document, chosen = synthetic(count), dataclasses.replace(style, paper=paper)
        seconds, outcome = [], ""
        for _ in range(repeat):
            start = time.process_time()
            try:
                result = layout_map(document, chosen, faces)
                outcome = f"{len(result.nodes)} nodes at {result.smallest_size:.1f} pt"
            except PageOverflowError:
                outcome = "overflow"
            seconds.append(time.process_time() - start)
        return median(seconds), outcome

    def laid_out(count: int) -> Callable[[], object]:
        document, chosen = synthetic(count), dataclasses.replace(style, paper="A3")
        layout_map(document, chosen, faces)  # the words' widths measured once, as in a build
        return lambda: layout_map(document, chosen, faces)

    large, small, ratio = paired(laid_out(206), laid_out(100), 7, time.process_time)
    table.row("map layout CPU, 100 -> 206 nodes laid out on A3 (linear 2.06x)", large, small, ratio, "near 2x", ratio <= 3.0)
    worst = 0.0
    for count in (250, 500, 1000, 2000):
        cells = []
        for paper in ("A2", "A1", "A0"):
            seconds, outcome = lay(count, paper)
            cells.append(f"{paper} {seconds * 1000:6.0f} ms {seconds * 1e6 / count:5.0f} us/node {outcome}")
            if count == 1000 and outcome != "overflow":
                worst = max(worst, seconds)
        table.note(f"{count:>5} nodes: " + "; ".join(cells))
    table.row("map layout CPU, 1,000 nodes laid out (slowest of A2/A1/A0)", worst, None, None, "<= 1 s", worst <= 1.0)


def make_test(table: Table) -> None:
    seconds = timed(lambda: subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-n", "auto"], cwd=ROOT, check=True, capture_output=True))
    table.row("`make test` (pytest -q -x -n auto)", seconds, None, None, "<= 240 s", seconds <= 240)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="pairs per row (default 5)")
    parser.add_argument("--make-test", action="store_true", help="also time the test suite")
    parser.add_argument("--details", action="store_true", help="then run the per-part benchmarks")
    parser.add_argument("--layout-only", action="store_true", help="only the map layout rows (no builds)")
    args = parser.parse_args()
    if args.layout_only:
        layout(Table(), 3)
        return
    # Timed processes must find compiled modules, as an installed ijprint does (make compiles them).
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    missing = peer_pipeline.missing_tools()
    table = Table()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "content"
        corpus.mkdir()
        make_corpus(corpus, 100)
        version = start_up(table, args.repeat)
        one_topic(table, work, args.repeat, not missing)
        first_build(table, work, args.repeat)
        up_to_date(table, work, corpus, version, args.repeat)
        cold_batch(table, work, corpus, max(1, args.repeat // 2), not missing)
        layout(table, 3)
        if args.make_test:
            make_test(table)
        else:
            table.note("`make test` not timed here: pass --make-test")
    if missing:
        table.note(f"peer rows skipped: {', '.join(missing)} not installed (apt-get install pandoc graphviz)")
    if args.details:
        for extra in ("mindmap_bench.py", "facts_bench.py", "batch_bench.py"):
            print()
            runpy.run_path(str(Path(__file__).with_name(extra)), run_name="__main__")


if __name__ == "__main__":
    main()
