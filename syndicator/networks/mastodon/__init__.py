"""Mastodon: the spec (no SDK), the adapter, its errors."""
