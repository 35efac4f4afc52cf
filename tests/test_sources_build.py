"""Every source fixture builds all three documents, or fails with the map's overflow message and then
builds with --max-depth; characters the font lacks are reported, or replaced on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijprint.build import BuildOptions, build
from ijprint.render.registry import formats

FIXTURES = Path(__file__).resolve().parent / "data" / "sources"
# Chinese is outside the embedded fonts (no TrueType CJK font with an embeddable licence is on the
# package index): that fixture tests the missing-glyph path. Devanagari has a fallback font and builds.
OTHER_SCRIPTS = {"great_wall_gb2312.opml": "U+"}
DRAWABLE = sorted(p.name for p in FIXTURES.iterdir() if p.name not in OTHER_SCRIPTS)


@pytest.mark.parametrize("name", DRAWABLE)
def test_fixture_builds_all_documents(name: str, tmp_path: Path) -> None:
    [result] = build([FIXTURES / name], BuildOptions(out_dir=tmp_path, jobs=1))
    if result.error:
        assert "more space" in result.error and "--max-depth" in result.error, result.error
        [result] = build([FIXTURES / name], BuildOptions(out_dir=tmp_path, jobs=1, max_depth=2))
    assert result.error is None, result.error
    names = {artifact.path.name for artifact in result.artifacts}
    assert names == {file for fmt in formats() for file in fmt.files}
    assert all(artifact.size > 0 for artifact in result.artifacts)


@pytest.mark.parametrize("name", sorted(OTHER_SCRIPTS))
def test_missing_glyphs_are_reported_with_their_place(name: str, tmp_path: Path) -> None:
    [result] = build([FIXTURES / name], BuildOptions(out_dir=tmp_path, jobs=1))
    assert result.error is not None
    assert f"{name}:" in result.error and OTHER_SCRIPTS[name] in result.error and "--replace-missing" in result.error
    # The build locks the output folder (a hidden .manifest.lock), but writes no artifact and no manifest.
    assert not [path for path in tmp_path.rglob("*") if not path.name.startswith(".")]


def test_replace_missing_prints_a_placeholder_and_warns(tmp_path: Path) -> None:
    import pdfplumber

    [result] = build([FIXTURES / "great_wall_gb2312.opml"], BuildOptions(out_dir=tmp_path, jobs=1, replace_missing=True, max_depth=3))
    assert result.error is None, result.error
    # One summary line for the file, not a line per place.
    [warning] = result.warnings
    assert "printed as '\u25a1'" in warning and "great_wall_gb2312.opml:" in warning and "(U+" in warning
    [folder] = [path for path in tmp_path.iterdir() if path.is_dir()]
    with pdfplumber.open(folder / "mindmap.pdf") as pdf:
        assert "\u25a1" in pdf.pages[0].extract_text()
