"""OPML 1.0/2.0 outlines -> Document: text, _note, nesting, head metadata, declared encodings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijprint.errors import ContentError
from ijprint.model import Span, walk
from ijprint.sources import read_document, source_kind
from ijprint.sources.opml_source import parse_opml

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


def opml(body: str, head: str = "") -> bytes:
    return f'<?xml version="1.0"?>\n<opml version="2.0"><head>{head}</head><body>\n{body}\n</body></opml>\n'.encode("utf-8")


def test_opml_2_with_notes_and_nested_outlines():
    document, warnings = read_document(DATA / "ww1_causes.opml")
    assert warnings == []
    meta = document.meta
    assert meta.title == "Causes of the First World War"
    assert meta.author == "History Department"
    assert meta.date == "2024-02-12"
    assert [n.label_text for n in document.sections] == [
        "Militarism",
        "Alliances",
        "Imperialism",
        "Nationalism",
        "Assassination of Archduke Franz",
    ]
    militarism, alliances, imperialism, _, assassination = document.sections
    assert militarism.text_plain == "An arms race between the great powers, above all in navies."
    assert [c.label_text for c in militarism.children] == ["Dreadnought race", "Schlieffen Plan"]
    assert militarism.children[0].text_plain == "Britain launched HMS Dreadnought in 1906; Germany answered."
    entente = alliances.children[0]
    assert entente.text_plain == "France, Russia and Britain."
    assert [c.label_text for c in entente.children] == ["Entente Cordiale – 1904", "Anglo-Russian Convention (1907)"]
    # HTML in `text` keeps its bold; a line break in `_note` (&#10;) becomes a space.
    assert imperialism.label == (Span("Imperialism", bold=True),)
    assert imperialism.text_plain == "Rivalry for colonies in Africa and Asia sharpened distrust."
    assert assassination.text_plain.startswith("Assassination of Archduke Franz Ferdinand in Sarajevo")
    assert max(depth for depth, _ in walk(document.sections)) == 3
    assert len(walk(document.sections)) == 12
    assert entente.children[1].origin.line == 17


def test_declared_gb2312_encoding_and_chinese_labels():
    document, _ = read_document(DATA / "great_wall_gb2312.opml")
    assert document.meta.title == "长城"
    assert [n.label_text for n in document.sections] == ["历史", "长城是中国古代为抵御北方游牧民族而修建的", "世界遗产（1987年）"]
    history, wall, _ = document.sections
    assert history.text_plain == "最早的城墙建于春秋战国时期。"
    assert [c.label_text for c in history.children] == ["秦朝", "明朝"]
    # Chinese has no spaces: the long label is cut at its first clause, then at 40 cells (20 characters).
    assert wall.text_plain == "长城是中国古代为抵御北方游牧民族而修建的规模宏大的军事防御工程体系，全长两万多公里"


def test_utf16_file_with_byte_order_mark():
    source = '<?xml version="1.0" encoding="UTF-16"?><opml version="1.0"><body><outline text="Ünïcode"/><outline text="Ω"/></body></opml>'
    document, _ = parse_opml(source.encode("utf-16"), "x.opml")
    assert [n.label_text for n in document.sections] == ["Ünïcode", "Ω"]


def test_single_top_level_outline_is_the_root_and_title_falls_back_to_it():
    document, _ = parse_opml(opml('<outline text="Root" _note="About it."><outline text="A"/><outline text="B"/></outline>'), "x.opml")
    assert document.meta.title == "Root"
    assert document.meta.context == "About it."
    assert [n.label_text for n in document.sections] == ["A", "B"]


def test_title_attribute_is_the_fallback_label_and_empty_outlines_warn():
    document, warnings = parse_opml(opml('<outline title="Feeds"/>\n<outline text=""/>\n<outline text="Other"/>'), "feeds.opml")
    assert document.meta.title == "feeds"
    assert [n.label_text for n in document.sections] == ["Feeds", "Other"]
    assert len(warnings) == 1 and warnings[0].line == 4


def test_extension_chooses_opml():
    assert source_kind(Path("outline.opml")) == "opml"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (opml(""), "the outline is empty", 2),
        (b'<opml version="2.0"><head><title>x</title></head></opml>', "has no <body>", 1),
        (b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY e "x">]>\n<opml/>', "<!DOCTYPE> is refused", 2),
        (b'<opml><body><outline text="a"></body></opml>', "mismatched tag", 1),
        (b'<opml><body><outline text="a" text="b"/></body></opml>', "duplicate attribute", 1),
        (b"<map/>", "not an OPML file", 1),
        ('<?xml version="1.0" encoding="UTF-8"?><opml><body><outline text="é"/></body></opml>'.encode("latin-1"), "not valid UTF-8", 1),
    ],
)
def test_errors_are_one_line_with_a_position(data, message, line):
    with pytest.raises(ContentError) as caught:
        parse_opml(data, "bad.opml")
    error = caught.value
    assert message.lower() in str(error).lower()
    assert error.file == "bad.opml" and error.line == line and error.column is not None
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("declared", "saved_as", "label"),
    [
        ("windows-1252", "cp1252", "“Quotes” cost €5"),
        ("ISO-8859-15", "iso8859_15", "Œuvre €5"),
        ("Shift_JIS", "shift_jis", "Japan 日本"),
        # A declaration readable as ASCII cannot be UTF-16: such a file was saved as UTF-8.
        ("UTF-16", "utf-8", "Ünïcode"),
    ],
)
def test_declared_encodings_python_knows_are_honoured(declared, saved_as, label):
    source = f'<?xml version="1.0" encoding="{declared}"?><opml><body><outline text="{label}"/><outline text="b"/></body></opml>'
    document, _ = parse_opml(source.encode(saved_as), "x.opml")
    assert document.sections[0].label_text == label
