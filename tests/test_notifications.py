"""Who is notified of what, and why: mentions, alerts, replies, tags, clients, likes."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from support import until_they_wait

from intranet.clients import directory
from intranet.errors import ValidationError
from intranet.extensions import db
from intranet.models import Notification, Post
from intranet.notifying import alerts, fanout, notifications
from intranet.posting import follows, groups, posts


def reasons_of(user, post):
    db.session.expire_all()
    row = db.session.scalar(
        select(Notification).where(Notification.user_id == user.id, Notification.post_id == post.id)
    )
    return row.reasons if row else None


def count():
    return db.session.scalar(select(func.count()).select_from(Notification))


def test_mention_reaches_exactly_who_is_named(make_user, run_jobs):
    author, named, other = make_user(), make_user(handle="bob"), make_user()
    post = posts.create_post(author, {"type": "update", "body": "Kun jij dit oppakken @bob?"})
    run_jobs()
    assert reasons_of(named, post) == [{"kind": "mention"}]
    assert reasons_of(other, post) is None and reasons_of(author, post) is None


def test_a_mention_is_stored_with_the_post_before_any_fan_out(make_user, run_jobs):
    """The people a post names are notified in its own transaction; the fan-out, run later,
    adds further reasons to that same row instead of a second one."""
    author, named, other = make_user(), make_user(handle="noor"), make_user()
    alerts.create_alert(named, {"term": "jaarplanning"})
    post = posts.create_post(author, {"type": "update", "body": "@noor de jaarplanning is af"})
    assert reasons_of(named, post) == [{"kind": "mention"}]  # no job has run yet
    assert reasons_of(other, post) is None and reasons_of(author, post) is None
    db.session.rollback()  # the jobs commit in a session of their own: read after them
    run_jobs()
    kinds = [r["kind"] for r in reasons_of(named, post)]
    assert kinds == ["mention", "alert"]
    assert count() == 1
    run_jobs()
    assert count() == 1


def test_a_mention_read_before_the_fan_out_stays_read(make_user, run_jobs):
    """Opened in the moment between the post and its fan-out: the alert the fan-out adds
    does not make the post unread again (it was read whole)."""
    author, named = make_user(), make_user(handle="ilse")
    alerts.create_alert(named, {"term": "inwerkplan"})
    post = posts.create_post(author, {"type": "update", "body": "@ilse het inwerkplan staat"})
    assert notifications.mark_read(named, everything=True) == 1
    db.session.rollback()
    run_jobs()
    db.session.expire_all()
    row = db.session.scalar(select(Notification).where(Notification.post_id == post.id))
    assert [r["kind"] for r in row.reasons] == ["mention", "alert"]
    assert row.read_at is not None and notifications.unread_count(named) == 0


def test_a_post_naming_a_crowd_leaves_them_to_the_fan_out(make_user, run_jobs):
    author = make_user()
    crowd = [make_user(handle=f"collega{n}") for n in range(fanout.MENTIONED_AT_ONCE + 1)]
    body = "Iedereen: " + " ".join(f"@{person.handle}" for person in crowd)
    post = posts.create_post(author, {"type": "update", "body": body})
    assert count() == 0  # the request wrote none of them
    db.session.rollback()
    run_jobs()
    assert count() == len(crowd)
    assert all(reasons_of(person, post) == [{"kind": "mention"}] for person in crowd)


def test_a_mention_in_a_reply_is_stored_with_it(make_user, run_jobs):
    author, named = make_user(), make_user(handle="sem")
    post = posts.create_post(author, {"type": "update", "body": "Planning Q3"})
    reply = posts.create_reply(author, post, "@sem wil jij dit overnemen?")
    assert reasons_of(named, reply) == [{"kind": "mention"}]


def test_the_early_mention_keeps_the_rules(make_user):
    """Not to someone outside a private group, not when they switched mentions off."""
    author, outsider, quiet = make_user(), make_user(handle="buiten"), make_user(handle="stil")
    notifications.set_channels(quiet, {"mention": "off"})
    team = groups.create_group(author, "Directie", True)
    groups.add_member(author, team, quiet)
    post = posts.create_post(
        author, {"type": "update", "body": "Zie @buiten en @stil", "group": team.id}
    )
    assert reasons_of(outsider, post) is None and reasons_of(quiet, post) is None
    assert count() == 0


def test_group_mention_is_the_cc_list(make_user, run_jobs):
    author, a, b, outsider = make_user(), make_user(), make_user(), make_user()
    team = groups.create_group(a, "Sales Noord", False)
    groups.add_member(b, team, b)
    post = posts.create_post(author, {"type": "update", "body": "Update voor @sales-noord"})
    run_jobs()
    for member in (a, b):
        assert reasons_of(member, post) == [{"kind": "group_mention", "group": "sales-noord"}]
    assert reasons_of(outsider, post) is None


def test_mentioning_someone_who_cannot_read_warns_and_does_not_notify(make_user, run_jobs):
    author, outsider = make_user(), make_user(handle="buiten")
    team = groups.create_group(author, "Directie", True)
    post = posts.create_post(author, {"type": "update", "body": "Zie @buiten", "group": team.id})
    assert post.warnings and "Directie" in str(post.warnings[0])
    run_jobs()
    assert reasons_of(outsider, post) is None


def test_alert_matches_with_term_and_respects_types(make_user, run_jobs):
    author, watcher, picky = make_user(), make_user(), make_user()
    alerts.create_alert(watcher, {"term": "Van der Berg Logistiek"})
    alerts.create_alert(picky, {"term": "van der berg", "types": ["vacancy"]})
    post = posts.create_post(
        author, {"type": "update", "body": "Contactpersoon bij Van der Bérg Logistiek weg"}
    )
    run_jobs()
    reasons = reasons_of(watcher, post)
    assert reasons[0]["kind"] == "alert" and reasons[0]["term"] == "Van der Berg Logistiek"
    assert reasons_of(picky, post) is None


def test_alert_excludes_and_javascript_is_not_java(make_user, run_jobs):
    author, watcher = make_user(), make_user()
    alerts.create_alert(watcher, {"term": "java -stage"})
    first = posts.create_post(author, {"type": "update", "body": "Java developer gezocht"})
    second = posts.create_post(author, {"type": "update", "body": "JavaScript developer"})
    third = posts.create_post(author, {"type": "update", "body": "Java stage plek"})
    run_jobs()
    assert reasons_of(watcher, first) and not reasons_of(watcher, second)
    assert not reasons_of(watcher, third)


def test_replies_reach_the_author_and_the_thread(make_user, run_jobs):
    author, first, second = make_user(), make_user(), make_user()
    post = posts.create_post(author, {"type": "update", "body": "Vraagje"})
    posts.create_reply(first, post, "Antwoord een")
    reply = posts.create_reply(second, post, "Antwoord twee")
    run_jobs()
    assert reasons_of(author, reply) == [{"kind": "reply"}]
    assert reasons_of(first, reply) == [{"kind": "thread"}]
    assert reasons_of(second, reply) is None


def test_followed_tag_client_owner_and_assignee(make_user, run_jobs):
    author, fan, owner, handler = make_user(), make_user(), make_user("recruiter"), make_user()
    follows.follow_tag(fan, "zorg")
    client = directory.create_client(owner, "Acme Zorg", ["Acme"], [owner.id])
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Nieuwe inkoper #zorg",
            "client": client.id,
            "kind": "contact_joining",
        },
    )
    mention = posts.create_post(author, {"type": "update", "body": "Gesprek met acme gehad"})
    alert = posts.create_post(
        author,
        {
            "type": "reputation_alert",
            "body": "Slechte review",
            "source": "Indeed",
            "severity": "high",
            "assignee": handler.id,
        },
    )
    run_jobs()
    assert {"kind": "tag", "tag": "zorg"} in reasons_of(fan, signal)
    assert {"kind": "client", "client": "Acme Zorg", "owner": True} in reasons_of(owner, signal)
    assert reasons_of(owner, mention) == [{"kind": "client", "client": "Acme Zorg"}]
    assert reasons_of(handler, alert) == [{"kind": "assigned"}]


def test_a_fan_out_batch_notifies_post_by_post_in_id_order(make_user, run_jobs):
    """Whatever order their events were queued in, a batch takes its posts in id order:
    two batches (on two consumers) then take the notifications' turns in one order
    instead of meeting in a deadlock. Here the later post's event is queued first."""
    from intranet.models import FanoutQueue

    author, fan = make_user(), make_user()
    follows.follow_tag(fan, "planning")
    first = posts.create_post(author, {"type": "update", "body": "Rooster week 1 #planning"})
    second = posts.create_post(author, {"type": "update", "body": "Rooster week 2 #planning"})
    db.session.execute(FanoutQueue.__table__.delete())
    db.session.add(FanoutQueue(post_id=second.id, event="created"))
    db.session.flush()
    db.session.add(FanoutQueue(post_id=first.id, event="created"))
    db.session.commit()
    assert fanout.drain() == 2
    written = db.session.execute(
        select(Notification.post_id).where(Notification.user_id == fan.id).order_by(Notification.id)
    ).scalars()
    assert list(written) == [first.id, second.id]


