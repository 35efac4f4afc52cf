"""Command line (click): parse arguments, call build/check, report one line per result; nothing else."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from ijprint import __version__
from ijprint.errors import IjprintError, UsageError
from ijprint.file_kind import refuse_special
from ijprint.paper import MAP_SPLITS, ORIENTATIONS, PAPER_SIZES_PT
from ijprint.render.registry import formats as output_formats
from ijprint.sources import PARSERS

if TYPE_CHECKING:
    from ijprint.build import BuildOptions, TopicResult

# The commands import ijprint.build (and through it the readers, styles and records) when they run:
# `--version` and `--help` load only click and the format registry.
EXIT_INTERNAL = 3
SOURCE_KINDS = sorted(PARSERS)


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


def page_options(command: Callable[..., None]) -> Callable[..., None]:
    """--paper, --orientation, --split, --max-depth, --header, --blank and --seed, shared by build and check so both judge the same page."""
    for option in reversed(
        (
            click.option("--paper", type=click.Choice(list(PAPER_SIZES_PT)), default=None, help="Override the style's paper size."),
            click.option("--orientation", type=click.Choice(list(ORIENTATIONS)), default=None, help="Override the style's map orientation."),
            click.option("--split", type=click.Choice(list(MAP_SPLITS)), default=None, help="Override the style's split: a map too big for one page fails (none) or goes on an overview page and pages of branches (branches)."),
            click.option("--max-depth", type=click.IntRange(1, 20), default=None, help="Fold map levels deeper than N into '+k' markers."),
            click.option("--header", default=None, metavar="TEXT", help="A class header line for the sheets handed out in class, e.g. 'Springfield High · Class 10B' (overrides the style's header; '' prints none)."),
            click.option("--blank", type=click.FloatRange(0, 1), default=None, metavar="FRACTION", help="Share of map labels the fill-in sheet blanks, 0-1 (default: the style's, 0.4; 0 hides none)."),
            click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Which labels the fill-in sheet blanks: the same seed gives the same sheet (default: the style's, 1)."),
        )
    ):
        command = option(command)
    return command


def _format_help() -> str:
    """--format's help, from the format registry: each name with what it writes."""
    listed = "; ".join(f"{fmt.name}: {', '.join(fmt.files)}" for fmt in output_formats())
    return f"Comma-separated format names, or all ({listed})."


def format_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option("--format", "formats", default="all", show_default=True, help=_format_help())(command)


