"""The bad-input corpus: every case exits with the documented status and one line naming the file
(and line where there is one), never a traceback, writes nothing, and leaves earlier outputs intact;
nothing a case keeps outside its style folder (SECRET, /etc/passwd) is ever printed."""

from __future__ import annotations

import hashlib
import os
import socket
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
    """A file `name` with `data` (str or bytes), built with `args`; `where` must appear in the error line.

    `extra_files` and `special` are paths inside the case's folder ({TMP} in a text stands for it);
    `special` makes "fifo", "socket" or "->target" (a symbolic link), also in place of the content file.
    STYLE in `args` stands for `style_file`.
    """

    name: str
    data: str | bytes
    code: int = 1
    where: str = ""
    args: tuple[str, ...] = ()
    extra_files: dict[str, str | bytes] = field(default_factory=dict)
    file_name: str = "topic.yaml"
    formats: str = "all"
    special: dict[str, str] = field(default_factory=dict)
    style_file: str = "bad.yaml"


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
    # Emoji and Devanagari have fallback fonts now; Chinese has none (no embeddable TrueType CJK font on PyPI).
    Case("missing-glyph-cjk", MINI.replace("label: A", "label: A 长城 wall"), where=":5:"),
    # Bidirectional controls reorder the text around them (a label could print reversed): they are refused
    # before the glyph check, naming the code point (never printing the raw character).
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


# Styles of round 2 live in styles/; {TMP}/secret.yaml, {TMP}/f.ttf and /etc/passwd are outside that folder.
SECRET_STYLE = "format: 1\nextends: default\nname: SECRET-style\n"
OUTSIDE = {"secret.yaml": SECRET_STYLE, "f.ttf": b"SECRET-font" * 10, "styles/notes.txt": "SECRET-notes\n"}


def _style(name: str, text: str, special: dict[str, str] | None = None, where: str = "bad.yaml:2:", extra: dict[str, str | bytes] | None = None) -> Case:
    files: dict[str, str | bytes] = {**OUTSIDE, "styles/bad.yaml": text, **(extra or {})}
    return Case(name, MINI, args=("--style", "STYLE"), extra_files=files, where=where, special=special or {}, style_file="styles/bad.yaml")


def _fonts(path: str) -> str:
    return f"format: 1\nextends: default\nfonts: {{regular: '{path}', bold: '{path}', italic: '{path}'}}\n"


CONFINED_STYLE_CASES = [
    _style("style-extends-etc-passwd", "format: 1\nextends: /etc/passwd\n"),
    _style("style-extends-absolute-outside", "format: 1\nextends: '{TMP}/secret.yaml'\n"),
    _style("style-extends-dotdot-passwd", "format: 1\nextends: ../../../../../../../../etc/passwd\n"),
    _style("style-extends-dotdot-yaml", "format: 1\nextends: ../secret.yaml\n"),
    _style("style-extends-dotdot-through-sub", "format: 1\nextends: sub/../../secret.yaml\n", extra={"styles/sub/keep.yaml": GOOD_STYLE}),
    _style("style-extends-home", "format: 1\nextends: ~/secret.yaml\n"),
    _style("style-extends-symlink-escapes", "format: 1\nextends: link.yaml\n", {"styles/link.yaml": "->{TMP}/secret.yaml"}),
    _style("style-extends-symlinked-folder", "format: 1\nextends: up/secret.yaml\n", {"styles/up": "->{TMP}"}),
    _style("style-extends-name-beside-is-link", "format: 1\nextends: secret\n", {"styles/secret.yaml": "->{TMP}/secret.yaml"}),
    _style("style-extends-link-to-dev-zero", "format: 1\nextends: zero.yaml\n", {"styles/zero.yaml": "->/dev/zero"}),
    _style("style-extends-fifo", "format: 1\nextends: pipe.yaml\n", {"styles/pipe.yaml": "fifo"}),
    _style("style-extends-not-yaml", "format: 1\nextends: notes.txt\n"),
    _style("style-extends-yml", "format: 1\nextends: other.yml\n", extra={"styles/other.yml": GOOD_STYLE}),
    _style("style-extends-file-that-is-no-style", "format: 1\nextends: data.yaml\n", extra={"styles/data.yaml": "password: SECRET-hunter2\n"}),
    _style("style-fonts-etc-passwd", _fonts("/etc/passwd"), where="bad.yaml:3:"),
    _style("style-fonts-dev-zero", _fonts("/dev/zero"), where="bad.yaml:3:"),
    _style("style-fonts-dotdot", _fonts("../f.ttf"), where="bad.yaml:3:"),
    _style("style-fonts-symlink-escapes", _fonts("link.ttf"), {"styles/link.ttf": "->{TMP}/f.ttf"}, where="bad.yaml:3:"),
    _style("style-fonts-symlinked-folder", _fonts("up/f.ttf"), {"styles/up": "->{TMP}"}, where="bad.yaml:3:"),
    _style("style-fonts-not-a-font-file", _fonts("notes.txt"), where="bad.yaml:3:"),
    _style("style-fonts-fifo", _fonts("pipe.ttf"), {"styles/pipe.ttf": "fifo"}, where="bad.yaml:3:"),
    _style("style-is-a-passwd-file", "root:x:0:0:root:/root:/bin/bash\nSECRET:x:1:1::/:/bin/sh\n", where="bad.yaml"),
    _style("style-is-a-secrets-mapping", "password: SECRET-hunter2\ntoken: SECRET-abc\n", where="bad.yaml"),
    _style("style-is-a-secret-list", "- SECRET-one\n- SECRET-two\n", where="bad.yaml"),
    _style("style-control-character", GOOD_STYLE + 'name: "a\\x07b"\n', where="bad.yaml:3:"),
]


