"""The e-mail Kring sends on its own: digests, notification e-mail for the away, and the
one reminder for an unread must-read post. Each run is a sweep over the database, safe to
run at any time and by several schedulers at once (see platform.outbox for exactly-once)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import or_, select

from ..extensions import db
from ..mailin import addresses
from ..models import Mention, Notification, NotificationSetting, OutboundMail, Post, User
from ..platform import outbox
from ..platform.clock import utcnow, working_seconds
from ..platform.mailer import Mailer
from ..posting import visibility
from . import digests
from .composing import compose_message, for_language, for_reader
from .digests import Item

log = logging.getLogger("kring.mail")
AWAY = timedelta(minutes=15)
REMINDER_AFTER = 4 * 3600  # working seconds


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    planned: list[tuple[str, str, int]] = field(default_factory=list)  # dry run

    def add(self, status: str, label: str) -> None:
        getattr(self, status if status in ("sent", "empty", "failed") else "empty").append(label)


def send_digests(
    user_id: int | None = None, dry_run: bool = False, now: datetime | None = None
) -> Report:
    report = Report()
    now = now or utcnow()
    # Every minute this runs for everyone: who is due comes from one query of schedules,
    # and whose period is already done from one more, so a quiet minute costs two queries
    # rather than a claim per person (seconds of CPU for a thousand people).
    due = [
        (row.id, period)
        for row in digests.schedules(user_id)
        if (period := digests.period(row, now)) is not None
    ]
    done = set() if dry_run else digests.finished([(uid, p[0]) for uid, p in due])
    due = [(uid, window) for uid, window in due if (uid, window[0]) not in done]
    with Mailer() as mailer:
        for start in range(0, len(due), DIGEST_BATCH):
            _digest_batch(mailer, due[start : start + DIGEST_BATCH], dry_run, report)
    return report


# People whose digests are claimed and composed together: a few queries for the batch
# instead of a dozen each. Each message is still marked sent right after the server's
# 250. Small enough that the lease (ten minutes) never runs out before the batch is sent.
DIGEST_BATCH = 200


def _digest_batch(mailer: Mailer, due: list, dry_run: bool, report: Report) -> None:
    keys = {uid: key for uid, (key, _since, _until) in due}
    rows = {} if dry_run else outbox.claimed("digest", list(keys.items()))
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(keys))))}
    earlier = digests.last_digests_at(keys)
    wanted = [
        (people[uid], min(since, earlier.get(uid) or since), until)
        for uid, (key, since, until) in due
        if uid in people and (dry_run or (uid, key) in rows)
    ]
    try:
        made = digests.compose_many(wanted)
    except Exception:  # composed one by one below: what fails is that person's failure
        log.exception("composing %d digests together failed", len(wanted))
        db.session.rollback()
        made = {}
    # What was composed is what is sent: the batch's people and posts are only read from
    # here on, and expiring them at each message's commit (its sent mark) would load them
    # again one attribute at a time, a batch's worth of objects per message.
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        _send_batch(mailer, wanted, made, rows, keys, dry_run, report)
    finally:
        session.expire_on_commit = expiring


def _send_batch(mailer, wanted, made, rows, keys, dry_run: bool, report: Report) -> None:
    if dry_run:
        for user, since, until in wanted:
            digest = made.get(user.id) or digests.compose(user, since, until)
            report.planned.append((user.email, keys[user.id], digest.size))
        return
    # All of the batch's messages rendered first, in one request context (each only
    # switches language), then sent one by one, each recorded right after its 250.
    with for_language(None):
        built = [(user, _composed(user, since, until, made)) for user, since, until in wanted]
    for user, build in built:
        status = outbox.deliver(mailer, rows[(user.id, keys[user.id])], build)
        report.add(status, f"{user.email} {keys[user.id]}")


def _composed(user: User, since: datetime, until: datetime, made: dict):
    """The person's digest message, composed now, for outbox.deliver: a callable that gives
    it, or raises what composing it raised (recorded as that message's failure)."""
    try:
        digest = made[user.id] if user.id in made else digests.compose(user, since, until)
        composed = _digest(digest)
    except Exception as error:
        db.session.rollback()  # a failed query must not fail the next person's

        def failed(error=error):
            raise error

        return failed
    return lambda: composed


def _digest(digest: digests.Digest) -> outbox.Composed | None:
    if not digest.size:
        return None
    user = digest.user
    with for_reader(user):
        subject = ngettext(
            "Kring: %(num)d thing for you", "Kring: %(num)d things for you", digest.size
        )
        message = compose_message(user, "digest", subject, digest=digest)
    return outbox.Composed(message, [user.email], digest.size, lambda: digests.mark_sent(digest))


def send_notification_mail(now: datetime | None = None) -> Report:
    """Notifications set to 'by e-mail', unread in Kring for 15 minutes: one short e-mail,
    at most one per person per 15 minutes."""
    now, report = now or utcnow(), Report()
    wanted: dict[int, set[str]] = {}
    for setting in db.session.scalars(
        select(NotificationSetting).where(NotificationSetting.channel == "email")
    ):
        wanted.setdefault(setting.user_id, set()).add(setting.kind)
    window = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    with Mailer() as mailer:
        for user_id, kinds in wanted.items():
            user = db.session.get(User, user_id)
            if user is None or not user.is_active or _mailed_recently(user_id, window):
                continue
            if not _waiting(user, kinds, now - AWAY):
                continue
            row = outbox.claim(user_id, "notify", _window_key(window))
            if row is not None:  # what waits is read again after the claim: it is ours now
                status = outbox.deliver(
                    mailer, row, lambda u=user, k=kinds, b=now - AWAY: _notify(u, _waiting(u, k, b))
                )
                report.add(status, user.email)
    return report


def _window_key(start: datetime) -> str:
    return "n" + start.strftime("%Y%m%d%H%M")


def _mailed_recently(user_id: int, window: datetime) -> bool:
    """A mail in the previous quarter of an hour blocks this one: mails of one person are
    at least 15 minutes apart (one per window, never two windows in a row)."""
    return (
        db.session.scalar(
            select(OutboundMail.id).where(
                OutboundMail.user_id == user_id,
                OutboundMail.kind == "notify",
                OutboundMail.status.in_(("sent", "sending")),
                OutboundMail.key.in_([_window_key(window - AWAY)]),
            )
        )
        is not None
    )


def _waiting(user: User, kinds: set[str], before: datetime) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .join(Post)
            .where(
                Notification.user_id == user.id,
                Notification.read_at.is_(None),
                Notification.emailed_at.is_(None),
                Notification.created_at <= before,
                or_(*(Notification.kinds.like(f"%,{k},%") for k in kinds)),
                visibility.readable(user),
            )
            .order_by(Notification.id)
            .limit(20)
        )
    )


