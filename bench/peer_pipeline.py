"""A topic -> the inputs and commands of the peer pipeline ijprint is measured against: pandoc notes, a Graphviz map, pandoc facts.

What a teacher would otherwise script: the notes as Markdown through `pandoc -o notes.docx`, the map
as a Graphviz graph through `dot -Tpdf`, and the fact and timeline tables as Markdown through
`pandoc -o facts.docx`. The inputs are written before the clock starts; only the three commands are
timed, each a process of its own, as ijprint's build is one process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ijprint.model import Document, Node, plain, walk
from ijprint.sources import load_document

TOOLS = ("pandoc", "dot")


def missing_tools() -> list[str]:
    """The peer tools that are not installed (the peer rows are skipped then)."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def notes_markdown(document: Document) -> str:
    lines = [f"# {document.meta.title}", ""]
    if document.meta.subtitle:
        lines += [document.meta.subtitle, ""]
    for depth, node in walk(document.sections):
        lines += [f"{'#' * min(depth + 1, 6)} {plain(node.label)}", ""]
        if node.text:
            lines += [plain(node.text), ""]
    return "\n".join(lines)


def facts_markdown(document: Document) -> str:
    lines = [f"# {document.meta.title}: facts", "", "| What | Value | Period | Unit | Note |", "| --- | --- | --- | --- | --- |"]
    timeline = ["", "## Timeline", "", "| Year | Event |", "| --- | --- |"]
    for _, node in walk(document.sections):
        for fact in node.facts:
            lines.append("| " + " | ".join(cell.replace("|", "/") for cell in (fact.what, fact.value, fact.period, fact.unit, fact.note)) + " |")
        for entry in node.timeline:
            timeline.append(f"| {entry.year} | {entry.event.replace('|', '/')} |")
    return "\n".join(lines + timeline) + "\n"


def map_dot(document: Document) -> str:
    """The topic as a radial graph, the layout Graphviz offers for mind maps."""
    lines = ["digraph map {", '  layout=twopi; ranksep=1.6; overlap=false; node [shape=box, style=rounded, fontname="Helvetica"];']
    lines.append(f'  root [label="{_quoted(document.meta.title)}", fontsize=20];')

    def add(parent: str, node: Node) -> None:
        lines.append(f'  "{node.id}" [label="{_quoted(plain(node.label))}"];')
        lines.append(f'  "{parent}" -> "{node.id}";')
        for child in node.children:
            add(node.id, child)

    for section in document.sections:
        add("root", section)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def prepare(source: Path, folder: Path) -> list[list[str]]:
    """Write the peer inputs for one topic into `folder` and return its three commands."""
    document = load_document(source)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.md").write_text(notes_markdown(document), encoding="utf-8")
    (folder / "facts.md").write_text(facts_markdown(document), encoding="utf-8")
    (folder / "map.dot").write_text(map_dot(document), encoding="utf-8")
    return [
        ["pandoc", str(folder / "notes.md"), "-o", str(folder / "notes.docx")],
        ["dot", "-Tpdf", str(folder / "map.dot"), "-o", str(folder / "map.pdf")],
        ["pandoc", str(folder / "facts.md"), "-o", str(folder / "facts.docx")],
    ]
