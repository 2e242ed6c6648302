"""What PostgreSQL full-text search (SEARCH_BACKEND=postgres) searches: one row per post
and person, with the text everyone who may read it may see and the facts search filters
by. The `vector` is PostgreSQL's to keep: a trigger (migrations) makes it from the text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SearchDocument(db.Model):
    """No foreign key: a person's row has none to point at, and a post's row is removed in
    the transaction that deletes the post (search.pg_documents)."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_vector", "vector", postgresql_using="gin"),
        Index("ix_search_documents_kind_created", "kind", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # post or person
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    author_id: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    title: Mapped[str] = mapped_column(Text, default="")  # weighted above everything
    fields: Mapped[str] = mapped_column(Text, default="")  # the type's searchable fields
    # Other names of what the post names (a client's aliases): searched, never a snippet.
    aliases: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # what people read
    vector = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"), nullable=True)


class SearchWord(db.Model):
    """Every word (folded as `kring_simple` folds it) that some search document holds: what
    "did you mean" corrects a query from on PostgreSQL. Triggers (migrations) keep it in
    step with search_documents, a word leaving with the last document that held it; a
    correction is only offered when the reader's own search finds it (search.spelling)."""

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_trigram",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )

    word: Mapped[str] = mapped_column(Text, primary_key=True)
