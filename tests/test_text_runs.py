"""Itemizing, shaping and measuring text over a font chain (text_runs), and the glyph check over the chain."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.fonts import FontMeasure, find_missing_glyphs, load_fonts
from ijprint.model import Document, Metadata, Node, Span
from ijprint.render.facts_pdf import render_facts_pdf
from ijprint.render.mindmap_pdf import render_mindmap
from ijprint.render.page_specs import layout_map
from ijprint.style import FontChoice
from ijprint.text_runs import chain_of, is_plain, itemize, shape, unit_width

ROOT = Path(__file__).resolve().parents[1]


def test_latin_stays_on_the_latin_face_and_devanagari_goes_to_its_own(faces) -> None:
    chain = chain_of(faces.regular)
    assert len(chain) == 3 and chain[0] == faces.regular
    runs = itemize("GST क्या है?", chain)
    assert [(run.text, run.face == chain[0], run.shaped) for run in runs] == [
        ("GST ", True, False), ("क्या", False, True), (" ", True, False), ("है", False, True), ("?", True, False)]
    assert is_plain("India–Japan Relations: 5th largest investor", faces.regular)
    assert not is_plain("भारत", faces.regular)


def test_joiners_and_variation_selectors_stay_with_their_cluster(faces) -> None:
    chain = chain_of(faces.regular)
    # Marathi eyelash ra: RA + VIRAMA + ZWJ; the ZWJ must reach HarfBuzz with its letters.
    [eyelash] = itemize("र्\u200dय", chain)
    assert eyelash.text == "र्\u200dय" and eyelash.shaped
    warning, rest = itemize("\u26a0\ufe0f Check", chain)
    assert warning.text == "\u26a0\ufe0f" and warning.face == chain[2] and rest.text == " Check"


def test_measuring_uses_the_shaped_advances(faces) -> None:
    shaped = shape("क्ष", chain_of(faces.regular)[1])
    assert len(shaped.glyphs) == 1  # one conjunct glyph, not KA, VIRAMA, SSA
    assert unit_width("क्ष", faces.regular) == pytest.approx(shaped.width)
    separate = sum(shape(char, chain_of(faces.regular)[1]).width for char in "क्ष")
    assert unit_width("क्ष", faces.regular) < separate - 0.1
    assert FontMeasure().unit_width("हिंदी पर्यावरण", faces.bold) == pytest.approx(unit_width("हिंदी पर्यावरण", faces.bold))


def _document(*labels: str) -> Document:
    return Document(Metadata(title="Glyphs"), tuple(Node(id=f"n{i}", label=(Span(label),)) for i, label in enumerate(labels)))


def test_the_glyph_check_covers_the_chain_and_ignores_invisible_characters(faces) -> None:
    document = _document("हिंदी", "\u26a0\ufe0f ok", "👩\u200d🏫", "र्\u200dय", "长城")
    missing = find_missing_glyphs(document, faces)
    assert {item.char for item in missing} == {"长", "城"}
    assert "'长' (U+957F) has no glyph in the fonts" in missing[0].describe()


def test_latin_only_output_is_the_same_with_or_without_the_fallbacks(seed_document, default_style, context) -> None:
    """The fallback faces change nothing for Latin text: same map and fact-table bytes."""
    plain_style = replace(default_style, fonts=FontChoice(family="source-sans-3"))
    outputs = []
    for style in (default_style, plain_style):
        faces = load_fonts(style.fonts)
        ctx = replace(context, style=style, faces=faces)
        layout = layout_map(seed_document, style, faces, measure=FontMeasure())
        outputs.append((render_mindmap(layout, seed_document, style, faces, ctx), render_facts_pdf(seed_document, style, faces, ctx)))
    assert outputs[0] == outputs[1]


def test_a_markmap_outline_full_of_emoji_builds_without_replace_missing(tmp_path: Path) -> None:
    source = ROOT / "tests" / "data" / "emoji_outline.md"
    result = subprocess.run([sys.executable, "-m", "ijprint", "build", str(source), "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = result.stdout + result.stderr
    assert "U+FE0F" not in report and "warning" not in report.lower()
    pdf = tmp_path / "emoji-outline" / "mindmap.pdf"
    names = {str(ref.get_object()["/BaseFont"]) for ref in PdfReader(pdf).pages[0]["/Resources"]["/Font"].values()}
    assert any("NotoEmoji" in name for name in names), names
    extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(emoji in extracted for emoji in ("✅", "💡", "📌", "🔑", "❌")), extracted
    with pdfplumber.open(pdf) as opened:
        assert "\u25a1" not in opened.pages[0].extract_text()


def test_docx_runs_in_devanagari_ask_for_a_devanagari_face_and_hindi(tmp_path: Path) -> None:
    source = ROOT / "tests" / "data" / "devanagari" / "hinglish_mix.yaml"
    subprocess.run([sys.executable, "-m", "ijprint", "build", str(source), "--format", "notes", "--out", str(tmp_path)], check=True, capture_output=True)
    with zipfile.ZipFile(tmp_path / "hinglish-mix" / "notes.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    import re

    runs = re.findall(r"<w:r>(.*?)</w:r>", body)
    devanagari = [run for run in runs if re.search("[\u0900-\u097f]", run)]
    latin = [run for run in runs if "<w:t" in run and not re.search("[\u0900-\u097f]", run)]
    assert devanagari and latin
    assert all('<w:rFonts w:cs="Nirmala UI" w:hint="cs"/>' in run and '<w:lang w:bidi="hi-IN"/>' in run for run in devanagari)
    assert not any("Nirmala" in run or "hi-IN" in run for run in latin)
    assert any("<w:b/><w:bCs/>" in run for run in devanagari)  # bold Devanagari is bold in Word too


def test_without_an_emoji_font_emoji_are_left_out_with_one_warning_per_file(tmp_path: Path) -> None:
    (tmp_path / "no-emoji.yaml").write_text("extends: default\nfonts: {fallback: [noto-sans-devanagari]}\n", encoding="utf-8")
    source = ROOT / "tests" / "data" / "emoji_outline.md"
    result = subprocess.run([sys.executable, "-m", "ijprint", "build", str(source), "--style", str(tmp_path / "no-emoji.yaml"),
                             "--format", "mindmap", "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "left out" in line]
    assert len(lines) == 1 and "emoji_outline.md:" in lines[0] and "U+FE0F" not in lines[0], result.stdout + result.stderr
    extracted = subprocess.run(["pdftotext", str(tmp_path / "out" / "emoji-outline" / "mindmap.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Revise the" in extracted and "✅" not in extracted and "\u25a1" not in extracted


def test_a_latin_topic_never_parses_its_fallback_faces(seed_path: Path, tmp_path: Path) -> None:
    # A fresh process: this one has long registered every face. The Hindi word then brings its face in.
    script = f"""
