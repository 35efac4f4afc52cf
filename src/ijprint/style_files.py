"""Style names and the paths written inside style files -> the files ijprint may open for them, and no others.

A style named on the command line may be anywhere: that is the user's own choice. Every path a style
file names itself is confined, because in CI styles come from contributors' pull requests:
- `extends` is a style name (a `.yaml` file beside the style, else a shipped style, see styles_dirs)
  or a relative path to a `.yaml` file inside the style's own folder tree;
- font files are `.ttf` or `.otf` files inside the style's own folder tree.
Paths are compared after symbolic links are resolved, so a link cannot lead out, and only regular
files are accepted (a FIFO or a device would block or never end).
"""

from __future__ import annotations

import re
import site
import sys
from pathlib import Path, PurePath

from ijprint.errors import UsageError
from ijprint.file_kind import MISSING, REGULAR, file_kind

STYLE_SUFFIX = ".yaml"
COMMAND_LINE_SUFFIXES = (".yaml", ".yml")
FONT_SUFFIXES = (".ttf", ".otf")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Refused(Exception):
    """A path a style file names that ijprint will not open; the caller says where it was written."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def styles_dirs() -> list[Path]:
    """Where style names are looked up: ./styles first, then the styles/ of this checkout (editable
    install), then the copy a regular install puts in <prefix>/share/ijprint/styles (pyproject data-files)."""
    checkout = Path(__file__).resolve().parents[2] / "styles"
    installed = [Path(base) / "share" / "ijprint" / "styles" for base in (sys.prefix, site.USER_BASE or "")]
    return list(dict.fromkeys([Path.cwd() / "styles", checkout, *installed]))


def known_styles() -> str:
    known = sorted({p.stem for folder in styles_dirs() if folder.is_dir() for p in folder.glob("*.yaml")})
    return f"known styles: {', '.join(known) or 'none'}"


def resolve_style(name_or_path: str) -> Path:
    """A style name (`print-bw`) or a path to a .yaml file, as given on the command line -> the file's path."""
    candidate = Path(name_or_path)
    if candidate.suffix in COMMAND_LINE_SUFFIXES or "/" in name_or_path:
        kind = file_kind(candidate)
        if kind == MISSING:
            raise UsageError(f"style file '{name_or_path}' not found", "give a path to a .yaml style or a style name")
        if kind != REGULAR:
            raise UsageError(f"style '{name_or_path}' is {kind}, not a regular file", "give a path to a .yaml style or a style name")
        if candidate.suffix.lower() not in COMMAND_LINE_SUFFIXES:
            raise UsageError(f"style file '{name_or_path}' does not end in .yaml", "give a path to a .yaml style or a style name")
        return candidate
    try:
        found = shipped_style(name_or_path)
    except Refused as refused:
        raise UsageError(refused.message, refused.hint) from None
    if found is None:
        raise UsageError(f"unknown style '{name_or_path}'", known_styles())
    return found


def shipped_style(name: str) -> Path | None:
    """The first `<name>.yaml` of styles_dirs(), which must really be inside its folder; None if none has it."""
    if not _NAME.match(name):
        return None
    for folder in styles_dirs():
        path = folder / f"{name}{STYLE_SUFFIX}"
        if file_kind(path) != MISSING:
            return _confined(path, folder, f"style '{name}'", "a style name")
    return None


def parent_style(extends: str, style: Path) -> Path:
    """The file `extends: <extends>` in `style` names; Refused when it is not an allowed place."""
    if _NAME.match(extends) and not extends.endswith((".yaml", ".yml")):
        beside = _tree(style) / f"{extends}{STYLE_SUFFIX}"
        if file_kind(beside) != MISSING:
            return _confined(beside, _tree(style), f"'{beside.name}' beside the style", "a style name")
        found = shipped_style(extends)
        if found is None:
            raise Refused(f"parent style '{extends}' not found", known_styles())
        return found
    written = PurePath(extends)
    if written.is_absolute() or extends.startswith("~"):
        raise Refused(f"'{extends}' is an absolute path", "name a shipped style, or a .yaml file in this style's folder by a relative path")
    if written.suffix != STYLE_SUFFIX:
        raise Refused(f"'extends: {extends}' is not a .yaml file", "name a shipped style, or a style file ending in .yaml")
    return _confined(_tree(style) / written, _tree(style), f"'{extends}'", "a relative path inside this style's folder")


def font_path(written: str, style: Path) -> Path:
    """The font file a style names (relative to the style), resolved; Refused when it is not an allowed place."""
    path = PurePath(written)
    if path.is_absolute() or written.startswith("~"):
        raise Refused(f"font file '{written}' is an absolute path", "put the font beside the style and give its name, or use 'family'")
    if path.suffix.lower() not in FONT_SUFFIXES:
        raise Refused(f"font file '{written}' is not a .ttf or .otf file", "give a .ttf path relative to the style file")
    resolved = _confined(_tree(style) / path, _tree(style), f"font file '{written}'", "a path relative to the style file")
    if resolved.suffix.lower() not in FONT_SUFFIXES:
        raise Refused(f"font file '{written}' links to a file that is not a .ttf or .otf", "give a .ttf path relative to the style file")
    return resolved


def _tree(style: Path) -> Path:
    """The folder tree a style file may name files in: the folder it really is in."""
    return style.resolve().parent


def _confined(path: Path, tree: Path, what: str, allowed: str) -> Path:
    """`path` with links resolved, if it is a regular file inside `tree`; else Refused, saying why."""
    resolved = path.resolve()
    if not resolved.is_relative_to(tree.resolve()):
        raise Refused(f"{what} is outside the style's folder", f"ijprint opens only {allowed}; copy the file into the style's folder")
    kind = file_kind(resolved)
    if kind == MISSING:
        raise Refused(f"{what} not found", f"give {allowed} that exists")
    if kind != REGULAR:
        raise Refused(f"{what} is {kind}, not a regular file", "name a regular file")
    return resolved
