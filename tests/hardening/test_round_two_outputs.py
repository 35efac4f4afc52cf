"""Hardening round 2, checked on real outputs built through the CLI: formula cells in facts.csv, dates
that are absent or impossible, no-break spaces, control characters, and era markers in imported labels."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _ijprint(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "ijprint", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _topic(folder: Path, body: str, meta: str = "  title: Round two\n", name: str = "topic.yaml") -> Path:
    path = folder / name
    path.write_text(f"format: 1\nmeta:\n{meta}sections:\n{body}", encoding="utf-8")
    return path


# ---------------------------------------------------------------- facts.csv formulas (point 2)


def test_formula_cells_are_neutralised_in_the_built_csv(tmp_path: Path) -> None:
    body = (
        "  - label: Risky values\n    facts:\n"
        "      - {what: \"=cmd|' /C calc'!A0\", value: '=HYPERLINK(\"http://x.example\",\"x\")'}\n"
        "      - {what: '@SUM(1+1)', value: '+1+1', note: '-1+1'}\n"
        "      - {what: growth, value: '-2.5', unit: '-3%', period: '+4'}\n"
        "    timeline:\n      - {year: '2014', event: '=1+1'}\n"
    )
    source = _topic(tmp_path, body)
    assert _ijprint("build", str(source), "--format", "facts", "--out", str(tmp_path / "out"), cwd=tmp_path).returncode == 0
    data = (tmp_path / "out" / "topic" / "facts.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'=HYPERLINK(\"http://x.example\",\"x\")" in cells
    assert {"'@SUM(1+1)", "'+1+1", "'-1+1", "'=1+1"} <= set(cells)
    assert {"-2.5", "-3%", "+4"} <= set(cells)  # plain numbers stay numbers
    assert not [cell for cell in cells if cell[:1] in ("=", "@") or re.match(r"[-+](?![\d.,]+%?$)", cell)]


# ---------------------------------------------------------------- dates (point 3)


def _map_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return document.pages[0].extract_text()


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_a_topic_without_a_date_prints_none(tmp_path: Path, epoch: str | None) -> None:
    source = _topic(tmp_path, "  - label: Only point\n")
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch else {}
    assert _ijprint("build", str(source), "--out", str(tmp_path / "out"), cwd=tmp_path, env=env).returncode == 0
    topic = tmp_path / "out" / "topic"
    for pdf in ("mindmap.pdf", "facts.pdf"):
        text = _map_text(topic / pdf)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    notes = "\n".join(paragraph.text for paragraph in docx.Document(str(topic / "notes.docx")).paragraphs)
    assert not re.search(r"\d{4}-\d{2}-\d{2}|2000", notes)
    # The timestamps the formats need are the documented fixed value, or SOURCE_DATE_EPOCH.
    with pdfplumber.open(topic / "mindmap.pdf") as document:
        assert document.metadata["CreationDate"].startswith("D:20231114" if epoch else "D:20000101")


def test_a_dated_topic_prints_its_date(tmp_path: Path) -> None:
    source = _topic(tmp_path, "  - label: Only point\n", meta="  title: Dated\n  date: 2024-02-29\n")
    assert _ijprint("build", str(source), "--format", "mindmap", "--out", str(tmp_path / "out"), cwd=tmp_path).returncode == 0
    assert "2024-02-29" in _map_text(tmp_path / "out" / "topic" / "mindmap.pdf")


def test_an_imported_topic_has_no_date_and_prints_none(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Romans\n- Founding of the city\n- The Republic\n", encoding="utf-8")
    assert _ijprint("import", "notes.md", "-o", "romans.yaml", cwd=tmp_path).returncode == 0
    assert "date" not in yaml.safe_load((tmp_path / "romans.yaml").read_text(encoding="utf-8"))["meta"]
    assert _ijprint("build", "romans.yaml", "--format", "mindmap", "--out", "out", cwd=tmp_path).returncode == 0
    assert "2000-01-01" not in _map_text(tmp_path / "out" / "romans" / "mindmap.pdf")


@pytest.mark.parametrize("date", ["2025-13-45", "0000-00-00", "2023-02-29"])
def test_an_impossible_date_is_refused_and_earlier_outputs_stay(tmp_path: Path, date: str) -> None:
    source = _topic(tmp_path, "  - label: Only point\n", meta="  title: Dated\n  date: 2024-02-29\n")
    assert _ijprint("build", str(source), "--out", "out", cwd=tmp_path).returncode == 0
    before = {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()}
    _topic(tmp_path, "  - label: Only point\n", meta=f"  title: Dated\n  date: '{date}'\n")
    result = _ijprint("build", str(source), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert f"error: {source}:4:9: meta.date: '{date}' is not a real date" in result.stderr
    assert {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()} == before


# ---------------------------------------------------------------- no-break spaces (point 4)

PAIRS = [("alpha", "beta"), ("gamma", "delta"), ("epsilon", "zeta"), ("eta", "theta"), ("iota", "kappa"), ("lambda", "mu"), ("nu", "xi"), ("omicron", "pi")]


def _pairs_split_across_lines(joiner: str, tmp_path: Path, lead: str = "") -> list[tuple[str, str]]:
    """Build a map whose label holds PAIRS joined by `joiner` (after `lead`); the pairs a line break falls inside."""
    label = lead + " ".join(f"{first}{joiner}{second}" for first, second in PAIRS)
    source = _topic(tmp_path, f'  - label: "{label}"\n  - label: B\n', name="pairs.yaml")
    assert _ijprint("build", str(source), "--format", "mindmap", "--out", "out", cwd=tmp_path).returncode == 0
    with pdfplumber.open(tmp_path / "out" / "pairs" / "mindmap.pdf") as pdf:
        lines = [line["text"].split() for line in pdf.pages[0].extract_text_lines()]
    split = []
    for first, second in PAIRS:
        line = next(words for words in lines if first in words)
        if line.index(first) + 1 == len(line) or line[line.index(first) + 1] != second:
            split.append((first, second))
    return split


def test_the_map_never_breaks_a_line_at_a_no_break_space(tmp_path: Path) -> None:
    # Where the lines break depends on the label's words and what prints before them (its section number):
    # the first lead-in that makes plain spaces break inside a pair is the one the no-break spaces face.
    lead = next((lead for lead in ("", "abcdefg ", "longerword ") if _pairs_split_across_lines(" ", tmp_path, lead)), None)
    assert lead is not None, "the label must wrap inside some pair for this test to mean anything"
    assert _pairs_split_across_lines("\\u00a0", tmp_path, lead) == []
    assert _pairs_split_across_lines("\\u202f", tmp_path, lead) == []


def test_no_break_spaces_and_word_joiners_survive_into_every_output(tmp_path: Path) -> None:
    label = "JIMEX\u00a0&\u00a0Dharma Guardian"
    body = (
        '  - label: "JIMEX\\u00a0&\\u00a0Dharma Guardian"\n    text: "Held since 2012: JIMEX\\u00a0&\\u00a0Dharma\\u2060Guardian."\n'
        '    facts:\n      - {what: "JIMEX\\u00a0&\\u00a0Dharma Guardian", value: "10\\u202fkm"}\n'
        '  - label: "Word\\u2060joiner"\n'
    )
    source = _topic(tmp_path, body)
    result = _ijprint("build", str(source), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    topic = tmp_path / "out" / "topic"
    notes = [paragraph.text for paragraph in docx.Document(str(topic / "notes.docx")).paragraphs]
    # Section headings: the number, a tab, the label as written.
    assert f"1\t{label}" in notes and "2\tWord\u2060joiner" in notes
    assert any("JIMEX\u00a0&\u00a0Dharma\u2060Guardian" in text for text in notes)
    rows = list(csv.reader(io.StringIO((topic / "facts.csv").read_text(encoding="utf-8"), newline="")))
    assert [label, "10\u202fkm"] == rows[1][4:6]
    with pdfplumber.open(topic / "mindmap.pdf") as pdf:
        drawn = "".join(char["text"] for char in pdf.pages[0].chars)
    assert "\u2060" not in drawn and "Wordjoiner" in drawn  # the joiner is not drawn (as a box or at all)


def test_imported_labels_keep_no_break_spaces(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Exercises\n- JIMEX\u00a0&\u00a0Dharma Guardian\n- Malabar\n", encoding="utf-8")
    assert _ijprint("import", "notes.md", "-o", "ex.yaml", cwd=tmp_path).returncode == 0
    labels = [section["label"] for section in yaml.safe_load((tmp_path / "ex.yaml").read_text(encoding="utf-8"))["sections"]]
    assert "JIMEX\u00a0&\u00a0Dharma Guardian" in labels


# ---------------------------------------------------------------- control characters (point 8)


@pytest.mark.parametrize("escaped", ["\\0", "\\e", "\\x07", "\\u202E", "\\N"])
def test_control_characters_are_refused_even_with_replace_missing(tmp_path: Path, escaped: str) -> None:
    """Refused before the glyph check, which --replace-missing would otherwise turn into a placeholder."""
    source = _topic(tmp_path, f'  - label: "A{escaped}b"\n')
    result = _ijprint("build", str(source), "--replace-missing", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(source))}:5:12: sections\[0\]\.label: (control character|bidirectional control) U\+[0-9A-F]{{4}}", result.stderr)
    assert not (tmp_path / "out" / "topic").exists()


def test_tabs_and_line_breaks_are_text_not_controls(tmp_path: Path) -> None:
    source = _topic(tmp_path, '  - label: "A\\tb"\n    text: "line one\\nline two\\tafter a tab"\n')
    assert _ijprint("check", str(source), cwd=tmp_path).returncode == 0


# ---------------------------------------------------------------- era markers in imported labels (point 10)


def test_import_keeps_numbers_with_their_era_and_unit(tmp_path: Path) -> None:
    (tmp_path / "rome.md").write_text(
        "# Rome\n"
        "- Romulus founds the city in 753 BC according to legend\n"
        "- The Western Empire falls to Odoacer in AD 476, so the story goes\n"
        "- Trade between the two countries reached USD 38 bn in 2023 and grew\n"
        "- The city was founded c. 300 BCE by the Seleucid kings\n",
        encoding="utf-8",
    )
    assert _ijprint("import", "rome.md", "-o", "rome.yaml", cwd=tmp_path).returncode == 0
    sections = yaml.safe_load((tmp_path / "rome.yaml").read_text(encoding="utf-8"))["sections"]
    labels = [section["label"] for section in sections]
    assert labels[0] == "Romulus founds the city in 753 BC"
    assert labels[2] == "Trade between the two countries reached"  # 40 characters would part "USD 38 bn"
    assert labels[3] == "The city was founded c. 300 BCE"
    for label in labels:
        assert not re.search(r"\d$", label) and not re.search(r"\b(AD|USD|c\.)$", label), label
    assert sections[0]["text"].startswith("Romulus founds the city in 753 BC according to legend")
