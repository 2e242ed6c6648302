"""Sign-up links and invitations by e-mail: the job that sends the rows people.py writes.

A request only writes the row (people.request_signup, people.invite); this job composes
the message when it sends it, in the language the row asked for, with a link signed at
that moment, and sends each row exactly once (platform.outbox). A mail server that is
down costs a retry, never the request. What no longer applies when the job comes round
(the address got an account, the invitation was withdrawn) is not sent at all. An address
that already has an account gets a mail saying so instead of a link; a password link goes
only to an active account.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..links import absolute_url
from ..models import Invite, OutboundMail, User
from ..notifying.composing import compose_to, for_language
from ..platform import outbox
from ..platform.mailer import Mailer
from . import passwords, people

KINDS = ("signup", "invite", "account", "reset")


def send_due() -> int:
    """Send every sign-up and invitation mail that is waiting or due for a retry; returns
    how many went out. Safe to run at any time and by several consumers at once."""
    sent = 0
    with Mailer() as mailer:
        for row_id in outbox.due(KINDS):
            row = outbox.claim_row(row_id)
            if row is not None:
                sent += outbox.deliver(mailer, row, lambda r=row: _compose(r)) == "sent"
    return sent


def _compose(row: OutboundMail) -> outbox.Composed | None:
    email = row.to_address
    if row.kind in ("account", "reset"):
        return _to_account(row)
    if db.session.scalar(select(User.id).where(User.email == email)):
        return None  # signed up meanwhile
    if people.signup_role(email) is None:
        return None  # no longer invited, or the domain no longer signs up
    invite = db.session.scalar(select(Invite).where(Invite.email == email))
    with for_language(row.language):
        link = absolute_url("auth.signup", token=people.signup_token(email))
        context = {"link": link, "days": people.SIGNUP_MAX_AGE // 86400}
        if row.kind == "invite" and invite is not None and invite.invited_by is not None:
            inviter = invite.invited_by.name
            subject = _("%(name)s invited you to Kring", name=inviter)
            message = compose_to(email, "invite", subject, inviter=inviter, **context)
        else:
            message = compose_to(email, "signup", _("Your Kring account"), **context)
    return outbox.Composed(message, [email])


def _to_account(row: OutboundMail) -> outbox.Composed | None:
    """Mail for the owner of an account: someone asked to sign up with its address (the
    page said to them what it says to anyone), or a link to choose a new password. Nothing
    when no active account has the address."""
    user = db.session.scalar(select(User).where(User.email == row.to_address))
    if user is None or not user.is_active:
        return None
    with for_language(row.language or user.language):  # also where links are made
        context = {
            "name": user.name.split()[0],
            "login": absolute_url("auth.login"),
            "forgot": absolute_url("auth.forgot_password"),
        }
        if row.kind == "reset":
            link = absolute_url("auth.reset_password", token=passwords.reset_token(user))
            minutes = passwords.RESET_MAX_AGE // 60
            subject = _("A new password for Kring")
            message = compose_to(
                user.email, "reset", subject, link=link, minutes=minutes, **context
            )
        else:
            subject = _("You already have a Kring account")
            message = compose_to(user.email, "account_exists", subject, **context)
    return outbox.Composed(message, [user.email])
