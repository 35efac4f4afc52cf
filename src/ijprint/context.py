"""What comes from outside the content: build time and tool version, made once by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RenderContext:
    """Read-only options every renderer gets; `build_time` is in UTC and already reproducible, and is
    printed only when `show_date` (the content has a date): otherwise it only fills format timestamps."""

    build_time: datetime
    generator: str
    show_date: bool = True
