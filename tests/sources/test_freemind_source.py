"""FreeMind 0.9 / Freeplane 1.3 maps -> Document; safe XML parsing with positioned, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijprint.errors import ContentError
from ijprint.model import Span, walk
from ijprint.sources import read_document, source_kind
from ijprint.sources.freemind_source import parse_freemind

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


def by_label(document, label):
    found = [node for _, node in walk(document.sections) if node.label_text == label]
    assert found, f"no node labelled {label!r}"
    return found[0]


def mm(body: str) -> bytes:
    return f'<map version="1.0.1">\n{body}\n</map>\n'.encode("utf-8")


def test_freemind_09_map():
    document, warnings = read_document(DATA / "solar_system_freemind09.mm")
    assert warnings == []
    assert document.meta.title == "The Solar System"
    assert document.meta.context == "Eight planets orbit the Sun in nearly circular paths."
    assert [n.label_text for n in document.sections] == ["Inner planets", "Outer planets", "Dwarf planets"]
    inner = document.sections[0]
    assert [n.label_text for n in inner.children] == ["Mercury – smallest", "Venus (hottest planet)", "Earth – our home", "Mars"]
    mercury, venus, earth, mars = inner.children
    # Character references (&#x2013;, &#xa;) are decoded; the note is the text, with its bold kept.
    assert mercury.text == (Span("Closest to the Sun; a year lasts "), Span("88 days", bold=True), Span("."))
    assert venus.label_text == "Venus (hottest planet)"
    # A rich-content (HTML) label keeps bold and italic.
    assert earth.label == (Span("Earth", bold=True), Span(" – our "), Span("home", italic=True))
    assert [c.label_text for c in earth.children] == ["Moon"]
    assert mars.text_plain == "Mars, the red planet, has the tallest volcano in the Solar System, Olympus Mons"
    assert by_label(document, "Pluto → reclassified 2006").children == ()
    assert len(walk(document.sections)) == 15
    assert max(depth for depth, _ in walk(document.sections)) == 3
    # Attributes, icons, fonts, edges, clouds, hooks and arrow links add no nodes or text.
    texts = " ".join(n.label_text + " " + n.text_plain for _, n in walk(document.sections))
    for noise in ("4879", "idea", "SansSerif", "bezier", "Default", "#808080"):
        assert noise not in texts
    assert mercury.origin.line == 21 and mercury.origin.file.endswith("solar_system_freemind09.mm")


def test_freeplane_13_map_with_details_notes_and_styles():
    document, warnings = read_document(DATA / "french_revolution_freeplane13.mm")
    assert warnings == []
    assert document.meta.title == "French Revolution"
    assert document.meta.context == "France, 1789–1799"
    assert [n.label_text for n in document.sections] == ["Causes", "Key events", "Outcomes"]
    fiscal = by_label(document, "Fiscal crisis")
    # Details first, then the note; HTML lists flatten to spaces, emphasis survives.
    assert fiscal.text_plain == (
        "War debts from the Seven Years' War The crown spent about half of its revenue on interest. "
        "Taxes fell on the Third Estate"
    )
    assert Span("Seven Years' War", italic=True) in fiscal.text
    assert Span("Third Estate", bold=True) in fiscal.text
    declaration = document.sections[1].children[1]
    assert declaration.label == (Span("Declaration of the "), Span("Rights of Man", bold=True))
    bastille = document.sections[1].children[0]
    assert bastille.label_text == "Storming of the Bastille"
    assert bastille.text_plain == "Storming of the Bastille (14 July 1789)"
    assert by_label(document, "Enlightenment ideas").text_plain == "Enlightenment ideas — Rousseau, Voltaire, Montesquieu"
    # Style nodes inside the MapStyle hook are not content.
    labels = [n.label_text for _, n in walk(document.sections)]
    assert not any("styles." in label or label == "default" for label in labels)
    assert len(labels) == 11


def test_extension_chooses_freemind():
    assert source_kind(Path("map.mm")) == "freemind"
    assert source_kind(Path("map.MM")) == "freemind"


def test_node_with_only_a_note_takes_its_label_from_the_note():
    source = mm(
        '<node TEXT="Root"><node TEXT="A"/>'
        '<node><richcontent TYPE="NOTE"><html><body><p>Treaty of Versailles, signed in 1919 by the Allies</p></body></html>'
        "</richcontent></node></node>"
    )
    document, _ = parse_freemind(source, "x.mm")
    second = document.sections[1]
    assert second.label_text == "Treaty of Versailles"
    assert second.text_plain == "Treaty of Versailles, signed in 1919 by the Allies"


def test_freemind_08_html_in_text_and_empty_nodes():
    source = mm('<node TEXT="Root"><node TEXT="&lt;html&gt;&lt;body&gt;&lt;b&gt;Bold&lt;/b&gt; idea&lt;/body&gt;&lt;/html&gt;"/><node TEXT=""/></node>')
    document, warnings = parse_freemind(source, "x.mm")
    assert document.sections[0].label == (Span("Bold", bold=True), Span(" idea"))
    assert len(document.sections) == 1
    assert len(warnings) == 1 and warnings[0].line == 2


def test_iso_8859_1_declared_encoding_is_honoured():
    source = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<map><node TEXT="Café"><node TEXT="Crème brûlée"/></node></map>'
    document, _ = parse_freemind(source.encode("latin-1"), "x.mm")
    assert document.meta.title == "Café"
    assert document.sections[0].label_text == "Crème brûlée"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE map [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<map><node TEXT="&lol3;"/></map>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE map [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<map><node TEXT="&secret;"><node TEXT="a"/></node></map>
"""


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (BILLION_LAUGHS, "<!DOCTYPE> is refused", 2),
        (EXTERNAL_ENTITY, "<!DOCTYPE> is refused", 2),
        (b'<map>\n<node TEXT="a">\n</map>\n', "XML syntax error: mismatched tag", 3),
        (b'<map><node TEXT="a &nbsp; b"/></map>', "undefined entity", 1),
        (b"<map>\n</map>\n", "the map is empty", 1),
        (b"<opml><body/></opml>", "not a FreeMind/Freeplane map", 1),
        (b"", "file is empty", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid utf-8", 1),
        (b'<?xml version="1.0" encoding="x-no-such-codec"?><map/>', "unknown encoding", 1),
        (mm('<node TEXT="Root only"/>'), "the outline is empty", 1),
    ],
)
def test_errors_are_one_line_with_a_position(data, message, line):
    with pytest.raises(ContentError) as caught:
        parse_freemind(data, "bad.mm")
    error = caught.value
    assert message in str(error)
    assert error.file == "bad.mm" and error.line == line
    assert "\n" not in str(error)


def test_external_entity_is_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    source = f'<?xml version="1.0"?><!DOCTYPE map [<!ENTITY s SYSTEM "{secret.as_uri()}">]><map><node TEXT="&s;"/></map>'
    with pytest.raises(ContentError) as caught:
        parse_freemind(source.encode("utf-8"), "bad.mm")
    assert "TOP SECRET" not in str(caught.value)


def test_xml_nested_too_deep_is_an_error():
    source = "<map>" + "<node TEXT='n'>" * 300 + "</node>" * 300 + "</map>"
    with pytest.raises(ContentError, match="nested deeper than 256"):
        parse_freemind(source.encode("utf-8"), "deep.mm")
    source = "<map>" + "<node TEXT='n'>" * 40 + "</node>" * 40 + "</map>"
    with pytest.raises(ContentError, match="nested deeper than 30 levels"):
        parse_freemind(source.encode("utf-8"), "deep.mm")
