"""Sending to webhooks: the fan-out owes a channel a post (a `webhook_deliveries` row in the
fan-out's own transaction); this job claims each row, builds the card, posts it (never
inside a transaction), and records how it went.

A failed attempt is retried with back-off (RETRY); a receiver that says the URL is wrong
(a 4xx but 408/425/429) is not asked again for that post. KRING_WEBHOOK_MAX_FAILURES
failed attempts in a row disable the webhook and its owner gets a mail. Before each send
the rules are asked again (webhooks.may_carry): a post deleted, moved into a private
group or no longer readable by the owner is dropped, not sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Alert, AnyPost, OutboundMail, Post, User, Webhook, WebhookDelivery
from ..platform import outbox, outgoing, queue
from ..platform.clock import utcnow
from ..platform.database import insert_ignore, writes
from ..platform.mailer import Mailer
from . import cards, webhooks
from .composing import compose_message, for_language, for_reader

log = logging.getLogger("kring.webhooks")
LEASE = timedelta(minutes=2)
RETRY = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = 5  # per post
BATCH = 100


def queue_post(post: Post, alert_ids: list[int]) -> int:
    """Owe `post` to every active webhook that listens to its group, one of its tags or one
    of the alerts it hit, and may carry it; in the fan-out's transaction. Flushes."""
    if post.parent_id is not None:
        return 0
    sources = [Webhook.tag_id.in_([t.id for t in post.tags])]
    if post.group_id is not None:
        sources.append(Webhook.group_id == post.group_id)
    if alert_ids:
        sources.append(Webhook.alert_id.in_(alert_ids))
    candidates = db.session.scalars(
        select(Webhook)
        .where(Webhook.state == "active", or_(*sources))
        .options(joinedload(Webhook.owner), joinedload(Webhook.alert), joinedload(Webhook.group))
    ).unique()
    rows = [
        {"webhook_id": w.id, "post_id": post.id, "status": "pending", "attempts": 0}
        for w in candidates
        if _alert_takes(w.alert, post) and webhooks.may_carry(w, post)
    ]
    added = insert_ignore(WebhookDelivery.__table__, rows)
    if added:
        queue.trigger(webhooks.SEND)
    return added


def _alert_takes(alert: Alert | None, post: Post) -> bool:
    return alert is None or not alert.type_list or post.type in alert.type_list


def _claimable(now: datetime):
    return and_(
        WebhookDelivery.attempts < MAX_ATTEMPTS,
        or_(
            WebhookDelivery.status == "pending",
            (WebhookDelivery.status == "failed") & (WebhookDelivery.next_attempt_at <= now),
            (WebhookDelivery.status == "sending") & (WebhookDelivery.lease_until < now),
        ),
    )


@dataclass(frozen=True)
class Job:
    delivery_id: int
    webhook_id: int
    url: str
    secret: str
    payload: dict
    test: bool


def send_due(now: datetime | None = None) -> int:
    """Send what is owed to webhooks and due now; returns how many arrived. Safe to run at
    any time and by several consumers at once (each row is claimed by one)."""
    now = now or utcnow()
    delivered = 0
    ids = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(_claimable(now))
            .order_by(WebhookDelivery.id)
            .limit(BATCH)
        )
    )
    db.session.rollback()  # no transaction stays open while a receiver is slow
    for delivery_id in ids:
        job = _claim(delivery_id, now)
        if job is None:
            continue
        result = outgoing.post_json(
            job.url, job.payload, job.secret, {"X-Kring-Delivery": str(job.delivery_id)}
        )
        _record(job, result, now)
        delivered += result.ok
    return delivered


@writes
def _claim(delivery_id: int, now: datetime) -> Job | None:
    """Lease one delivery and build what it sends, or drop it if it may no longer go."""
    taken = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, _claimable(now))
        .values(
            status="sending",
            lease_until=now + LEASE,
            attempts=WebhookDelivery.attempts + 1,
        )
    ).rowcount
    if not taken:
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    webhook = delivery.webhook
    post = None
    if delivery.post_id is not None:
        post = db.session.scalar(
            select(AnyPost)
            .where(AnyPost.id == delivery.post_id)
            .options(
                joinedload(AnyPost.author),
                joinedload(AnyPost.group),
                selectinload(AnyPost.tags),
                selectinload(AnyPost.ClientSignal.client),
                selectinload(AnyPost.ReputationAlert.assignee),
            )
        )
    if webhook.state != "active" and post is not None:
        delivery.status = "dropped"
        return None
    if not webhooks.source_allowed(webhook):
        delivery.status = "dropped"
        webhooks.disable(webhook, "owner" if not webhook.owner.is_active else "access")
        return None
    if delivery.post_id is not None and (post is None or not webhooks.may_carry(webhook, post)):
        delivery.status = "dropped"
        return None
    with for_language(webhook.language):
        payload = cards.payload(webhook, post)
    return Job(delivery.id, webhook.id, webhook.url, webhook.secret, payload, post is None)


@writes
def _record(job: Job, result: outgoing.Result, now: datetime) -> None:
    delivery = db.session.get(WebhookDelivery, job.delivery_id)
    webhook = db.session.get(Webhook, job.webhook_id)
    if delivery is None or webhook is None:
        return  # deleted while it was on its way
    delivery.response_status, delivery.lease_until = result.status, None
    webhook.last_attempt_at = now
    if result.ok:
        delivery.status, delivery.sent_at, delivery.error = "sent", utcnow(), None
        webhook.last_success_at, webhook.last_error = now, None
        if not job.test:
            webhook.failures = 0
        return
    log.warning("webhook %s: delivery %s failed: %s", webhook.id, delivery.id, result.error)
    delivery.error = webhook.last_error = result.error
    if job.test:  # the owner is looking: one try, and it doesn't count against the webhook
        delivery.status = "gave_up"
        return
    if result.retry and delivery.attempts < MAX_ATTEMPTS:
        delivery.status = "failed"
        delivery.next_attempt_at = now + RETRY[min(delivery.attempts, len(RETRY)) - 1]
    else:
        delivery.status = "gave_up"
    webhook.failures += 1
    if webhook.failures >= current_app.config["KRING_WEBHOOK_MAX_FAILURES"]:
        webhooks.disable(webhook, "failing")


# Telling the owner ------------------------------------------------------------------------


def send_notices() -> int:
    """Mail the owners of webhooks that were disabled (rows written by webhooks.disable)."""
    sent = 0
    with Mailer() as mailer:
        for row_id in outbox.due(("webhook",)):
            row = outbox.claim_row(row_id)
            if row is not None:
                sent += outbox.deliver(mailer, row, lambda r=row: _notice(r)) == "sent"
    return sent


def _notice(row: OutboundMail) -> outbox.Composed | None:
    webhook = db.session.get(Webhook, int(row.key.split("-")[0]))
    user = db.session.get(User, row.user_id)
    if webhook is None or webhook.state != "disabled" or user is None or not user.is_active:
        return None  # deleted or resumed meanwhile
    with for_reader(user):
        subject = _("Kring stopped sending to “%(name)s”", name=webhook.name)
        message = compose_message(
            user, "webhook_off", subject, unsubscribe_kind=None, webhook=webhook
        )
    return outbox.Composed(message, [user.email])
