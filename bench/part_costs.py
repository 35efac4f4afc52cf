"""The seed topic's format parts as a lone-topic build deals them among processes, with the CPU each costs there (`.venv/bin/python bench/part_costs.py [--jobs N] [--format a,b]`); asserts nothing.

For each group `build/forked.deal` makes from the parts' `cost` hints, a fresh process reads and
checks the seed as the build does, then loads and draws each part of the group in order, as the
forked process would: a part's figure is what it adds there (its library and modules not loaded
yet, then its first drawing; modules an earlier part of the group loaded are not counted again),
and a library's figure is its loading, counted once per process as the registry counts it. The
groups' totals show how even the hints make the processes; the hints are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SEED = ROOT / "content" / "india-japan.yaml"

_GROUP = """
import json, sys, time
from pathlib import Path
from ijprint.build.options import BuildOptions, requested, resolve_style_options
from ijprint.build.rendering import prepare

options = BuildOptions(formats=tuple(sys.argv[1].split(",")))
wanted = requested(options)
topic = prepare(Path(sys.argv[2]), options, resolve_style_options(options), wanted)
parts = [part for fmt in wanted for part in fmt.parts]
costs = {}
for index in map(int, sys.argv[3].split(",")):
    part = parts[index]
    if part.library is not None and part.library.name not in costs:
        start = time.process_time()
        part.library.warm_up()
        costs[part.library.name] = (time.process_time() - start) * 1000
    start = time.process_time()
    if part.warm_up is not None:
        part.warm_up()
    part.render(topic.document, topic.context)
    costs[part.files[0]] = (time.process_time() - start) * 1000
print(json.dumps(costs))
"""


def main() -> None:
    from ijprint.build.forked import deal
    from ijprint.render.registry import get_format

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="mindmap,notes,facts")
    args = parser.parse_args()
    parts = tuple(part for name in args.format.split(",") for part in get_format(name).parts)
    print(f"{'group / part':40} {'hint':>6} {'CPU ms':>8}")
    for number, group in enumerate(deal(parts, args.jobs)):
        indexes = ",".join(str(parts.index(part)) for part in group)
        result = subprocess.run([sys.executable, "-c", _GROUP, args.format, str(SEED), indexes], capture_output=True, text=True, check=True, cwd=ROOT)
        costs = json.loads(result.stdout)
        libraries = {part.library.name: part.library for part in group if part.library}
        hint = sum(part.cost for part in group) + sum(library.cost for library in libraries.values())
        print(f"{'process ' + str(number + 1):40} {hint:6.0f} {sum(costs.values()):8.1f}")
        for library in libraries.values():
            print(f"{'  library: ' + library.name:40} {library.cost:6.0f} {costs[library.name]:8.1f}")
        for part in group:
            print(f"{'  ' + ', '.join(part.files):40} {part.cost:6.0f} {costs[part.files[0]]:8.1f}")


if __name__ == "__main__":
    main()
