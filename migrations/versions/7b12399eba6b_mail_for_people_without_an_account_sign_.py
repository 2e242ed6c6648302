"""mail for people without an account: sign-up links and invitations

Revision ID: 7b12399eba6b
Revises: f7f3531d7ff5
Create Date: 2026-12-03 09:59:26.553376

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b12399eba6b'
down_revision = 'f7f3531d7ff5'
branch_labels = None
depends_on = None


def upgrade():
    # A sign-up link or an invitation is owed to an address that has no account yet.
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_address', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=True))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_outbound_mail_to_address', ['to_address'], unique=False)
        batch_op.create_check_constraint(op.f('ck_outbound_mail_recipient'), 'user_id IS NOT NULL OR to_address IS NOT NULL')


def downgrade():
    # The release before knows only mail to people with an account: mail to addresses
    # (sent or not) can't be kept.
    op.execute("DELETE FROM outbound_mail WHERE user_id IS NULL")
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbound_mail_recipient'), type_='check')
        batch_op.drop_index('ix_outbound_mail_to_address')
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('language')
        batch_op.drop_column('to_address')
