"""Run ``python -m syndicator``."""

from .cli import main

main()
