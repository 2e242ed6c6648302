"""Webhooks people set up: a Teams or Slack channel (or any receiver) hears of a group's new
posts, an alert's hits or a tag's posts. Adding, testing, pausing and deleting them, and
the rules for what a channel may carry.

A channel's audience is unknown to Kring, so a webhook carries only what its owner may
read and never a private group's post, except on a webhook on that very group set up by
one of its members. A webhook stops (disabled, the owner told by mail) when its owner
loses access to its group, and with the owner's account.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import (
    POSTABLE_TYPES,
    WEBHOOK_FORMATS,
    Alert,
    Group,
    OutboundMail,
    Post,
    User,
    Webhook,
    WebhookDelivery,
)
from ..platform import outgoing, queue
from ..platform.clock import utcnow
from ..platform.database import insert_ignore, writes
from ..posting import follows, visibility

SEND = "kring.send_webhooks"  # the task that sends what is owed to webhooks
MAIL = "kring.mail_webhooks"  # the task that tells owners a webhook stopped
MAX_PER_PERSON = 20
URL_PROBLEMS = {
    "syntax": _l("Paste the whole web address the channel gave you."),
    "scheme": _l("Kring only sends to addresses starting with https://."),
    "host": _l("Paste the whole web address the channel gave you."),
    "unknown_host": _l("Kring can't find this address's server."),
    "private": _l("This address points inside the network; Kring doesn't send there."),
}


def check_url(url) -> str:
    """The URL, if Kring may post to it now (https, a public address or an allowed one)."""
    try:
        outgoing.resolve(url.strip() if isinstance(url, str) else url)
    except outgoing.RefusedURL as refused:
        raise ValidationError("url", URL_PROBLEMS[refused.reason], code="bad_url") from None
    return url.strip()


def _source(owner: User, data: Mapping) -> dict:
    """Which posts the webhook hears of: one group, one of the owner's alerts, or a tag."""
    given = [name for name in ("group", "alert", "tag") if data.get(name) not in (None, "")]
    if len(given) != 1:
        raise ValidationError(
            "source", _l("Choose one group, one of your alerts or one tag."), code="one_source"
        )
    if given == ["group"]:
        group = db.session.get(Group, data["group"])
        if group is None or not visibility.can_read_group(owner, group):
            raise NotFound(_l("There is no such group."))
        return {"group_id": group.id}
    if given == ["alert"]:
        alert = db.session.get(Alert, data["alert"])
        if alert is None or alert.user_id != owner.id:
            raise NotFound(_l("You have no such alert."))
        return {"alert_id": alert.id}
    return {"tag_id": follows.tag_named(data["tag"], create=True).id}


def _types(value) -> str:
    chosen = list(dict.fromkeys(value or []))
    if any(t not in POSTABLE_TYPES for t in chosen):
        raise ValidationError(
            "types", _l("Choose from: %(types)s.", types=", ".join(POSTABLE_TYPES))
        )
    return ",".join(chosen)


def _name(value) -> str:
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if not name or len(name) > 80:
        raise ValidationError("name", _l("Enter a name of at most 80 characters."))
    return name


@writes
def create_webhook(owner: User, data: Mapping) -> Webhook:
    """Add a webhook: `name`, `format`, `url`, one of `group`, `alert`, `tag`, and
    optionally `types` and `language`."""
    count = db.session.scalar(
        select(func.count()).select_from(Webhook).where(Webhook.owner_id == owner.id)
    )
    if count >= MAX_PER_PERSON:
        raise Conflict(_l("You have %(n)d webhooks, the most Kring keeps.", n=count), code="full")
    if data.get("format") not in WEBHOOK_FORMATS:
        raise ValidationError("format", _l("Choose Teams, Slack or another receiver."))
    language = (
        data.get("language") or owner.language or current_app.config["KRING_DEFAULT_LANGUAGE"]
    )
    if language not in current_app.config["KRING_LANGUAGES"]:
        raise ValidationError("language", _l("Choose Dutch or English."))
    webhook = Webhook(
        owner_id=owner.id,
        name=_name(data.get("name")),
        format=data["format"],
        url=check_url(data.get("url")),
        secret=secrets.token_hex(32),
        language=language,
        types=_types(data.get("types")),
        state="active",
        failures=0,
        created_at=utcnow(),
        **_source(owner, data),
    )
    db.session.add(webhook)
    db.session.flush()
    return webhook


