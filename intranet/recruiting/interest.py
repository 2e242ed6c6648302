"""'Interested' in a candidate offer: the offering recruiter hears of it and an intro
thread starts with a reply that mentions them."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..errors import Conflict
from ..extensions import db
from ..models import CandidateInterest, Post, PostType, User
from ..notifying import notifications
from ..platform.database import insert_ignore, writes
from ..posting import posts


def _check(user: User, offer: Post) -> None:
    if offer.type != PostType.CANDIDATE_OFFER:
        raise Conflict(
            _l("Only candidate offers can be marked as interesting."), code="not_a_candidate_offer"
        )
    if offer.author_id == user.id:
        raise Conflict(_l("This is your own candidate."), code="own_offer")
    if offer.status != "available":
        raise Conflict(
            _l("This candidate is no longer available, so interest can't be shown any more."),
            code="not_available",
        )


def intro_text(user: User, author: User) -> str:
    """The first reply of the intro thread, in the interested person's language."""
    language = user.language or current_app.config["KRING_DEFAULT_LANGUAGE"]
    with force_locale(language):
        return _(
            "@%(handle)s I'm interested in this candidate. Shall we have a quick call?",
            handle=author.handle,
        )


@writes
def show_interest(user: User, offer: Post) -> CandidateInterest:
    """Idempotent: a second press changes nothing and starts no second thread."""
    _check(user, offer)
    if not insert_ignore(CandidateInterest.__table__, {"post_id": offer.id, "user_id": user.id}):
        return db.session.get(CandidateInterest, (offer.id, user.id))
    reply = posts.create_reply(user, offer, intro_text(user, offer.author))  # commits both
    interest = db.session.get(CandidateInterest, (offer.id, user.id))
    interest.reply_id = reply.id
    notifications.notify(
        offer, {offer.author_id: [{"kind": "interest", "by": user.handle}]}, actor_id=user.id
    )
    return interest


@writes
def withdraw_interest(user: User, offer: Post) -> None:
    """Take the interest back; the conversation it started stays."""
    if offer.type != PostType.CANDIDATE_OFFER:
        raise Conflict(
            _l("Only candidate offers can be marked as interesting."), code="not_a_candidate_offer"
        )
    db.session.execute(
        CandidateInterest.__table__.delete().where(
            CandidateInterest.post_id == offer.id, CandidateInterest.user_id == user.id
        )
    )


def interested(offer: Post) -> list[CandidateInterest]:
    """Who is interested, first come first; with their people loaded (one query)."""
    if offer.type != PostType.CANDIDATE_OFFER:
        return []
    return list(
        db.session.scalars(
            select(CandidateInterest)
            .where(CandidateInterest.post_id == offer.id)
            .options(joinedload(CandidateInterest.user))
            .order_by(CandidateInterest.created_at, CandidateInterest.user_id)
        )
    )
