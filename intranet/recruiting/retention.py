"""Retention: a candidate's personal data goes when its offer's retention date has passed,
and a referral's (or application's) some weeks after it ended (hired or rejected)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import CandidateOffer, CandidatePrivate, PostType, Referral
from ..platform.clock import local_today, utcnow
from ..platform.database import writes
from . import privacy

log = logging.getLogger("kring.retention")


@writes
def erase_expired_candidates() -> int:
    """Erase the personal data of offers kept past `retain_until`, everywhere it went
    (see privacy.erase_offers). Safe to run any number of times; a run that erased
    something leaves an audit record."""
    expired = list(
        db.session.scalars(
            select(CandidatePrivate.post_id)
            .join(CandidateOffer, CandidateOffer.id == CandidatePrivate.post_id)
            .where(
                CandidateOffer.type == PostType.CANDIDATE_OFFER,
                CandidateOffer.retain_until < local_today(),
            )
        )
    )
    erased = privacy.erase_offers(expired)
    if erased:
        privacy.audit(
            None, "retention", "retention", {"offers": erased, "offer_ids": sorted(expired)}
        )
    db.session.commit()
    if erased:
        log.info("erased the personal data of %d candidates", erased)
    return erased


@writes
def erase_ended_referrals() -> int:
    """Erase the personal data (name, contact, motivation, CV file, notes) of referrals that
    ended (hired or rejected) more than KRING_REFERRAL_RETENTION_DAYS ago. The referral stays,
    anonymised, for the figures. Safe to run any number of times; a run that erased
    something leaves an audit record without personal data."""
    days = int(current_app.config["KRING_REFERRAL_RETENTION_DAYS"])
    ended = list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.status.in_(("hired", "rejected")),
                Referral.erased_at.is_(None),
                Referral.status_changed_at < utcnow() - timedelta(days=days),
            )
            .order_by(Referral.id)
        )
    )
    erased = privacy.erase_referrals(ended)
    if erased:
        privacy.audit(
            None,
            "retention",
            "retention",
            {"referrals": erased, "referral_ids": [r.id for r in ended]},
        )
    db.session.commit()
    if erased:
        log.info("erased the personal data of %d ended referrals", erased)
    return erased