def _notify(user: User, notes: list[Notification]) -> outbox.Composed | None:
    if not notes:
        return None
    items = [Item(n.post, n.reasons[0]["kind"]) for n in notes]
    headers = {}
    if len(notes) == 1:
        headers["Reply-To"] = addresses.reply_address(notes[0].post, user)
    with for_reader(user):
        subject = (
            _("Kring: %(name)s", name=notes[0].post.author.name)
            if len(notes) == 1
            else _("Kring: %(n)d notifications", n=len(notes))
        )
        message = compose_message(
            user, "notify", subject, headers, unsubscribe_kind="notify", items=items
        )
    return outbox.Composed(
        message, [user.email], len(notes), lambda: digests.mark_emailed([n.id for n in notes])
    )


def send_reminders(now: datetime | None = None) -> Report:
    """One reminder, never more, for a must-read post still unconfirmed after four
    working hours."""
    now, report = now or utcnow(), Report()
    rows = db.session.execute(
        select(Mention, Post)
        .join(Post, Post.id == Mention.post_id)
        .where(
            Post.must_read.is_(True),
            Mention.read_at.is_(None),
            Post.created_at <= now - timedelta(hours=4),
        )
    ).all()
    with Mailer() as mailer:
        for mention, post in rows:
            user = db.session.get(User, mention.user_id)
            if (
                user is None
                or not user.is_active
                or not visibility.can_read(user, post)
                or working_seconds(post.created_at, now) < REMINDER_AFTER
            ):
                continue
            row = outbox.claim(user.id, "reminder", f"p{post.id}")
            if row is not None:
                status = outbox.deliver(mailer, row, lambda u=user, p=post: _reminder(u, p))
                report.add(status, f"{user.email} p{post.id}")
    return report


def _reminder(user: User, post: Post) -> outbox.Composed:
    with for_reader(user):
        message = compose_message(
            user,
            "reminder",
            _("Please confirm: %(title)s", title=post.text[:60]),
            {"Reply-To": addresses.reply_address(post, user)},
            unsubscribe_kind=None,
            item=Item(post, "must_read"),
        )
    return outbox.Composed(message, [user.email])
