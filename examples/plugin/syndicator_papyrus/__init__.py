"""Papyrus for syndicator: the spec (no HTTP client), the limits, the adapter."""
