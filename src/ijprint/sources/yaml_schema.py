"""A YNode tree + the keys and kinds a format allows -> values, or a ContentError naming file, line:column,
document path and what to do (with did-you-mean hints for unknown keys and choices)."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Iterable

from ijprint.errors import ContentError
from ijprint.model import collapse_spaces, content_date
from ijprint.sources.characters import FORBIDDEN_HINT, describe_forbidden, forbidden_at
from ijprint.sources.yaml_tree import NUMBER_TAGS, YNode, describe


def _suggest(value: str, options: list[str], label: str) -> str:
    """A did-you-mean hint (case-insensitive), or the list of what is allowed."""
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1)
    return f"did you mean '{lowered[close[0]]}'?" if close else f"{label}: {', '.join(options)}"


def _to_number(text: str) -> float | None:
    """Decimal notation only: YAML 1.1's hex, octal and base-60 forms are refused, as are inf and nan."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Reader:
    """Schema checks over a YNode tree that raise ContentError naming file, position and document path."""

    file: str

    def fail(self, node: YNode, path: str, message: str, hint: str = "") -> ContentError:
        return ContentError(message, self.file, node.line, node.column, path, hint)

    def mapping(self, node: YNode, path: str, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, YNode]:
        """The mapping's values by key; unknown keys get a did-you-mean hint, missing ones are named."""
        if node.kind != "map":
            hint = "remove the '- ': keys go directly here, not in a list" if node.kind == "seq" else "write 'key: value' lines here"
            raise self.fail(node, path, f"expected a mapping of keys, found {describe(node)}", hint)
        allowed = list(allowed)
        for key, (key_node, _) in node.pairs.items():
            if key not in allowed:
                raise self.fail(key_node, _join(path, key), f"unknown key '{key[:40]}'", _suggest(key, allowed, "allowed keys"))
        for key in required:
            if key not in node.pairs:
                raise self.fail(node, _join(path, key), f"missing '{key}'", f"add '{key}:' with a value to this mapping")
            key_node, value = node.pairs[key]
            if value.is_null:
                raise self.fail(key_node, _join(path, key), "is empty", f"write a value after '{key}:'")
        return {key: value for key, (_, value) in node.pairs.items()}

    def sequence(self, node: YNode, path: str) -> list[YNode]:
        """A list's items; an empty value (`key:`) is an empty list."""
        if node.is_null:
            return []
        if node.kind != "seq":
            hint = "start each item with '- ', even when there is only one"
            raise self.fail(node, path, f"expected a list, found {describe(node)}", hint)
        return node.items

    def text(self, node: YNode, path: str, *, required: bool = False) -> str:
        """A scalar as written; numbers, booleans and dates are kept as their source text."""
        if node.is_null:
            if required:
                raise self.fail(node, path, "is empty", "write a short text here")
            return ""
        if node.kind != "scalar":
            raise self.fail(
                node, path, f"expected text, found {describe(node)}", "write the text after the key; quote it if it has ': ' or starts with '-', '[' or '{'"
            )
        index = forbidden_at(node.text)
        if index is not None:
            raise self.fail(node, path, f"{describe_forbidden(node.text[index])} (character {index + 1} of the value)", FORBIDDEN_HINT)
        value = node.text.strip()
        if required and not value:
            raise self.fail(node, path, "is empty", "write a short text here")
        return value

    def date_text(self, node: YNode, path: str) -> str:
        """Text as written that, when it starts with YYYY-MM-DD, names a day that exists."""
        value = collapse_spaces(self.text(node, path))
        try:
            content_date(value)
        except ValueError:
            raise self.fail(node, path, f"'{value[:30]}' is not a real date", "write the day as YYYY-MM-DD, e.g. 2025-08-30, or leave the date out") from None
        return value

    def number(self, node: YNode, path: str, low: float, high: float) -> float:
        """A decimal number within [low, high]."""
        wanted = f"write a number from {low:g} to {high:g}"
        if node.kind != "scalar" or node.tag not in NUMBER_TAGS:
            quoted = node.kind == "scalar" and _to_number(node.text) is not None
            raise self.fail(node, path, f"expected a number, found {describe(node)}", "remove the quotes" if quoted else wanted)
        value = _to_number(node.text)
        if value is None:
            raise self.fail(node, path, f"'{node.text}' is not a plain decimal number", wanted)
        if not low <= value <= high:
            raise self.fail(node, path, f"{node.text} is out of range", wanted)
        return value

    def choice(self, node: YNode, path: str, options: Iterable[str]) -> str:
        """One of `options`, matched case-insensitively and returned as the option is spelled."""
        options = list(options)
        value = self.text(node, path, required=True)
        for option in options:
            if option.lower() == value.lower():
                return option
        raise self.fail(node, path, f"'{value[:30]}' is not a valid choice", _suggest(value, options, "use one of"))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
