"""Document -> figure-lint diagnostics: figures in node labels and texts that no fact or timeline entry records.

A figure counts as recorded when a fact (what, value, period, unit, note) or timeline entry (year, event)
on the same node, an ancestor or a descendant mentions the same figure. Figures are compared by kind
and number, not spelling: "$22.8 bn" matches "USD 22.8 bn", "500,000" matches "5 lakh", "~" and "over"
are ignored, a missing currency matches any currency, and a recorded range (2000–2023) also records its
two end years. Ordinals ("15th") and small bare numbers ("5 years") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ijprint.errors import Diagnostic
from ijprint.model import Document, Node, plain

_SCALES = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "lakh": Decimal(10) ** 5,
    "lakhs": Decimal(10) ** 5,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
    "cr": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
}
_CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "¥": "JPY", "jpy": "JPY", "yen": "JPY", "₹": "INR", "inr": "INR",
               "rs": "INR", "rs.": "INR", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "cny": "CNY", "rmb": "CNY"}
_NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"US\$|\$|¥|₹|€|£|\b(?:USD|JPY|INR|EUR|GBP|CNY|RMB|Rs\.?)"
_SCALE = r"thousand|lakhs?|crores?|million|billion|trillion|mn|bn|tn|cr"
# "k", "m", "b" are scales only straight after a currency amount ("$5m"); alone they may be units ("5 m").
_CURRENCY_SCALE = rf"{_SCALE}|[kmb]"
_FIGURE = re.compile(
    rf"""
    (?P<amount>(?P<currency>{_CURRENCY})\s?(?P<a_number>{_NUMBER})(?:\s?(?P<a_scale>{_CURRENCY_SCALE}))?(?![\w]))
    | (?<![\w.,])(?P<percent>(?P<p_number>{_NUMBER})\s?(?:%|per\s?cent|percent))
    | (?<![\w.,])(?P<scaled>(?P<s_number>{_NUMBER})\s?(?P<s_scale>{_SCALE})(?![\w]))
    | (?<![\w.,–-])(?P<range>(?P<r_start>1[5-9]\d\d|20\d\d)\s?[–—/-]\s?(?P<r_end>\d{{4}}|\d\d))(?!\w|[.,–-]\d)
    | (?<![\w.,–-])(?P<year>1[5-9]\d\d|20\d\d)(?!\w|[.,–-]\d)
    | (?<![\w.,])(?P<large>\d{{1,3}}(?:,\d{{2,3}})+|\d{{5,}})(?!\w|[.,]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    """A figure as written and the comparable key it stands for (kind, number, currency or '')."""

    text: str
    kind: str
    number: Decimal
    end: Decimal | None = None
    currency: str = ""


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Decimal(0)


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order of appearance."""
    found = []
    for match in _FIGURE.finditer(text):
        written = match.group(0).strip()
        if match.group("amount"):
            scale = _SCALES.get((match.group("a_scale") or "").lower(), Decimal(1))
            currency = _CURRENCIES.get(match.group("currency").lower(), match.group("currency").upper())
            found.append(Figure(written, "amount", _number(match.group("a_number")) * scale, currency=currency))
        elif match.group("percent"):
            found.append(Figure(written, "percent", _number(match.group("p_number"))))
        elif match.group("scaled"):
            found.append(Figure(written, "amount", _number(match.group("s_number")) * _SCALES[match.group("s_scale").lower()]))
        elif match.group("range"):
            start, end = match.group("r_start"), match.group("r_end")
            full_end = start[: 4 - len(end)] + end
            found.append(Figure(written, "range", Decimal(start), Decimal(full_end)))
        elif match.group("year"):
            found.append(Figure(written, "year", Decimal(match.group("year"))))
        else:
            found.append(Figure(written, "amount", _number(match.group("large"))))
    return found


def _keys(figure: Figure) -> list[tuple[str, Decimal, Decimal | None, str]]:
    """What a recorded figure vouches for: itself, and for a range its end years too."""
    keys = [(figure.kind, figure.number.normalize(), figure.end, figure.currency)]
    if figure.kind == "range" and figure.end is not None:
        keys += [("year", figure.number.normalize(), None, ""), ("year", figure.end.normalize(), None, "")]
    return keys


def _recorded_strings(node: Node) -> list[str]:
    strings = []
    for fact in node.facts:
        strings += [fact.what, fact.value, fact.period, fact.unit, fact.note, f"{fact.value} {fact.unit}", f"{fact.unit} {fact.value}"]
    for entry in node.timeline:
        strings += [entry.year, entry.event]
    return strings


def _own_keys(node: Node) -> set[tuple[str, Decimal, Decimal | None, str]]:
    return {key for text in _recorded_strings(node) for figure in find_figures(text) for key in _keys(figure)}


def _is_recorded(figure: Figure, recorded: set[tuple[str, Decimal, Decimal | None, str]]) -> bool:
    kind, number, end = figure.kind, figure.number.normalize(), figure.end
    if figure.currency:
        return (kind, number, end, figure.currency) in recorded or (kind, number, end, "") in recorded
    return any(key[:3] == (kind, number, end) for key in recorded)


def _subtree_keys(document: Document) -> dict[int, set[tuple[str, Decimal, Decimal | None, str]]]:
    """id(node) -> keys recorded on the node or any descendant; iterative so depth does not matter."""
    order: list[Node] = []
    stack = list(document.sections)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children)
    below: dict[int, set] = {}
    for node in reversed(order):
        keys = _own_keys(node)
        for child in node.children:
            keys |= below[id(child)]
        below[id(node)] = keys
    return below


def lint_figures(document: Document) -> list[Diagnostic]:
    """One diagnostic per figure in a label or text that no related fact or timeline entry records."""
    below = _subtree_keys(document)
    diagnostics = []
    stack: list[tuple[Node, frozenset]] = [(node, frozenset()) for node in reversed(document.sections)]
    while stack:
        node, above = stack.pop()
        own = _own_keys(node)
        recorded = set(above) | below[id(node)]
        diagnostics += _node_diagnostics(node, recorded)
        stack.extend((child, above | own) for child in reversed(node.children))
    return diagnostics


def _node_diagnostics(node: Node, recorded: set) -> list[Diagnostic]:
    origin = node.origin
    base = origin.path if origin and origin.path else node.id
    out = []
    for field, text in (("label", plain(node.label)), ("text", plain(node.text))):
        seen = set()
        for figure in find_figures(text):
            if figure.text in seen or _is_recorded(figure, recorded):
                continue
            seen.add(figure.text)
            out.append(
                Diagnostic(
                    f"figure '{figure.text}' in the {field} is not recorded by any fact or timeline entry of this node or the nodes above or below it",
                    origin.file if origin else None,
                    origin.line if origin else None,
                    origin.column if origin else None,
                    f"{base}.{field}",
                    "add it as a fact (value/period) or timeline entry, or correct the figure",
                )
            )
    return out
