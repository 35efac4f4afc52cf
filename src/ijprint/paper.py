"""Paper names -> sizes in points, and the orientations a map may take; no imports, so the CLI can offer them cheaply."""

MM = 72 / 25.4
PAPER_SIZES_PT = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.551)}
ORIENTATIONS = ("landscape", "portrait", "auto")
