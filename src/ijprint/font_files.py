"""Font choice -> the TrueType files it stands for: a style's own files, or the built-in family's static weights.

The built-in families ship as static TrueType files in `font_data/` (SHIPPED_FAMILIES): instances of
Source Sans 3 (renamed "ijprint Sans", as its licence asks of a Modified Version), Noto Sans
Devanagari and Noto Emoji (SIL OFL 1.1 all), made once at packaging time by
tools/make_builtin_fonts.py; a build reads them as they are.
A family listed only in BUILTIN_FAMILIES comes from a pip-installed package of variable fonts; each
weight is instanced once with fontTools and cached on disk (`unprepared` says what a build would
still have to make, so the command line can say so first). reportlab needs static faces with
distinct PostScript names (it merges faces that share one). Nothing here imports reportlab or
fontTools until a face is actually made, so the fingerprint of a build can name its fonts
(`font_sources`) without preparing them.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ijprint.errors import ContentError, UsageError
from ijprint.atomic import write_file

if TYPE_CHECKING:
    from ijprint.style import FontChoice

# family id -> (python package, upright file, italic file, weights for regular/bold)
BUILTIN_FAMILIES = {
    "source-sans-3": ("fontpkg_source_sans_3", "SourceSans3[wght].ttf", "SourceSans3-Italic[wght].ttf", 400, 700),
    # Devanagari has no italic: the upright face serves the italic role. README says why this one.
    "noto-sans-devanagari": ("fontpkg_noto_sans_devanagari", "NotoSansDevanagari[wdth,wght].ttf", "NotoSansDevanagari[wdth,wght].ttf", 400, 700),
    # Monochrome emoji (SIL OFL 1.1), from a package of Noto fonts that keeps them beside its __init__.
    "noto-emoji": ("manimgx_fonts", "NotoEmoji[wght].ttf", "NotoEmoji[wght].ttf", 400, 700),
}
# family id -> its (regular, bold, italic) static files in font_data/, made from BUILTIN_FAMILIES' entry
SHIPPED_FAMILIES = {
    "source-sans-3": ("ijprintSans-Regular.ttf", "ijprintSans-Bold.ttf", "ijprintSans-Italic.ttf"),
    "noto-sans-devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", "NotoSansDevanagari-Regular.ttf"),
    "noto-emoji": ("NotoEmoji-Regular.ttf", "NotoEmoji-Bold.ttf", "NotoEmoji-Regular.ttf"),
}


def shipped_folder() -> Path:
    """The folder of the static font files that ship inside ijprint."""
    return Path(__file__).with_name("font_data")


def cache_dir() -> Path:
    """Where instanced fonts live: $IJPRINT_CACHE_DIR, else $XDG_CACHE_HOME/ijprint, else ~/.cache/ijprint."""
    if os.environ.get("IJPRINT_CACHE_DIR"):
        return Path(os.environ["IJPRINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ijprint"


def _instance(variable_font: Path, weight: int) -> Path:
    """A static instance of a variable font at `weight`, made once and reused by every later process."""
    target = _instance_path(variable_font, weight)
    return target if target.is_file() else _make_instance(variable_font, weight, target)


def _instance_path(variable_font: Path, weight: int) -> Path:
    stat = variable_font.stat()
    return _instance_path_in(variable_font, weight, cache_dir(), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=None)
def _instance_path_in(variable_font: Path, weight: int, cache: Path, version: tuple[int, int]) -> Path:
    """Where the instance lives, for one cache folder and one version of the font file (its mtime and
    size): hashing the variable font on every call cost a few milliseconds per topic in a batch."""
    digest = hashlib.sha256(variable_font.read_bytes()).hexdigest()[:16]
    return cache / "fonts" / f"{variable_font.stem.replace('[wght]', '')}-{weight}-{digest}.ttf"


def _make_instance(variable_font: Path, weight: int, target: Path) -> Path:
    try:
        # Before the half minute of instancing: a cache that cannot be written fails at once.
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _cache_error(target, exc)
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(variable_font), recalcTimestamp=False)
    # Every other axis (Noto Sans Devanagari's width) at its default: reportlab reads static fonts only.
    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": weight}
    static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    buffer = io.BytesIO()
    static.save(buffer)
    try:
        write_file(target, buffer.getvalue())
    except OSError as exc:
        _cache_error(target, exc)
    return target


def _cache_error(target: Path, exc: OSError) -> NoReturn:
    raise UsageError(
        f"cannot write the font cache '{target.parent}': {exc.strerror or exc}",
        "set IJPRINT_CACHE_DIR to a writable folder",
    ) from None


def package_folder(family: str) -> Path:
    """The folder of font files a built-in family's pip package installs."""
    package = BUILTIN_FAMILIES[family][0]
    try:
        module = __import__(package)
    except ImportError:
        raise ContentError(f"font package '{package}' is not installed", hint="reinstall ijprint (pip install -e .)") from None
    folder = Path(module.__file__).parent
    return folder / "files" if (folder / "files").is_dir() else folder


