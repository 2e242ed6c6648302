"""AVG/GDPR: everything Kring holds about one candidate, its export and its erasure, and
the audit trail of both. Erasure reaches the database, the CV files, the search index
(optimised, so no segment file keeps the text) and this process's caches."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from ..errors import Forbidden, ValidationError
from ..extensions import db
from ..models import (
    AuditRecord,
    CandidateInterest,
    CandidateLink,
    CandidateOffer,
    CandidatePrivate,
    PostRevision,
    Referral,
    ReferralEvent,
    User,
)
from ..platform.clock import local_today, utcnow
from ..platform.database import on_commit, writes
from ..posting import attachments
from ..search import whoosh_index
from ..search.pending import queue_optimise, queue_post
from ..text import normalize
from ..text.contacts import contact_key

log = logging.getLogger("kring.privacy")
AUDIT_PAGE = 50


@dataclass
class Held:
    """Everything held about the person with contact key `key`."""

    key: str
    offers: list[tuple[CandidateOffer, CandidatePrivate]] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    links: list[CandidateLink] = field(default_factory=list)
    interests: list[CandidateInterest] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.offers or self.referrals)

    def counts(self) -> dict:
        return {
            "offers": len(self.offers),
            "referrals": len(self.referrals),
            "links": len(self.links),
            "interests": len(self.interests),
            "cv_files": sum(
                bool(r.cv_path) + sum(1 for e in r.events if e.cv_path) for r in self.referrals
            ),
        }

    def ids(self) -> dict:
        return {
            "offer_ids": [o.id for o, _p in self.offers],
            "referral_ids": [r.id for r in self.referrals],
        }


def subject_of(key: str) -> str:
    """Whom an audit record is about, without their data: a keyed hash of the contact key."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def _require_admin(user: User | None) -> None:
    if user is not None and not user.is_admin:
        raise Forbidden(
            _l("Only administrators can look up a candidate's data."), code="admins_only"
        )


def key_for(contact) -> str:
    key = contact_key(contact if isinstance(contact, str) else "")
    if len(key) < 5 or ("@" not in key and not key.isdigit()):
        raise ValidationError(
            "contact",
            _l("Enter the candidate's e-mail address or phone number."),
            code="bad_contact",
        )
    return key


def lookup(actor: User | None, contact) -> Held:
    """Offers, referrals and applications, links and interest of one candidate
    (`actor` None: the command line)."""
    _require_admin(actor)
    held = Held(key=key_for(contact))
    held.offers = list(
        db.session.execute(
            select(CandidateOffer, CandidatePrivate)
            .join(CandidatePrivate, CandidatePrivate.post_id == CandidateOffer.id)
            .where(CandidatePrivate.contact_key == held.key)
            .order_by(CandidateOffer.id)
            .options(joinedload(CandidateOffer.author))
        ).all()
    )
    held.referrals = list(
        db.session.scalars(
            select(Referral)
            .where(Referral.contact_key == held.key, Referral.erased_at.is_(None))
            .options(
                joinedload(Referral.vacancy),
                joinedload(Referral.referrer),
                selectinload(Referral.events),
            )
            .order_by(Referral.id)
        ).unique()
    )
    offer_ids = [o.id for o, _p in held.offers]
    referral_ids = [r.id for r in held.referrals]
    held.links = list(
        db.session.scalars(
            select(CandidateLink)
            .where(
                or_(
                    CandidateLink.post_id.in_(offer_ids),
                    CandidateLink.other_post_id.in_(offer_ids),
                    CandidateLink.referral_id.in_(referral_ids),
                )
            )
            .order_by(CandidateLink.id)
        )
    )
    held.interests = list(
        db.session.scalars(
            select(CandidateInterest)
            .where(CandidateInterest.post_id.in_(offer_ids))
            .options(joinedload(CandidateInterest.user))
            .order_by(CandidateInterest.created_at)
        )
    )
    return held


def as_json(held: Held) -> dict:
    """The export: all of it, in a form a person can read."""

    def day(moment):
        return moment.isoformat() if moment else None

    return {
        "contact_key": held.key,
        "exported_at": day(utcnow()),
        "candidate_offers": [
            {
                "post_id": o.id,
                "headline": o.headline,
                "status": o.status,
                "offered_by": o.author.name,
                "created_at": day(o.created_at),
                "retain_until": day(o.retain_until),
                "name": p.name,
                "contact": p.contact,
                "consent_at": day(p.consent_at),
                "body": o.body,
            }
            for o, p in held.offers
        ],
        "referrals": [
            {
                "id": r.id,
                "source": r.source,
                "vacancy_id": r.vacancy_id,
                "vacancy": r.vacancy.title if r.vacancy else None,
                "referred_by": r.referrer.name if r.referrer else None,
                "name": r.name,
                "contact": r.contact,
                "motivation": r.motivation,
                "status": r.status,
                "consent_at": day(r.consent_at),
                "cv_filename": r.cv_filename,
                "later_cv_filenames": [e.cv_filename for e in r.events if e.cv_filename],
                "created_at": day(r.created_at),
                "notes": [
                    {"status": e.status, "note": e.note, "at": day(e.created_at)} for e in r.events
                ],
            }
            for r in held.referrals
        ],
        "candidate_links": [
            {
                "id": link.id,
                "kind": link.kind,
                "post_id": link.post_id,
                "other_post_id": link.other_post_id,
                "referral_id": link.referral_id,
                "created_at": day(link.created_at),
            }
            for link in held.links
        ],
        "interest": [
            {
                "post_id": i.post_id,
                "user": i.user.name,
                "reply_id": i.reply_id,
                "created_at": day(i.created_at),
            }
            for i in held.interests
        ],
    }


