"""Retention: a candidate's personal data goes when its offer's retention date has passed."""

from __future__ import annotations

import logging

from sqlalchemy import select

from ..clock import local_today
from ..database import writes
from ..extensions import db
from ..models import CandidateOffer, CandidatePrivate, PostType
from . import privacy

log = logging.getLogger("kring.retention")


@writes
def erase_expired_candidates() -> int:
    """Erase the personal data of offers kept past `retain_until`, everywhere it went
    (see privacy.erase_offers). Safe to run any number of times; a run that erased
    something leaves an audit record."""
    expired = list(db.session.scalars(select(CandidatePrivate.post_id).join(
        CandidateOffer, CandidateOffer.id == CandidatePrivate.post_id).where(
        CandidateOffer.type == PostType.CANDIDATE_OFFER,
        CandidateOffer.retain_until < local_today())))
    erased = privacy.erase_offers(expired)
    if erased:
        privacy.audit(None, "retention", "retention",
                      {"offers": erased, "offer_ids": sorted(expired)})
    db.session.commit()
    if erased:
        log.info("erased the personal data of %d candidates", erased)
    return erased
