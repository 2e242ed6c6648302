"""What became of the mail people sent to Kring: posted, ignored (an auto-reply, a bounce)
or refused and why. The sender sees their own under Settings → E-mail, admins everyone's."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import InboundMail, User

# Why a message was not a post although nothing was wrong with it (parsing.automatic_reason).
IGNORED = {
    "auto-submitted": _l("an automatic message (out of office, a notification)"),
    "bulk or auto-reply": _l("bulk mail or an automatic reply"),
    "auto-reply": _l("an automatic reply"),
    "delivery report": _l("a delivery report"),
    "bounce": _l("a bounce from a mail server"),
    "calendar reply": _l("an answer to a calendar invitation"),
}


def recent_for(user: User, limit: int = 10) -> list[InboundMail]:
    """The latest messages this person sent to Kring, whatever became of them."""
    return list(
        db.session.scalars(
            select(InboundMail)
            .where(InboundMail.sender == user.email)
            .order_by(InboundMail.created_at.desc(), InboundMail.id.desc())
            .limit(limit)
        )
    )


def recent(limit: int = 100) -> list[InboundMail]:
    """The latest messages anyone sent to Kring (for admins)."""
    return list(
        db.session.scalars(
            select(InboundMail)
            .order_by(InboundMail.created_at.desc(), InboundMail.id.desc())
            .limit(limit)
        )
    )


def explain(record: InboundMail) -> str:
    """Why it was not posted, in the reader's words (refusals were worded for the sender)."""
    if record.status == "ignored":
        return str(IGNORED.get(record.reason or "", record.reason or ""))
    return record.reason or ""


def sender_unverified() -> bool:
    """Whether mail in takes the From on trust: no receiving server is named to vouch."""
    return not current_app.config.get("KRING_MAIL_TRUSTED_AUTHSERV")