def test_one_row_per_person_per_post_with_every_reason(make_user, run_jobs):
    author, reader = make_user(), make_user(handle="lees")
    alerts.create_alert(reader, {"term": "budget"})
    post = posts.create_post(author, {"type": "update", "body": "@lees het budget is rond"})
    run_jobs()
    first = db.session.scalar(select(Notification).where(Notification.user_id == reader.id))
    first_id = first.id
    notifications.mark_read(reader, [first_id])
    posts.like(reader, post)  # the author gets a like
    posts.create_reply(author, post, "en @lees nog iets")
    run_jobs()
    assert count() == 3  # reader about post, reader about reply, author about like
    assert [r["kind"] for r in reasons_of(reader, post)] == ["mention", "alert"]
    assert reasons_of(author, post) == [{"kind": "like", "by": "lees", "reaction": "heart"}]


def test_new_reason_makes_it_unread_again_with_a_newer_id(make_user):
    author, first, second = make_user(), make_user(handle="een"), make_user(handle="twee")
    post = posts.create_post(author, {"type": "update", "body": "Mijn bericht"})
    posts.like(first, post)
    old_id = db.session.scalar(select(Notification.id))
    notifications.mark_read(author, everything=True)
    posts.like(first, post)  # the same again: nothing changes
    db.session.expire_all()
    assert db.session.scalar(select(Notification.read_at)) is not None
    posts.like(second, post)
    db.session.expire_all()
    row = db.session.scalar(select(Notification))
    assert row.id > old_id and row.read_at is None
    assert row.reasons == [
        {"kind": "like", "by": "een", "reaction": "heart"},
        {"kind": "like", "by": "twee", "reaction": "heart"},
    ]


