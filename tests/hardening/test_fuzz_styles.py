"""Fuzzing style files (hypothesis): arbitrary bytes, arbitrary YAML, and near-style mappings whose
`extends` and `fonts` name paths of every kind. The only allowed outcomes are a Style or one-line
ContentErrors naming a style file; nothing outside the style's folder and the shipped styles is opened,
and a file that is no style is never quoted. `make fuzz` (IJPRINT_FUZZ_SCALE=20) multiplies every count."""

from __future__ import annotations

import builtins
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ijprint.errors import ContentError
from ijprint.fonts import load_fonts
from ijprint.style import SCHEMA, load_style
from ijprint.style_files import styles_dirs

# `make test` runs these counts; `make fuzz` sets IJPRINT_FUZZ_SCALE=20 for the long campaign.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))
SECRET = "SECRET-93be"


def examples(count: int) -> settings:
    return settings(max_examples=max(1, round(count * SCALE)), deadline=None, suppress_health_check=list(HealthCheck))


PATHS = st.one_of(
    st.sampled_from(
        [
            "default", "print-bw", "large-print", "fuzz", "sibling", "sibling.yaml", "sub/child.yaml", "../outside/secret.yaml",
            "../../../../../../etc/passwd", "/etc/passwd", "/dev/zero", "~/secret.yaml", "sub/../../outside/secret.yaml", ".", "..",
            "", "secret.txt", "font.ttf", "../outside/f.ttf", "link.yaml", "link.ttf", "up/secret.yaml", "C:\\x.yaml", "nul", "x.yml",
        ]
    ),
    st.text(max_size=30),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-100, 100), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20), PATHS)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=20)
NESTED_KEYS = sorted({key for kind in SCHEMA.values() if isinstance(kind, dict) for key in kind})
NEAR_STYLES = st.dictionaries(
    st.sampled_from(sorted(SCHEMA)),
    st.one_of(SCALARS, st.dictionaries(st.sampled_from(NESTED_KEYS), st.one_of(SCALARS, st.lists(SCALARS, max_size=4)), max_size=5), VALUES),
    max_size=8,
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """styles/ (where fuzzed styles go, with a sibling, a subfolder and links that lead out) and outside/."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        styles, outside = root / "styles", root / "outside"
        (styles / "sub").mkdir(parents=True)
        outside.mkdir()
        (outside / "secret.yaml").write_text(f"format: 1\nextends: default\nname: {SECRET}\n", encoding="utf-8")
        (outside / "f.ttf").write_text(SECRET, encoding="utf-8")
        (styles / "sibling.yaml").write_text("format: 1\nextends: default\npaper: Letter\n", encoding="utf-8")
        (styles / "sub" / "child.yaml").write_text("format: 1\nextends: ../sibling.yaml\n", encoding="utf-8")
        (styles / "secret.txt").write_text(SECRET, encoding="utf-8")
        (styles / "link.yaml").symlink_to(outside / "secret.yaml")
        (styles / "link.ttf").symlink_to(outside / "f.ttf")
        (styles / "up").symlink_to(outside)
        yield styles


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)):
            paths.append(Path(os.fspath(file)).resolve())
        return real_open(file, *args, **kwargs)

    def recording_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        paths.append(Path(os.fspath(path)).resolve())
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)
    return paths


def _load(folder: Path, data: bytes, opened: list[Path]) -> None:
    """Load `data` as styles/fuzz.yaml (and its fonts); check the outcome and every file opened."""
    style_file = folder / "fuzz.yaml"
    style_file.write_bytes(data)
    opened.clear()
    try:
        style = load_style(str(style_file))
        event("style")
        if style.fonts.regular:
            load_fonts(style.fonts)
    except ContentError as error:
        line = error.one_line()
        event("error")
        assert "\n" not in line and error.message.strip(), line
        assert error.file and (error.file.startswith(str(folder)) or any(error.file.startswith(str(d.resolve())) for d in styles_dirs())), line
        assert SECRET not in line and "root:" not in line, line
    allowed = [folder.resolve(), *(shipped.resolve() for shipped in styles_dirs())]
    strays = [path for path in opened if not any(path.is_relative_to(place) for place in allowed)]
    assert not strays, strays


@examples(120)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_as_a_style(folder: Path, opened: list[Path], data: bytes) -> None:
    _load(folder, data, opened)


@examples(120)
@given(value=VALUES)
def test_arbitrary_yaml_as_a_style(folder: Path, opened: list[Path], value: Any) -> None:
    _load(folder, yaml.safe_dump(value, allow_unicode=True).encode("utf-8"), opened)


@examples(250)
@given(style=NEAR_STYLES)
def test_near_styles_with_paths_of_every_kind(folder: Path, opened: list[Path], style: dict[str, Any]) -> None:
    _load(folder, yaml.safe_dump(style, allow_unicode=True).encode("utf-8"), opened)


EXTENDS_AND_FONTS = st.fixed_dictionaries(
    {"format": st.just(1), "extends": PATHS},
    optional={
        "fonts": st.dictionaries(st.sampled_from(["regular", "bold", "italic"]), PATHS, min_size=1, max_size=3),
        "paper": st.sampled_from(["A4", "Letter", "A3", "B5"]),
        "name": st.text(max_size=20),
    },
)


@examples(250)
@given(style=EXTENDS_AND_FONTS)
def test_extends_and_fonts_of_every_kind(folder: Path, opened: list[Path], style: dict[str, Any]) -> None:
    _load(folder, yaml.safe_dump(style, allow_unicode=True).encode("utf-8"), opened)
