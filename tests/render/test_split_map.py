"""`--style large-print` and `--split` through the CLI, checked as a reader checks the files: every map page
A4 with nothing under 14 pt, no overlapping words, nothing outside the margins, every label somewhere,
every "continued on page N" cue landing on the page that carries its branch; notes and fact tables in
large print; `--split none` gives the overflow message; `--split` counts in the manifest."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from ijprint.paper import PAPER_SIZES_PT
from ijprint.style import load_style

CUE = re.compile(r"continued\s+on\s+page\s+(\d+)")


def _ijprint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ijprint", *args], capture_output=True, text=True, timeout=300)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def large_print(tmp_path_factory, seed_path) -> dict:
    out = tmp_path_factory.mktemp("large-print")
    result = _ijprint("build", str(seed_path), "--style", "large-print", "--format", "mindmap,notes,facts", "--out", str(out))
    assert result.returncode == 0, result.stderr
    folder = out / seed_path.stem
    return {"out": out, "folder": folder, "map": (folder / "mindmap.pdf").read_bytes(), "style": load_style("large-print")}


def _outside(page: dict, margins) -> list[str]:
    width, height = page["size"]
    return [
        c["text"]
        for c in page["chars"]
        if c["x0"] < margins.left - 0.5 or c["x1"] > width - margins.right + 0.5 or c["top"] < margins.top - 0.5 or c["bottom"] > height - margins.bottom + 0.5
    ]


def test_every_map_page_is_a4_with_nothing_under_14_pt_no_overlap_and_nothing_outside_the_margins(large_print, overlaps, pdf_pages):
    pages = pdf_pages(large_print["map"])
    assert len(pages) >= 3
    a4 = PAPER_SIZES_PT["A4"]
    for number, page in enumerate(pages, 1):
        assert page["size"] == pytest.approx(a4, abs=0.5), number
        assert min(c["size"] for c in page["chars"]) >= 14 - 0.01, number
        assert overlaps(page["words"]) == [], number
        assert _outside(page, large_print["style"].margins) == [], number


def test_every_label_of_the_topic_is_on_some_page_in_order(large_print, seed_document, missing_labels, pdf_pages):
    text = " ".join(" ".join(word["text"] for word in page["words"]) for page in pdf_pages(large_print["map"]))
    assert missing_labels(text, seed_document) == []


def test_every_cue_lands_on_a_page_headed_by_its_branch(large_print, seed_document, pdf_pages):
    pages = pdf_pages(large_print["map"])
    overview = pages[0]
    assert "Page 1" in overview["text"]
    cues = [int(n) for n in CUE.findall(overview["text"])]
    assert cues and all(2 <= n <= len(pages) for n in cues)
    assert set(range(2, len(pages) + 1)) == set(cues)
    # A cue is printed in its branch's colour, as is the branch's heading: the branch a cue belongs to
    # is the one main-branch label written in the cue's colour.
    labels = [node.label_text for node in seed_document.sections]
    words = overview["words"]
    for index, word in enumerate(words):
        if word["text"] != "continued":
            continue
        target = int(CUE.match(" ".join(w["text"] for w in words[index : index + 4])).group(1))
        colour = tuple(word["non_stroking_color"])
        in_colour = _normal(" ".join(w["text"] for w in words if tuple(w["non_stroking_color"]) == colour))
        owners = [label for label in labels if label in in_colour]
        assert len(owners) == 1, (target, owners)
        header = pages[target - 1]["text"].split(f"Page {target} ·")[0]
        assert owners[0] in header, (owners[0], header)
        assert "continued from page 1" in pages[target - 1]["text"]


def test_every_page_prints_the_topics_section_numbers_and_cues_none(large_print, seed_document, marked_texts):
    """A branch on its own page keeps its number ("4.1", not "1"), and a cue is no section. Each node's
    text is one marked-content sequence of the tagged PDF, read back by MCID."""
    from ijprint.model import section_numbers, walk

    numbers = section_numbers(seed_document.sections)
    expected: dict[str, set[str]] = {}
    for _, node in walk(seed_document.sections):
        expected.setdefault("".join(node.label_text.split()), set()).add(numbers[node.id])
    checked = cues = 0
    for (page_index, _), run in sorted(marked_texts(large_print["map"]).items()):
        text = re.sub(r"\+\d+$", "", "".join(run.split()).replace("\u2060", ""))
        if text.startswith("continued"):
            cues += 1
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)*)(.+)", text)
        if match and match.group(2) in expected:
            assert match.group(1) in expected[match.group(2)], (page_index + 1, text)
            checked += 1
        elif "continuedonpage" in text:
            raise AssertionError((page_index + 1, "a cue with a number", text))
    assert checked > len(expected) and cues >= 3


def test_one_bookmark_per_page(large_print):
    reader = PdfReader(io.BytesIO(large_print["map"]))
    targets = [reader.get_destination_page_number(item) for item in reader.outline]
    assert targets == list(range(len(reader.pages)))
    assert reader.outline[0].title == "Overview"


def test_notes_body_is_16_pt_or_more_with_larger_headings_and_14_pt_tables(large_print):
    document = docx.Document(str(large_print["folder"] / "notes.docx"))
    styles = document.styles
    body = styles["Normal"].font.size.pt
    assert body >= 16
    assert styles["Heading 1"].font.size.pt > body and styles["Title"].font.size.pt > body
    assert styles["Table Text"].font.size.pt >= 14
    used = {paragraph.style.name for paragraph in document.paragraphs}
    for name in used:
        size = styles[name].font.size
        assert size is None or size.pt >= 16, name
    runs = [run.font.size.pt for paragraph in document.paragraphs for run in paragraph.runs if run.font.size is not None]
    assert min(runs) >= 14


def test_fact_tables_have_nothing_under_14_pt(large_print, pdf_pages):
    pages = pdf_pages((large_print["folder"] / "facts.pdf").read_bytes())
    assert min(c["size"] for page in pages for c in page["chars"]) >= 14 - 0.01
    for page in pages:
        assert page["size"] == pytest.approx(PAPER_SIZES_PT["A4"], abs=0.5) or page["size"] == pytest.approx(PAPER_SIZES_PT["A4"][::-1], abs=0.5)


def test_split_none_gives_the_overflow_message(tmp_path, seed_path):
    result = _ijprint("build", str(seed_path), "--style", "large-print", "--split", "none", "--format", "mindmap", "--out", str(tmp_path))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert re.search(r"mind map needs (at least )?\d+% more space than A4 portrait at the 14 pt floor", errors[0])
    assert "--split branches" in errors[0]
    assert not (tmp_path / seed_path.stem / "mindmap.pdf").exists()
    check = _ijprint("check", str(seed_path), "--style", "large-print", "--split", "none", "--format", "mindmap")
    assert check.returncode == 1 and "more space than A4 portrait" in check.stderr
    assert _ijprint("check", str(seed_path), "--style", "large-print", "--format", "mindmap").returncode == 0


def _crowded_topic(path: Path) -> Path:
    """Eight branches of 8 x 6 nodes with long labels: too much for one A4 page at the default 7 pt floor."""
    lines = ["format: 1", "meta:", '  title: "Crowded topic"', "sections:"]
    for b in range(8):
        lines += [f'  - label: "Branch {b} with a fairly long descriptive label"', "    children:"]
        for c in range(8):
            lines += [f'      - label: "Topic {b}.{c} with a fairly long label"', "        children:"]
            lines += [f'          - label: "Leaf {b}.{c}.{g} of the topic"' for g in range(6)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_split_branches_with_the_default_style_spreads_a_crowded_map_over_pages_at_its_floor(tmp_path, overlaps, pdf_pages):
    topic = _crowded_topic(tmp_path / "crowded.yaml")
    assert _ijprint("build", str(topic), "--format", "mindmap", "--out", str(tmp_path / "one")).returncode == 1
    result = _ijprint("build", str(topic), "--format", "mindmap", "--split", "branches", "--out", str(tmp_path / "split"))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages((tmp_path / "split" / "crowded" / "mindmap.pdf").read_bytes())
    assert len(pages) > 1
    default = load_style("default")
    for page in pages:
        assert page["size"] == pytest.approx(PAPER_SIZES_PT["A4"][::-1], abs=0.5)
        assert min(c["size"] for c in page["chars"]) >= default.floor - 0.01
        assert overlaps(page["words"]) == []
        assert _outside(page, default.margins) == []
    text = " ".join(page["text"] for page in pages)
    for b in range(8):
        for c in range(8):
            assert f"Leaf {b}.{c}.5 of the topic" in text


def test_split_branches_leaves_a_map_that_fits_on_one_page(tmp_path, seed_path):
    plain = _ijprint("build", str(seed_path), "--format", "mindmap", "--out", str(tmp_path / "plain"))
    split = _ijprint("build", str(seed_path), "--format", "mindmap", "--split", "branches", "--out", str(tmp_path / "split"))
    assert plain.returncode == split.returncode == 0
    data = (tmp_path / "split" / seed_path.stem / "mindmap.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert data == (tmp_path / "plain" / seed_path.stem / "mindmap.pdf").read_bytes()


def test_split_is_part_of_the_manifest_and_verify_agrees(tmp_path, seed_path):
    out = tmp_path / "out"
    args = ("build", str(seed_path), "--style", "large-print", "--format", "mindmap", "--out", str(out))
    assert _ijprint(*args).returncode == 0
    again = _ijprint(*args, "--split", "branches")
    assert again.returncode == 0 and again.stdout.startswith("wrote ")
    assert _ijprint(*args, "--split", "branches").stdout.startswith("up to date ")
    verified = _ijprint("verify", "--out", str(out))
    assert verified.returncode == 0, verified.stderr


def test_the_large_print_map_is_reproducible(large_print, tmp_path, seed_path):
    result = _ijprint("build", str(seed_path), "--style", "large-print", "--format", "mindmap", "--out", str(tmp_path))
    assert result.returncode == 0
    assert (tmp_path / seed_path.stem / "mindmap.pdf").read_bytes() == large_print["map"]
