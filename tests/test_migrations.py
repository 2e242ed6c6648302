"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from intranet.extensions import db


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_feed_indexes_exist(app):
    with app.app_context():
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("posts")}
    assert {
        "ix_posts_created",
        "ix_posts_author_created",
        "ix_posts_group_created",
        "ix_posts_type_created",
        "ix_posts_parent_created",
    } <= indexes


def test_upgrade_is_idempotent(app):
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()  # already at head: nothing happens, nothing breaks
        version = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
    assert version


def test_stepping_back_one_release_and_up_again_keeps_the_data(app, make_user):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    user = make_user(name="Blijft Bestaan")
    db.session.commit()
    with app.app_context():
        downgrade(revision="-1")
        upgrade()
        row = db.session.execute(
            text("SELECT name, digest FROM users WHERE id = :i"), {"i": user.id}
        ).one()
        db.session.remove()
    assert tuple(row) == ("Blijft Bestaan", "weekly")


def test_offers_from_before_contact_keys_get_the_key_the_app_computes(app, make_user):
    """A phone number typed before contact keys existed is found by any notation after
    the upgrade (the AVG lookup and the duplicate warning depend on it)."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from intranet.posting import posts
    from intranet.text.contacts import contact_key

    recruiter = make_user("recruiter")
    offer = posts.create_post(
        recruiter,
        {
            "type": "candidate_offer",
            "body": "Planner",
            "headline": "Planner, Zwolle",
            "skills": "TMS",
            "availability": "per direct",
            "location": "Zwolle",
            "candidate_name": "Fenna de Wit",
            "candidate_contact": "f@example.nl",
            "consent": True,
        },
    )
    offer_id = offer.id
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    with app.app_context():
        downgrade(revision="9176b388dffb")
        db.session.execute(
            text("UPDATE candidate_private SET contact = '06 1111 2222' WHERE post_id = :i"),
            {"i": offer_id},
        )
        db.session.commit()
        upgrade()
        key = db.session.execute(
            text("SELECT contact_key FROM candidate_private WHERE post_id = :i"), {"i": offer_id}
        ).scalar()
        db.session.remove()
    assert key == contact_key("+31 6 1111 2222") == "31611112222"


def test_mail_to_an_address_goes_when_stepping_back_and_mail_to_people_stays(app, make_user):
    """The release before knows only mail to people with an account: stepping back drops
    the sign-up and invitation rows (that schema can't hold them) and keeps the rest."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from intranet.platform import outbox

    user_id = make_user().id
    outbox.claim(user_id, "digest", "w20261123")
    assert outbox.write("signup", "nieuw@brugwerk.example", "en").user_id is None
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    with app.app_context():
        downgrade(revision="f7f3531d7ff5")
        kept = db.session.execute(text("SELECT user_id, kind FROM outbound_mail")).all()
        db.session.commit()
        upgrade()
        db.session.execute(
            text(
                "INSERT INTO outbound_mail (to_address, kind, key, status, attempts, items,"
                " created_at, language) VALUES ('a@b.example', 'invite', 'k1', 'pending', 0, 0,"
                " CURRENT_TIMESTAMP, 'nl')"
            )
        )
        db.session.commit()
        with pytest.raises(IntegrityError):  # a message for nobody
            db.session.execute(
                text(
                    "INSERT INTO outbound_mail (kind, key, status, attempts, items, created_at)"
                    " VALUES ('invite', 'k2', 'pending', 0, 0, CURRENT_TIMESTAMP)"
                )
            )
        db.session.rollback()
        db.session.remove()
    assert [tuple(row) for row in kept] == [(user_id, "digest")]


def test_likes_from_before_reactions_become_hearts(app, make_user):
    """Stepping back keeps one like per person whatever they reacted with; stepping up
    again makes each of them a heart, counted on the post."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from intranet.posting import posts

    author, fan = make_user(), make_user()
    post = posts.create_post(author, {"type": "update", "body": "Binnen!"})
    posts.react(fan, post, "tada")
    posts.react(fan, post, "thumbs_up")
    post_id, fan_id = post.id, fan.id
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    with app.app_context():
        downgrade(revision="bb7920f9fc6e")
        likes = db.session.execute(text("SELECT user_id, post_id FROM likes")).all()
        count = db.session.execute(
            text("SELECT like_count FROM posts WHERE id = :i"), {"i": post_id}
        ).scalar()
        db.session.commit()
        upgrade()
        hearts = db.session.execute(text("SELECT user_id, post_id, kind FROM reactions")).all()
        db.session.remove()
    assert [tuple(row) for row in likes] == [(fan_id, post_id)] and count == 1
    assert [tuple(row) for row in hearts] == [(fan_id, post_id, "heart")]


def test_private_groups_move_into_their_own_handles_with_their_mentions(app, make_user):
    """A private group from before keeps its posts' mentions working: the handle gets the
    group's number, and the posts that mention it say so (their text and their links)."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from intranet.posting import groups, posts

    owner = make_user()
    board = groups.create_group(owner, "Board", True)
    public = groups.create_group(owner, "Iedereen")
    post = posts.create_post(owner, {"type": "update", "body": f"Hoi @{board.handle}."})
    ids = {"g": board.id, "p": post.id}
    db.session.execute(text("UPDATE groups SET handle = 'board' WHERE id = :g"), ids)
    for column in ("body", "html"):
        db.session.execute(
            text(f"UPDATE posts SET {column} = replace({column}, :new, 'board') WHERE id = :p"),
            {**ids, "new": board.handle},
        )
    db.session.execute(
        text("UPDATE posts SET body = body || ' @board-x @Board' WHERE id = :p"), ids
    )
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    with app.app_context():
        downgrade(revision="3f1c0a9e7b21")
        upgrade()
        handles = dict(db.session.execute(text("SELECT id, handle FROM groups")).all())
        body, html = db.session.execute(
            text("SELECT body, html FROM posts WHERE id = :p"), ids
        ).one()
        db.session.remove()
    assert handles == {board.id: f"board.{board.id}", public.id: "iedereen"}
    assert body == f"Hoi @board.{board.id}. @board-x @board.{board.id}"
    assert f'href="/@board.{board.id}"' in html and f">@board.{board.id}<" in html


def test_a_private_groups_new_handle_is_numbered_past_handles_already_taken(app, make_user):
    """A person may have chosen `sales.12` before private groups' handles had their own
    namespace, and a group may hold the next one: the group moving into its namespace
    takes the first handle nobody has, and its mentions say that one."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from intranet.posting import groups, posts

    owner = make_user()
    sales = groups.create_group(owner, "Sales", True)
    other = groups.create_group(owner, "Directie", True)
    post = posts.create_post(owner, {"type": "update", "body": f"Hoi @{sales.handle}."})
    ids = {"s": sales.id, "o": other.id, "p": post.id, "u": make_user().id}
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    with app.app_context():
        downgrade(revision="e2d7b4c9a611")  # the revision before the namespace
        db.session.execute(text("UPDATE groups SET handle = 'sales' WHERE id = :s"), ids)
        for column in ("body", "html"):
            db.session.execute(
                text(f"UPDATE posts SET {column} = replace({column}, :new, 'sales') WHERE id = :p"),
                {**ids, "new": sales.handle},
            )
        # Taken before the upgrade: by a person, and by a group already in the namespace.
        db.session.execute(
            text("UPDATE users SET handle = :h WHERE id = :u"), {**ids, "h": f"sales.{sales.id}"}
        )
        db.session.execute(
            text("UPDATE groups SET handle = :h WHERE id = :o"), {**ids, "h": f"sales-2.{sales.id}"}
        )
        db.session.commit()
        upgrade()
        handles = [
            *db.session.scalars(text("SELECT handle FROM users")),
            *db.session.scalars(text("SELECT handle FROM groups")),
        ]
        moved = db.session.scalar(text("SELECT handle FROM groups WHERE id = :s"), ids)
        body = db.session.scalar(text("SELECT body FROM posts WHERE id = :p"), ids)
        db.session.remove()
    assert len(handles) == len(set(handles)) == 4
    assert moved == f"sales-3.{sales.id}"
    assert body == f"Hoi @sales-3.{sales.id}."


def test_drafts_kept_before_lose_a_candidates_personal_data(app, make_user):
    """A draft saved before drafts left personal data out loses it on the upgrade; the rest
    of it, and other people's drafts, stay as they were."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import JSON, bindparam, select, text

    from intranet.models import Draft

    bram, eva = make_user("recruiter"), make_user()
    db.session.commit()  # no open transaction may hold a lock the downgrade needs
    before = {
        "type": "candidate_offer",
        "candidate_offer.headline": "Planner",
        "candidate_offer.candidate_name": "Fenna de Wit",
        "candidate_offer.candidate_contact": "fenna@example.nl",
        "candidate_offer.consent": True,
        "candidate_name": "Fenna de Wit",
        "body": "Sterk",
    }
    with app.app_context():
        downgrade(revision="a9d3e7c1f468")
        insert = text(
            "INSERT INTO drafts (user_id, key, fields, updated_at)"
            " VALUES (:u, 'composer', :f, CURRENT_TIMESTAMP)"
        ).bindparams(bindparam("f", type_=JSON))
        db.session.execute(insert, {"u": bram.id, "f": before})
        db.session.execute(insert, {"u": eva.id, "f": {"body": "Halve gedachte"}})
        db.session.commit()
        upgrade()
        kept = {d.user_id: d.fields for d in db.session.scalars(select(Draft))}
        db.session.remove()
    assert kept == {
        bram.id: {
            "type": "candidate_offer",
            "candidate_offer.headline": "Planner",
            "body": "Sterk",
        },
        eva.id: {"body": "Halve gedachte"},
    }
