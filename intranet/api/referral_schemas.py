"""Schemas of the referral API: referring someone, moving a referral, the pipeline, and a
referral as the caller may see it."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from marshmallow import fields as f

from ..models import REFERRAL_STATUSES
from ..recruiting import referrals
from ..recruiting.referrals import MIN_PHONE_DIGITS, MOTIVATION_MAX, NAME_MAX, can_see_candidate
from .auth import viewer
from .schemas import ID, Person, Strict, Utc, limits

# What the contact check takes, as a pattern the document can carry: an address's dotted
# local part and its domain of letter-digit-dash labels under a top-level name of letters,
# or a phone number. The check (referrals.clean_contact) has the last word.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_PHONE = rf"\+?([\s().-]*[0-9]){{{MIN_PHONE_DIGITS}}}[\d\s().-]*"
CONTACT = rf"^\s*({_LOCAL}@{_DOMAIN}|{_PHONE})\s*$"


class ReferralIn(Strict):
    name = f.String(required=True, metadata=limits(NAME_MAX, filled=True))
    contact = f.String(
        required=True,
        metadata={
            "description": (
                "an e-mail address (one that can receive mail: not at a reserved name such"
                f" as .test, .local or .invalid), or a phone number of at least {MIN_PHONE_DIGITS}"
                " digits"
            ),
            **limits(320, pattern=CONTACT),
        },
    )
    motivation = f.String(
        load_default="", metadata={"description": "why they fit", **limits(MOTIVATION_MAX)}
    )
    consent = f.Boolean(
        load_default=False,
        metadata={"description": "the person agreed to be referred", "enum": [True]},
    )


class ReferralPatch(Strict):
    status = f.String(required=True, metadata={"enum": list(REFERRAL_STATUSES)})
    note = f.String(load_default="")


class InterviewIn(Strict):
    at = f.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "when (without an offset: the agency's time); null: none"},
    )


class ReferralArgs(Strict):
    status = f.String()
    vacancy = f.Integer(validate=ID)
    cursor = f.String()
    limit = f.Integer(load_default=30, validate=ma.validate.Range(1, 100))


class VacancyRef(ma.Schema):
    id = f.Integer()
    title = f.String()


def _shown(referral) -> bool:
    """The candidate's personal data: for recruiters and the referrer, until erased."""
    return can_see_candidate(viewer(), referral) and not referral.erased_at


def _personal(name: str, description: str | None = None) -> f.Function:
    return f.Function(
        lambda referral: getattr(referral, name) if _shown(referral) else None,
        allow_none=True,
        metadata={"type": "string", **({"description": description} if description else {})},
    )


def _cv_url(referral) -> str | None:
    if viewer().is_recruiter and referrals.has_cv(referral):
        return url_for("referrals.cv", referral_id=referral.id)
    return None


def _event_cv_url(event) -> str | None:
    if viewer().is_recruiter and event.cv_path:  # erasure empties cv_path
        return url_for("referrals.cv", referral_id=event.referral_id, event_id=event.id)
    return None


class EventOut(ma.Schema):
    """A step in a referral's timeline (a ReferralEvent)."""

    status = f.String(allow_none=True)
    note = f.Function(
        lambda event: event.note if viewer().is_recruiter else "",
        metadata={"type": "string", "description": "recruiters only"},
    )
    cv_url = f.Function(
        _event_cv_url,
        allow_none=True,
        metadata={
            "type": "string",
            "description": "a CV a later application sent, beside the first (recruiters)",
        },
    )
    actor = f.Nested(Person, allow_none=True)
    created_at = Utc()


class ReferralOut(ma.Schema):
    """A referral (or an application) as the caller may see it."""

    id = f.Integer()
    vacancy = f.Nested(VacancyRef)
    referrer = f.Nested(Person, allow_none=True)
    source = f.String()
    status = f.String()
    name = _personal("name", "recruiters and the referrer")
    contact = _personal("contact")
    motivation = _personal("motivation")
    cv_url = f.Function(
        _cv_url,
        allow_none=True,
        metadata={"type": "string", "description": "the applicant's CV to download (recruiters)"},
    )
    erased = f.Function(
        lambda referral: bool(referral.erased_at),
        metadata={"type": "boolean", "description": "the candidate's personal data was erased"},
    )
    bonus = f.Integer(allow_none=True)
    created_at = Utc()
    status_changed_at = Utc()
    hired_at = Utc(allow_none=True)
    interview_at = Utc(allow_none=True)


class ReferralDetail(ReferralOut):
    """One referral with its timeline."""

    events = f.List(f.Nested(EventOut))


class ReferralList(ma.Schema):
    items = f.List(f.Nested(ReferralOut))
    next_cursor = f.String(allow_none=True)
