"""share preferences remember when vacancies last came up; one view per visitor and day

Revision ID: f7f3531d7ff5
Revises: 7528dab644d8
Create Date: 2026-11-22 18:18:05.144026

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7f3531d7ff5'
down_revision = '7528dab644d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('share_preferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_surfaced_at', sa.DateTime(), nullable=True))
    # A person's rhythm runs from the last time anything came up for them.
    op.execute("UPDATE share_preferences SET last_surfaced_at = (SELECT MAX(s.surfaced_at) "
               "FROM share_slots s WHERE s.user_id = share_preferences.user_id)")

    # A visitor who opened several links (or the bare page) the same day is one view: the
    # first one counted stays.
    op.execute("DELETE FROM share_events WHERE kind = 'view' AND id NOT IN ("
               "SELECT first_id FROM (SELECT MIN(id) AS first_id FROM share_events "
               "WHERE kind = 'view' GROUP BY vacancy_id, visitor) AS firsts)")
    with op.batch_alter_table('share_events', schema=None) as batch_op:
        batch_op.create_index('ux_share_events_one_view', ['vacancy_id', 'visitor'], unique=True, sqlite_where=sa.text("kind = 'view'"), postgresql_where=sa.text("kind = 'view'"))


def downgrade():
    with op.batch_alter_table('share_events', schema=None) as batch_op:
        batch_op.drop_index('ux_share_events_one_view', sqlite_where=sa.text("kind = 'view'"), postgresql_where=sa.text("kind = 'view'"))

    with op.batch_alter_table('share_preferences', schema=None) as batch_op:
        batch_op.drop_column('last_surfaced_at')