@pytest.mark.parametrize("others", [1, 6])
def test_units_adding_to_one_row_at_once_keep_every_reason(app, make_user, others):
    """Units adding to the author's row about a post at once (fan-outs of a post's events
    on two consumers, the fan-out beside a like): each reads the row and writes it again
    merged. On PostgreSQL they read it at the same moment; each must read the row the one
    before it wrote. (SQLite's writers take turns, so there they never meet.)"""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite writers take turns: no two read the row at once")
    author = make_user()
    likers = [make_user(handle=f"fan{i}") for i in range(others + 1)]
    post = posts.create_post(author, {"type": "update", "body": "Mijn bericht"})
    posts.like(likers[0], post)
    post_id, author_id = post.id, author.id
    # This unit adds a reason and holds its transaction open...
    notifications.notify(post, {author.id: [{"kind": "thread"}]}, actor_id=likers[0].id)
    failed = []

    def other_worker(user_id, handle):
        with app.app_context():
            try:
                reason = {"kind": "like", "by": handle, "reaction": "heart"}
                liked = db.session.get(Post, post_id)
                notifications.notify(liked, {author_id: [reason]}, actor_id=user_id)
                db.session.commit()
            except Exception as error:  # reported below, not lost in the thread
                failed.append(error)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=other_worker, args=(u.id, u.handle)) for u in likers[1:]]
    for worker in workers:
        worker.start()
    until_they_wait(others)  # ...while the others wait to read and write the row
    db.session.commit()
    for worker in workers:
        worker.join(30)
    assert not failed and not any(w.is_alive() for w in workers)
    reasons = reasons_of(author, post)
    assert sorted(r.get("by", r["kind"]) for r in reasons) == sorted(
        ["thread", *(u.handle for u in likers)]
    )
    assert count() == 1


