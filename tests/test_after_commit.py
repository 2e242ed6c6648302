"""Every after-commit effect happens once its transaction commits, and never when it rolls
back: pushes to open feeds and to a person, sockets closed, sockets entering and leaving a
private group's room, job triggers, CV files deleted, caches forgotten, and the rows that
carry work past the commit (the index and fan-out queues, outbound mail, sign-up links and
invitations owed by mail).

A real use-case queues each effect inside an outer unit that ends one of three ways
(`ending`): it commits; it raises after the effect was queued; or its commit fails in the
flush, the database refusing a row. Pushes are heard by a Socket.IO client of the
in-process server. To show that a push did NOT go out, a later push on the same path (a
sentinel) is rung and awaited first: had the unwanted one left, it would have come before.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import event, func, select, update
from sqlalchemy.exc import IntegrityError
from support import PASSWORD
from test_candidates import CONTACT, NAME, make_referral, make_vacancy

from intranet.accounts import invitations, logins, people, tokens
from intranet.clients import directory
from intranet.errors import ValidationError
from intranet.extensions import db, socketio
from intranet.models import (
    FanoutQueue,
    IndexQueue,
    Notification,
    OutboundMail,
    Post,
    PostRevision,
    Referral,
    SearchDocument,
    SocketSession,
    Tag,
    User,
    Webhook,
    WebhookDelivery,
)
from intranet.notifying import (
    alerts,
    digests,
    fanout,
    mailings,
    notifications,
    previews,
    webhooks,
)
from intranet.platform import database, outbox, push, queue
from intranet.platform.clock import local_today
from intranet.platform.database import on_commit, writes
from intranet.posting import attachments, groups, posts
from intranet.recruiting import applications, privacy, share_links, vacancies
from intranet.text import normalize

INDEX, FANOUT, CLIENTS = "kring.drain_index", "kring.drain_fanout", "kring.client_mentions"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


# --- how a unit ends -----------------------------------------------------------------------


class Boom(Exception):
    """The use-case failed after it queued its effects."""


def the_next_commit_fails() -> None:
    """The session's next commit fails in its flush: the database refuses a row (NOT NULL).
    The test's own reads end first, so that the next commit is the unit's."""
    db.session.commit()
    event.listen(db.session(), "before_commit", lambda s: s.add(Tag(name=None)), once=True)


@dataclass(frozen=True)
class Ending:
    name: str

    @property
    def commits(self) -> bool:
        return self.name == "commits"

    def run(self, use_case: Callable[[], object]) -> None:
        """Run `use_case` as a nested unit of an outer one that ends this way."""

        @writes
        def outer():
            use_case()
            if self.name == "raises":
                raise Boom("after the effects were queued")

        if self.name == "commit fails":
            the_next_commit_fails()
        if self.commits:
            outer()
            return
        with pytest.raises(Boom if self.name == "raises" else IntegrityError):
            outer()


ENDINGS = [Ending("commits"), Ending("raises"), Ending("commit fails")]
ROLLS_BACK = Ending("raises")


@pytest.fixture(params=ENDINGS, ids=lambda ending: ending.name)
def ending(request) -> Ending:
    return request.param


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- sockets -------------------------------------------------------------------------------


@writes
def _ring(room: str, mark: str) -> None:
    push.after_commit([("sentinel", {"mark": mark}, room)])


class Socket:
    """A Socket.IO client of the in-process server (Flask-SocketIO's test client): it keeps
    every packet the server sends it, as the server sends it."""

    def __init__(self, app, user: User, secret: str | None = None, browser=None):
        self.user_id = user.id
        auth = None
        if browser is None:  # a program, with an API token
            auth = {"token": secret or tokens.create_token(user, "socket")[1]}
        self.client = socketio.test_client(app, auth=auth, flask_test_client=browser)
        assert self.client.is_connected()
        self.sid = socketio.server.manager.sid_from_eio_sid(self.client.eio_sid, "/")

    @property
    def connected(self) -> bool:
        return self.client.is_connected()

    def heard(self, name: str, test=lambda data: True) -> list[dict]:
        return [
            packet["args"][0]
            for packet in list(self.client.queue)
            if packet["name"] == name and test(packet["args"][0])
        ]

    def wait(self, name: str, test=lambda data: True, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while not (found := self.heard(name, test)) and time.monotonic() < deadline:
            time.sleep(0.01)
        return found

    def settle(self) -> None:
        """Ring a sentinel to this person after everything before it, and wait until it is
        heard: a push queued before it would have arrived first."""
        # Twice: a broadcast of new posts first lets other tasks run (push.after_commit),
        # so a sentinel rung right after one may overtake it once, never a second time.
        for _ in range(2):
            mark = uuid.uuid4().hex
            _ring(push.user_room(self.user_id), mark)
            assert self.wait("sentinel", lambda data, m=mark: data["mark"] == m), "no sentinel"

    def expect(self, name: str, test, times: int) -> None:
        """Heard `times` times, no more: wait for it when it is due, then settle."""
        if times:
            self.wait(name, test)
        self.settle()
        assert len(self.heard(name, test)) == times

    def close(self) -> None:
        if self.connected:
            self.client.disconnect()


@pytest.fixture
def connect(app):
    opened = []

    def make(user: User, **kw) -> Socket:
        socket = Socket(app, user, **kw)
        opened.append(socket)
        return socket

    yield make
    for socket in opened:
        socket.close()


def update_post(author: User, **data) -> Post:
    return posts.create_post(author, {"type": "update", "body": "Nieuws", **data})


# --- pushes --------------------------------------------------------------------------------


def check_feed_push(ending: Ending, make_user, connect) -> None:
    author, reader = make_user(), make_user()
    feed = connect(reader)
    ending.run(lambda: update_post(author, body="Een nieuwe klant!"))
    feed.expect("post", lambda data: data["author_id"] == author.id, int(ending.commits))


def test_a_new_post_rings_open_feeds_once_it_commits(ending, make_user, connect):
    check_feed_push(ending, make_user, connect)


def test_a_notification_is_pushed_once_it_commits(ending, make_user, connect):
    author, fan = make_user(), make_user()
    post = update_post(author)
    liked = {"kind": "like", "by": fan.handle, "reaction": "heart"}
    inbox = connect(author)
    ending.run(lambda: posts.like(fan, post))
    inbox.expect("notification", lambda data: liked in data["reasons"], int(ending.commits))
    assert count(Notification) == int(ending.commits)


def test_reading_rings_every_open_tab_with_the_new_count_once_it_commits(
    ending, make_user, connect
):
    author, fan = make_user(), make_user()
    opened, other = update_post(author), update_post(author)
    posts.like(fan, opened)
    posts.like(fan, other)
    tab = connect(author)
    ending.run(lambda: notifications.read_on_opening(author, opened))
    tab.expect("unread", lambda data: data == {"unread": 1}, int(ending.commits))


def test_a_mention_is_stored_and_rung_with_its_post_once_it_commits(ending, make_user, connect):
    named = make_user()
    inbox = connect(named)
    ending.run(lambda: update_post(make_user(), body=f"Kun je kijken, @{named.handle}?"))
    mention = lambda data: data["reasons"] == [{"kind": "mention"}]  # noqa: E731
    inbox.expect("notification", mention, int(ending.commits))
    assert count(Notification) == int(ending.commits)


def test_the_fan_out_rings_an_unread_mention_again_and_a_read_one_not(make_user, connect):
    """The post's own ring may have been lost on its way (or heard by nobody, as here: the
    sockets open after it): the fan-out rings the same row once more, unless it was read."""
    unread, read = make_user(), make_user()
    post = update_post(make_user(), body=f"Kijk even, @{unread.handle} en @{read.handle}")
    notifications.mark_read(read, everything=True)
    first, second = connect(unread), connect(read)
    row = db.session.scalar(select(Notification.id).where(Notification.user_id == unread.id))
    assert fanout.drain() == 1
    first.expect("notification", lambda data: data["id"] == row, 1)
    second.expect("notification", lambda data: data["post_id"] == post.id, 0)
    assert count(Notification) == 2


def test_a_fan_out_batch_that_fails_to_commit_pushes_nothing_and_keeps_its_rows(make_user, connect):
    named = make_user()
    alerts.create_alert(named, {"term": "storingsdienst"})
    inbox = connect(named)
    post = update_post(make_user(), body="De storingsdienst heeft een nieuw nummer")
    about = lambda data: data["post_id"] == post.id  # noqa: E731
    the_next_commit_fails()
    with pytest.raises(IntegrityError):
        fanout.drain()
    inbox.settle()
    assert inbox.heard("notification", about) == []
    assert (count(FanoutQueue), count(Notification)) == (1, 0)
    assert fanout.drain() == 1  # the rows stayed: the next run does it, once
    inbox.expect("notification", about, 1)
    assert (count(FanoutQueue), count(Notification)) == (0, 1)


# --- closing sockets and their rooms -------------------------------------------------------

CLOSERS = {
    "logging out everywhere": lambda who: people.logout_everywhere(who.user),
    "a new password": lambda who: people.change_password(who.user, PASSWORD, "nieuw-wachtwoord-9"),
    "revoking its token": lambda who: tokens.revoke_token(who.user, who.token_id),
    "deactivation": lambda who: people.set_active(who.admin, who.user, False),
    "logging out of its browser": lambda who: logins.end(who.login_id),
}


@dataclass
class Who:
    user: User
    admin: User
    token_id: int | None = None
    login_id: str | None = None


def registration(socket: Socket) -> SocketSession | None:
    """The registry's row for this socket, as it is now (the socket's handlers write it)."""
    db.session.commit()  # end this session's snapshot
    return db.session.get(SocketSession, socket.sid)


@pytest.mark.parametrize("closer", CLOSERS)
def test_sockets_are_closed_once_the_change_commits(closer, ending, make_user, login, connect):
    who = Who(make_user(), make_user("admin"))
    if closer == "logging out of its browser":
        socket = connect(who.user, browser=login(who.user).client)
        who.login_id = registration(socket).login_id
    else:
        token, secret = tokens.create_token(who.user, "socket")
        socket, who.token_id = connect(who.user, secret=secret), token.id
    ending.run(lambda: CLOSERS[closer](who))
    if ending.commits:
        deadline = time.monotonic() + 5
        while (socket.connected or registration(socket)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not socket.connected and registration(socket) is None
    else:
        socket.settle()  # still open: it hears what comes after
        assert socket.connected and registration(socket) is not None


def check_joining(ending: Ending, make_user, connect) -> None:
    owner, newcomer = make_user(), make_user()
    group = groups.create_group(owner, "Overnames", private=True)
    socket = connect(newcomer)
    ending.run(lambda: groups.add_member(owner, group, newcomer))
    post = update_post(owner, group=group.id, body="Alleen voor de groep")
    socket.expect("post", lambda data: data["id"] == post.id, int(ending.commits))


def test_joining_a_private_group_opens_its_feed_once_it_commits(ending, make_user, connect):
    check_joining(ending, make_user, connect)


def test_leaving_a_private_group_closes_its_feed_once_it_commits(ending, make_user, connect):
    owner, member = make_user(), make_user()
    group = groups.create_group(owner, "Overnames", private=True)
    groups.add_member(owner, group, member)
    socket = connect(member)  # in the group's room from the start
    ending.run(lambda: groups.remove_member(owner, group, member))
    post = update_post(owner, group=group.id, body="Alleen voor de groep")
    socket.expect("post", lambda data: data["id"] == post.id, int(not ending.commits))


# --- job triggers and the queue rows they announce -----------------------------------------


@pytest.fixture
def doorbell(app, monkeypatch):
    """Triggers ring for real: the task is queued in Huey (SQLite in the instance folder)."""
    monkeypatch.setitem(app.config, "KRING_TRIGGER_JOBS", True)
    queue.huey.flush()
    yield
    queue.huey.flush()


def queued() -> dict:
    """The queue rows, and the tasks waiting in Huey."""
    return {
        "index rows": count(IndexQueue),
        "fan-out rows": count(FanoutQueue),
        "tasks": sorted(task.name for task in queue.huey.pending()),
    }


def _new_post(make_user):
    author = make_user()
    return lambda: update_post(author, body="Nieuw #planning"), (1, 1, [FANOUT, INDEX])


def _reply(make_user):
    post = update_post(make_user())
    replier = make_user()
    return lambda: posts.create_reply(replier, post, "Mee eens"), (1, 1, [FANOUT, INDEX])


def _edit(make_user):
    author = make_user()
    post = update_post(author)
    return lambda: posts.edit_post(author, post, {"body": "Anders"}), (1, 1, [FANOUT, INDEX])


def _status(make_user):
    recruiter = make_user("recruiter")
    vacancy = make_vacancy(recruiter)
    return lambda: posts.change_status(recruiter, vacancy, "closed"), (1, 0, [INDEX])


def _profile(make_user):
    user = make_user()
    return lambda: people.update_profile(user, {"name": "Nieuwe Naam"}), (1, 0, [INDEX])


def _closing(make_user):
    recruiter = make_user("recruiter")
    make_vacancy(recruiter, "Planner")
    make_vacancy(recruiter, "Chauffeur")
    later = local_today() + timedelta(days=60)
    return lambda: vacancies.close_expired(today=later), (2, 0, [INDEX])


def _client_names(make_user):
    recruiter = make_user("recruiter")
    client = directory.create_client(recruiter, "Acme")
    change = lambda: directory.update_client(recruiter, client, {"aliases": ["Acme BV"]})  # noqa: E731
    return change, (0, 0, [CLIENTS])


def _erasure(make_user):
    recruiter, admin = make_user("recruiter"), make_user("admin")
    make_referral(make_vacancy(recruiter))
    return lambda: privacy.erase(admin, CONTACT), (2, 0, [INDEX])  # the vacancy, then optimise


QUEUERS = {
    "a new post": _new_post,
    "a reply": _reply,
    "an edit": _edit,
    "a status change": _status,
    "a profile change": _profile,
    "closing expired vacancies": _closing,
    "a client's new alias": _client_names,
    "an erasure": _erasure,
}


def _in_postgres_search() -> bool:
    """SEARCH_BACKEND=postgres queues nothing for search: the documents are written in the
    unit's own transaction (test_search_documents_are_written_with_the_commit)."""
    return current_app.config["SEARCH_BACKEND"] == "postgres"


