"""Digests, notification e-mail and must-read reminders, delivered to a real SMTP server
on loopback: content, visibility, exactly-once under concurrency, crashes and outages."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from intranet.extensions import db
from intranet.models import Notification, OutboundMail, User
from intranet.notifying import alerts, digests, mailings, notifications
from intranet.notifying.fanout import drain as fanout
from intranet.platform.clock import local_today, utcnow
from intranet.posting import follows, groups, posts

MONDAY_9 = datetime(2026, 11, 23, 8, 30)  # 09:30 in Amsterdam (UTC+1)


def backdate(model, ids, when):
    db.session.execute(update(model).where(model.id.in_(ids)).values(created_at=when))
    db.session.commit()


@pytest.fixture
def reader(make_user):
    user = make_user(name="Dirk Digest", email="dirk@brugwerk.example", handle="dirk")
    backdate(User, [user.id], datetime(2026, 1, 1))
    return user


def within_week(*post_ids):
    backdate(
        Notification,
        list(db.session.scalars(select(Notification.id).where(Notification.post_id.in_(post_ids)))),
        MONDAY_9 - timedelta(days=2),
    )


def test_the_period_follows_the_readers_day_hour_and_zone(reader):
    reader.digest, reader.digest_day, reader.digest_hour = "weekly", 0, 8
    key, since, until = digests.period(reader, MONDAY_9)
    assert key == "w20261123" and until == datetime(2026, 11, 23, 7, 0)
    assert since == datetime(2026, 11, 16, 7, 0)
    key, _, until = digests.period(reader, MONDAY_9 - timedelta(hours=2))  # before 8:00
    assert key == "w20261116"
    reader.digest = "daily"
    assert digests.period(reader, MONDAY_9)[0] == "d20261123"
    reader.digest = "off"
    assert digests.period(reader, MONDAY_9) is None


def test_digest_content_in_order_and_only_what_they_may_read(reader, make_user, smtp):
    author, recruiter = make_user(), make_user("recruiter")
    alerts.create_alert(reader, {"term": "Van der Berg"})
    follows.follow_tag(reader, "zorg")
    mention = posts.create_post(author, {"type": "update", "body": "Vraag voor @dirk"})
    hit = posts.create_post(
        author, {"type": "update", "body": "Gesprek bij Van der Berg Logistiek"}
    )
    secret_group = groups.create_group(author, "Geheim", True)
    posts.create_post(
        author,
        {"type": "update", "body": "Geheim voor @dirk over Van der Berg", "group": secret_group.id},
    )
    alert = posts.create_post(
        author,
        {
            "type": "reputation_alert",
            "body": "Review",
            "source": "Indeed",
            "severity": "high",
            "assignee": reader.id,
        },
    )
    vacancy = posts.create_post(
        recruiter,
        {
            "type": "vacancy",
            "body": "Wie kent iemand?",
            "title": "Planner",
            "location": "Ede",
            "department": "Logistiek",
            "hours": 32,
            "closes_on": (local_today() + timedelta(days=20)).isoformat(),
        },
    )
    popular = posts.create_post(author, {"type": "update", "body": "Mooi nieuws #zorg"})
    fanout()
    ids = [p.id for p in (mention, hit, alert, vacancy, popular)]
    backdate(type(mention), ids, MONDAY_9 - timedelta(days=2))
    within_week(*ids)
    report = mailings.send_digests(now=MONDAY_9)
    assert report.sent == ["dirk@brugwerk.example w20261123"]
    [message] = smtp.sink.to("dirk@brugwerk.example")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # mentions and assignments first, then alert hits, vacancies, tags
    order = [
        text.index(s)
        for s in ("Vraag voor @dirk", "Review", "Van der Berg Logistiek", "Planner", "Mooi nieuws")
    ]
    assert order == sorted(order)
    assert "Geheim" not in text and "Geheim" not in html
    assert "<strong>Van der Berg</strong>" in html
    assert "http://kring.test/posts/" in text
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://kring.test/unsub")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailings.send_digests(now=MONDAY_9).sent == []  # this period is done
    assert len(smtp.sink.to("dirk@brugwerk.example")) == 1


def test_no_digest_when_nothing_is_new_and_read_items_stay_out(reader, make_user, smtp):
    author = make_user()
    post = posts.create_post(author, {"type": "update", "body": "Voor @dirk"})
    fanout()
    within_week(post.id)
    notifications.mark_read(reader, everything=True)
    report = mailings.send_digests(now=MONDAY_9)
    assert "dirk@brugwerk.example w20261123" in report.empty and smtp.sink.messages == []
    row = db.session.scalar(select(OutboundMail).where(OutboundMail.user_id == reader.id))
    assert (row.kind, row.status) == ("digest", "empty")


def test_the_maximum_length_is_respected(reader, make_user, smtp):
    author = make_user()
    reader.digest_max = 3
    db.session.commit()
    made = [
        posts.create_post(author, {"type": "update", "body": f"{n} voor @dirk"}) for n in range(6)
    ]
    fanout()
    within_week(*[p.id for p in made])
    mailings.send_digests(now=MONDAY_9)
    [message] = smtp.sink.messages
    assert message.get_body(("plain",)).get_content().count("voor @dirk") == 3


def _one_mention(make_user, reader):
    post = posts.create_post(make_user(), {"type": "update", "body": "Hoi @dirk"})
    fanout()
    within_week(post.id)


def test_exactly_once_with_two_schedulers_at_once(reader, make_user, smtp, app):
    _one_mention(make_user, reader)
    results = []

    def run():
        with app.app_context():
            results.append(mailings.send_digests(now=MONDAY_9))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(smtp.sink.messages) == 1
    assert sum(len(r.sent) for r in results) == 1


def test_a_crash_after_claiming_is_retried_once(reader, make_user, smtp):
    from intranet.platform import outbox

    _one_mention(make_user, reader)
    row = outbox.claim(reader.id, "digest", "w20261123")  # claimed, then "killed"
    assert row is not None and smtp.sink.messages == []
    assert mailings.send_digests(now=MONDAY_9).sent == []  # the lease still holds
    db.session.execute(update(OutboundMail).values(lease_until=utcnow() - timedelta(1)))
    db.session.commit()
    assert len(mailings.send_digests(now=MONDAY_9).sent) == 1
    assert len(mailings.send_digests(now=MONDAY_9).sent) == 0
    assert len(smtp.sink.messages) == 1
    assert smtp.sink.messages[0]["Message-ID"] == f"<digest-{reader.id}-w20261123@kring.local>"


def test_smtp_down_then_up(reader, make_user, smtp):
    _one_mention(make_user, reader)
    smtp.sink.refuse = True
    report = mailings.send_digests(now=MONDAY_9)
    assert report.failed and smtp.sink.messages == []
    # The reader's digest (the poster's own turn comes too, with nothing in it).
    row = db.session.scalar(select(OutboundMail).where(OutboundMail.user_id == reader.id))
    assert row.status == "failed" and row.next_attempt_at > utcnow()
    smtp.sink.refuse = False
    assert mailings.send_digests(now=MONDAY_9).sent == []  # not before its retry time
    db.session.execute(update(OutboundMail).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert len(mailings.send_digests(now=MONDAY_9).sent) == 1
    assert len(mailings.send_digests(now=MONDAY_9).sent) == 0
    assert len(smtp.sink.messages) == 1


def test_a_digest_that_cannot_be_composed_fails_alone(make_user, smtp, monkeypatch):
    """A batch's messages are all composed before the first is sent: one that fails, with a
    failed query in it, is that person's failure to retry; the others still go out."""
    from sqlalchemy import text

    people = [make_user(email=f"lezer{n}@brugwerk.example", handle=f"lezer{n}") for n in range(3)]
    backdate(User, [p.id for p in people], datetime(2026, 1, 1))
    post = posts.create_post(make_user(), {"type": "update", "body": "Hoi @lezer0 @lezer1 @lezer2"})
    fanout()
    within_week(post.id)
    compose, broken = mailings.compose_message, people[1].id

    def failing(user, *args, **kwargs):
        if user.id == broken:
            db.session.execute(text("SELECT no_such_column FROM users"))
        return compose(user, *args, **kwargs)

    monkeypatch.setattr(mailings, "compose_message", failing)
    report = mailings.send_digests(now=MONDAY_9)
    assert [label.split()[0] for label in report.sent] == [
        "lezer0@brugwerk.example",
        "lezer2@brugwerk.example",
    ]
    assert [label.split()[0] for label in report.failed] == ["lezer1@brugwerk.example"]
    assert [envelope[1] for envelope in smtp.sink.envelopes] == [
        ["lezer0@brugwerk.example"],
        ["lezer2@brugwerk.example"],
    ]
    row = db.session.scalar(select(OutboundMail).where(OutboundMail.user_id == broken))
    assert row.status == "failed" and "no_such_column" in row.error
    monkeypatch.undo()
    db.session.execute(update(OutboundMail).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert mailings.send_digests(now=MONDAY_9).sent == [f"lezer1@brugwerk.example {row.key}"]
    assert (
        "Hoi @lezer0"
        in smtp.sink.to("lezer1@brugwerk.example")[0].get_body(("plain",)).get_content()
    )


def test_unsubscribe_without_login_and_one_click(reader, app, make_user, smtp):
    _one_mention(make_user, reader)
    mailings.send_digests(now=MONDAY_9)
    header = str(smtp.sink.messages[0]["List-Unsubscribe"]).strip()
    link = header.strip("<>").replace("http://kring.test", "")
    client = app.test_client()
    page = client.get(link)
    assert page.status_code == 200, (link, page.status_code) and b"Dirk Digest" in page.data
    db.session.expire_all()
    assert db.session.get(User, reader.id).digest == "weekly"  # a GET changes nothing
    done = client.post(
        link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, reader.id).digest == "off"
    assert client.get("/unsubscribe/forged-token").status_code == 404


def test_cli_dry_run_and_single_user(reader, make_user, smtp, app):
    _one_mention(make_user, reader)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["digests", "send", "--dry-run", "--now", "2026-11-23T08:30"])
    assert dry.exit_code == 0 and "dirk@brugwerk.example" in dry.output
    assert smtp.sink.messages == [] and db.session.scalar(select(OutboundMail)) is None
    other = runner.invoke(args=["digests", "send", "--user", "nobody@brugwerk.example"])
    assert other.exit_code != 0
    sent = runner.invoke(
        args=["digests", "send", "--user", reader.email, "--now", "2026-11-23T08:30"]
    )
    assert sent.exit_code == 0 and len(smtp.sink.messages) == 1


