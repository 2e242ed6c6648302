"""calendar and feed addresses per person, desktop notifications, interview dates

Revision ID: c3a5e8d1f024
Revises: bb7920f9fc6e
Create Date: 2026-12-03 13:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a5e8d1f024'
down_revision = 'bb7920f9fc6e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feeds_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('desktop_notifications', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interview_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('interview_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('desktop_notifications')
        batch_op.drop_column('feeds_version')