def check_rows_and_triggers(queuer: str, ending: Ending, make_user) -> None:
    act, (index_rows, fanout_rows, tasks) = QUEUERS[queuer](make_user)
    if _in_postgres_search():
        index_rows, tasks = 0, [t for t in tasks if t != INDEX]
    queue.huey.flush()
    before = queued()
    ending.run(act)
    expected = {
        "index rows": before["index rows"] + index_rows,
        "fan-out rows": before["fan-out rows"] + fanout_rows,
        "tasks": tasks,
    }
    assert queued() == (expected if ending.commits else before)


@pytest.mark.parametrize("queuer", QUEUERS)
def test_queue_rows_and_their_triggers_come_with_the_commit(queuer, ending, make_user, doorbell):
    check_rows_and_triggers(queuer, ending, make_user)


def test_a_unit_rings_each_task_once_however_much_it_queues(make_user, doorbell):
    author = make_user()
    queue.huey.flush()
    before = queued()

    @writes
    def three_posts():
        for n in range(3):
            update_post(author, body=f"Bericht {n}")

    three_posts()
    pg = _in_postgres_search()
    assert queued() == {
        "index rows": before["index rows"] + (0 if pg else 3),
        "fan-out rows": 3,
        "tasks": [FANOUT] if pg else [FANOUT, INDEX],
    }


