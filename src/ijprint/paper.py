"""Paper names -> sizes in points, and the orientations a map may take; no imports, so the CLI can offer them cheaply."""

MM = 72 / 25.4
# A2, A1 and A0 are poster papers: a classroom wall map of a big topic.
PAPER_SIZES_PT = {
    "A4": (595.276, 841.89),
    "Letter": (612.0, 792.0),
    "A3": (841.89, 1190.551),
    "A2": (1190.551, 1683.78),
    "A1": (1683.78, 2383.94),
    "A0": (2383.94, 3370.39),
}
ORIENTATIONS = ("landscape", "portrait", "auto")
