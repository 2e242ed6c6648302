"""Digest previews: what someone's next digest holds so far (from their last scheduled
moment until now), on their settings page and, for admins, by e-mail to themselves. A
preview changes nothing: what it shows is still mailed in the digest itself."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from ..extensions import db
from ..models import OutboundMail, User
from ..platform import outbox, queue
from ..platform.clock import utcnow
from ..platform.database import writes
from ..platform.mailer import Mailer, address
from . import digests
from .composing import compose_message, for_reader

KIND = "preview"
SEND_MAIL = "kring.send_mail"


@dataclass
class Preview:
    since: datetime  # the person's last scheduled moment
    size: int
    subject: str
    html: str


def preview(user: User, now: datetime | None = None, to: User | None = None) -> Preview | None:
    """The person's next digest as it stands now, or None when they get no digest (for
    an admin, `to`: the last week's, so they can see what it would hold)."""
    now = now or utcnow()
    since = _since(user, now, to is not None)
    if since is None:
        return None
    digest = digests.compose(user, since, now)
    message = _message(user, digest, to)
    return Preview(since, digest.size, message["Subject"], message.html)


def _since(user: User, now: datetime, for_admin: bool) -> datetime | None:
    """The person's last scheduled moment: their next digest covers the time after it."""
    found = digests.period(user, now)
    if found is not None:
        return found[2]
    return now - timedelta(days=7) if for_admin else None


def _message(user: User, digest: digests.Digest, to: User | None = None):
    with for_reader(user):
        subject = ngettext(
            "Kring: %(num)d thing for you", "Kring: %(num)d things for you", digest.size
        )
        if to is not None:
            subject = _("Preview for %(name)s", name=user.name) + " · " + subject
        return compose_message(
            user,
            "digest",
            subject,
            digest=digest,
            to=address(to.name, to.email) if to is not None else None,
        )


@writes
def send_preview(admin: User, person: User) -> OutboundMail:
    """Owe `admin` a mail with `person`'s next digest as it stands when it is sent."""
    row = outbox.write_for(admin.id, KIND, f"{person.id}-{secrets.token_hex(6)}")
    queue.trigger(SEND_MAIL)
    return row


def send_due() -> int:
    """Send the previews admins asked for; returns how many went out."""
    sent = 0
    with Mailer() as mailer:
        for row_id in outbox.due((KIND,)):
            row = outbox.claim_row(row_id)
            if row is not None:
                sent += outbox.deliver(mailer, row, lambda r=row: _compose(r)) == "sent"
    return sent


def _compose(row: OutboundMail) -> outbox.Composed | None:
    admin = db.session.get(User, row.user_id)
    person = db.session.get(User, int(row.key.split("-")[0]))
    if admin is None or person is None or not admin.is_admin:
        return None
    now = utcnow()
    digest = digests.compose(person, _since(person, now, True), now)
    return outbox.Composed(_message(person, digest, to=admin), [admin.email], digest.size)
