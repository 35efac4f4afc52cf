"""The command line as a user meets it: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from ijprint import __version__
from ijprint.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ijprint", *args], cwd=cwd, capture_output=True, text=True)


def test_version_and_module_entry_point() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_help_has_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_build_notes_writes_into_topic_folder(tmp_path: Path, seed_path: Path) -> None:
    result = run("build", str(seed_path), "--format", "notes", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "india-japan" / "notes.docx").is_file()
    assert "1 topic(s) built" in result.stdout + result.stderr


def test_check_passes_on_the_seed() -> None:
    result = run("check", "content/")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


@pytest.mark.parametrize(
    "args, code",
    [
        (["build", "no/such/file.yaml"], 2),
        (["build", "--format", "poster"], 2),
        (["build", "--style", "no-such-style"], 2),
        (["build", "--max-depth", "0"], 2),
        (["frobnicate"], 2),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], code: int) -> None:
    result = run(*args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr + result.stdout


def test_content_error_is_one_line_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nmeta:\n  title: T\nsections:\n  - labl: oops\n", encoding="utf-8")
    for command in ("build", "check"):
        result = run(command, str(bad), "--out", str(tmp_path / "out")) if command == "build" else run(command, str(bad))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1
        assert f"{bad}:5:5" in errors[0] and "sections[0].labl" in errors[0] and "did you mean 'label'" in errors[0]
    assert not (tmp_path / "out" / "bad").exists()


def test_internal_error_is_reported_in_one_line_with_exit_3(replace_render: Callable[[str, object], None], seed_path: Path, tmp_path: Path) -> None:

    def crash(*_args: object) -> dict[str, bytes]:
        raise RuntimeError("boom")

    replace_render("notes", crash)
    result = CliRunner().invoke(main, ["build", str(seed_path), "--format", "notes", "--out", str(tmp_path)])
    assert result.exit_code == 3
    assert "--debug" in result.output and "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "build", str(seed_path), "--format", "notes", "--out", str(tmp_path)])
    assert isinstance(debug.exception, RuntimeError)



def test_the_script_ends_with_the_status_and_every_line_of_its_command(tmp_path: Path, seed_path: Path) -> None:
    # The script exits without tearing the interpreter down (cli.run): what was printed must still all arrive.
    good = run("build", str(seed_path), "--format", "facts", "--out", str(tmp_path))
    assert good.returncode == 0, good.stderr
    assert [line.split()[0] for line in good.stdout.splitlines()] == ["wrote"] * 3 + ["1"]
    usage = run("build", str(seed_path), "--format", "nope", "--out", str(tmp_path))
    assert usage.returncode == 2 and "nope" in usage.stderr
    content = run("build", str(tmp_path / "missing.yaml"), "--out", str(tmp_path))
    assert content.returncode != 0 and "missing.yaml" in content.stderr


def test_the_script_survives_a_reader_that_goes_away(tmp_path: Path, seed_path: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-m", "ijprint", "build", str(seed_path), "--format", "facts", "--out", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.close()
    _, errors = reader.communicate()
    assert b"Traceback" not in errors
    assert (tmp_path / "india-japan" / "facts.csv").is_file()
