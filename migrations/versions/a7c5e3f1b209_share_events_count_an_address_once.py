"""share events: the address (keyed, per day) beside the visitor, so one address with
many User-Agents counts as one visitor past a few

Revision ID: a7c5e3f1b209
Revises: f8b6d4a2c307
Create Date: 2026-12-03 14:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c5e3f1b209'
down_revision = 'f8b6d4a2c307'
branch_labels = None
depends_on = None


def upgrade():
    # Earlier events have no address: they count as they were counted.
    with op.batch_alter_table('share_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=64), server_default='', nullable=False))
        batch_op.create_index('ix_share_events_vacancy_address', ['vacancy_id', 'address'], unique=False)


def downgrade():
    with op.batch_alter_table('share_events', schema=None) as batch_op:
        batch_op.drop_index('ix_share_events_vacancy_address')
        batch_op.drop_column('address')
