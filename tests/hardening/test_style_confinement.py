"""A style file can make ijprint open nothing outside the allowed places (its own folder tree, the shipped
styles, the font packages): every attempt through `extends:` or `fonts:` (absolute paths, `..` chains,
links that escape, FIFOs, devices) fails with the style file and line that asked for it, and the file
it named is never opened. Legitimate neighbours (a parent or fonts in the style's folder) still work."""

from __future__ import annotations

import builtins
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pdfplumber
import pytest

from ijprint.errors import ContentError
from ijprint.fonts import font_files, load_fonts
from ijprint.style import FontChoice, load_style
from ijprint.style_files import styles_dirs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "india-japan.yaml"
SECRET = "SECRET-4d1c"


def _fonts(path: str) -> str:
    return f"format: 1\nextends: default\nfonts: {{regular: '{path}', bold: '{path}', italic: '{path}'}}\n"


# (name, style text, links and FIFOs to make: path -> "fifo" or a link target, line of the refused key)
ATTEMPTS = [
    ("extends-absolute", "format: 1\nextends: '{OUT}/secret.yaml'\n", {}, 2),
    ("extends-etc-passwd", "format: 1\nextends: /etc/passwd\n", {}, 2),
    ("extends-dotdot", "format: 1\nextends: ../outside/secret.yaml\n", {}, 2),
    ("extends-dotdot-chain", "format: 1\nextends: ../../../../../../../../../etc/passwd\n", {}, 2),
    ("extends-dotdot-via-sub", "format: 1\nextends: sub/../../outside/secret.yaml\n", {}, 2),
    ("extends-link", "format: 1\nextends: link.yaml\n", {"link.yaml": "{OUT}/secret.yaml"}, 2),
    ("extends-link-folder", "format: 1\nextends: up/secret.yaml\n", {"up": "{OUT}"}, 2),
    ("extends-name-link", "format: 1\nextends: secret\n", {"secret.yaml": "{OUT}/secret.yaml"}, 2),
    ("extends-fifo", "format: 1\nextends: pipe.yaml\n", {"pipe.yaml": "fifo"}, 2),
    ("extends-dev-zero", "format: 1\nextends: zero.yaml\n", {"zero.yaml": "/dev/zero"}, 2),
    ("fonts-absolute", _fonts("{OUT}/f.ttf"), {}, 3),
    ("fonts-etc-passwd", _fonts("/etc/passwd"), {}, 3),
    ("fonts-dotdot", _fonts("../outside/f.ttf"), {}, 3),
    ("fonts-link", _fonts("f.ttf"), {"f.ttf": "{OUT}/f.ttf"}, 3),
    ("fonts-link-folder", _fonts("up/f.ttf"), {"up": "{OUT}"}, 3),
    ("fonts-fifo", _fonts("pipe.ttf"), {"pipe.ttf": "fifo"}, 3),
    ("fonts-not-a-font", _fonts("notes.txt"), {}, 3),
]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(style folder, folder outside it holding a valid style and a font that must never be opened)."""
    styles, outside = tmp_path / "styles", tmp_path / "outside"
    (styles / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"format: 1\nextends: default\nname: {SECRET}\n", encoding="utf-8")
    shutil.copyfile(font_files(FontChoice(family="source-sans-3"))[0], outside / "f.ttf")
    (styles / "notes.txt").write_text(SECRET, encoding="utf-8")
    return styles, outside


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every path opened (for reading or writing) while the test runs, resolved."""
    paths: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def record(path: object) -> None:
        if isinstance(path, (str, os.PathLike)):
            paths.append(Path(os.fspath(path)).resolve())

    def recording_open(file: object, *args: object, **kwargs: object) -> object:
        record(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def recording_os_open(path: object, *args: object, **kwargs: object) -> int:
        record(path)
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)
    yield paths


def _make(styles: Path, outside: Path, text: str, specials: dict[str, str]) -> Path:
    for name, kind in specials.items():
        if kind == "fifo":
            os.mkfifo(styles / name)
        else:
            (styles / name).symlink_to(kind.replace("{OUT}", str(outside)))
    style = styles / "bad.yaml"
    style.write_text(text.replace("{OUT}", str(outside)), encoding="utf-8")
    return style


@pytest.mark.parametrize(("name", "text", "specials", "line"), ATTEMPTS, ids=[attempt[0] for attempt in ATTEMPTS])
def test_a_style_cannot_open_anything_outside_its_folder(
    name: str, text: str, specials: dict[str, str], line: int, folders: tuple[Path, Path], opened: list[Path]
) -> None:
    styles, outside = folders
    style = _make(styles, outside, text, specials)
    opened.clear()
    with pytest.raises(ContentError) as info:
        load_fonts(load_style(str(style)).fonts)
    error = info.value
    assert (error.file, error.line) == (str(style), line), error.one_line()
    assert SECRET not in error.one_line() and "root:" not in error.one_line()
    allowed = [styles.resolve(), *(folder.resolve() for folder in styles_dirs())]
    strays = [path for path in opened if not any(path.is_relative_to(folder) for folder in allowed)]
    assert not strays, strays
    assert not any(path.is_relative_to(outside.resolve()) or str(path).startswith(("/etc", "/dev")) for path in opened)


def test_a_parent_and_fonts_inside_the_style_folder_build(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """The confinement leaves the intended use alone: a parent in a subfolder, fonts beside the style
    (.ttf and .otf), a link that stays inside; the build uses the style's own font files."""
    styles, _ = folders
    regular, bold, italic = font_files(FontChoice(family="source-sans-3"))
    (styles / "fonts").mkdir()
    shutil.copyfile(regular, styles / "fonts" / "Mine-Regular.ttf")
    shutil.copyfile(bold, styles / "fonts" / "Mine-Bold.otf")
    shutil.copyfile(italic, styles / "fonts" / "real-italic.ttf")
    (styles / "fonts" / "Mine-Italic.ttf").symlink_to("real-italic.ttf")  # a link that stays inside the folder
    (styles / "sub" / "base.yaml").write_text("format: 1\nextends: default\npaper: A3\n", encoding="utf-8")
    style = styles / "mine.yaml"
    style.write_text(
        "format: 1\nextends: sub/base.yaml\nfonts: {regular: fonts/Mine-Regular.ttf, bold: fonts/Mine-Bold.otf, italic: fonts/Mine-Italic.ttf}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "ijprint", "build", str(SEED), "--style", str(style), "--format", "mindmap", "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(out / "india-japan" / "mindmap.pdf") as pdf:
        assert pdf.pages[0].chars and round(pdf.pages[0].width) == 1191  # A3 landscape, from the parent in sub/
    chosen = load_style(str(style)).fonts
    folder = (styles / "fonts").resolve()
    assert (chosen.regular, chosen.bold, chosen.italic) == tuple(
        str(folder / name) for name in ("Mine-Regular.ttf", "Mine-Bold.otf", "real-italic.ttf")
    )


def test_a_style_that_is_no_style_is_never_quoted(tmp_path: Path) -> None:
    """Named on the command line (the user's choice), a file that is no style is refused without a word of it."""
    for text in ("root:x:0:0:root:/root:/bin/bash\n", f"password: {SECRET}\napi_token: {SECRET}\n", f"- {SECRET}\n", f"{SECRET} = 1\n"):
        style = tmp_path / "passwd.yaml"
        style.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "ijprint", "check", str(SEED), "--style", str(style)], capture_output=True, text=True, timeout=120, cwd=ROOT
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"error: {style}: not a style file"), result.stderr
        assert SECRET not in result.stdout + result.stderr and "root:" not in result.stdout + result.stderr
