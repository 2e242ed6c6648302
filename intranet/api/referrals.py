"""/vacancies/{id}/referrals and /referrals: refer someone, follow and move referrals."""

from __future__ import annotations

from flask.views import MethodView

from ..recruiting import referrals
from ..recruiting.referrals import ReferralQuery
from .actions import INTERVIEW, REFER, REFERRAL_STATUS, REFERRALS, limited
from .auth import viewer
from .blueprint import Blueprint
from .referral_schemas import ReferralDetail, ReferralList, ReferralOut

blp = Blueprint("api_referrals", __name__, description="Referrals and the pipeline")


@blp.route("/vacancies/<int:post_id>/referrals")
class VacancyReferrals(MethodView):
    @limited(blp, REFER)
    @blp.arguments(REFER.schema)
    @blp.response(201, ReferralOut)
    def post(self, data, post_id):
        """Refer someone who agreed to it (409 if the vacancy is closed or they are
        already in the running for it)."""
        vacancy = referrals.get_vacancy(viewer(), post_id)
        return referrals.create_referral(viewer(), vacancy, **data)


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
        return {"items": page.items, "next_cursor": page.next_cursor}


@blp.route("/referrals/<int:referral_id>")
class ReferralItem(MethodView):
    @blp.response(200, ReferralDetail)
    def get(self, referral_id):
        """One referral with its timeline (its referrer or a recruiter)."""
        return referrals.get_referral(viewer(), referral_id)

    @limited(blp, REFERRAL_STATUS)
    @blp.arguments(REFERRAL_STATUS.schema)
    @blp.response(200, ReferralDetail)
    def patch(self, data, referral_id):
        """Move a referral, optionally with a note (recruiters only)."""
        referral = referrals.get_referral(viewer(), referral_id)
        return referrals.change_status(viewer(), referral, data["status"], data["note"])


@blp.route("/referrals/<int:referral_id>/interview")
class ReferralInterview(MethodView):
    @limited(blp, INTERVIEW)
    @blp.arguments(INTERVIEW.schema)
    @blp.response(200, ReferralDetail)
    def put(self, data, referral_id):
        """Plan the interview (or take it back with null); it shows in the referrer's
        calendar (recruiters only)."""
        referral = referrals.get_referral(viewer(), referral_id)
        return referrals.schedule_interview(viewer(), referral, data["at"])
