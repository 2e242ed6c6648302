"""Schemas of the referral API: referring someone, moving a referral, the pipeline."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from ..models import REFERRAL_STATUSES
from .schemas import ID, Person, Strict


class ReferralIn(Strict):
    name = f.String(load_default=None, metadata={"description": "1–200 characters"})
    contact = f.String(
        load_default=None, metadata={"description": "an e-mail address or a phone number"}
    )
    motivation = f.String(load_default="", metadata={"description": "why they fit"})
    consent = f.Boolean(
        load_default=False, metadata={"description": "the person agreed to be referred"}
    )


class ReferralPatch(Strict):
    status = f.String(required=True, metadata={"enum": list(REFERRAL_STATUSES)})
    note = f.String(load_default="")


class ReferralArgs(Strict):
    status = f.String()
    vacancy = f.Integer(validate=ID)
    cursor = f.String()
    limit = f.Integer(load_default=30, validate=ma.validate.Range(1, 100))


class VacancyRef(ma.Schema):
    id = f.Integer()
    title = f.String()


class EventOut(ma.Schema):
    status = f.String(allow_none=True)
    note = f.String(metadata={"description": "recruiters only"})
    actor = f.Nested(Person, allow_none=True)
    created_at = f.DateTime()


class ReferralOut(ma.Schema):
    id = f.Integer()
    vacancy = f.Nested(VacancyRef)
    referrer = f.Nested(Person, allow_none=True)
    source = f.String()
    status = f.String()
    name = f.String(allow_none=True, metadata={"description": "recruiters and the referrer"})
    contact = f.String(allow_none=True)
    motivation = f.String(allow_none=True)
    cv_url = f.String(
        allow_none=True, metadata={"description": "the applicant's CV to download (recruiters)"}
    )
    erased = f.Boolean(metadata={"description": "the candidate's personal data was erased"})
    bonus = f.Integer(allow_none=True)
    created_at = f.DateTime()
    status_changed_at = f.DateTime()
    hired_at = f.DateTime(allow_none=True)
    events = f.List(f.Nested(EventOut))


class ReferralList(ma.Schema):
    items = f.List(f.Nested(ReferralOut))
    next_cursor = f.String(allow_none=True)
