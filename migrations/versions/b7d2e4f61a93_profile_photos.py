"""profile photos: the current one and the one before (to put back)

Revision ID: b7d2e4f61a93
Revises: b5d3e7f9a214
Create Date: 2026-12-03 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e4f61a93'
down_revision = 'b5d3e7f9a214'
branch_labels = None
depends_on = None


def upgrade():
    # The files live in the instance folder (photos/<user id>/); these name them.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('photo_before', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('photo_before')
        batch_op.drop_column('photo')
