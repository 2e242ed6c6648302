"""logins: each browser's login is a row, so logging out ends it on the server

Revision ID: c3a1e5d7f902
Revises: c3a5e8d1f024
Create Date: 2026-12-03 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a1e5d7f902'
down_revision = 'c3a5e8d1f024'
branch_labels = None
depends_on = None


def upgrade():
    # Sessions and remember-me cookies made before this name no login: they stop working,
    # and everyone logs in once more.
    op.create_table('logins',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_logins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logins'))
    )
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logins_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logins_user_id'))
    op.drop_table('logins')
