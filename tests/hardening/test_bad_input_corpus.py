"""The bad-input corpus: every case exits with the documented status and one line naming the file
(and line where there is one), never a traceback, writes nothing, and leaves earlier outputs intact."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "content" / "india-japan.yaml").read_text(encoding="utf-8")
GOOD_STYLE = "format: 1\nextends: default\n"
MINI = "format: 1\nmeta:\n  title: T\nsections:\n  - label: A\n"


@dataclass(frozen=True)
class Case:
    """A file `name` with `data` (str or bytes), built with `args`; `where` must appear in the error line."""

    name: str
    data: str | bytes
    code: int = 1
    where: str = ""
    args: tuple[str, ...] = ()
    extra_files: dict[str, str | bytes] = field(default_factory=dict)
    file_name: str = "topic.yaml"
    formats: str = "all"


def _deep_flow(depth: int) -> str:
    return "format: 1\nmeta: {title: T}\nsections: " + "[" * depth + "]" * depth + "\n"


def _deep_nodes(depth: int) -> str:
    lines = ["format: 1", "meta: {title: T}", "sections:"]
    indent = "  "
    for _ in range(depth):
        lines.append(f"{indent}- label: x")
        lines.append(f"{indent}  children:")
        indent += "    "
    lines.append(f"{indent}- label: leaf")
    return "\n".join(lines) + "\n"


def _bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nformat: 1\n"


def _wide(children: int) -> str:
    items = "".join(f"      - label: child {i}\n" for i in range(children))
    return f"format: 1\nmeta:\n  title: Wide\nsections:\n  - label: Root\n    children:\n{items}"


CONTENT_CASES = [
    Case("yaml-syntax-unclosed-bracket", "format: 1\nmeta: {title: T\nsections: []\n", where=":3:"),
    Case("yaml-syntax-bad-indent", "format: 1\nmeta:\n  title: T\n sections:\n  - label: A\n", where=":4:"),
    Case("yaml-tab-indent", "format: 1\nmeta:\n\ttitle: T\n", where=":3:"),
    Case("yaml-unquoted-colon", MINI.replace("label: A", "label: Trade: USD 21 bn"), where=":5:"),
    Case("yaml-duplicate-key", MINI + "  - label: B\n    label: C\n", where=":7:"),
    Case("unknown-top-key", "format: 1\nmeta: {title: T}\nsections: [{label: A}]\nsectoins: []\n", where=":4:"),
    Case("unknown-node-key", MINI + "    chlidren: []\n", where=":6:"),
    Case("unknown-fact-key", MINI + "    facts:\n      - {what: a, value: b, year: 2000}\n", where=":7:"),
    Case("top-level-list", "- format: 1\n- meta: {}\n", where=":1:"),
    Case("top-level-scalar", "just some words\n", where=":1:"),
    Case("missing-sections", "format: 1\nmeta: {title: T}\n", where=":1:"),
    Case("empty-sections", "format: 1\nmeta: {title: T}\nsections: []\n", where=":3:"),
    Case("missing-label", "format: 1\nmeta: {title: T}\nsections:\n  - text: no label\n", where=":4:"),
    Case("null-label", "format: 1\nmeta: {title: T}\nsections:\n  - label:\n", where=":4:"),
    Case("label-is-mapping", "format: 1\nmeta: {title: T}\nsections:\n  - label: {a: b}\n", where=":4:"),
    Case("children-is-mapping", MINI + "    children: {label: x}\n", where=":6:"),
    Case("facts-is-text", MINI + "    facts: none\n", where=":6:"),
    Case("fact-missing-value", MINI + "    facts:\n      - what: pledge\n", where=":7:"),
    Case("timeline-missing-year", MINI + "    timeline:\n      - event: x\n", where=":7:"),
    Case("format-2", MINI.replace("format: 1", "format: 2"), where=":1:"),
    Case("missing-title", "format: 1\nmeta: {subtitle: s}\nsections: [{label: A}]\n", where=":2:"),
    Case("python-object-tag", "format: 1\nmeta: {title: !!python/object/apply:os.system [touch PWNED]}\nsections: [{label: A}]\n", where=":2:"),
    Case("alias-bomb", _bomb(), where=":"),
    Case("deep-flow-nesting", _deep_flow(20_000), where=":3:"),
    Case("deep-node-nesting", _deep_nodes(200), where=":"),
    Case("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    Case("latin1-bytes", "format: 1\nmeta: {title: Caf\xe9}\nsections: [{label: A}]\n".encode("latin-1"), where=":2:"),
    Case("utf16-file", MINI.encode("utf-16")),
    Case("empty-file", b""),
    Case("whitespace-only", "   \n\n\t\n"),
    Case("comments-only", "# nothing here\n# at all\n"),
    Case("huge-label", MINI.replace("label: A", "label: " + "x" * 100_000), where=":5:"),
    Case("over-size-limit", "# " + "y" * (3 * 1024 * 1024) + "\n" + MINI),
    Case("control-characters", MINI.replace("label: A", 'label: "A\\x07bell"'), where=":5:"),
    Case("missing-glyph-emoji", MINI.replace("label: A", "label: A 🚀 rocket"), where=":5:"),
    # Bidirectional controls reorder the text around them (a label could print reversed); the font has no
    # glyph for them, so the build stops, naming the code point (never printing the raw character).
    Case("bidi-override-in-label", MINI.replace("label: A", "label: \"Trade \u202Eenivorp\""), where="U+202E"),
    Case("bidi-isolate-in-label", MINI.replace("label: A", "label: \"Trade \u2066x\u2069 rises\""), where="U+2066"),
    Case("huge-fan-out", _wide(10_000), where="more space", formats="mindmap"),
]

XML_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
"""

