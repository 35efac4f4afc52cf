"""Shared fixtures: the seed topic, the default style and its registered fonts, and the PDF readings
the render tests share (pages, marked-content texts, overlaps, missing labels)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

import pdfplumber
import pytest
from pypdf import PdfReader

from ijprint.render.registry import RenderContext
from ijprint.fonts import FontFaces, load_fonts
from ijprint.model import Document, Metadata, Node, Span
from ijprint.reproducible import build_time
from ijprint.sources import load_document
from ijprint.style import Style, load_style

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "india-japan.yaml"
TERMS = ROOT / "tests" / "data" / "article_terms.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return load_document(SEED)


@pytest.fixture(scope="session")
def default_style() -> Style:
    return load_style(str(ROOT / "styles" / "default.yaml"))


@pytest.fixture(scope="session")
def faces(default_style: Style) -> FontFaces:
    return load_fonts(default_style.fonts)


@pytest.fixture(scope="session")
def context(seed_document: Document, default_style: Style, faces: FontFaces) -> RenderContext:
    return RenderContext(style=default_style, build_time=build_time(None, seed_document.meta.date), generator="ijprint test", faces=faces)


@pytest.fixture(scope="session")
def article_terms() -> list[str]:
    """Every figure, year and proper name of the article, as the seed spells them."""
    lines = TERMS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture
def replace_render(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, object], None]:
    """`replace_render(name, render)`: the registered format `name` renders all its files with `render` for one test."""
    from ijprint.render import registry

    def patch(name: str, render: registry.Render) -> None:
        patched = tuple(replace(fmt, parts=(registry.FormatPart(fmt.files, render, cost=1.0),)) if fmt.name == name else fmt for fmt in registry.formats())
        monkeypatch.setattr(registry, "formats", lambda: patched)

    return patch


def word_overlaps(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of pdfplumber words whose boxes overlap by more than 0.2 pt: text drawn over text."""
    clashes = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if a["x0"] < b["x1"] - 0.2 and b["x0"] < a["x1"] - 0.2 and a["top"] < b["bottom"] - 0.2 and b["top"] < a["bottom"] - 0.2:
                clashes.append((a["text"], b["text"]))
    return clashes


def labels_missing(text: str, document: Document) -> list[tuple[str, str]]:
    """(label, word) for every node label whose words are not in `text` in order (a word found
    out of order still counts, as labels wrap and columns interleave)."""
    from ijprint.model import walk

    missing = []
    for _, node in walk(document.sections):
        position = 0
        for word in node.label_text.split():
            found = text.find(word, position)
            if found < 0:
                found = text.find(word)
            if found < 0:
                missing.append((node.label_text, word))
                break
            position = found + len(word)
    return missing


@pytest.fixture(scope="session")
def overlaps() -> Callable[[list[dict]], list[tuple[str, str]]]:
    """`overlaps(words)`: the shared overlap check of the PDF tests (see word_overlaps)."""
    return word_overlaps


@pytest.fixture(scope="session")
def missing_labels() -> Callable[[str, Document], list[tuple[str, str]]]:
    """`missing_labels(text, document)`: node labels a PDF's text lacks (see labels_missing)."""
    return labels_missing


def read_pages(data: bytes) -> list[dict]:
    """Each page of a PDF as pdfplumber reads it: size, characters, words (with size and fill colour)
    and its text with runs of white space made one space."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            {
                "size": (page.width, page.height),
                "chars": list(page.chars),
                "words": page.extract_words(extra_attrs=["size", "non_stroking_color"]),
                "text": re.sub(r"\s+", " ", page.extract_text()).strip(),
            }
            for page in pdf.pages
        ]


def read_marked_texts(data: bytes) -> dict[tuple[int, int], str]:
    """What each marked-content sequence of a tagged PDF shows, by (page index, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[index, char["mcid"]] = texts.get((index, char["mcid"]), "") + char["text"]
    return texts


@pytest.fixture(scope="session")
def pdf_pages() -> Callable[[bytes], list[dict]]:
    """`pdf_pages(data)`: the pages of a PDF as the render tests read them (see read_pages)."""
    return read_pages


@pytest.fixture(scope="session")
def marked_texts() -> Callable[[bytes], dict[tuple[int, int], str]]:
    """`marked_texts(data)`: the text of every marked-content sequence (see read_marked_texts)."""
    return read_marked_texts


GROWN_WORDS = "trade corridor summit defence energy exchange pledge partnership investment security policy dialogue".split()


def grow_topic(count: int, title: str = "Grown") -> Document:
    """A topic of `count` nodes grown breadth first: 8 main branches, each node with 3 to 5 children,
    labels of 2 to 5 words and a number (the shape of bench/mindmap_bench.py's trees)."""
    labels = [" ".join(GROWN_WORDS[(n * 7 + i * 3) % len(GROWN_WORDS)] for i in range(2 + n % 4)) + f" {n}" for n in range(count)]
    children: dict[int, list[int]] = {-1: []}
    queue, made = [-1], 0
    while made < count:
        parent = queue.pop(0)
        for _ in range(8 if parent == -1 else 3 + made % 3):
            if made < count:
                children[parent].append(made)
                children[made] = []
                queue.append(made)
                made += 1

    def node(i: int) -> Node:
        return Node(id=f"n{i}", label=(Span(labels[i]),), children=tuple(node(c) for c in children[i]))

    return Document(Metadata(title=title), tuple(node(c) for c in children[-1]))


@pytest.fixture(scope="session")
def grown_topic() -> Callable[..., Document]:
    """`grown_topic(count, title)`: a large synthetic topic for the layout-scaling and poster tests (see grow_topic)."""
    return grow_topic


def fonts_not_embedded(data: bytes) -> list[str]:
    """The base names of the fonts a PDF's pages use without embedding their TrueType program (for a
    composite font, its descendant's)."""
    missing = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            face = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            if "/FontFile2" not in face["/FontDescriptor"].get_object():
                missing.append(str(font.get("/BaseFont")))
    return missing


@pytest.fixture(scope="session")
def unembedded_fonts() -> Callable[[bytes], list[str]]:
    """`unembedded_fonts(data)`: fonts a PDF uses but does not embed (see fonts_not_embedded)."""
    return fonts_not_embedded
