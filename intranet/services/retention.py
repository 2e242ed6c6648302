"""Retention: a candidate's personal data goes when its offer's retention date has passed."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select, update

from ..clock import local_today
from ..database import writes
from ..extensions import db
from ..models import CandidateOffer, CandidatePrivate, PostType

log = logging.getLogger("kring.retention")


@writes
def erase_expired_candidates() -> int:
    """Delete the personal data of offers kept past `retain_until`; an offer still
    'available' becomes 'expired'. Safe to run any number of times."""
    expired = select(CandidateOffer.id).where(
        CandidateOffer.type == PostType.CANDIDATE_OFFER,
        CandidateOffer.retain_until < local_today())
    erased = db.session.execute(delete(CandidatePrivate).where(
        CandidatePrivate.post_id.in_(expired))).rowcount
    db.session.execute(update(CandidateOffer).where(
        CandidateOffer.id.in_(expired), CandidateOffer.status == "available")
        .values(status="expired"))
    db.session.commit()
    if erased:
        log.info("erased the personal data of %d candidates", erased)
    return erased