SOURCE_CASES = [
    Case("md-no-heading-or-list", "Just a paragraph of prose.\n\nAnd another.\n", file_name="notes.md"),
    Case("md-empty", "", file_name="notes.md"),
    Case("md-binary", b"\x00\x01\x02PK\x03\x04" * 50, file_name="notes.md"),
    Case("md-bad-front-matter", "---\ntitle: [unclosed\n---\n# T\n- a\n", file_name="notes.md", where=":2:"),
    Case("md-front-matter-object-tag", "---\ntitle: !!python/object/apply:os.system [touch PWNED]\n---\n# T\n- a\n", file_name="notes.md", where=":2:"),
    Case("md-deep-nesting", "# T\n" + "".join("  " * i + "- x\n" for i in range(120)), file_name="notes.md"),
    Case("mm-malformed", "<map version=\"1.0.1\"><node TEXT=\"a\"><node></map>", file_name="map.mm", where=":1:"),
    Case("mm-entity-bomb", XML_BOMB + "<map><node TEXT=\"&lol3;\"/></map>\n", file_name="map.mm", where=":2:"),
    Case("mm-external-entity", XXE + "<map><node TEXT=\"&xxe;\"/></map>\n", file_name="map.mm", where=":2:"),
    Case("mm-no-node", "<map version=\"1.0.1\"></map>\n", file_name="map.mm", where=":1:"),
    Case("mm-not-a-map", "<html><body>hi</body></html>\n", file_name="map.mm", where=":1:"),
    Case("opml-no-outline", "<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body/></opml>\n", file_name="list.opml", where=":1:"),
    Case("opml-entity-bomb", XML_BOMB + "<opml version=\"2.0\"><body><outline text=\"&lol3;\"/></body></opml>\n", file_name="list.opml", where=":2:"),
    Case("opml-unknown-encoding", "<?xml version=\"1.0\" encoding=\"x-klingon\"?><opml><body><outline text=\"a\"/></body></opml>\n", file_name="list.opml", where=":1:"),
]

