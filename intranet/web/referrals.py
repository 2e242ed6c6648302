"""My referrals, the recruiters' pipeline, one referral's timeline, and the leaderboard."""

from __future__ import annotations

import io
from datetime import UTC

import marshmallow as ma
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..analytics import referral_stats
from ..api.actions import INTERVIEW, REFERRAL_STATUS, REFERRALS
from ..errors import DomainError
from ..models import REFERRAL_STATUSES
from ..platform.actions import load
from ..platform.clock import agency_zone, local_today
from ..platform.inputs import attachment
from ..recruiting import referrals
from ..recruiting.referrals import ReferralQuery
from .pages import flash_error

bp = Blueprint("referrals", __name__)


class Leaderboard(ma.Schema):
    year = ma.fields.String(load_default="")


class Return(ma.Schema):
    next = ma.fields.String(load_default="")  # "pipeline": back to the board, not the page


@bp.route("/referrals")
@login_required
@REFERRALS.limited
def mine():
    args = REFERRALS.load_query(lenient=True)
    query = ReferralQuery(cursor=args.get("cursor") or None)
    page = referrals.list_referrals(current_user, query, own=True)
    stats = referral_stats.year_stats(current_user, local_today().year)
    return render_template("referrals/mine.html", page=page, stats=stats)


def _recruiter_page():
    if not current_user.is_recruiter:
        abort(403)


@bp.route("/referrals/pipeline")
@login_required
@REFERRALS.limited
def pipeline():
    _recruiter_page()
    vacancy_id = REFERRALS.load_query(lenient=True).get("vacancy")
    board = referrals.pipeline(current_user, vacancy_id)
    return render_template("referrals/pipeline.html", board=board, vacancy_id=vacancy_id)


@bp.route("/referrals/<int:referral_id>")
@login_required
def show(referral_id):
    referral = _get(referral_id)
    return render_template(
        "referrals/show.html",
        referral=referral,
        events=referrals.events(referral),
        statuses=REFERRAL_STATUSES,
        interview_input=_local_input(referral.interview_at),
    )


def _local_input(moment) -> str:
    """A stored time as a datetime-local input shows it: the agency's time, to the minute."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone(agency_zone()).strftime("%Y-%m-%dT%H:%M")


@bp.route("/referrals/<int:referral_id>/cv")
@bp.route("/referrals/<int:referral_id>/cv/<int:event_id>")
@login_required
def cv(referral_id, event_id=None):
    """The applicant's CV, or one a later application sent, as a download (recruiters
    only; 404 for anyone else)."""
    try:
        found = referrals.cv_file(current_user, referral_id, event_id)
    except DomainError:
        abort(404)
    # At most 5 MB: read at once, so no open file outlives the request.
    response = send_file(io.BytesIO(found.path.read_bytes()), mimetype=found.mimetype, max_age=0)
    response.headers["Content-Disposition"] = attachment(found.download_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _get(referral_id):
    try:
        return referrals.get_referral(current_user, referral_id)
    except DomainError as error:
        abort(error.status)


def _act(referral_id, action, done: str):
    """Run a recruiter's action on a referral, say how it went, and go back where they were."""
    referral = _get(referral_id)
    _recruiter_page()
    try:
        action(referral)
        flash(done, "success")
    except DomainError as error:
        flash_error(error)
    if load(Return)["next"] == "pipeline":
        return redirect(url_for("referrals.pipeline", _anchor=f"r{referral.id}"), code=303)
    return redirect(url_for("referrals.show", referral_id=referral.id), code=303)


@bp.route("/referrals/<int:referral_id>/status", methods=["POST"])
@login_required
@REFERRAL_STATUS.limited
def status(referral_id):
    def move(referral):
        data = REFERRAL_STATUS.load_form()
        referrals.change_status(current_user, referral, data["status"], data["note"])

    return _act(referral_id, move, _("Status changed."))


@bp.route("/referrals/<int:referral_id>/interview", methods=["POST"])
@login_required
@INTERVIEW.limited
def interview(referral_id):
    def plan(referral):
        referrals.schedule_interview(current_user, referral, INTERVIEW.load_form()["at"])

    return _act(referral_id, plan, _("Interview date saved."))


class NoteForm(ma.Schema):
    note = ma.fields.String(load_default="")


@bp.route("/referrals/<int:referral_id>/notes", methods=["POST"])
@login_required
def note(referral_id):
    return _act(
        referral_id,
        lambda r: referrals.add_note(current_user, r, load(NoteForm)["note"]),
        _("Note added."),
    )


@bp.route("/referrals/leaderboard")
@login_required
def leaderboard():
    year = referral_stats.parse_year(load(Leaderboard, "query")["year"])
    return render_template(
        "referrals/leaderboard.html",
        year=year,
        rows=referral_stats.leaderboard(year),
        this_year=local_today().year,
    )
