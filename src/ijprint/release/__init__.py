"""Artifacts on disk <-> what records them: the manifest, input fingerprints, output names, and verify."""
