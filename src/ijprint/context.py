"""What comes from outside the content: build time and tool version, made once by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RenderContext:
    """Read-only options every renderer gets; `build_time` is in UTC and already reproducible."""

    build_time: datetime
    generator: str
