"""reactions beyond the heart: a like becomes a reaction of kind heart

Revision ID: 5d1e0c7a9b21
Revises: c4e1a9d20b7f
Create Date: 2026-12-03 13:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e0c7a9b21'
down_revision = 'c4e1a9d20b7f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reactions',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', 'kind', name=op.f('pk_reactions'))
    )
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.create_index('ix_reactions_user_post', ['user_id', 'post_id'], unique=False)
    # Every like so far was a heart.
    op.execute("INSERT INTO reactions (post_id, user_id, kind, created_at) "
               "SELECT post_id, user_id, 'heart', created_at FROM likes")
    with op.batch_alter_table('likes', schema=None) as batch_op:
        batch_op.drop_index('ix_likes_post_user')
    op.drop_table('likes')


def downgrade():
    op.create_table('likes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_likes_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_likes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'post_id', name=op.f('pk_likes'))
    )
    with op.batch_alter_table('likes', schema=None) as batch_op:
        batch_op.create_index('ix_likes_post_user', ['post_id', 'user_id'], unique=False)
    # A like is one per person; whatever they reacted with counts once.
    op.execute("INSERT INTO likes (user_id, post_id, created_at) "
               "SELECT user_id, post_id, MIN(created_at) FROM reactions GROUP BY user_id, post_id")
    op.execute("UPDATE posts SET like_count = (SELECT COUNT(*) FROM likes "
               "WHERE likes.post_id = posts.id)")
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.drop_index('ix_reactions_user_post')
    op.drop_table('reactions')