def test_search_documents_are_written_with_the_commit(ending, make_user):
    """PostgreSQL search: a change's search document is written in its transaction, and
    what a unit that did not commit marked is never written by a later commit."""
    if not _in_postgres_search():
        pytest.skip("search documents are PostgreSQL search's (SEARCH_BACKEND=postgres)")
    author = make_user()
    post = update_post(author, body="Eerst")
    ending.run(lambda: posts.edit_post(author, post, {"body": "Daarna"}))
    db.session.rollback()
    people.update_profile(author, {"name": "Later Opgeslagen"})  # a later commit
    bodies = dict(db.session.execute(select(SearchDocument.kind, SearchDocument.body)).all())
    assert bodies["post"] == ("Daarna" if ending.commits else "Eerst")
    names = db.session.scalars(select(SearchDocument.title).where(SearchDocument.kind == "person"))
    assert list(names) == ["Later Opgeslagen"]


def test_an_edit_refused_after_it_queued_its_work_leaves_nothing_behind(make_user, doorbell):
    recruiter = make_user("recruiter")
    vacancy = make_vacancy(recruiter)
    queue.huey.flush()
    before = queued()
    with pytest.raises(ValidationError):  # the body is taken in first, then the status
        posts.edit_post(recruiter, vacancy, {"body": "Nieuwe tekst", "status": "verdwenen"})
    assert queued() == before
    assert count(PostRevision) == 0 and db.session.get(Post, vacancy.id).body != "Nieuwe tekst"