def test_notification_mail_for_the_away(reader, make_user, smtp):
    from intranet.mailin import addresses

    notifications.set_channels(reader, {"mention": "email"})
    post = posts.create_post(make_user(), {"type": "update", "body": "Snel even @dirk"})
    fanout()
    assert mailings.send_notification_mail().sent == []  # not yet 15 minutes
    later = utcnow() + timedelta(minutes=16)
    assert mailings.send_notification_mail(now=later).sent == [reader.email]
    [message] = smtp.sink.messages
    assert message["Reply-To"] == addresses.reply_address(post, reader)
    post2 = posts.create_post(make_user(), {"type": "update", "body": "Nog eentje @dirk"})
    fanout()
    assert mailings.send_notification_mail(now=later + timedelta(minutes=1)).sent == []
    assert post2.id
    # what the mail carried stays out of the digest
    db.session.expire_all()
    assert (
        db.session.scalar(select(Notification.emailed_at).where(Notification.post_id == post.id))
        is not None
    )


def test_must_read_reminder_once_after_four_working_hours(reader, make_user, smtp):
    post = posts.create_post(
        make_user(), {"type": "update", "body": "Lezen @dirk", "must_read": True}
    )
    backdate(type(post), [post.id], datetime(2026, 11, 20, 8, 0))  # Friday 9:00 local
    assert mailings.send_reminders(now=datetime(2026, 11, 20, 11, 0)).sent == []  # 3 hours
    assert len(mailings.send_reminders(now=datetime(2026, 11, 20, 13, 30)).sent) == 1
    assert mailings.send_reminders(now=datetime(2026, 11, 23, 13, 0)).sent == []  # never more
    assert len(smtp.sink.messages) == 1


