"""search in postgresql: documents whose tsvector a trigger keeps in step

Revision ID: c4e1a9d20b7f
Revises: c4e1a9d2b7f3
Create Date: 2026-12-03 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'c4e1a9d20b7f'
down_revision = 'c4e1a9d2b7f3'
branch_labels = None
depends_on = None

# Words as Kring splits them (text.normalize.WORD: letters and digits), so that PostgreSQL's
# parser never reads a URL, an e-mail address or a path as one token where Kring's query
# sees words. Text search configurations that fold diacritics (unaccent) before the simple
# dictionary (exact words and names) and before the Dutch and English stemmers.
POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION kring_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION kring_simple ALTER MAPPING FOR "
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart WITH unaccent, simple",
    "CREATE TEXT SEARCH CONFIGURATION kring_dutch (COPY = dutch)",
    "ALTER TEXT SEARCH CONFIGURATION kring_dutch ALTER MAPPING FOR "
    "asciiword, word, asciihword, hword, hword_asciipart, hword_part WITH unaccent, dutch_stem",
    "CREATE TEXT SEARCH CONFIGURATION kring_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION kring_english ALTER MAPPING FOR "
    "asciiword, word, asciihword, hword, hword_asciipart, hword_part "
    "WITH unaccent, english_stem",
    """
    CREATE FUNCTION kring_search_words(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(coalesce($1, ''), '[^[:alnum:]]+', ' ', 'g') $$
    """,
    """
    CREATE FUNCTION kring_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        t text := kring_search_words(NEW.title);
        f text := kring_search_words(NEW.fields);
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
    """,
    "CREATE TRIGGER search_documents_vector BEFORE INSERT OR UPDATE OF title, fields, body "
    "ON search_documents FOR EACH ROW EXECUTE FUNCTION kring_search_vector()",
]

POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS search_documents_vector ON search_documents",
    "DROP FUNCTION IF EXISTS kring_search_vector()",
    "DROP FUNCTION IF EXISTS kring_search_words(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kring_english",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kring_dutch",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kring_simple",
]


def upgrade():
    # Filled by `flask search reindex` (or as posts change) when SEARCH_BACKEND=postgres;
    # on SQLite the table stays empty and the vector a plain column nobody reads.
    op.create_table('search_documents',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('vector', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('kind', 'object_id', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_kind_created', ['kind', 'created_at'], unique=False)
        batch_op.create_index('ix_search_documents_vector', ['vector'], unique=False, postgresql_using='gin')
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRESQL_UP:
            op.execute(statement)


def downgrade():
    # The release before searches with Whoosh only: the documents can go.
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRESQL_DOWN:
            op.execute(statement)
    op.drop_table('search_documents')
