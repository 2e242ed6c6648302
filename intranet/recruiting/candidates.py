"""Candidate offers' personal data: its contact key, and the same candidate seen twice
(another offer still available, or a referral in progress), linked and shown to recruiters."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..extensions import db
from ..models import CandidateLink, CandidateOffer, CandidatePrivate, Referral, User, Vacancy
from ..posting import visibility
from ..text.contacts import contact_key


def set_contact(private: CandidatePrivate, contact: str) -> None:
    """Store the contact with its key: the same person however the contact was typed."""
    private.contact = contact
    private.contact_key = contact_key(contact)


def open_offers(key: str, exclude_id: int | None = None) -> list[CandidateOffer]:
    """Other offers of the same candidate still available with their personal data."""
    if not key:
        return []
    statement = (
        select(CandidateOffer)
        .join(CandidatePrivate, CandidatePrivate.post_id == CandidateOffer.id)
        .where(CandidatePrivate.contact_key == key, CandidateOffer.status == "available")
    )
    if exclude_id is not None:
        statement = statement.where(CandidateOffer.id != exclude_id)
    return list(db.session.scalars(statement.order_by(CandidateOffer.id)))


def open_referrals(key: str) -> list[Referral]:
    """Referrals of the same person still in progress (not hired, rejected or erased)."""
    if not key:
        return []
    return list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.contact_key == key,
                Referral.status.not_in(("hired", "rejected")),
                Referral.erased_at.is_(None),
            )
            .order_by(Referral.id)
        )
    )


def link_duplicates(offer: CandidateOffer) -> list:
    """Link `offer` to every other open offer and referral in progress with the same
    contact; return warnings for its author. Flushes, never commits."""
    db.session.flush()
    private = db.session.get(CandidatePrivate, offer.id)
    if private is None or not private.contact_key:
        return []
    known = _linked(offer.id)
    warnings = []
    for other in open_offers(private.contact_key, exclude_id=offer.id):
        if ("offer", other.id) not in known:
            db.session.add(CandidateLink(post_id=offer.id, other_post_id=other.id, kind="offer"))
        warnings.append(_offer_warning(offer.author, other))
    for referral in open_referrals(private.contact_key):
        if ("referral", referral.id) not in known:
            db.session.add(
                CandidateLink(post_id=offer.id, referral_id=referral.id, kind="referral")
            )
        warnings.append(_referral_warning(offer.author, referral))
    db.session.flush()
    return warnings


def _referral_warning(author: User, referral: Referral):
    if not visibility.can_read(author, referral.vacancy):  # a private group's vacancy
        return _l(
            "The same candidate was referred for a vacancy in a group you are not in "
            "and is still in the pipeline. The offer and the referral are now linked; "
            "a recruiter in that group can tell you more."
        )
    return _l(
        "The same candidate was referred for the vacancy “%(title)s” and is still in "
        "the pipeline. The offer and the referral are now linked.",
        title=referral.vacancy.title,
    )


def _offer_warning(author: User, other: CandidateOffer):
    if not visibility.can_read(author, other):  # a private group's post stays unnamed
        return _l(
            "The same candidate is already offered in a group you are not in. Both "
            "offers are now linked; a recruiter in that group can tell you more."
        )
    return _l(
        "The same candidate is already offered: “%(headline)s” (by %(name)s). Both "
        "offers are now linked.",
        headline=other.headline,
        name=other.author.name,
    )


def _linked(post_id: int) -> set[tuple[str, int]]:
    links = db.session.scalars(
        select(CandidateLink).where(
            or_(CandidateLink.post_id == post_id, CandidateLink.other_post_id == post_id)
        )
    )
    found = set()
    for link in links:
        if link.referral_id is not None:
            found.add(("referral", link.referral_id))
        else:
            found.add(("offer", link.other_post_id if link.post_id == post_id else link.post_id))
    return found


@dataclass
class SameCandidate:
    """One link as a recruiter sees it on an offer's page."""

    kind: str  # offer, referral
    post_id: int  # the other offer, or the referral's vacancy
    title: str


def same_candidate(viewer: User, offer: CandidateOffer) -> list[SameCandidate]:
    """What `offer` is linked to, for recruiters only (nobody else learns of it)."""
    if not visibility.can_see_candidate(viewer):
        return []
    found = _linked(offer.id)
    offer_ids = [i for kind, i in found if kind == "offer"]
    referral_ids = [i for kind, i in found if kind == "referral"]
    shown = []
    for other in db.session.scalars(
        select(CandidateOffer).where(CandidateOffer.id.in_(offer_ids)).order_by(CandidateOffer.id)
    ):
        if visibility.can_read(viewer, other):
            shown.append(SameCandidate("offer", other.id, other.headline or ""))
    for vacancy_id, title in db.session.execute(
        select(Vacancy.id, Vacancy.title)
        .select_from(Referral)
        .join(Vacancy, Vacancy.id == Referral.vacancy_id)
        .where(Referral.id.in_(referral_ids), visibility.readable(viewer))
        .order_by(Referral.id)
    ):
        shown.append(SameCandidate("referral", vacancy_id, title or ""))
    return shown
