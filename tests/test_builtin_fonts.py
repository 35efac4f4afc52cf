"""The built-in families as shipped: static, Source Sans 3 renamed as its OFL asks (the Noto fonts reserve
no name), licensed, made from the installed packages' fonts; and a family that still needs instancing
says so before the wait."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from ijprint import font_files
from ijprint.cli import main
from ijprint.errors import UsageError
from ijprint.fonts import load_fonts
from ijprint.style import FontChoice, load_style

FOLDER = font_files.shipped_folder()
SHIPPED = font_files.SHIPPED_FAMILIES["source-sans-3"]
OWN_NAME_IDS = (1, 3, 4, 6, 16, 17, 21, 22, 25)


@pytest.mark.parametrize("name, style", list(zip(SHIPPED, ("Regular", "Bold", "Italic"))))
def test_shipped_faces_are_static_and_not_named_with_the_reserved_name(name: str, style: str) -> None:
    font = TTFont(FOLDER / name)
    assert "fvar" not in font and "gvar" not in font
    names = {record.nameID: record.toUnicode() for record in font["name"].names if record.platformID == 3}
    assert names[1] == "ijprint Sans" and names[2] == style
    assert not [names[i] for i in OWN_NAME_IDS if i in names and "Source" in names[i]]
    assert "Open Font License" in names[13]  # the licence notice travels with the file


@pytest.mark.parametrize("family, name", [("noto-sans-devanagari", "Noto Sans Devanagari"), ("noto-emoji", "Noto Emoji")])
def test_noto_faces_are_static_and_keep_their_names(family: str, name: str) -> None:
    regular, bold, italic = font_files.SHIPPED_FAMILIES[family]
    assert italic == regular  # no italic upstream: the upright face serves that role, as before
    for file, style in ((regular, "Regular"), (bold, "Bold")):
        font = TTFont(FOLDER / file)
        assert "fvar" not in font and "gvar" not in font
        names = {record.nameID: record.toUnicode() for record in font["name"].names if record.platformID == 3}
        assert names[1] == name and names[2] == style and "Open Font License" in names[13]


def test_every_built_in_family_ships_and_every_file_is_licensed_and_logged() -> None:
    assert set(font_files.SHIPPED_FAMILIES) == set(font_files.BUILTIN_FAMILIES)
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FOLDER / "OFL.txt").read_text(encoding="utf-8")
    noto = (FOLDER / "OFL-Noto.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in noto and "Noto Project Authors" in noto and "Google LLC" in noto
    log = (FOLDER / "FONTLOG.txt").read_text(encoding="utf-8")
    for name in {file for files in font_files.SHIPPED_FAMILIES.values() for file in files}:
        digest = hashlib.sha256((FOLDER / name).read_bytes()).hexdigest()
        assert f"{name} " in log and digest in log, f"{name} changed without tools/make_builtin_fonts.py"
    assert not [path.name for path in FOLDER.iterdir() if path.name not in log and path.suffix == ".ttf"]


def test_shipped_fonts_come_from_the_installed_font_packages() -> None:
    """A new version of a font package needs `tools/make_builtin_fonts.py` run again."""
    log = (FOLDER / "FONTLOG.txt").read_text(encoding="utf-8")
    for family, (_, upright, italic, *_) in font_files.BUILTIN_FAMILIES.items():
        folder = font_files.package_folder(family)
        for variable in {upright, italic}:
            assert hashlib.sha256((folder / variable).read_bytes()).hexdigest() in log, variable


def test_builds_use_the_shipped_files_and_prepare_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJPRINT_CACHE_DIR", str(tmp_path / "empty-cache"))
    choice = FontChoice(family="source-sans-3")
    assert font_files.font_files(choice) == tuple(str(FOLDER / name) for name in SHIPPED)
    assert font_files.font_sources(choice) == font_files.font_files(choice)
    assert font_files.unprepared(choice) == ()
    default = load_style("default").fonts
    assert default.fallbacks and font_files.unprepared(default) == ()
    for fallback in font_files.fallback_choices(default):
        assert all(Path(path).parent == FOLDER for path in font_files.font_files(fallback))
    assert not (tmp_path / "empty-cache").exists()


def test_a_family_to_instance_is_announced_and_an_unwritable_cache_fails_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_path: Path) -> None:
    # As if the family shipped no static files: its weights would be instanced into the cache.
    monkeypatch.setattr(font_files, "SHIPPED_FAMILIES", {})
    monkeypatch.setenv("IJPRINT_CACHE_DIR", "/proc/ijprint-cache")
    choice = FontChoice(family="source-sans-3")
    assert font_files.unprepared(choice) == ("SourceSans3[wght].ttf at weight 400", "SourceSans3[wght].ttf at weight 700", "SourceSans3-Italic[wght].ttf at weight 400")
    with_fallbacks = load_style("default").fonts
    assert font_files.unprepared(with_fallbacks)[3:] == ("NotoSansDevanagari[wdth,wght].ttf at weight 400", "NotoSansDevanagari[wdth,wght].ttf at weight 700", "NotoEmoji[wght].ttf at weight 400", "NotoEmoji[wght].ttf at weight 700")
    with pytest.raises(UsageError, match="cannot write the font cache"):
        font_files.font_files(choice)
    load_fonts.cache_clear()  # the faces this process registered earlier would hide the cache
    result = CliRunner().invoke(main, ["build", str(seed_path), "--format", "mindmap", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("preparing fonts SourceSans3[wght].ttf at weight 400") and "happens once" in lines[0]
    assert lines[1].startswith("error: cannot write the font cache '/proc/ijprint-cache/fonts'")
    assert not (tmp_path / "out").exists()
