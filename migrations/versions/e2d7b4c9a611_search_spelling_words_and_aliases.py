"""search spelling: the words "did you mean" corrects from, aliases apart from snippets

Revision ID: e2d7b4c9a611
Revises: b5d7e9f1a203
Create Date: 2026-12-03 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2d7b4c9a611'
down_revision = 'b5d7e9f1a203'
branch_labels = None
depends_on = None

# The vector as before, with a document's aliases (other names of the client a signal is
# about) weighed as its type fields: searched, but kept out of `fields`, which snippets show.
VECTOR = """
CREATE OR REPLACE FUNCTION kring_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t text := kring_search_words(NEW.title);
    f text := kring_search_words(concat_ws(' ', NEW.fields, {aliases}));
    b text := kring_search_words(NEW.body);
BEGIN
    NEW.vector :=
        setweight(to_tsvector('kring_simple', t), 'A')
        || setweight(to_tsvector('kring_dutch', t), 'A')
        || setweight(to_tsvector('kring_english', t), 'A')
        || setweight(to_tsvector('kring_simple', f), 'B')
        || setweight(to_tsvector('kring_dutch', f), 'B')
        || setweight(to_tsvector('kring_english', f), 'B')
        || setweight(to_tsvector('kring_simple', b), 'C')
        || setweight(to_tsvector('kring_dutch', b), 'D')
        || setweight(to_tsvector('kring_english', b), 'D');
    RETURN NEW;
END
$$
"""

# The words of a set of documents, folded as search folds them (only words with a letter,
# of a length a correction can be made from or to).
WORDS_OF = """
CREATE FUNCTION kring_document_words(title text, fields text, aliases text, body text)
RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('kring_simple',
        kring_search_words(concat_ws(' ', title, fields, aliases, body))))) AS w
    WHERE length(w) BETWEEN 3 AND 40 AND w ~ '[[:alpha:]]'
$$
"""

# search_words follows search_documents, a statement at a time (a reindex batch is one
# INSERT of its new words): words of changed documents come in; words a change or a
# deletion took away go unless another document still holds them, so an erased or
# edited-away name leaves the list when it leaves the last document.
KEPT = """
CREATE FUNCTION kring_search_words_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_words (word)
            SELECT DISTINCT w FROM new_rows n,
                kring_document_words(n.title, n.fields, n.aliases, n.body) AS w
            ORDER BY w ON CONFLICT DO NOTHING;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO search_words (word)
            SELECT DISTINCT w FROM new_rows n JOIN old_rows o USING (kind, object_id),
                kring_document_words(n.title, n.fields, n.aliases, n.body) AS w
            WHERE (n.title, n.fields, n.aliases, n.body)
                IS DISTINCT FROM (o.title, o.fields, o.aliases, o.body)
            ORDER BY w ON CONFLICT DO NOTHING;
        DELETE FROM search_words s WHERE s.word IN (
            SELECT w FROM old_rows o JOIN new_rows n USING (kind, object_id),
                kring_document_words(o.title, o.fields, o.aliases, o.body) AS w
            WHERE (n.title, n.fields, n.aliases, n.body)
                IS DISTINCT FROM (o.title, o.fields, o.aliases, o.body)
        ) AND NOT EXISTS (
            SELECT 1 FROM search_documents d
            WHERE d.vector @@ to_tsquery('kring_simple', quote_literal(s.word))
        );
        RETURN NULL;
    END IF;
    DELETE FROM search_words s WHERE s.word IN (
        SELECT w FROM old_rows o, kring_document_words(o.title, o.fields, o.aliases, o.body) AS w
    ) AND NOT EXISTS (
        SELECT 1 FROM search_documents d
        WHERE d.vector @@ to_tsquery('kring_simple', quote_literal(s.word))
    );
    RETURN NULL;
END
$$
"""

POSTGRESQL_UP = [
    VECTOR.replace("{aliases}", "NEW.aliases"),
    "DROP TRIGGER search_documents_vector ON search_documents",
    "CREATE TRIGGER search_documents_vector BEFORE INSERT OR UPDATE OF title, fields, aliases, "
    "body ON search_documents FOR EACH ROW EXECUTE FUNCTION kring_search_vector()",
    WORDS_OF,
    KEPT,
    "CREATE TRIGGER search_words_inserted AFTER INSERT ON search_documents "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION kring_search_words_kept()",
    "CREATE TRIGGER search_words_updated AFTER UPDATE ON search_documents "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION kring_search_words_kept()",
    "CREATE TRIGGER search_words_deleted AFTER DELETE ON search_documents "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION kring_search_words_kept()",
    "INSERT INTO search_words (word) SELECT DISTINCT w FROM search_documents d, "
    "kring_document_words(d.title, d.fields, d.aliases, d.body) AS w ON CONFLICT DO NOTHING",
]

POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS search_words_deleted ON search_documents",
    "DROP TRIGGER IF EXISTS search_words_updated ON search_documents",
    "DROP TRIGGER IF EXISTS search_words_inserted ON search_documents",
    "DROP FUNCTION IF EXISTS kring_search_words_kept()",
    "DROP FUNCTION IF EXISTS kring_document_words(text, text, text, text)",
    "DROP TRIGGER search_documents_vector ON search_documents",
    VECTOR.replace("{aliases}", "NULL"),
    "CREATE TRIGGER search_documents_vector BEFORE INSERT OR UPDATE OF title, fields, body "
    "ON search_documents FOR EACH ROW EXECUTE FUNCTION kring_search_vector()",
]


def upgrade():
    # Aliases were part of `fields` (and so of snippets); documents written from now on keep
    # them apart (`flask search reindex` rewrites the older ones at once).
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.Text(), nullable=False, server_default=''))
    postgresql = op.get_bind().dialect.name == 'postgresql'
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # On SQLite (Whoosh searches there) the table stays empty and its index a plain one.
    op.create_table('search_words',
    sa.Column('word', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.create_index('ix_search_words_trigram', ['word'], unique=False, postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})
    if postgresql:
        for statement in POSTGRESQL_UP:
            op.execute(statement)


def downgrade():
    # pg_trgm stays: other databases' objects may use it, and it costs nothing unused.
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRESQL_DOWN:
            op.execute(statement)
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.drop_index('ix_search_words_trigram', postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})
    op.drop_table('search_words')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_column('aliases')
