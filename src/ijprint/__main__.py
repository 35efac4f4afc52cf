"""`python -m ijprint`: the same command line as the `ijprint` script."""

from ijprint.cli import run

run()
