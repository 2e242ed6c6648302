"""search in postgresql: the GIN index written through, without a pending list

Revision ID: d8f3b1a5c720
Revises: c6e2a8d4f913
Create Date: 2026-12-04 03:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd8f3b1a5c720'
down_revision = 'c6e2a8d4f913'
branch_labels = None
depends_on = None


# With fastupdate (PostgreSQL's default) new entries wait in a pending list of up to 4 MB
# that every search reads in full until a vacuum merges it: searches got slower and
# slower between vacuums. Without it each write updates the index itself (a little
# slower to write, the same to read every time). Existing entries in the pending list
# stay until the next vacuum merges them, so one is asked for here.
def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER INDEX ix_search_documents_vector SET (fastupdate = off)')
        op.execute("SELECT gin_clean_pending_list('ix_search_documents_vector'::regclass)")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER INDEX ix_search_documents_vector RESET (fastupdate)')
