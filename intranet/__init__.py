"""Kring, the recruitment intranet."""

from __future__ import annotations


def create_app(test_config: dict | None = None):
    """The Flask app (see app.py)."""
    # Imported on call: `import intranet` stays light for the Markdown worker processes,
    # which need intranet.text and nothing else.
    from .app import create_app as build

    return build(test_config)
