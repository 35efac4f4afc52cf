"""Fuzzing the YAML reader and every renderer: arbitrary bytes, arbitrary YAML values and arbitrary
drawable topics (metadata included) through load, validate, layout and render. The only allowed
outcomes are a valid document or the documented errors; a drawable topic must reach every output.

Markdown, FreeMind and OPML sources are fuzzed in test_fuzz_sources.py. `make test` runs about 2,000
examples in the two files (880 here); `make fuzz` (IJPRINT_FUZZ_SCALE=20, which multiplies every
count) runs the long campaign.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace

import docx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ijprint.render.registry import RenderContext
from ijprint.errors import ContentError, PageOverflowError
from ijprint.fonts import find_missing_glyphs
from ijprint.model import Document, walk
from ijprint.render.facts import FORMAT as FACTS_FORMAT
from ijprint.render.mindmap_pdf import render_mindmap
from ijprint.render.notes_docx import render_notes
from ijprint.render.notes_pdf import render_notes_pdf
from ijprint.render.page_specs import layout_map
from ijprint.reproducible import build_time
from ijprint.sources.yaml_source import parse_yaml_document

# `make test` runs these counts; `make fuzz` sets IJPRINT_FUZZ_SCALE=20 for the long campaign.
SCALE = float(os.environ.get("IJPRINT_FUZZ_SCALE", "1"))


def examples(count: int) -> settings:
    return settings(max_examples=max(1, round(count * SCALE)), deadline=None, suppress_health_check=list(HealthCheck))


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
        assert error.one_line().startswith("fuzz.yaml"), error.one_line()
        return None


@examples(400)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_load_or_fail_cleanly(data: bytes) -> None:
    _accepts(data)


@examples(300)
@given(near_content)
def test_arbitrary_yaml_values_load_or_fail_cleanly(value: object) -> None:
    _accepts(yaml.safe_dump({"format": 1, "meta": {"title": "T"}, "sections": value}, allow_unicode=True).encode("utf-8"))
    _accepts(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@examples(150)
@given(yaml_values)
def test_arbitrary_top_levels_load_or_fail_cleanly(value: object) -> None:
    _accepts(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


# Characters every face of the embedded font draws (U+03A2 is unassigned), so that every generated
# topic is valid and drawable and must reach every renderer; characters the font lacks are covered
# by the missing-glyph tests and the bad-input corpus.
DRAWABLE = "".join(
    chr(c) for r in ((0x20, 0x7F), (0xA1, 0x180), (0x391, 0x3A2), (0x3A3, 0x3CA), (0x410, 0x450)) for c in range(*r)
) + "–—‘’“”→↔…\u200b"
WORDISH = "abcxyzABCXYZ0123456789éßΩжЖ"
texts = st.text(st.sampled_from(DRAWABLE), max_size=120)
# A label needs something visible: whitespace-only labels are rejected, which the corpus tests.
labels = st.builds(
    lambda head, word, tail: f"{head}{word}{tail}",
    st.text(st.sampled_from(DRAWABLE), max_size=25),
    st.sampled_from(WORDISH),
    st.text(st.sampled_from(DRAWABLE), max_size=34),
)
# Impossible days ("2024-02-30") are refused by the reader: see test_dates.py.
DATES = ["", "2026-11-25", "2150-01-01", "0001-01-01", "9999-12-31", "1979-12-31", "2107-12-31", "not-a-date", "Spring 2024"]
YEARS = ["2014", "44 BC", "c. 300 BCE", "476", "AD 476", "2023–24", "1950s", "undated", "15 August 1947"]


@st.composite
def metas(draw: st.DrawFn) -> dict:
    meta: dict = {"title": draw(labels)}
    optional = {
        "subtitle": texts,
        "context": texts,
        "date": st.one_of(st.sampled_from(DATES), texts),
        "tags": st.lists(labels, max_size=4),
        "author": texts,
        "credit": texts,
        "source": st.fixed_dictionaries({"title": texts, "url": st.sampled_from(["", "https://example.org/a?b=c&d"])}),
        "language": st.sampled_from(["en", "en-GB", "hi", "ja", "fr-CA"]),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            meta[key] = draw(strategy)
    return meta


@st.composite
def outlines(draw: st.DrawFn, depth: int = 0) -> dict:
    node: dict = {"label": draw(labels)}
    if draw(st.booleans()):
        node["text"] = draw(texts)
    if draw(st.integers(0, 3)) == 0:
        node["facts"] = [{"what": draw(labels), "value": draw(labels), "note": draw(texts)}]
    if draw(st.integers(0, 5)) == 0:
        node["timeline"] = [{"year": draw(st.sampled_from(YEARS)), "event": draw(labels)}]
    if depth < 4:
        node["children"] = draw(st.lists(outlines(depth + 1), max_size=4 if depth < 2 else 2))
    return node


@examples(30)
@given(meta=metas(), sections=st.lists(outlines(), min_size=1, max_size=6))
def test_every_drawable_topic_reaches_every_renderer(meta: dict, sections: list, default_style, faces) -> None:
    text = yaml.safe_dump({"format": 1, "meta": meta, "sections": sections}, allow_unicode=True)
    document = parse_yaml_document(text.encode("utf-8"), "fuzz.yaml")
    assert not find_missing_glyphs(document, faces)
    assert len(walk(document.sections)) >= len(sections)
    context = RenderContext(style=default_style, build_time=build_time(None, document.meta.date), generator="fuzz", faces=faces)
    try:
        layout = layout_map(document, default_style, faces)
    except PageOverflowError as error:
        assert "more space" in error.one_line()
        event("map overflowed: main sections only, on A3")
        layout = layout_map(document, replace(default_style, paper="A3"), faces, max_depth=1)
    assert render_mindmap(layout, document, default_style, faces, context).startswith(b"%PDF")
    notes = render_notes(document, default_style, context)
    assert render_notes_pdf(document, default_style, faces, context).startswith(b"%PDF")
    files = FACTS_FORMAT.render(document, context)
    assert files["facts.pdf"].startswith(b"%PDF")
    for data in (notes, files["facts.docx"]):
        properties = docx.Document(io.BytesIO(data)).core_properties
        assert properties.title.startswith(document.meta.title)
        assert properties.created == context.build_time
    files["facts.csv"].decode("utf-8")


@pytest.mark.parametrize("date", DATES)
def test_every_output_renders_whatever_the_content_date(date: str, default_style, faces) -> None:
    """meta.date sets the build time: dates outside what ZIP (1980-2107) or PDF can stamp must still build."""
    meta = {"title": "Dates", "date": date}
    sections = [{"label": "A", "facts": [{"what": "x", "value": "1"}], "timeline": [{"year": "44 BC", "event": "e"}]}]
    document = parse_yaml_document(yaml.safe_dump({"format": 1, "meta": meta, "sections": sections}).encode("utf-8"), "dates.yaml")
    context = RenderContext(style=default_style, build_time=build_time(None, document.meta.date), generator="fuzz", faces=faces)
    assert render_mindmap(layout_map(document, default_style, faces), document, default_style, faces, context).startswith(b"%PDF")
    for data in (render_notes(document, default_style, context), FACTS_FORMAT.render(document, context)["facts.docx"]):
        assert docx.Document(io.BytesIO(data)).core_properties.created == context.build_time
    assert render_notes_pdf(document, default_style, faces, context).startswith(b"%PDF")