def test_digest_settings_page_api_and_welcome(reader, login, api):
    web = login(reader)
    assert web.get("/settings/email").status_code == 200
    web.post(
        "/settings/email",
        {"digest": "daily", "digest_day": "2", "digest_hour": "7", "digest_max": "10"},
    )
    db.session.expire_all()
    user = db.session.get(User, reader.id)
    assert (user.digest, user.digest_hour, user.digest_max) == ("daily", 7, 10)
    client = api(reader)
    assert client.patch("/me/settings", json={"digest": "hourly"}).status_code == 422
    assert client.patch("/me/settings", json={"digest_hour": 30}).status_code == 422
    me = client.patch("/me/settings", json={"digest": "weekly", "digest_day": 4}).get_json()
    assert me["digest"] == "weekly" and me["digest_day"] == 4
    assert me["post_address"].startswith("kring+")
    assert web.post("/welcome", {"digest": "off"}).status_code == 303


def test_a_name_with_a_comma_is_one_recipient(make_user, smtp):
    odd = make_user(name="Vries, Jan de", email="jan.devries@brugwerk.example", handle="jdv")
    backdate(User, [odd.id], datetime(2026, 1, 1))
    post = posts.create_post(make_user(), {"type": "update", "body": "Hoi @jdv"})
    fanout()
    within_week(post.id)
    mailings.send_digests(now=MONDAY_9)
    assert smtp.sink.envelopes[0][1] == ["jan.devries@brugwerk.example"]
    assert smtp.sink.messages[0]["To"].addresses[0].display_name == "Vries, Jan de"


