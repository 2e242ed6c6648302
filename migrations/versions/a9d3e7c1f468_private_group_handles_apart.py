"""groups: a private group's handle ends in its number, a namespace nobody else can take

Revision ID: a9d3e7c1f468
Revises: e2d7b4c9a611
Create Date: 2026-12-03 16:40:00.000000

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d3e7c1f468'
down_revision = 'e2d7b4c9a611'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('handle', sa.String))
groups = sa.table(
    'groups',
    sa.column('id', sa.Integer),
    sa.column('handle', sa.String),
    sa.column('is_private', sa.Boolean),
)
posts = sa.table('posts', sa.column('id', sa.Integer), sa.column('body', sa.Text), sa.column('html', sa.Text))
group_mentions = sa.table('group_mentions', sa.column('post_id', sa.Integer), sa.column('group_id', sa.Integer))


def upgrade():
    # Every private group moves into its own namespace ("directie" → "directie.12"), and the
    # posts that mention it say the new handle, so their links keep leading to it.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(groups.c.id, groups.c.handle).where(groups.c.is_private.is_(True))
    ).all()
    for group_id, old in rows:
        if re.search(r'\.[0-9]+$', old):
            continue
        new = _free_handle(connection, old, group_id)
        connection.execute(groups.update().where(groups.c.id == group_id).values(handle=new))
        _rewrite_mentions(connection, group_id, old, new)


def _free_handle(connection, old, group_id):
    # "directie.12", unless someone holds it already (a person could choose such a handle
    # before this revision; a group kept one from before): then "directie-2.12", "-3", …,
    # as the app numbers a private group's handle past one that is taken.
    suffix = f'.{group_id}'
    base = old[: 30 - len(suffix)].strip('.-') or 'groep'
    handle, n = base + suffix, 1
    while _taken(connection, handle):
        n += 1
        numbered = f'-{n}{suffix}'
        handle = base[: 30 - len(numbered)].rstrip('.-') + numbered
    return handle


def _taken(connection, handle):
    return connection.execute(
        sa.select(sa.literal(1)).where(
            sa.or_(
                sa.exists().where(users.c.handle == handle),
                sa.exists().where(groups.c.handle == handle),
            )
        )
    ).first() is not None


def _rewrite_mentions(connection, group_id, old, new):
    # As the Markdown step finds a mention: not inside a word or path, not longer.
    typed = re.compile(r'(?<![\w/@.])@' + re.escape(old) + r'(?![\w@]|[.-][a-z0-9_])', re.IGNORECASE)
    mentioning = sa.select(group_mentions.c.post_id).where(group_mentions.c.group_id == group_id)
    for post_id, body, html in connection.execute(
        sa.select(posts.c.id, posts.c.body, posts.c.html).where(posts.c.id.in_(mentioning))
    ).all():
        html = (html or '').replace(f'"/@{old}"', f'"/@{new}"')
        connection.execute(
            posts.update()
            .where(posts.c.id == post_id)
            .values(body=typed.sub('@' + new, body or ''), html=typed.sub('@' + new, html))
        )


def downgrade():
    # The new handles are valid handles: they stay.
    pass