# --- files and caches ----------------------------------------------------------------------


def check_erasure(ending: Ending, app, make_user) -> None:
    recruiter, admin = make_user("recruiter"), make_user("admin")
    folder = Path(app.instance_path) / "uploads" / "cv"
    folder.mkdir(parents=True, exist_ok=True)
    cv = folder / f"{uuid.uuid4().hex}.pdf"
    cv.write_bytes(PDF)
    referral = make_referral(make_vacancy(recruiter), cv_path=f"cv/{cv.name}")
    normalize.fold("Verborgenhuis")  # a word this process now remembers
    ending.run(lambda: privacy.erase(admin, CONTACT))
    assert cv.exists() is not ending.commits
    assert (normalize.fold.cache_info().currsize == 0) is ending.commits
    assert db.session.get(Referral, referral.id).name == ("" if ending.commits else NAME)


def test_an_erasure_deletes_the_cv_and_forgets_caches_once_it_commits(ending, app, make_user):
    check_erasure(ending, app, make_user)


def _attachment_files(app) -> set:
    folder = Path(app.instance_path) / "uploads" / "attachments"
    return set(folder.iterdir()) if folder.exists() else set()


def test_attached_files_stay_on_disk_only_with_the_commit(ending, app, make_user):
    author = make_user()
    before = _attachment_files(app)
    files = attachments.judge([attachments.Upload("a.pdf", PDF)])  # before the unit, as views do
    ending.run(lambda: posts.create_post(author, {"type": "update", "body": "Met bijlage"}, files))
    assert len(_attachment_files(app) - before) == (1 if ending.commits else 0)