def test_nothing_is_lost_when_the_digest_hour_moves(reader, make_user, smtp):
    mailings.send_digests(now=MONDAY_9)  # nothing yet: this week's digest is done (empty)
    post = posts.create_post(make_user(), {"type": "update", "body": "Later @dirk"})
    fanout()
    # Made the day after that digest, whatever today's date is.
    backdate(
        Notification,
        list(db.session.scalars(select(Notification.id).where(Notification.post_id == post.id))),
        MONDAY_9 + timedelta(days=1),
    )
    reader.digest_hour = 18
    db.session.commit()
    assert mailings.send_digests(now=MONDAY_9 + timedelta(hours=9)).sent == []
    # The next digest starts where the last one was made, not a week before its own hour.
    report = mailings.send_digests(now=MONDAY_9 + timedelta(days=7, hours=9))
    assert len(report.sent) == 1 and post.id
    assert "Later @dirk" in smtp.sink.messages[0].get_body(("plain",)).get_content()


def test_only_what_the_digest_showed_counts_as_mailed(reader, make_user, smtp):
    reader.digest_max = 3
    db.session.commit()
    made = [
        posts.create_post(make_user(), {"type": "update", "body": f"{n} @dirk"}) for n in range(5)
    ]
    fanout()
    within_week(*[p.id for p in made])
    mailings.send_digests(now=MONDAY_9)
    db.session.expire_all()
    mailed = db.session.scalars(
        select(Notification).where(Notification.emailed_at.is_not(None))
    ).all()
    assert len(mailed) == 3


def test_a_new_reason_keeps_the_mailed_mark(reader, make_user, smtp):
    notifications.set_channels(reader, {"like": "email"})
    post = posts.create_post(reader, {"type": "update", "body": "Mijn bericht"})
    posts.like(make_user(), post)
    later = utcnow() + timedelta(minutes=16)
    assert mailings.send_notification_mail(now=later).sent == [reader.email]
    posts.like(make_user(), post)  # the row is written again with both likes
    db.session.expire_all()
    row = db.session.scalar(select(Notification).where(Notification.post_id == post.id))
    assert len(row.reasons) == 2 and row.emailed_at is not None
    assert mailings.send_notification_mail(now=later + timedelta(minutes=31)).sent == []
