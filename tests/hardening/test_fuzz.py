"""Fuzzing: arbitrary bytes, arbitrary YAML values and arbitrary outline trees through load, validate,
layout and render. The only allowed outcomes are a valid document or the documented errors.

The suite runs about 2,500 examples; set IJPRINT_FUZZ_SCALE=20 for a longer run (about 50,000).
"""

from __future__ import annotations

import os
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijprint.context import RenderContext
from ijprint.errors import ContentError, PageOverflowError
from ijprint.fonts import find_missing_glyphs
from ijprint.layout.mindmap import layout_mindmap
from ijprint.model import Document, walk
from ijprint.render.facts import render_facts
from ijprint.render.notes_docx import render_notes
from ijprint.reproducible import FALLBACK_TIME
from ijprint.sources.yaml_source import parse_yaml_document

SCALE = int(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))
FAST = settings(max_examples=1000 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=40,
)
keys = st.sampled_from(["format", "meta", "sections", "label", "text", "children", "facts", "timeline", "what", "value", "year", "event", "title", "id"])
near_content = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=60,
)


def _accepts(data: bytes) -> Document | None:
    try:
        return parse_yaml_document(data, "fuzz.yaml")
    except ContentError as error:
        line = error.one_line()
        assert line.startswith("fuzz.yaml") and "\n" not in line
        return None


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_load_or_fail_cleanly(data: bytes) -> None:
    _accepts(data)


@FAST
@given(near_content)
def test_arbitrary_yaml_values_load_or_fail_cleanly(value: object) -> None:
    _accepts(yaml.safe_dump({"format": 1, "meta": {"title": "T"}, "sections": value}, allow_unicode=True).encode("utf-8"))
    _accepts(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@settings(max_examples=500 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(yaml_values)
def test_arbitrary_top_levels_load_or_fail_cleanly(value: object) -> None:
    _accepts(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


# Scripts the embedded font draws, so that most trees get as far as layout and rendering; characters it
# lacks are covered by the missing-glyph tests.
DRAWABLE = "".join(chr(c) for r in ((0x20, 0x7F), (0xA1, 0x180), (0x391, 0x3CA), (0x410, 0x450)) for c in range(*r)) + "–—‘’“”→↔…"
labels = st.text(st.sampled_from(DRAWABLE), min_size=1, max_size=60)
rendered: list[int] = []


@st.composite
def outlines(draw: st.DrawFn, depth: int = 0) -> dict:
    node: dict = {"label": draw(labels)}
    if draw(st.booleans()):
        node["text"] = draw(st.text(st.sampled_from(DRAWABLE), max_size=120))
    if draw(st.integers(0, 4)) == 0:
        node["facts"] = [{"what": draw(labels), "value": draw(labels)}]
    if depth < 4:
        node["children"] = draw(st.lists(outlines(depth + 1), max_size=4 if depth < 2 else 2))
    return node


@SLOW
@given(sections=st.lists(outlines(), min_size=1, max_size=6))
def test_arbitrary_outlines_render_or_fail_with_documented_errors(sections: list, default_style, faces) -> None:
    text = yaml.safe_dump({"format": 1, "meta": {"title": "Fuzz"}, "sections": sections}, allow_unicode=True)
    document = _accepts(text.encode("utf-8"))
    if document is None or find_missing_glyphs(document, faces):
        return
    rendered.append(1)
    assert len(walk(document.sections)) >= len(sections)
    context = RenderContext(FALLBACK_TIME, "fuzz")
    try:
        layout_mindmap(document, default_style, faces)
    except PageOverflowError as error:
        assert "more space" in error.one_line()
        layout_mindmap(document, replace(default_style, paper="A3"), faces, max_depth=1)
    assert render_notes(document, default_style, context).startswith(b"PK")
    files = render_facts(document, default_style, faces, context)
    assert files["facts.pdf"].startswith(b"%PDF")


def test_the_outline_fuzzer_reached_the_renderers() -> None:
    """Guards the fuzzer itself: most generated trees must be valid and drawable, or the test above proves little."""
    assert len(rendered) >= 30 * SCALE
