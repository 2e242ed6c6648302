"""drafts: a candidate's personal data is never kept in a draft; drop what was kept

Revision ID: c6e2a8d4f913
Revises: a9d3e7c1f468
Create Date: 2026-12-03 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e2a8d4f913'
down_revision = 'a9d3e7c1f468'
branch_labels = None
depends_on = None

drafts = sa.table('drafts', sa.column('id', sa.Integer), sa.column('fields', sa.JSON))
# The type fields only recruiters may see when this was written (a candidate offer's), by
# the composer's name ("candidate_offer.candidate_name") or the API's bare one.
PERSONAL = {'candidate_name', 'candidate_contact', 'consent'}


def upgrade():
    connection = op.get_bind()
    for draft_id, fields in connection.execute(sa.select(drafts.c.id, drafts.c.fields)).all():
        if not isinstance(fields, dict):
            continue
        kept = {k: v for k, v in fields.items() if k.rsplit('.', 1)[-1] not in PERSONAL}
        if kept != fields:
            connection.execute(
                drafts.update().where(drafts.c.id == draft_id).values(fields=kept)
            )


def downgrade():
    pass  # what was dropped stays dropped
