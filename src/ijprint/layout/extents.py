"""A label's word metrics and a wrapping width -> its line count and widest line, and the span of widths over which that answer holds.

The fit search measures every label of a map at many column widths and sizes. A label's greedy wrap
changes only where some line would take in its next word, or where its widest line stops fitting,
so one answer serves every width in between: `ExtentCache` keeps the last answer per label and works
a label out again only when the width leaves that span. The cost of a search step then grows with
the labels whose wrap actually changes, not with every label on every try.
"""

from __future__ import annotations

Metrics = tuple[tuple[float, float], ...]
INF = float("inf")


def extent_span(metrics: Metrics, width: float) -> tuple[int, float, float, float] | None:
    """(line count, widest line, low, high): what `wrap.wrap_extent` gives at `width`, by the same sums
    in the same order, and the widths [low, high) at which it gives the same; None when a word is
    wider than `width` (it must be broken, which the caller works out)."""
    count, widest, current, low, high = 0, 0.0, -1.0, 0.0, INF
    for gap, word in metrics:
        if word > width:
            return None
        if word > low:
            low = word
        if current >= 0.0:
            # wrap_extent tests (current + gap) + word but keeps current + (gap + word); the two can
            # differ in the last bit, so the span's ends are the tested sums, the widths the kept ones.
            joined = current + gap + word
            if joined <= width:
                if joined > low:
                    low = joined
                current += gap + word
                continue
            # From this width on, the word would join the line instead.
            if joined < high:
                high = joined
            count += 1
            widest = max(widest, current)
        current = word
    if current < 0.0:
        return 1, 0.0, -INF, INF
    # Every word fits and every join still passes its test down to `low`; none that failed passes below `high`.
    return count + 1, max(widest, current), low, high


class ExtentCache:
    """The extents worked out for each label (by a key the caller chooses) and the widths they hold for.

    A search measures a label at the widths of several arrangements in turn, so a few answers are kept
    per label (the latest SPANS_KEPT), not just the last one. A label's metrics change with the sizes
    when it prints a section number at a share of them, so an answer is reused only for the very
    metrics it was worked out from (the caller keeps one tuple per label and scale, so identity is the
    cheap and exact test)."""

    def __init__(self) -> None:
        self._spans: dict[str, list[tuple[float, float, int, float, Metrics]]] = {}

    def spans(self, key: str) -> list[tuple[float, float, int, float, Metrics]]:
        """The answers kept for a label, as (low, high, line count, widest line, metrics): a caller that
        measures the same label many times looks its answer up here itself, and asks `extent` only
        when none holds."""
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = []
        return found

    def extent(self, key: str, metrics: Metrics, width: float) -> tuple[int, float, float, float] | None:
        """(line count, widest line, low, high) as `extent_span` gives them; None when a word must break."""
        spans = self.spans(key)
        for span in spans:
            if span[4] is metrics and span[0] <= width < span[1]:
                return span[2], span[3], span[0], span[1]
        found = extent_span(metrics, width)
        if found is None:
            return None
        count, widest, low, high = found
        if len(spans) >= SPANS_KEPT:
            del spans[0]
        spans.append((low, high, count, widest, metrics))
        return found


SPANS_KEPT = 6
