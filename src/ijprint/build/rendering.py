"""One topic's source + options + style -> its document checked against the fonts, and its files rendered as bytes in memory (nothing written)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ijprint import __version__
from ijprint.build.options import BuildOptions, requested
from ijprint.build.results import naming_source
from ijprint.errors import ContentError, Diagnostic
from ijprint.render.registry import OutputFormat, RenderContext
from ijprint.sources import read_document

if TYPE_CHECKING:
    from ijprint.model import Document
    from ijprint.style import Style


@dataclass(frozen=True)
class PreparedTopic:
    """A loaded, checked topic: everything a renderer needs."""

    document: Document
    context: RenderContext
    warnings: tuple[Diagnostic, ...]


def prepare(source: Path, options: BuildOptions, style: Style, wanted: tuple[OutputFormat, ...], data: bytes | None = None) -> PreparedTopic:
    """Load one topic (from `data` when already read) and, when a wanted format draws with the PDF
    fonts, load them and check every character against them; or raise a ContentError."""
    from ijprint.reproducible import build_time, dated_day

    document, warnings = read_document(source, options.source_kind, data)
    faces = None
    if any(fmt.needs_fonts for fmt in wanted):
        from ijprint.fonts import check_glyphs, drop_missing_emoji, load_fonts, replace_missing_glyphs

        faces = load_fonts(style.fonts)
        document, dropped = drop_missing_emoji(document, faces)
        warnings = [*warnings, *dropped]
        if options.replace_missing:
            document, replaced = replace_missing_glyphs(document, faces)
            warnings = [*warnings, *replaced]
        else:
            check_glyphs(document, faces)
    context = RenderContext(
        style=style,
        build_time=build_time(options.source_date_epoch, document.meta.date),
        generator=f"ijprint {__version__}",
        faces=faces,
        max_depth=options.max_depth,
        show_date=dated_day(document.meta.date) is not None,
    )
    return PreparedTopic(document, context, tuple(warnings))


def check_topic(source: Path, options: BuildOptions, style: Style) -> list[Diagnostic]:
    """Everything a build of the requested formats would check, without rendering files: errors
    raise, warnings are returned."""
    from ijprint.figure_lint import lint_figures

    wanted = requested(options)
    try:
        topic = prepare(source, options, style, wanted)
        for fmt in wanted:
            if fmt.check is not None:
                fmt.check(topic.document, topic.context)
    except ContentError as error:
        raise naming_source(error, source) from None
    return [*topic.warnings, *lint_figures(topic.document)]


def render_topic(source: Path, options: BuildOptions, style: Style, wanted: tuple[OutputFormat, ...], data: bytes | None = None, processes: int = 1) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """The artifacts of the `wanted` formats of one topic, as bytes keyed by file name, and the warnings
    met; their parts shared among up to `processes` processes (see forked.py)."""
    from ijprint.build.forked import render_formats

    topic = prepare(source, options, style, wanted, data)
    return render_formats(topic.document, topic.context, wanted, processes), topic.warnings