def _shipped(family: str) -> tuple[str, str, str] | None:
    names = SHIPPED_FAMILIES.get(family)
    if names is None:
        return None
    folder = shipped_folder()
    regular, bold, italic = (str(folder / name) for name in names)
    return regular, bold, italic


def font_sources(choice: FontChoice) -> tuple[str, ...]:
    """The files a font choice is made from (a shipped family's static files, else the variable fonts
    of a built-in family, unprepared): what a build's fingerprint hashes, without instancing anything."""
    if choice.regular:
        own: tuple[str, ...] = (choice.regular, choice.bold, choice.italic)
    else:
        font_files_known(choice)
        shipped = _shipped(choice.family)
        if shipped is not None:
            own = shipped
        else:
            _, upright, italic, *_ = BUILTIN_FAMILIES[choice.family]
            folder = package_folder(choice.family)
            own = (str(folder / upright), str(folder / italic))
    return own + tuple(path for fallback in fallback_choices(choice) for path in font_sources(fallback))


def fallback_choices(choice: FontChoice) -> tuple[FontChoice, ...]:
    """The built-in families a choice falls back on, in order, each as a choice of its own."""
    from ijprint.style import FontChoice

    return tuple(FontChoice(family=family) for family in choice.fallbacks)


def font_files_known(choice: FontChoice) -> None:
    """Raise the unknown-family error for a choice (or a fallback of it) that names no built-in family."""
    for family in ((choice.family,) if not choice.regular else ()) + choice.fallbacks:
        if family not in BUILTIN_FAMILIES:
            raise ContentError(
                f"unknown font family '{family}'",
                hint=f"use one of {', '.join(BUILTIN_FAMILIES)} or give regular/bold/italic .ttf files",
            )


def font_files(choice: FontChoice) -> tuple[str, str, str]:
    """The three TrueType files (regular, bold, italic) a font choice stands for."""
    if choice.regular:
        return (choice.regular, choice.bold, choice.italic)
    font_files_known(choice)
    shipped = _shipped(choice.family)
    if shipped is not None:
        return shipped
    return tuple(str(_instance(variable, weight)) for variable, weight in _weights(choice.family))  # type: ignore[return-value]


def _weights(family: str) -> tuple[tuple[Path, int], tuple[Path, int], tuple[Path, int]]:
    """The variable font and weight each of the regular, bold and italic faces is instanced from."""
    _, upright, italic, regular_weight, bold_weight = BUILTIN_FAMILIES[family]
    folder = package_folder(family)
    return (folder / upright, regular_weight), (folder / upright, bold_weight), (folder / italic, regular_weight)


def unprepared(choice: FontChoice) -> tuple[str, ...]:
    """The static instances a build of this choice and its fallbacks would still have to make (each
    once per machine, in the cache): names to tell the user about before the wait; empty for shipped
    and own files."""
    families = ((choice.family,) if not choice.regular else ()) + choice.fallbacks
    return tuple(dict.fromkeys(
        f"{variable.name} at weight {weight}"
        for family in families
        if family in BUILTIN_FAMILIES and family not in SHIPPED_FAMILIES
        for variable, weight in _weights(family)
        if not _instance_path(variable, weight).is_file()
    ))
