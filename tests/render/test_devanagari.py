"""Hindi, Hinglish and Marathi fixtures as a reader checks them: built without --replace-missing, a
Devanagari face embedded, nothing overlapping, the words extractable as written (pdftotext), and the
shaping good enough that Tesseract's Hindi model reads the map back (and cannot read an unshaped one)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.build import BuildOptions, build
from ijprint.fact_rows import fact_table_specs
from ijprint.fonts import FontMeasure, load_fonts
from ijprint.render.mindmap_pdf import render_mindmap
from ijprint.render.page_specs import layout_map
from ijprint.reproducible import build_time
from ijprint.render.registry import RenderContext
from ijprint.sources import load_document

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "devanagari"
SOURCES = {name: FIXTURES / name for name in ("hindi_notes.md", "hinglish_mix.yaml", "marathi_sample.yaml")}
SOURCES["india-japan-hi.yaml"] = ROOT / "content" / "india-japan-hi.yaml"  # the Hindi topic `make build` builds
NAMES = tuple(SOURCES)
WORD = re.compile("[\u0900-\u097f\u200c\u200d]+")


def devanagari_words(text: str) -> list[str]:
    """The Devanagari words of `text`, punctuation (the danda too) left out."""
    return [word for word in WORD.findall(text) if word.strip("\u0964\u0965\u200c\u200d")]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return found


def _pdftotext(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("devanagari")
    results = build([SOURCES[name] for name in NAMES], BuildOptions(out_dir=out, jobs=1))
    for result in results:
        assert result.error is None, result.error
        assert result.warnings == (), result.warnings
    return {name: next(artifact.path.parent for artifact in result.artifacts) for name, result in zip(NAMES, results)}


@pytest.mark.parametrize("name", NAMES)
def test_a_devanagari_face_is_embedded_in_map_and_facts(built: dict[str, Path], name: str) -> None:
    for file in ("mindmap.pdf", "facts.pdf"):
        reader = PdfReader(built[name] / file)
        embedded = set()
        for page in reader.pages:
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                if "/FontFile2" in font["/FontDescriptor"].get_object():
                    embedded.add(str(font["/BaseFont"]).split("+")[-1])
        assert any(face.startswith("NotoSansDevanagari") for face in embedded), (file, embedded)


def _words(pdf_path: Path) -> list[tuple[int, dict]]:
    with pdfplumber.open(pdf_path) as pdf:
        return [(number, word) for number, page in enumerate(pdf.pages) for word in page.extract_words()]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("file", ["mindmap.pdf", "facts.pdf"])
def test_no_two_words_overlap(built: dict[str, Path], name: str, file: str) -> None:
    words = _words(built[name] / file)
    clashes = []
    for i, (page_a, a) in enumerate(words):
        for page_b, b in words[i + 1 :]:
            if page_a == page_b and a["x0"] < b["x1"] - 0.2 and b["x0"] < a["x1"] - 0.2 and a["top"] < b["bottom"] - 0.2 and b["top"] < a["bottom"] - 0.2:
                clashes.append((a["text"], b["text"]))
    assert clashes == []


def _printed_map_words(name: str) -> list[str]:
    """The Devanagari words the map prints, from its layout (labels are shortened, so not every source word is printed)."""
    document = load_document(SOURCES[name])
    from ijprint.style import load_style

    style = load_style("default")
    layout = layout_map(document, style, load_fonts(style.fonts))
    return [word for line in layout.all_lines for word in devanagari_words("".join(fragment.text for fragment in line.fragments))]


def _printed_fact_words(name: str) -> list[str]:
    document = load_document(SOURCES[name])
    texts = [document.meta.title]
    for spec in fact_table_specs(document):
        texts.append(spec.title)
        texts.extend(part.text for row in spec.rows for cell in row for part in cell)
    return devanagari_words(" ".join(texts))


def _share_found(printed: list[str], extracted: str) -> float:
    found = set(devanagari_words(extracted))
    return sum(word in found for word in printed) / len(printed)


@pytest.mark.parametrize("name", NAMES)
def test_pdftotext_returns_the_printed_words_as_written(built: dict[str, Path], name: str) -> None:
    printed = _printed_map_words(name)
    assert len(printed) >= 15
    assert _share_found(printed, _pdftotext(built[name] / "mindmap.pdf")) >= 0.9
    fact_words = _printed_fact_words(name)
    if fact_words:
        assert _share_found(fact_words, _pdftotext(built[name] / "facts.pdf")) >= 0.9


def _ocr_share(pdf: bytes, source_words: set[str], tmp_path: Path) -> float:
    """Of the Devanagari words Tesseract's Hindi model reads on the page at 300 dpi, the share that are words of the source."""
    pdf_path = tmp_path / "map.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run([_tool("pdftoppm"), "-r", "300", "-png", "-singlefile", str(pdf_path), str(tmp_path / "map")], check=True)
    tesseract = _tool("tesseract")
    languages = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True).stdout.split()
    if "hin" not in languages:
        pytest.fail("Tesseract's Hindi model is missing (Debian: tesseract-ocr-hin, installed by .ci/run)")
    read = subprocess.run([tesseract, str(tmp_path / "map.png"), "-", "-l", "hin"], capture_output=True, text=True, check=True).stdout
    words = devanagari_words(read)
    assert len(words) >= 10, read
    return sum(word in source_words for word in words) / len(words)


def _map_pdf(name: str) -> bytes:
    from ijprint.style import load_style

    document = load_document(SOURCES[name])
    style = load_style("default")
    faces = load_fonts(style.fonts)
    context = RenderContext(style=style, build_time=build_time(None, document.meta.date), generator="ijprint test", faces=faces)
    # A measure of its own: the shared one remembers widths across tests, and the unshaped test changes them.
    return render_mindmap(layout_map(document, style, faces, measure=FontMeasure()), document, style, faces, context)


def _source_words(name: str) -> set[str]:
    return set(devanagari_words(SOURCES[name].read_text(encoding="utf-8")))


def test_tesseract_reads_the_shaped_hindi_map(tmp_path: Path) -> None:
    assert _ocr_share(_map_pdf("hindi_notes.md"), _source_words("hindi_notes.md"), tmp_path) >= 0.8


def test_the_ocr_check_fails_on_an_unshaped_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same map with each character drawn as its own glyph, in order (what PDF text without shaping
    looks like): the i-matra after its consonant, no conjuncts, no reph. The OCR check must reject it."""
    from reportlab.pdfbase import pdfmetrics

    from ijprint import text_runs
    from ijprint.render import pdf_text

    def unshaped(text: str, face: str) -> text_runs.ShapedRun:
        font = pdfmetrics.getFont(face).face
        glyphs = []
        for index, char in enumerate(text):
            gid = font.charToGlyph.get(ord(char), 0)
            advance = font._pdfScale(font.hmetrics[gid][0])
            glyphs.append(text_runs.Glyph(gid, index, advance, 0.0, 0.0, 0.0))
        return text_runs.ShapedRun(tuple(glyphs), sum(glyph.x_advance for glyph in glyphs) / 1000)

    monkeypatch.setattr(text_runs, "shape", unshaped)
    monkeypatch.setattr(pdf_text, "shape", unshaped)
    assert _ocr_share(_map_pdf("hindi_notes.md"), _source_words("hindi_notes.md"), tmp_path) < 0.8
