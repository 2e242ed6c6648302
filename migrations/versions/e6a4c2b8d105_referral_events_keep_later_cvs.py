"""referral events: a CV sent with a later application is kept beside the first

Revision ID: e6a4c2b8d105
Revises: d4b2f6e8a013
Create Date: 2026-12-03 13:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6a4c2b8d105'
down_revision = 'd4b2f6e8a013'
branch_labels = None
depends_on = None


def upgrade():
    # An application with the address of a candidate in the running used to replace their
    # CV; now its CV is a version of its own, on the timeline's event.
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cv_filename', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('cv_path', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_column('cv_path')
        batch_op.drop_column('cv_filename')
