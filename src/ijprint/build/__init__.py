"""Content files + options -> artifacts on disk: what to build, rendered in memory, then written atomically.

Its modules, each importing only those listed before it:
  options     what a build or check covers (BuildOptions, the formats, the content files, the style)
  results     what a build reports per topic (TopicResult, Artifact)
  forked      a topic's formats shared among forked processes when --jobs leaves cores idle
  rendering   one topic read, checked against the fonts and rendered as bytes in memory
  up_to_date  the manifest and the quick record -> what is still up to date; gone topics pruned
  writing     one topic's stale artifacts rendered, written atomically and journalled
  workers     the stale topics built here or in a pool of --jobs workers
  batch       every topic: the quick record first, then the manifest check, then the stale ones
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ijprint.build.batch import build, build_iter
    from ijprint.build.options import BuildOptions, find_content, fonts_to_prepare, parse_formats, requested, resolve_style_options
    from ijprint.build.rendering import PreparedTopic, check_topic, prepare, render_topic
    from ijprint.build.results import Artifact, TopicResult
    from ijprint.build.up_to_date import prune_manifest
    from ijprint.build.writing import build_topic, import_source, write_output

# Public name -> its module, imported when the name is first used: an up-to-date rebuild loads no
# rendering or writing code, and the style (PyYAML), the reproducible dates and the content model are
# likewise imported only where they are used.
_HOMES = {
    "build": "batch",
    "build_iter": "batch",
    "BuildOptions": "options",
    "find_content": "options",
    "fonts_to_prepare": "options",
    "parse_formats": "options",
    "requested": "options",
    "resolve_style_options": "options",
    "PreparedTopic": "rendering",
    "check_topic": "rendering",
    "prepare": "rendering",
    "render_topic": "rendering",
    "Artifact": "results",
    "TopicResult": "results",
    "prune_manifest": "up_to_date",
    "build_topic": "writing",
    "import_source": "writing",
    "write_output": "writing",
}


def __getattr__(name: str) -> object:
    """`from ijprint.build import NAME`: the name from the module that defines it."""
    if name not in _HOMES:
        raise AttributeError(f"module 'ijprint.build' has no attribute '{name}'")
    # The import statement's own machinery (not importlib.import_module), so `-X importtime` lists the module.
    return getattr(__import__(f"ijprint.build.{_HOMES[name]}", fromlist=[name]), name)


__all__ = sorted(_HOMES)
