"""Property tests: any tree of 1-400 nodes gives a sound one-page map or the clear overflow error, nothing else."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pdfplumber
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ijprint.render.registry import RenderContext
from ijprint.errors import PageOverflowError
from ijprint.fonts import has_glyph, load_fonts
from ijprint.layout.check import layout_problems
from ijprint.model import Document, Metadata, Node, parse_inline
from ijprint.render.mindmap_pdf import render_mindmap
from ijprint.render.page_specs import layout_map
from ijprint.reproducible import FALLBACK_TIME
from ijprint.style import load_style

# `make test` runs these counts; `make fuzz` (IJPRINT_FUZZ_SCALE=20) twenty times as many.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))
STYLE = load_style(str(Path(__file__).resolve().parents[2] / "styles" / "default.yaml"))
FACES = load_fonts(STYLE.fonts)
CONTEXT = RenderContext(style=STYLE, build_time=FALLBACK_TIME, generator="ijprint test", faces=FACES)
CANDIDATES = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/.:&%+()ąčęėįšųūžőűçñßøÅαβγδεζηθλμπσωΔΣΩабвгдежзийклмнопрстуфхцчшщыэюяЖЯ"
ALPHABET = "".join(ch for ch in CANDIDATES if all(has_glyph(face, ch) for face in (FACES.regular, FACES.bold, FACES.italic)))

word = st.text(alphabet=ALPHABET, min_size=1, max_size=60)
label = st.lists(word, min_size=1, max_size=12).map(" ".join).map(lambda text: text[:120])


@st.composite
def documents(draw) -> Document:
    count = draw(st.integers(1, 400))
    max_depth = draw(st.integers(1, 6))
    labels = draw(st.lists(label, min_size=count, max_size=count))
    depth = [0]
    parent = [-1]
    for _ in range(count):
        open_nodes = [i for i, d in enumerate(depth) if d < max_depth]
        choice = draw(st.sampled_from(open_nodes[-8:]) if len(open_nodes) > 1 and draw(st.booleans()) else st.sampled_from(open_nodes))
        parent.append(choice)
        depth.append(depth[choice] + 1)
    children: dict[int, list[int]] = {i: [] for i in range(len(depth))}
    for i in range(1, len(depth)):
        children[parent[i]].append(i)

    def build(i: int) -> Node:
        return Node(id=f"n{i}", label=parse_inline(labels[i - 1]), children=tuple(build(c) for c in children[i]))

    return Document(Metadata(title=draw(label)), tuple(build(c) for c in children[0]))


def _count(nodes) -> int:
    return sum(1 + _count(n.children) for n in nodes)


@settings(max_examples=max(1, round(15 * SCALE)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_any_tree_gives_a_sound_map_or_the_overflow_error(document):
    try:
        layout = layout_map(document, STYLE, FACES)
    except PageOverflowError as error:
        event("overflow")
        message = str(error)
        assert "\n" not in message and "more space than A4 landscape at the 7 pt floor" in message
        return
    event("fits")
    assert layout_problems(layout, STYLE.floor) == []
    assert len(layout.nodes) == _count(document.sections)
    assert layout.smallest_size >= STYLE.floor


@settings(max_examples=max(1, round(5 * SCALE)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents(), st.integers(1, 3))
def test_folded_maps_render_to_one_page_with_every_shown_label(document, max_depth):
    try:
        layout = layout_map(document, STYLE, FACES, max_depth=max_depth)
    except PageOverflowError:
        return
    assert layout_problems(layout, STYLE.floor) == []
    assert len(layout.nodes) + layout.hidden_nodes == _count(document.sections)
    data = render_mindmap(layout, document, STYLE, FACES, CONTEXT)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    for node in layout.nodes:
        for token in node.label.split():
            assert token[:3] in text