def list_webhooks(owner: User) -> list[Webhook]:
    return list(
        db.session.scalars(select(Webhook).where(Webhook.owner_id == owner.id).order_by(Webhook.id))
    )


def get_webhook(owner: User, webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or webhook.owner_id != owner.id:
        raise NotFound(_l("You have no such webhook."))
    return webhook


@writes
def change_webhook(owner: User, webhook: Webhook, data: Mapping) -> Webhook:
    """Rename, pause (`paused: true`) or resume a webhook; resuming one that was disabled
    starts it afresh, if its owner may still read what it carries."""
    if webhook.owner_id != owner.id:
        raise NotFound(_l("You have no such webhook."))
    if "name" in data:
        webhook.name = _name(data["name"])
    if data.get("paused") is True and webhook.state == "active":
        webhook.state = "paused"
    elif data.get("paused") is False and webhook.state != "active":
        if not source_allowed(webhook):
            raise Forbidden(
                _l("You can no longer read what this webhook would carry."), code="no_access"
            )
        webhook.state, webhook.disabled_reason, webhook.failures = "active", None, 0
    return webhook


@writes
def delete_webhook(owner: User, webhook: Webhook) -> None:
    if webhook.owner_id != owner.id:
        raise NotFound(_l("You have no such webhook."))
    db.session.delete(webhook)


@writes
def send_test(owner: User, webhook: Webhook) -> WebhookDelivery:
    """Owe the channel a test message, sent by the job after the commit."""
    if webhook.owner_id != owner.id:
        raise NotFound(_l("You have no such webhook."))
    delivery = WebhookDelivery(webhook_id=webhook.id, post_id=None, status="pending", attempts=0)
    db.session.add(delivery)
    db.session.flush()
    queue.trigger(SEND)
    return delivery


# What a channel may carry -----------------------------------------------------------------


def source_allowed(webhook: Webhook) -> bool:
    """May the owner (still) read what the webhook listens to?"""
    owner = webhook.owner
    if owner is None or not owner.is_active:
        return False
    if webhook.group_id is not None:
        return visibility.can_read_group(owner, webhook.group)
    if webhook.alert_id is not None:
        return webhook.alert is not None and webhook.alert.user_id == owner.id
    return True


def may_carry(webhook: Webhook, post: Post) -> bool:
    """Is `post` for this webhook's channel? Its owner may read it, and a private group's
    post goes only to a webhook on that group (its owner is a member, or it is disabled).
    Replies and the types the webhook leaves out are not carried."""
    if post.parent_id is not None or (webhook.type_list and post.type not in webhook.type_list):
        return False
    if not source_allowed(webhook) or not visibility.can_read(webhook.owner, post):
        return False
    group = post.group
    return group is None or not group.is_private or webhook.group_id == group.id


def disable(webhook: Webhook, reason: str, tell: bool = True) -> None:
    """Stop a webhook (reason: failing, access, owner): nothing more is sent to it and
    what was waiting is dropped; the owner is told by mail after the commit. Flushes."""
    if webhook.state == "disabled":
        return
    webhook.state, webhook.disabled_reason = "disabled", reason
    db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.webhook_id == webhook.id,
            WebhookDelivery.status.in_(("pending", "failed")),
        )
        .values(status="dropped")
    )
    if tell:
        now = utcnow()
        insert_ignore(
            OutboundMail.__table__,
            {
                "user_id": webhook.owner_id,
                "kind": "webhook",
                "key": f"{webhook.id}-{now:%Y%m%d%H%M%S}",
                "status": "pending",
                "attempts": 0,
                "items": 1,
                "created_at": now,
            },
        )
        queue.trigger(MAIL)
    db.session.flush()


def owner_deactivated(user: User) -> None:
    """A leaver's webhooks stop with their account (nobody to tell). Flushes."""
    for webhook in db.session.scalars(
        select(Webhook).where(Webhook.owner_id == user.id, Webhook.state != "disabled")
    ):
        disable(webhook, "owner", tell=False)


def left_group(user: User, group: Group) -> None:
    """Someone left a private group: their webhooks on it stop (they are told). Flushes."""
    if not group.is_private:
        return
    for webhook in db.session.scalars(
        select(Webhook).where(
            Webhook.owner_id == user.id, Webhook.group_id == group.id, Webhook.state != "disabled"
        )
    ):
        disable(webhook, "access")
