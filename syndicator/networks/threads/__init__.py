"""Threads (Meta): the network's text measure, its adapter (imported lazily) and errors.

Nothing here imports httpx: ``adapter`` and ``client`` load it when a post is sent.
"""
