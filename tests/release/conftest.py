"""Fixtures of the release tests: a content folder of three topics made from the seed."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def topics(tmp_path: Path, seed_path: Path) -> list[Path]:
    """alpha, beta and gamma: the seed under three titles, in tmp_path/content."""
    folder = tmp_path / "content"
    folder.mkdir()
    paths = []
    for name in ("alpha", "beta", "gamma"):
        path = folder / f"{name}.yaml"
        path.write_bytes(seed_path.read_bytes().replace("India–Japan Relations".encode(), name.encode(), 1))
        paths.append(path)
    return paths
