"""unread markers: when each person last opened a post, and last looked at Following

Revision ID: a3c9e5d27f40
Revises: 5d1e0c7a9b21
Create Date: 2026-12-03 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c9e5d27f40'
down_revision = '5d1e0c7a9b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('post_visits',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_visits_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_visits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'post_id', name=op.f('pk_post_visits'))
    )
    with op.batch_alter_table('post_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_visits_post_id'), ['post_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('following_seen_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('following_seen_at')
    with op.batch_alter_table('post_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_visits_post_id'))
    op.drop_table('post_visits')
