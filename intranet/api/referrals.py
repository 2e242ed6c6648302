"""/vacancies/{id}/referrals and /referrals: refer someone, follow and move referrals."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields as f

from ..recruiting import referrals
from ..recruiting.referrals import ReferralQuery, can_see_candidate
from .auth import viewer
from .schemas import ID, Person, Strict
from .serialize import person, utc

blp = Blueprint("api_referrals", __name__, description="Referrals and the pipeline")


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
    status = f.String(required=True, metadata={"enum": list(referrals.REFERRAL_STATUSES)})
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


def referral_json(referral, events=None) -> dict:
    shown = can_see_candidate(viewer(), referral) and not referral.erased_at
    out = {
        "id": referral.id,
        "source": referral.source,
        "status": referral.status,
        "vacancy": {"id": referral.vacancy_id, "title": referral.vacancy.title},
        "referrer": person(referral.referrer),
        "erased": bool(referral.erased_at),
        "bonus": referral.bonus,
        "created_at": utc(referral.created_at),
        "status_changed_at": utc(referral.status_changed_at),
        "hired_at": utc(referral.hired_at),
    }
    for name in ("name", "contact", "motivation"):
        out[name] = getattr(referral, name) if shown else None
    out["cv_url"] = (
        url_for("referrals.cv", referral_id=referral.id)
        if viewer().is_recruiter and referrals.has_cv(referral)
        else None
    )
    if events is not None:
        notes = viewer().is_recruiter
        out["events"] = [
            {
                "status": e.status,
                "note": e.note if notes else "",
                "actor": person(e.actor),
                "created_at": utc(e.created_at),
            }
            for e in events
        ]
    return out


@blp.route("/vacancies/<int:post_id>/referrals")
class VacancyReferrals(MethodView):
    @blp.arguments(ReferralIn)
    @blp.response(201, ReferralOut)
    def post(self, data, post_id):
        """Refer someone who agreed to it (409 if the vacancy is closed or they are
        already in the running for it)."""
        vacancy = referrals.get_vacancy(viewer(), post_id)
        return referral_json(referrals.create_referral(viewer(), vacancy, **data))


@blp.route("/referrals")
class Referrals(MethodView):
    @blp.arguments(ReferralArgs, location="query")
    @blp.response(200, ReferralList)
    def get(self, args):
        """Newest first: a recruiter sees all (filter by status, vacancy), others their own."""
        query = ReferralQuery(
            status=args.get("status"),
            vacancy_id=args.get("vacancy"),
            cursor=args.get("cursor"),
            limit=args["limit"],
        )
        page = referrals.list_referrals(viewer(), query)
        return {"items": [referral_json(r) for r in page.items], "next_cursor": page.next_cursor}


@blp.route("/referrals/<int:referral_id>")
class ReferralItem(MethodView):
    @blp.response(200, ReferralOut)
    def get(self, referral_id):
        """One referral with its timeline (its referrer or a recruiter)."""
        referral = referrals.get_referral(viewer(), referral_id)
        return referral_json(referral, referrals.events(referral))

    @blp.arguments(ReferralPatch)
    @blp.response(200, ReferralOut)
    def patch(self, data, referral_id):
        """Move a referral, optionally with a note (recruiters only)."""
        referral = referrals.get_referral(viewer(), referral_id)
        referrals.change_status(viewer(), referral, data["status"], data["note"])
        return referral_json(referral, referrals.events(referral))