import json
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from ijprint.build import BuildOptions, build
[result] = build([Path({str(seed_path)!r})], BuildOptions(formats=("mindmap", "facts"), out_dir=Path({str(tmp_path)!r}), jobs=1))
assert result.error is None, result.error
before = sorted(pdfmetrics.getRegisteredFontNames())
from ijprint.fonts import load_fonts, text_width
from ijprint.style import load_style
text_width("भारत", load_fonts(load_style("default").fonts).regular, 10)
print(json.dumps([before, sorted(pdfmetrics.getRegisteredFontNames())]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    before, after = json.loads(done.stdout)
    assert not [name for name in before if "Devanagari" in name or "Emoji" in name]
    assert [name for name in after if "Devanagari" in name]


def test_a_fallback_that_cannot_be_registered_fails_the_same_way_each_time_it_is_needed() -> None:
    from ijprint.errors import ContentError
    from ijprint.text_runs import coverage, register_chain

    tries = []

    def broken() -> None:
        tries.append(1)
        raise ContentError("not a usable TrueType font", "broken.ttf")

    register_chain("IJ-test-head", ("IJ-test-head", "IJ-test-broken"), {"IJ-test-broken": broken})
    for _ in range(2):
        with pytest.raises(ContentError, match="not a usable TrueType font"):
            coverage("IJ-test-broken")
    assert len(tries) == 2