def test_switched_off_reasons_are_not_recorded(make_user, run_jobs):
    author, reader = make_user(), make_user()
    notifications.set_channels(reader, {"like": "off"})
    post = posts.create_post(reader, {"type": "update", "body": "Mijn bericht"})
    posts.like(author, post)
    run_jobs()
    assert count() == 0
    with pytest.raises(ValidationError):
        notifications.set_channels(reader, {"like": "pigeon"})


def test_never_about_posts_they_may_no_longer_read(make_user, run_jobs):
    owner, member = make_user(), make_user(handle="lid")
    team = groups.create_group(owner, "Team", True)
    groups.add_member(owner, team, member)
    posts.create_post(owner, {"type": "update", "body": "Voor @lid", "group": team.id})
    run_jobs()
    assert notifications.unread_count(member) == 1
    groups.remove_member(owner, team, member)
    assert notifications.unread_count(member) == 0
    assert notifications.list_notifications(member) == []


def test_api_lists_marks_read_and_counts(make_user, api, run_jobs):
    author, reader = make_user(), make_user(handle="api")
    for n in range(3):
        posts.create_post(author, {"type": "update", "body": f"Bericht {n} voor @api"})
    run_jobs()
    client = api(reader)
    listed = client.get("/notifications").get_json()
    assert listed["unread"] == 3 and len(listed["items"]) == 3
    item = listed["items"][-1]
    assert {"id", "post_id", "reasons", "read", "created_at"} <= set(item)
    assert item["reasons"] == [{"kind": "mention"}] and item["read"] is False
    newer = client.get(f"/notifications?after_id={item['id']}").get_json()["items"]
    assert len(newer) == 2
    marked = client.post("/notifications/read", json={"ids": [item["id"]]}).get_json()
    assert marked == {"updated": 1, "unread": 2}
    assert client.post("/notifications/read", json={"all": True}).get_json()["unread"] == 0
    assert client.get("/notifications?unread=1").get_json()["items"] == []
    assert client.post("/notifications/read", json={"ids": ["x"]}).status_code == 422


def test_must_read_receipts(make_user, api):
    author, reader, other = make_user(), make_user(handle="leest"), make_user()
    post = posts.create_post(
        author, {"type": "update", "body": "Belangrijk @leest", "must_read": True}
    )
    assert api(other).post(f"/posts/{post.id}/read").status_code == 409
    assert api(reader).post(f"/posts/{post.id}/read").status_code == 200
    receipts = posts.read_receipts(post)
    assert [(u.handle, bool(when)) for u, when in receipts] == [("leest", True)]


def test_alerts_api_and_preview(make_user, api):
    author, watcher = make_user(), make_user()
    posts.create_post(author, {"type": "update", "body": "Acme opent een vestiging"})
    posts.create_post(author, {"type": "update", "body": "acmecorp is iets anders"})
    client = api(watcher)
    preview = client.get("/alerts/preview?term=acme").get_json()
    assert preview["total"] == 1 and "Acme opent" in preview["items"][0]["body"]
    created = client.post("/alerts", json={"term": "Acme", "types": ["update"]})
    assert created.status_code == 201 and created.get_json()["types"] == ["update"]
    assert client.post("/alerts", json={"term": "acme"}).status_code == 409
    assert client.post("/alerts", json={"term": "a*"}).status_code == 422
    assert client.post("/alerts", json={"term": "x", "types": ["poll"]}).status_code == 422
    alert_id = created.get_json()["id"]
    assert [a["term"] for a in client.get("/alerts").get_json()["items"]] == ["Acme"]
    assert client.delete(f"/alerts/{alert_id}").status_code == 204
    assert client.get("/alerts").get_json()["items"] == []