def test_a_deleted_posts_files_go_once_it_commits(ending, app, make_user):
    author = make_user()
    post = posts.create_post(
        author,
        {"type": "update", "body": "Met bijlage"},
        attachments.judge([attachments.Upload("a.pdf", PDF)]),
    )
    path = Path(app.instance_path) / "uploads" / post.attachments[0].path
    ending.run(lambda: posts.delete_post(author, db.session.get(Post, post.id)))
    assert path.exists() is not ending.commits


def test_a_later_cv_is_kept_beside_the_first_only_with_the_commit(app, make_user):
    vacancy = make_vacancy(make_user("recruiter"))
    arrival = share_links.read_code("", vacancy.id)
    uploads = Path(app.instance_path) / "uploads"
    (uploads / "cv").mkdir(parents=True, exist_ok=True)
    others = set((uploads / "cv").iterdir())  # other tests' files

    def apply(filename: str) -> None:
        data = {"name": "Anna", "email": "anna@example.nl", "consent": "1"}
        applications.apply(vacancy, data, applications.Upload(filename, PDF), arrival)

    def stored() -> tuple[set[Path], str, list[str]]:
        referral = db.session.scalar(select(Referral))
        later = [e.cv_filename for e in referral.events if e.cv_filename]
        return set((uploads / "cv").iterdir()) - others, referral.cv_filename, later

    apply("cv.pdf")
    first, _name, _later = stored()
    the_next_commit_fails()
    with pytest.raises(IntegrityError):
        apply("cv-nieuw.pdf")
    assert stored() == (first, "cv.pdf", [])  # the first kept, and no new one left behind
    apply("cv-nieuw.pdf")
    files, name, later = stored()
    assert (name, later) == ("cv.pdf", ["cv-nieuw.pdf"])
    assert len(files) == 2 and first < files  # the first file is still there


# --- outbound mail -------------------------------------------------------------------------


