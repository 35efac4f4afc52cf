"""Renderers: each turns the model (or its layout) into the bytes of one output format."""
