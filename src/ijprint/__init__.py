"""ijprint: structured study content in, printable revision documents out."""

__version__ = "0.1.0"