def test_a_mail_is_claimed_only_once_the_claim_commits(ending, make_user, smtp):
    reader = make_user()
    post = update_post(make_user(), body=f"Lezen, @{reader.handle}", must_read=True)
    db.session.execute(
        update(Post).where(Post.id == post.id).values(created_at=datetime(2026, 11, 20, 8))
    )  # Friday 9:00 in Amsterdam
    db.session.commit()
    ending.run(lambda: outbox.claim(reader.id, "reminder", f"p{post.id}"))
    assert count(OutboundMail) == int(ending.commits)
    sent = mailings.send_reminders(now=datetime(2026, 11, 20, 13, 30)).sent
    # A committed claim holds its lease (a sender that died mid-way); a rolled back one
    # leaves the mail owed, and this run sends it.
    assert len(sent) == len(smtp.sink.messages) == int(not ending.commits)


def test_a_sent_mark_and_what_the_mail_carried_commit_together(make_user):
    author, fan = make_user(), make_user()
    posts.like(fan, update_post(author))
    note = db.session.scalar(select(Notification))
    row_id = outbox.claim(author.id, "notify", "n202611201300").id

    def finish():
        carried = outbox.Composed(None, [], on_sent=lambda: digests.mark_emailed([note.id]))
        outbox.record_sent(row_id, "<n@kring.local>", "Kring", carried)

    the_next_commit_fails()
    with pytest.raises(IntegrityError):
        finish()
    assert db.session.get(OutboundMail, row_id).status == "sending"
    assert db.session.get(Notification, note.id).emailed_at is None
    finish()
    db.session.expire_all()
    assert db.session.get(OutboundMail, row_id).status == "sent"
    assert db.session.get(Notification, note.id).emailed_at is not None


MAILERS = {
    "a sign-up request": lambda admin: people.request_signup("nieuw@brugwerk.example", "en"),
    "an invitation": lambda admin: people.invite(admin, "gast@partner.example", "employee", "nl"),
    "a digest preview": lambda admin: previews.send_preview(admin, admin),
}
SENDERS = {"a digest preview": previews.send_due}  # the others: invitations.send_due


def check_mail_owed(mailer: str, ending: Ending, make_user) -> None:
    admin = make_user("admin")
    queue.huey.flush()
    ending.run(lambda: MAILERS[mailer](admin))
    assert count(OutboundMail) == int(ending.commits)
    assert queued()["tasks"] == (["kring.send_mail"] if ending.commits else [])
    send_due = SENDERS.get(mailer, invitations.send_due)
    assert send_due() == int(ending.commits)  # nothing left to send otherwise


@pytest.mark.parametrize("mailer", MAILERS)
def test_a_link_by_mail_is_owed_and_its_job_rung_once_it_commits(
    mailer, ending, make_user, doorbell
):
    check_mail_owed(mailer, ending, make_user)


# --- webhooks ------------------------------------------------------------------------------

SEND_WEBHOOKS, MAIL_WEBHOOKS = "kring.send_webhooks", "kring.mail_webhooks"


@pytest.fixture
def loopback(app, monkeypatch):
    monkeypatch.setitem(app.config, "KRING_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32")


def tag_hook(owner: User, **source):
    return webhooks.create_webhook(
        owner,
        {"name": "Kanaal", "format": "slack", "url": "http://127.0.0.1:9/hook", **source},
    )


def test_a_test_message_is_owed_and_its_job_rung_once_it_commits(
    ending, make_user, loopback, doorbell
):
    owner = make_user()
    webhook = tag_hook(owner, tag="noord")
    queue.huey.flush()
    ending.run(lambda: webhooks.send_test(owner, webhook))
    assert count(WebhookDelivery) == int(ending.commits)
    assert queued()["tasks"] == ([SEND_WEBHOOKS] if ending.commits else [])


def test_a_webhook_stopped_by_leaving_tells_its_owner_once_it_commits(
    ending, make_user, loopback, doorbell
):
    owner, member = make_user(), make_user()
    group = groups.create_group(owner, "Overnames", private=True)
    groups.add_member(owner, group, member)
    webhook = tag_hook(member, group=group.id)
    queue.huey.flush()
    ending.run(lambda: groups.remove_member(owner, group, member))
    assert count(OutboundMail) == int(ending.commits)
    assert db.session.get(Webhook, webhook.id).state == ("disabled" if ending.commits else "active")
    assert MAIL_WEBHOOKS in queued()["tasks"] if ending.commits else queued()["tasks"] == []