def _dated(date: str) -> str:
    return MINI.replace("  title: T\n", f"  title: T\n  date: {date}\n")


DATE_CASES = [
    Case("date-month-13", _dated('"2025-13-45"'), where=":4:"),
    Case("date-all-zeros", _dated('"0000-00-00"'), where=":4:"),
    Case("date-february-30", _dated('"2024-02-30"'), where=":4:"),
    Case("date-not-a-leap-year", _dated('"2023-02-29"'), where=":4:"),
    Case("date-day-32", _dated("2024-01-32"), where=":4:"),
    Case("date-with-time", _dated('"2025-04-31T10:00"'), where=":4:"),
    Case("md-front-matter-bad-date", "---\ntitle: T\ndate: 2025-02-30\n---\n# T\n- a\n", file_name="notes.md", where=":3:"),
    Case("opml-bad-date", "<opml version=\"2.0\"><head><title>T</title>\n<dateModified>2024-02-30</dateModified></head>"
         "<body><outline text=\"a\"/></body></opml>\n", file_name="list.opml", where=":2:"),
]

CHARACTER_CASES = [
    Case("escaped-nul", MINI.replace("label: A", 'label: "A\\0b"'), where=":5:"),
    Case("escaped-escape", MINI.replace("label: A", 'label: "A\\e[31mred"'), where=":5:"),
    Case("escaped-backspace", MINI.replace("label: A", 'label: "A\\bb"'), where=":5:"),
    Case("escaped-delete", MINI.replace("label: A", 'label: "A\\x7fb"'), where=":5:"),
    Case("c1-next-line", MINI.replace("label: A", 'label: "A\\Nb"'), where="U+0085"),
    Case("c1-control-sequence", MINI.replace("label: A", 'label: "A\\x9b31m"'), where="U+009B"),
    Case("bidi-embedding", MINI.replace("label: A", 'label: "A \\u202Ab"'), where="U+202A"),
    Case("bidi-right-to-left-isolate", MINI.replace("label: A", 'label: "A \\u2067b\\u2069"'), where="U+2067"),
    Case("control-in-fact-value", MINI + '    facts:\n      - {what: x, value: "1\\x1b2"}\n', where=":7:"),
    Case("control-in-timeline-year", MINI + '    timeline:\n      - {year: "20\\x0c14", event: e}\n', where=":7:"),
    Case("control-in-title", MINI.replace("title: T", 'title: "T\\x00"'), where=":3:"),
    Case("bidi-in-tag", MINI.replace("  title: T\n", '  title: T\n  tags: ["a\\u202Eb"]\n'), where=":4:"),
    Case("md-raw-control-character", "# T\n- a\x07b\n", file_name="notes.md", where=":2:"),
    Case("opml-bidi-reference", "<opml version=\"2.0\"><body>\n<outline text=\"a&#x202E;b\"/></body></opml>\n", file_name="list.opml", where=":2:"),
    Case("mm-c1-reference", "<map><node TEXT=\"root\">\n<node TEXT=\"a&#x9b;b\"/></node></map>\n", file_name="map.mm", where=":2:"),
]

