"""`flask search reindex`: rebuild the search index while the app keeps serving."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..search import pg_documents
from ..search.choice import uses_postgres
from ..search.indexer import drain, rebuild

search = AppGroup("search", help="The full-text search index.")


@search.command("reindex")
def reindex_command():
    """Rebuild the search index from the database (the app keeps serving meanwhile).
    With SEARCH_BACKEND=postgres: rewrite every search document and its tsvector."""
    with click.progressbar(length=1, label="Indexing", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        if uses_postgres():
            written = pg_documents.rebuild(progress)
        else:
            written = rebuild(progress)
    drain()
    click.echo(f"Indexed {written} posts and people.")
