"""Test doubles of the *networks* (not of our code): a Protocol fake and loopback servers."""
