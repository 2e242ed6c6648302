"""name keys: one client or group per name, whatever its case, on every database

Revision ID: c4e1a9d2b7f3
Revises: a7c5e3f1b209
Create Date: 2026-12-03 13:30:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a9d2b7f3'
down_revision = 'a7c5e3f1b209'
branch_labels = None
depends_on = None


def _key(name):
    # text.normalize.name_key as it was written with this revision.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def _fill(table, with_aliases, unique=True):
    """Keys for the rows there are; two client names that only SQLite's lower() told apart
    keep apart by their id (an admin merges them). A group's key need not be unique: a
    group name is unique only among the groups one person may see."""
    connection = op.get_bind()
    columns = "id, name, aliases" if with_aliases else "id, name"
    taken = set()
    for row in connection.execute(sa.text(f"SELECT {columns} FROM {table} ORDER BY id")):
        key = _key(row.name)
        if unique and key in taken:
            key = f"{key} #{row.id}"
        taken.add(key)
        values = {"id": row.id, "key": key}
        assignments = "name_key = :key"
        if with_aliases:
            lines = (row.aliases or "").splitlines()
            values["aliases"] = "\n".join(_key(a) for a in lines if a.strip())
            assignments += ", alias_keys = :aliases"
        connection.execute(
            sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"), values
        )


def upgrade():
    # SQLite's lower() folds ASCII only: "Özdemir" and "ÖZDEMIR" passed the check and then
    # hit the UNIQUE index. The key is computed in Python and is what stays unique.
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('alias_keys', sa.Text(), nullable=True))
    _fill('clients', True)
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=400), nullable=False)
        batch_op.alter_column('alias_keys', existing_type=sa.Text(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_clients_name_key'), ['name_key'])

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=300), nullable=True))
    _fill('groups', False, unique=False)
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f('ix_groups_name_key'), ['name_key'], unique=False)


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_name_key'))
        batch_op.drop_column('name_key')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_clients_name_key'), type_='unique')
        batch_op.drop_column('alias_keys')
        batch_op.drop_column('name_key')