def test_a_fan_out_batch_that_fails_to_commit_owes_no_channel_anything(
    make_user, loopback, doorbell
):
    tag_hook(make_user(), tag="noord")
    update_post(make_user(), body="Nieuws #noord")
    queue.huey.flush()
    the_next_commit_fails()
    with pytest.raises(IntegrityError):
        fanout.drain()
    assert (count(WebhookDelivery), queued()["tasks"]) == (0, [])
    fanout.drain()
    assert (count(WebhookDelivery), queued()["tasks"]) == (1, [SEND_WEBHOOKS])


# --- on_commit itself ----------------------------------------------------------------------


def test_callbacks_wait_for_the_commit_and_run_once_per_key(ctx):
    ran = []

    @writes
    def unit():
        for n in range(3):
            on_commit(lambda: ran.append("keyed"), key="once")
            on_commit(lambda n=n: ran.append(n))
        assert ran == []

    unit()
    assert ran == ["keyed", 0, 1, 2]


@pytest.mark.parametrize("touched", [True, False], ids=["after a query", "before any query"])
def test_a_callback_of_a_unit_that_failed_never_runs_later(ctx, touched):
    """Even when the unit queued it before it touched the database (so before the session
    had begun a transaction): a later commit in the same session must not run it."""
    ran = []

    @writes
    def fails():
        if touched:
            db.session.scalar(select(func.count()).select_from(User))
        on_commit(lambda: ran.append("failed unit"))
        raise Boom

    @writes
    def succeeds():
        on_commit(lambda: ran.append("later unit"))

    with pytest.raises(Boom):
        fails()
    succeeds()
    assert ran == ["later unit"]


def test_a_rollback_inside_a_unit_drops_what_was_queued_before_it(make_user):
    ran = []
    user = make_user()

    @writes
    def retries():
        on_commit(lambda: ran.append("before"))
        db.session.add(Tag(name=None))
        try:
            db.session.flush()
        except IntegrityError:  # as a unit does when a row raced it in, and carries on
            db.session.rollback()
        user.name = "Na de rollback"
        on_commit(lambda: ran.append("after"))

    retries()
    assert ran == ["after"]


def test_a_failing_callback_is_logged_and_the_rest_still_run(make_user, caplog, monkeypatch):
    monkeypatch.setattr(database.log, "disabled", False)  # Alembic's log set-up turns it off
    ran = []
    user = make_user()

    @writes
    def unit():
        user.name = "Opgeslagen"
        on_commit(lambda: 1 / 0)
        on_commit(lambda: ran.append("next"))

    with caplog.at_level(logging.ERROR, logger="kring"):
        unit()
    assert ran == ["next"] and "after-commit callback failed" in caplog.text
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Opgeslagen"


# --- the checks can fail -------------------------------------------------------------------


def _immediately(callback, key=None) -> None:
    callback()


@pytest.mark.parametrize(
    "module,check",
    [
        (push, lambda f: check_feed_push(ROLLS_BACK, f["make_user"], f["connect"])),
        (push, lambda f: check_joining(ROLLS_BACK, f["make_user"], f["connect"])),
        (queue, lambda f: check_rows_and_triggers("a new post", ROLLS_BACK, f["make_user"])),
        (queue, lambda f: check_mail_owed("an invitation", ROLLS_BACK, f["make_user"])),
        (privacy, lambda f: check_erasure(ROLLS_BACK, f["app"], f["make_user"])),
    ],
    ids=["feed push", "entering a room", "job trigger", "mail's job trigger", "CV file and caches"],
)
def test_the_checks_fail_when_an_effect_does_not_wait_for_the_commit(
    module, check, app, make_user, connect, doorbell, monkeypatch
):
    monkeypatch.setattr(module, "on_commit", _immediately)
    with pytest.raises(AssertionError):
        check({"app": app, "make_user": make_user, "connect": connect})
