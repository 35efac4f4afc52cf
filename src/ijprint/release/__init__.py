"""Finished bytes -> files and records on disk: atomic writes, the manifest, input fingerprints, output names, verify."""
