"""vacancy public text: what outsiders read, written or approved by a recruiter

Revision ID: 3f1c0a9e7b21
Revises: a3c9e5d27f40
Create Date: 2026-12-03 13:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1c0a9e7b21'
down_revision = 'a3c9e5d27f40'
branch_labels = None
depends_on = None


def upgrade():
    # The public vacancy page shows this text, never the internal post.
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('public_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('public_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('public_at')
        batch_op.drop_column('public_html')
        batch_op.drop_column('public_text')
