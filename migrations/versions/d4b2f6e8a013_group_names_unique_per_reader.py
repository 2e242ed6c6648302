"""groups: a name need not be unique across private groups one can't see

Revision ID: d4b2f6e8a013
Revises: c3a1e5d7f902
Create Date: 2026-12-03 13:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4b2f6e8a013'
down_revision = 'c3a1e5d7f902'
branch_labels = None
depends_on = None


def upgrade():
    # Creating a group called like a private group one is not in must not fail: that
    # would tell outsiders the private group exists. Uniqueness is checked per reader.
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_groups_name'), type_='unique')


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_groups_name'), ['name'])
