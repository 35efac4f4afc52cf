"""Command line (click): parse arguments, call build/check, report one line per result; nothing else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ijprint import __version__
from ijprint.build import FORMATS, BuildOptions, build, find_content, parse_formats, prepare
from ijprint.errors import IjprintError
from ijprint.reproducible import source_date_epoch
from ijprint.style import load_style

EXIT_INTERNAL = 3


class Command(click.Command):
    """Click command that turns ijprint's own errors into one line and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IjprintError as error:
            click.echo(f"error: {error.one_line()}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:  # an ijprint bug, not the user's mistake
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {error} -- please report it with the output of --debug",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _paths(paths: tuple[str, ...]) -> list[Path]:
    return find_content([Path(p) for p in paths] or [Path("content")])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ijprint")
@click.option("--debug", is_flag=True, help="Show full tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build printable revision documents from structured study content.

    \b
    Example:
      ijprint build                       # every topic in content/ -> output/
      ijprint check content/india-japan.yaml
    """
    ctx.ensure_object(dict)


@main.command("build", cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "formats", default="all", show_default=True, help=f"Comma-separated: {','.join(FORMATS)}, or all.")
@click.option("--style", default="default", show_default=True, help="Style name in styles/ or a path to a style .yaml.")
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(), help="Output folder.")
@click.option("--max-depth", type=click.IntRange(1, 20), default=None, help="Fold map levels deeper than N into '+k' markers.")
def build_cmd(paths: tuple[str, ...], formats: str, style: str, out_dir: str, max_depth: int | None) -> None:
    """Build documents for content files (default: every topic in content/).

    \b
    Outputs go to OUT/<topic>/: mindmap.pdf, notes.docx, facts.pdf, facts.docx, facts.csv.
    Example:
      ijprint build content/india-japan.yaml --format notes --out output
    """
    options = BuildOptions(
        formats=parse_formats(formats),
        style=style,
        out_dir=Path(out_dir),
        max_depth=max_depth,
        source_date_epoch=source_date_epoch(os.environ),
    )
    results = build(_paths(paths), options)
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            click.echo(f"error: {result.error.one_line()}", err=True)
            continue
        for artifact in result.artifacts:
            click.echo(f"wrote {artifact.path} ({artifact.size:,} bytes)")
    built = len(results) - failed
    click.echo(f"{built} topic(s) built, {failed} failed", err=bool(failed))
    if failed:
        sys.exit(1)



@main.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--style", default="default", show_default=True, help="Style to validate against (fonts, sizes).")
def check(paths: tuple[str, ...], style: str) -> None:
    """Validate content files and a style without writing anything.

    \b
    Example:
      ijprint check content/ --style print-bw
    """
    loaded = load_style(style)
    options = BuildOptions(style=style)
    failed = 0
    sources = _paths(paths)
    for source in sources:
        try:
            prepare(source, options, loaded)
        except IjprintError as error:
            failed += 1
            click.echo(f"error: {error.one_line()}", err=True)
            continue
        click.echo(f"ok {source}")
    if failed:
        click.echo(f"{failed} of {len(sources)} file(s) have errors", err=True)
        sys.exit(1)