def _paths(paths: tuple[str, ...]) -> list[Path]:
    from ijprint.build import find_content

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
@format_option
@click.option("--style", default="default", show_default=True, help="Style name in styles/ or a path to a style .yaml.")
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(), help="Output folder.")
@page_options
@click.option("--from", "source_kind", type=click.Choice(SOURCE_KINDS), default=None, help="Source format (default: by file extension).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Parallel processes (default: number of CPUs).")
@click.option("--shard", default=None, metavar="I/N", help="Build only the I-th of N deterministic slices of the topics.")
@click.option("--force", is_flag=True, help="Rebuild even artifacts whose inputs are unchanged.")
@click.option("--replace-missing", is_flag=True, help="Print characters the font lacks as a visible placeholder (with a warning) instead of failing.")
@click.option("--strict", is_flag=True, help="Treat content warnings (unrecorded figures) as errors.")
def build_cmd(
    paths: tuple[str, ...],
    formats: str,
    style: str,
    out_dir: str,
    paper: str | None,
    orientation: str | None,
    split: str | None,
    max_depth: int | None,
    header: str | None,
    blank: float | None,
    seed: int | None,
    source_kind: str | None,
    jobs: int | None,
    shard: str | None,
    force: bool,
    replace_missing: bool,
    strict: bool,
) -> None:
    """Build documents for content files (default: every topic in content/).

    \b
    Outputs go to OUT/<topic>/ (the files each format writes are listed under --format),
    and OUT/manifest.json lists every artifact with its sha256.
    Example:
      ijprint build content/india-japan.yaml --out output
      ijprint build --jobs 2 --shard 1/4 --out dist
    """
    from ijprint.build import BuildOptions, build_iter, parse_formats, prune_manifest
    from ijprint.release.output_names import check_collisions, in_shard, parse_shard
    from ijprint.reproducible import source_date_epoch

    sources = _paths(paths)
    check_collisions(sources)
    if shard:
        index, count = parse_shard(shard)
        sources = [source for source in sources if in_shard(source, index, count)]

    options = BuildOptions(
        formats=parse_formats(formats),
        style=style,
        out_dir=Path(out_dir),
        max_depth=max_depth,
        paper=paper,
        orientation=orientation,
        header=header,
        split=split,
        blank=blank,
        seed=seed,
        source_date_epoch=source_date_epoch(os.environ),
        force=force,
        jobs=jobs or os.cpu_count() or 1,
        source_kind=source_kind,
        replace_missing=replace_missing,
    )
    if strict:
        _fail_on_warnings(sources, options)
    results = []
    interactive = sys.stdout.isatty()
    with click.progressbar(length=len(sources), label="building", file=sys.stderr) if interactive else _NoBar() as bar:
        for result in build_iter(sources, options, _announce_fonts):
            results.append(result)
            bar.update(1)
            if not interactive:
                _report(result)
    if interactive:
        for result in results:
            _report(result)
    for pruned in prune_manifest(Path(out_dir)):
        click.echo(f"removed {Path(out_dir) / pruned} (its source is gone)")
    failed = [result for result in results if result.error]
    artifacts = [artifact for result in results for artifact in result.artifacts]
    rebuilt = sum(artifact.rebuilt for artifact in artifacts)
    click.echo(
        f"{len(results) - len(failed)} topic(s) built, {len(failed)} failed; "
        f"{rebuilt} artifact(s) written, {len(artifacts) - rebuilt} up to date"
    )
    if failed:
        click.echo(f"failed: {', '.join(str(result.source) for result in failed)}", err=True)
        sys.exit(1)


def _announce_fonts(pending: tuple[str, ...]) -> None:
    """One line before a wait of many seconds: instancing a variable font happens once per machine."""
    from ijprint.font_files import cache_dir

    if pending:
        click.echo(f"preparing fonts {', '.join(pending)}: this happens once, later builds reuse them from {cache_dir() / 'fonts'}", err=True)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def update(self, _steps: int) -> None:
        return None


def _report(result: TopicResult) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.error:
        click.echo(f"error: {result.error}", err=True)
        return
    # One write per topic, not per artifact: a rebuild with nothing to do prints hundreds of lines.
    lines = [f"{'wrote' if artifact.rebuilt else 'up to date'} {artifact.path} ({artifact.size:,} bytes)" for artifact in result.artifacts]
    if lines:
        click.echo("\n".join(lines))


def _fail_on_warnings(sources: list[Path], options: BuildOptions) -> None:
    """--strict: every warning is reported, and any warning stops the build before anything is written."""
    from ijprint.build import check_topic, fonts_to_prepare, resolve_style_options

    style = resolve_style_options(options)
    _announce_fonts(fonts_to_prepare(options))
    warnings = []
    for source in sources:
        try:
            warnings.extend(check_topic(source, options, style))
        except IjprintError:
            continue  # the build itself reports content errors, once per topic
    for warning in warnings:
        click.echo(f"error: {warning.one_line()}", err=True)
    if warnings:
        click.echo(f"{len(warnings)} warning(s) with --strict: nothing built", err=True)
        sys.exit(1)


@main.command(cls=Command)
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(), help="Output folder to verify.")
def verify(out_dir: str) -> None:
    """Check every artifact in OUT/manifest.json: present, unchanged, and built from the current sources.

    \b
    Example:
      ijprint verify --out output
    """
    from ijprint.release.verify import verify_outputs

    checked, problems = verify_outputs(Path(out_dir))
    for problem in problems:
        click.echo(f"error: {problem.one_line()}", err=True)
    if problems:
        click.echo(f"{len(problems)} of {checked} artifact(s) failed verification", err=True)
        sys.exit(1)
    click.echo(f"{checked} artifact(s) verified")