ID_CASES = [
    Case("explicit-id-equals-derived", MINI + "  - label: B\n    id: a\n", where=":7:"),
    Case("explicit-id-equals-numbered", MINI + "  - label: A\n  - label: C\n    id: a-2\n", where=":8:"),
]

SPECIAL_FILE_CASES = [
    Case("content-is-a-fifo", "", code=2, where="FIFO", special={"topic.yaml": "fifo"}),
    Case("content-is-a-socket", "", code=2, where="socket", special={"topic.yaml": "socket"}),
    Case("content-links-to-dev-zero", "", code=2, where="not a regular file", special={"topic.yaml": "->/dev/zero"}),
    Case("content-links-to-a-fifo", "", code=2, where="FIFO", special={"pipe": "fifo", "topic.yaml": "->{TMP}/pipe"}),
    Case("content-broken-link", "", code=2, where="broken", special={"topic.yaml": "->{TMP}/nowhere.yaml"}),
    Case("markdown-is-a-fifo", "", code=2, where="FIFO", file_name="notes.md", special={"notes.md": "fifo"}),
]

ROUND_2_CASES = CONFINED_STYLE_CASES + DATE_CASES + CHARACTER_CASES + ID_CASES + SPECIAL_FILE_CASES


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


def _make_special(path: Path, kind: str, tmp_path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        # A socket's path is limited to about 100 bytes: bind it by a short relative name.
        here = os.getcwd()
        os.chdir(path.parent)
        try:
            socket.socket(socket.AF_UNIX).bind(path.name)
        finally:
            os.chdir(here)
    else:
        path.symlink_to(kind.removeprefix("->").replace("{TMP}", str(tmp_path)))


def _run(case: Case, tmp_path: Path, out: Path, command: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / case.file_name
    if case.file_name not in case.special:
        source.write_bytes(case.data if isinstance(case.data, bytes) else case.data.encode("utf-8"))
    for name, data in case.extra_files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.replace("{TMP}", str(tmp_path)).encode("utf-8"))
    for name, kind in case.special.items():
        _make_special(tmp_path / name, kind, tmp_path)
    args = [str(tmp_path / case.style_file) if arg == "STYLE" else arg for arg in case.args]
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
@pytest.mark.parametrize("case", CONTENT_CASES + SOURCE_CASES + STYLE_CASES + ROUND_2_CASES, ids=lambda case: case.name)
def test_bad_input_is_one_clear_line_and_nothing_is_lost(case: Case, command: str, tmp_path: Path, earlier_output: Path) -> None:
    before = _snapshot(earlier_output)
    result = _run(case, tmp_path, earlier_output, command)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == case.code, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors, result.stderr
    first = errors[0]
    named = Path(case.style_file).name if case.style_file in case.extra_files else case.file_name
    assert named.split(".")[0] in first, first
    if case.where:
        assert case.where in first, first
    assert "SECRET" not in result.stdout + result.stderr and "root:" not in result.stdout + result.stderr
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
    assert sorted(path.name for path in topic.iterdir()) == ["facts.csv", "facts.docx", "facts.pdf", "handout.pdf", "mindmap.pdf", "notes.docx", "notes.pdf", "worksheet-answers.pdf", "worksheet.pdf"]
    notes = docx.Document(str(topic / "notes.docx"))
    # The section's heading: its number, a tab, the label as written.
    assert any(paragraph.text == f"1\t{label}" for paragraph in notes.paragraphs)
    assert label in (topic / "facts.csv").read_text(encoding="utf-8")
    for name in ("mindmap.pdf", "notes.pdf"):
        with pdfplumber.open(topic / name) as pdf:
            text = pdf.pages[0].extract_text()
        assert "softhyphen" in text and "soft-hyphen" not in text, name
