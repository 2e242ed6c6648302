"""clients: one named first in a private group's signal is that group's alone

Revision ID: f8b6d4a2c307
Revises: e6a4c2b8d105
Create Date: 2026-12-03 14:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f8b6d4a2c307'
down_revision = 'e6a4c2b8d105'
branch_labels = None
depends_on = None


def upgrade():
    # Clients already in the directory stay there: who saw them, saw them.
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_in_group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_hidden_in_group_id'), ['hidden_in_group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_clients_hidden_in_group_id_groups'), 'groups', ['hidden_in_group_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_clients_hidden_in_group_id_groups'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_clients_hidden_in_group_id'))
        batch_op.drop_column('hidden_in_group_id')