@main.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--style", default="default", show_default=True, help="Style to validate against (fonts, page fit).")
@click.option("--strict", is_flag=True, help="Treat warnings (figures no fact records) as errors.")
@click.option("--from", "source_kind", type=click.Choice(SOURCE_KINDS), default=None, help="Source format (default: by file extension).")
@click.option("--replace-missing", is_flag=True, help="Report characters the font lacks as warnings instead of errors.")
@format_option
@page_options
def check(
    paths: tuple[str, ...],
    formats: str,
    style: str,
    strict: bool,
    source_kind: str | None,
    replace_missing: bool,
    paper: str | None,
    orientation: str | None,
    split: str | None,
    max_depth: int | None,
    header: str | None,
    blank: float | None,
    seed: int | None,
) -> None:
    """Validate content files against a style without writing anything.

    Checks what a build of the same formats would: the content format, every character against the
    PDF font, that the mind map fits the page, and that every figure in a label or text is recorded
    as a fact or timeline entry.

    \b
    Example:
      ijprint check content/ --style print-bw --strict
    """
    from ijprint.build import BuildOptions, check_topic, fonts_to_prepare, parse_formats, resolve_style_options

    options = BuildOptions(
        formats=parse_formats(formats),
        style=style,
        source_kind=source_kind,
        replace_missing=replace_missing,
        paper=paper,
        orientation=orientation,
        split=split,
        max_depth=max_depth,
        header=header,
        blank=blank,
        seed=seed,
    )
    loaded = resolve_style_options(options)
    sources = _paths(paths)
    _announce_fonts(fonts_to_prepare(options))
    failed = 0
    for source in sources:
        try:
            warnings = check_topic(source, options, loaded)
        except IjprintError as error:
            failed += 1
            click.echo(f"error: {error.one_line()}", err=True)
            continue
        for warning in warnings:
            click.echo(f"{'error' if strict else 'warning'}: {warning.one_line()}", err=True)
        if strict and warnings:
            failed += 1
        else:
            click.echo(f"ok {source}" + (f" ({len(warnings)} warning(s))" if warnings else ""))
    if failed:
        click.echo(f"{failed} of {len(sources)} file(s) have errors", err=True)
        sys.exit(1)


@main.command("import", cls=Command)
@click.argument("source", type=click.Path())
@click.option("-o", "--output", "target", required=True, type=click.Path(), help="A .yaml file, or a folder (the name comes from the title).")
@click.option("--from", "source_kind", type=click.Choice(SOURCE_KINDS), default=None, help="Source format (default: by file extension).")
@click.option("--force", is_flag=True, help="Replace the target file if it exists.")
def import_cmd(source: str, target: str, source_kind: str | None, force: bool) -> None:
    """Convert a Markdown outline, FreeMind/Freeplane .mm or OPML file into ijprint YAML.

    Long sentence labels are shortened; the full sentence is kept as the node's text.

    \b
    Example:
      ijprint import outlines/trade.md -o content/trade.yaml
      ijprint import maps/history.mm -o content/
    """
    path = Path(source)
    refuse_special(path, "give a .md, .mm, .opml or .yaml file", folder_ok=False)
    if not path.is_file():
        raise UsageError(f"'{source}' does not exist", "give a .md, .mm, .opml or .yaml file")
    from ijprint.build import import_source

    written, warnings = import_source(path, Path(target), source_kind, overwrite=force)
    for warning in warnings:
        click.echo(f"warning: {warning.one_line()}", err=True)
    click.echo(f"wrote {written}")


def run() -> None:
    """The `ijprint` script and `python -m ijprint`: the command line, then the process ends at once.

    Once a command has finished, everything is written, renamed into place and reported; tearing the
    interpreter down (freeing every layout box, font table and XML tree one by one) would add about a
    tenth of a build's time to each run and change nothing on disk. So the output streams are flushed
    and the process exits without it. Tests call `main` through click's runner and do not come here.
    """
    try:
        main()
        status = 0
    except SystemExit as end:
        status = _exit_status(end.code)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)  # a profiler or coverage is watching: it writes its results at the normal exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`ijprint build | head`), or a closed stream
            pass
    os._exit(status)


def _exit_status(code: object) -> int:
    """What Python's own exit makes of a SystemExit code: None is 0, an int itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