STYLE_CASES = [
    Case("style-unknown-key", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": GOOD_STYLE + "papr: A4\n"}, where="bad.yaml:3:"),
    Case("style-bad-colour", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": GOOD_STYLE + "colors: {text: red}\n"}, where="bad.yaml:3:"),
    Case("style-out-of-range", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": GOOD_STYLE + "sizes: {floor: 1}\n"}, where="bad.yaml:3:"),
    Case("style-missing-font-file", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": GOOD_STYLE + "fonts: {regular: no.ttf, bold: no.ttf, italic: no.ttf}\n"}, where="bad.yaml"),
    Case("style-corrupt-font-file", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": GOOD_STYLE + "fonts: {regular: bad.ttf, bold: bad.ttf, italic: bad.ttf}\n", "bad.ttf": b"not a font at all" * 10}, where="bad.ttf"),
    Case("style-extends-cycle", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": "format: 1\nextends: other\n", "other.yaml": "format: 1\nextends: bad\n"}, where=".yaml:2:"),
    Case("style-missing-parent", MINI, args=("--style", "STYLE"), extra_files={"bad.yaml": "format: 1\nextends: nowhere\n"}, where="bad.yaml:2:"),
]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding a good build of a topic named like every bad case's file."""
    folder = tmp_path_factory.mktemp("earlier")
    good = folder / "src" / "topic.yaml"
    good.parent.mkdir()
    good.write_text(SEED, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ijprint", "build", str(good), "--out", str(folder / "out"), "--format", "all"], check=True, capture_output=True, cwd=ROOT)
    return folder / "out"


def _run(case: Case, tmp_path: Path, out: Path, command: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / case.file_name
    source.write_bytes(case.data if isinstance(case.data, bytes) else case.data.encode("utf-8"))
    for name, data in case.extra_files.items():
        (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    args = [str(tmp_path / "bad.yaml") if arg == "STYLE" else arg for arg in case.args]
    extra = ["--out", str(out), "--format", case.formats] if command == "build" else []
    # The timeout guards against a hang; it is not a speed assertion.
    return subprocess.run(
        [sys.executable, "-m", "ijprint", command, str(source), *extra, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", CONTENT_CASES + SOURCE_CASES + STYLE_CASES, ids=lambda case: case.name)
def test_bad_input_is_one_clear_line_and_nothing_is_lost(case: Case, command: str, tmp_path: Path, earlier_output: Path) -> None:
    before = _snapshot(earlier_output)
    result = _run(case, tmp_path, earlier_output, command)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == case.code, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors, result.stderr
    first = errors[0]
    named = "bad" if "bad.yaml" in case.extra_files else case.file_name
    assert named.split(".")[0] in first, first
    if case.where:
        assert case.where in first, first
    assert _snapshot(earlier_output) == before
    assert not (tmp_path / "PWNED").exists()


def test_invisible_characters_the_font_draws_are_kept(tmp_path: Path) -> None:
    """Zero-width space (U+200B, a line-break hint) and soft hyphen (U+00AD, a hyphenation hint) are text the
    YAML reader accepts and the font has glyphs for: the build succeeds and keeps them exactly as written."""
    label = "Zero\u200bwidth soft\u00adhyphen"
    data = MINI.replace("label: A", f'label: "{label}"\n    facts:\n      - {{what: "{label}", value: "1"}}')
    result = _run(Case("invisible-characters", data), tmp_path, tmp_path / "out", "build")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 0, result.stderr
    topic = tmp_path / "out" / "topic"
    assert sorted(path.name for path in topic.iterdir()) == ["facts.csv", "facts.docx", "facts.pdf", "mindmap.pdf", "notes.docx"]
    notes = docx.Document(str(topic / "notes.docx"))
    assert any(paragraph.text == label for paragraph in notes.paragraphs)
    assert label in (topic / "facts.csv").read_text(encoding="utf-8")
    with pdfplumber.open(topic / "mindmap.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "softhyphen" in text and "soft-hyphen" not in text
