"""periodic runs: once per period whoever fires it

Revision ID: bb7920f9fc6e
Revises: 812bfeebad50
Create Date: 2026-12-03 11:14:24.758728

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb7920f9fc6e'
down_revision = '812bfeebad50'
branch_labels = None
depends_on = None


def upgrade():
    # Every consumer's scheduler fires every periodic task; the first to insert the
    # (task, minute) row runs it.
    op.create_table('periodic_runs',
    sa.Column('job', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('job', 'period', name=op.f('pk_periodic_runs'))
    )


def downgrade():
    # The release before lets every scheduler run its periodic tasks: nothing to keep.
    op.drop_table('periodic_runs')
