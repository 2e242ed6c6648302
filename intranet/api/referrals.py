"""/vacancies/{id}/referrals and /referrals: refer someone, follow and move referrals."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..recruiting import referrals
from ..recruiting.referrals import ReferralQuery, can_see_candidate
from .actions import REFER, REFERRAL_STATUS, REFERRALS, limited
from .auth import viewer
from .referral_schemas import ReferralList, ReferralOut
from .serialize import person, utc

blp = Blueprint("api_referrals", __name__, description="Referrals and the pipeline")


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
    @limited(blp, REFER)
    @blp.arguments(REFER.schema)
    @blp.response(201, ReferralOut)
    def post(self, data, post_id):
        """Refer someone who agreed to it (409 if the vacancy is closed or they are
        already in the running for it)."""
        vacancy = referrals.get_vacancy(viewer(), post_id)
        return referral_json(referrals.create_referral(viewer(), vacancy, **data))


@blp.route("/referrals")
class Referrals(MethodView):
    @limited(blp, REFERRALS)
    @blp.arguments(REFERRALS.schema, location="query")
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

    @limited(blp, REFERRAL_STATUS)
    @blp.arguments(REFERRAL_STATUS.schema)
    @blp.response(200, ReferralOut)
    def patch(self, data, referral_id):
        """Move a referral, optionally with a note (recruiters only)."""
        referral = referrals.get_referral(viewer(), referral_id)
        referrals.change_status(viewer(), referral, data["status"], data["note"])
        return referral_json(referral, referrals.events(referral))
