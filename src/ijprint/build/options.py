"""Command-line choices -> what a build or check covers: the options, the formats, the content files and the style."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ijprint.errors import UsageError
from ijprint.file_kind import refuse_special
from ijprint.font_files import unprepared
from ijprint.release.fingerprint import options_key
from ijprint.render import registry
from ijprint.render.registry import OutputFormat
from ijprint.sources import is_content_file

if TYPE_CHECKING:
    from ijprint.style import Style


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = ()  # format names; empty: every registered format
    style: str = "default"
    out_dir: Path = Path("output")
    max_depth: int | None = None
    source_date_epoch: int | None = None
    source_kind: str | None = None
    paper: str | None = None
    orientation: str | None = None
    header: str | None = None  # --header: the class header line, over the style's (it reaches renderers through the style)
    split: str | None = None
    blank: float | None = None  # --blank and --seed: what the fill-in sheet hides, over the style's (through the style too)
    seed: int | None = None
    force: bool = False
    jobs: int = 1
    replace_missing: bool = False


def parse_formats(value: str) -> tuple[str, ...]:
    """'name,name' or 'all' -> format names in registry order; unknown names are a usage error."""
    known = registry.format_names()
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names or names == ["all"]:
        return known
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'", f"choose from {', '.join(known)} or all")
    return tuple(name for name in known if name in names)


def requested(options: BuildOptions) -> tuple[OutputFormat, ...]:
    """The formats a build or check covers: those named in the options, else all of them."""
    return tuple(registry.get_format(name) for name in options.formats) if options.formats else registry.formats()


def find_content(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their content files (sorted); files named directly are taken as they are."""
    found: list[Path] = []
    for path in paths:
        refuse_special(path, "give a content file or a folder of them")
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_content_file(p)))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"'{path}' does not exist", "give a content file or a folder of them")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)  # `content/ content/a.yaml` names a.yaml once
    found = list(unique.values())
    if not found:
        raise UsageError("no content files found", "put .yaml topics in content/ or name files to build")
    return found


def resolve_style_options(options: BuildOptions) -> Style:
    """The style named by the options, with --paper, --orientation, --split, --header, --blank and --seed applied on top."""
    from ijprint.style import load_style, with_header, with_page, with_recall

    styled = with_header(with_page(load_style(options.style), options.paper, options.orientation, options.split), options.header)
    return with_recall(styled, options.blank, options.seed)


def fonts_to_prepare(options: BuildOptions) -> tuple[str, ...]:
    """The font instances a build or check would still have to make (once per machine), so the
    command line can say what the wait is for; empty when nothing needs the PDF fonts."""
    if not any(fmt.needs_fonts for fmt in requested(options)):
        return ()
    return unprepared(resolve_style_options(options).fonts)


def manifest_options(options: BuildOptions) -> str:
    """The options that change an artifact's bytes, as the manifest records them (release/fingerprint.py)."""
    return options_key(options.max_depth, options.replace_missing, options.paper, options.orientation, options.source_date_epoch, options.source_kind, options.header, options.split, options.blank, options.seed)