def audit(actor: User | None, action: str, subject: str, details: dict) -> None:
    db.session.add(
        AuditRecord(
            actor_id=actor.id if actor else None, action=action, subject=subject, details=details
        )
    )


@writes
def export(actor: User | None, contact) -> dict:
    held = lookup(actor, contact)
    audit(actor, "export", subject_of(held.key), {**held.counts(), **held.ids()})
    data = as_json(held)
    return data


@writes
def erase(actor: User | None, contact) -> dict:
    """Delete the offers' personal data, anonymise the referrals, delete their CVs."""
    held = lookup(actor, contact)
    counts = {**held.counts(), **held.ids()}
    erase_offers([o.id for o, _p in held.offers])
    erase_referrals(held.referrals)
    audit(actor, "erase", subject_of(held.key), counts)
    return counts


def erase_offers(post_ids: list[int]) -> int:
    """Personal data, links and earlier versions of these offers go; the index is rewritten
    and optimised. Flushes, never commits."""
    if not post_ids:
        return 0
    erased = db.session.execute(
        delete(CandidatePrivate).where(CandidatePrivate.post_id.in_(post_ids))
    ).rowcount
    db.session.execute(
        delete(CandidateLink).where(
            or_(CandidateLink.post_id.in_(post_ids), CandidateLink.other_post_id.in_(post_ids))
        )
    )
    # An edit may have taken the candidate's details out of the text: the old text goes.
    db.session.execute(delete(PostRevision).where(PostRevision.post_id.in_(post_ids)))
    # A file attached to the offer (a CV, a photo) is the candidate's data too.
    attachments.erase(post_ids, replies_too=False)
    # The page tells recruiters when the data went: the day after the offer was kept until.
    yesterday = local_today() - timedelta(days=1)
    db.session.execute(
        update(CandidateOffer)
        .where(
            CandidateOffer.id.in_(post_ids),
            or_(CandidateOffer.retain_until.is_(None), CandidateOffer.retain_until > yesterday),
        )
        .values(retain_until=yesterday)
    )
    db.session.execute(
        update(CandidateOffer)
        .where(CandidateOffer.id.in_(post_ids), CandidateOffer.status == "available")
        .values(status="expired")
    )  # nobody can be introduced to a candidate without data
    _reindex(post_ids)
    return erased


def erase_referrals(referrals: list[Referral]) -> int:
    now = utcnow()
    for referral in referrals:
        for cv_path in (referral.cv_path, *(e.cv_path for e in referral.events)):
            delete_cv_on_commit(cv_path)
        referral.name, referral.contact, referral.contact_key = "", "", ""
        referral.motivation, referral.cv_path, referral.cv_filename = "", None, None
        referral.erased_at = now
    ids = [r.id for r in referrals]
    if ids:
        db.session.execute(
            update(ReferralEvent)
            .where(ReferralEvent.referral_id.in_(ids))
            .values(note="", cv_path=None, cv_filename=None)
        )
        db.session.execute(delete(CandidateLink).where(CandidateLink.referral_id.in_(ids)))
        _reindex([r.vacancy_id for r in referrals])
    return len(ids)


def _reindex(post_ids: list[int]) -> None:
    for post_id in sorted(set(post_ids)):
        queue_post(post_id)
    queue_optimise()
    on_commit(forget_caches, key="privacy.forget_caches")


def cv_file(cv_path: str | None) -> Path | None:
    """The CV's file, only if it lies under instance/uploads/."""
    if not cv_path:
        return None
    uploads = (Path(current_app.instance_path) / "uploads").resolve()
    relative = Path(cv_path)
    if relative.parts and relative.parts[0] == "uploads":
        relative = Path(*relative.parts[1:])
    candidate = (uploads / relative).resolve()
    return candidate if candidate.is_relative_to(uploads) else None


def delete_cv_on_commit(cv_path: str | None) -> None:
    path = cv_file(cv_path)
    if path is not None:
        on_commit(lambda: path.unlink(missing_ok=True))


def forget_caches() -> None:
    """This process's caches may hold words people searched for or wrote."""
    normalize.fold.cache_clear()
    normalize.variants.cache_clear()
    whoosh_index.searchers.reset()


def audit_records(limit: int = AUDIT_PAGE, before_id: int | None = None) -> list[AuditRecord]:
    statement = (
        select(AuditRecord)
        .options(joinedload(AuditRecord.actor))
        .order_by(AuditRecord.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        statement = statement.where(AuditRecord.id < before_id)
    return list(db.session.scalars(statement))