def test_digest_only_alerts_are_kept_quietly(make_user, run_jobs):
    author, reader = make_user(), make_user()
    alerts.create_alert(reader, {"term": "jaarcijfers", "delivery": "digest"})
    post = posts.create_post(author, {"type": "update", "body": "De jaarcijfers zijn binnen"})
    run_jobs()
    assert reasons_of(reader, post)[0]["delivery"] == "digest"
    assert notifications.unread_count(reader) == 0
    assert [n.post_id for n in notifications.list_notifications(reader, kind="alert")] == [post.id]


def test_opening_a_post_reads_its_notifications_and_its_replies(make_user, run_jobs):
    author, reader = make_user(), make_user(handle="lees")
    post = posts.create_post(author, {"type": "update", "body": "@lees kijk je mee?"})
    reply = posts.create_reply(author, post, "En @lees, dit ook")
    other = posts.create_post(author, {"type": "update", "body": "@lees ander verhaal"})
    run_jobs()
    assert notifications.unread_count(reader) == 3
    assert notifications.read_on_opening(reader, post) == 2  # the post and its reply
    assert notifications.read_on_opening(reader, post) == 0  # nothing left: nothing written
    db.session.expire_all()
    assert notifications.unread_count(reader) == 1
    unread = notifications.list_notifications(reader, unread=True)
    assert [n.post_id for n in unread] == [other.id] and reply.id != other.id


def test_a_notification_names_who_acted_not_the_author(make_user, run_jobs, api):
    author = make_user(name="Anna Auteur")
    daan, eva = make_user(name="Daan Bakker", handle="daan"), make_user(handle="eva")
    post = posts.create_post(author, {"type": "update", "body": "Binnen!"})
    posts.react(daan, post, "tada")
    posts.react(eva, post, "heart")
    run_jobs()
    (listed,) = api(author).get("/notifications").get_json()["items"]
    assert listed["actor"]["name"] == eva.name and listed["post"]["author"]["name"] == "Anna Auteur"
    mention = posts.create_post(author, {"type": "update", "body": "@daan ga je mee?"})
    run_jobs()
    items = api(daan).get("/notifications").get_json()["items"]
    assert [(i["post_id"], i["actor"]["name"]) for i in items] == [(mention.id, "Anna Auteur")]


def test_the_inbox_says_who_did_what_each_reason_once(make_user, run_jobs, login):
    from test_candidates import make_vacancy

    from intranet.recruiting import referrals

    owner = make_user("recruiter", name="Bram Eigenaar")
    mover = make_user("recruiter", name="Rita Recruiter", handle="rita")
    employee = make_user(name="Eva Medewerker", handle="eva")
    daan = make_user(name="Daan Bakker", handle="daan")
    vacancy = make_vacancy(owner)
    referral = referrals.create_referral(
        employee, vacancy, "Vera Visser", "vera@example.nl", "Kent de sector", consent=True
    )
    referrals.change_status(mover, referral, "contacted")
    referrals.change_status(mover, referral, "interviewing")
    post = posts.create_post(employee, {"type": "update", "body": "Binnen!"})
    posts.react(daan, post, "tada")
    posts.react(mover, post, "tada")
    posts.react(mover, post, "heart")
    run_jobs()
    page = login(employee).get("/notifications", headers={"Accept-Language": "en"})
    text = " ".join(page.get_data(as_text=True).split())
    assert "<strong>Rita Recruiter</strong> moved your referral to Interviewing" in text
    assert "Contacted" not in text  # the last step, once
    assert "<strong>Bram Eigenaar</strong>" not in text  # the vacancy's author did nothing
    reacted = "<strong>Daan Bakker</strong>, <strong>Rita Recruiter</strong> reacted"
    assert text.count(" reacted ") == 1 and reacted in text
