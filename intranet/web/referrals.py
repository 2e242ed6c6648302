"""My referrals, the recruiters' pipeline, one referral's timeline, and the leaderboard."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..analytics import referral_stats
from ..errors import DomainError
from ..models import REFERRAL_STATUSES
from ..platform.clock import local_today
from ..platform.database import as_id
from ..recruiting import referrals
from ..recruiting.referrals import ReferralQuery
from .pages import flash_error

bp = Blueprint("referrals", __name__)


@bp.route("/referrals")
@login_required
def mine():
    query = ReferralQuery(cursor=request.args.get("cursor") or None)
    page = referrals.list_referrals(current_user, query, own=True)
    stats = referral_stats.year_stats(current_user, local_today().year)
    return render_template("referrals/mine.html", page=page, stats=stats)


def _recruiter_page():
    if not current_user.is_recruiter:
        abort(403)


@bp.route("/referrals/pipeline")
@login_required
def pipeline():
    _recruiter_page()
    vacancy_id = as_id(request.args.get("vacancy"))
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
    )


@bp.route("/referrals/<int:referral_id>/cv")
@login_required
def cv(referral_id):
    """The applicant's CV as a download (recruiters only; 404 for anyone else)."""
    try:
        found = referrals.cv_file(current_user, referral_id)
    except DomainError:
        abort(404)
    # At most 5 MB: read at once, so no open file outlives the request.
    response = send_file(
        io.BytesIO(found.path.read_bytes()),
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=found.download_name,
        max_age=0,
    )
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
    if request.form.get("next") == "pipeline":
        return redirect(url_for("referrals.pipeline", _anchor=f"r{referral.id}"), code=303)
    return redirect(url_for("referrals.show", referral_id=referral.id), code=303)


@bp.route("/referrals/<int:referral_id>/status", methods=["POST"])
@login_required
def status(referral_id):
    form = request.form
    return _act(
        referral_id,
        lambda r: referrals.change_status(
            current_user, r, form.get("status"), form.get("note", "")
        ),
        _("Status changed."),
    )


@bp.route("/referrals/<int:referral_id>/notes", methods=["POST"])
@login_required
def note(referral_id):
    return _act(
        referral_id,
        lambda r: referrals.add_note(current_user, r, request.form.get("note")),
        _("Note added."),
    )


@bp.route("/referrals/leaderboard")
@login_required
def leaderboard():
    year = referral_stats.parse_year(request.args.get("year"))
    return render_template(
        "referrals/leaderboard.html",
        year=year,
        rows=referral_stats.leaderboard(year),
        this_year=local_today().year,
    )
