"""The vacancy board, its calendar, and the form to refer someone to a vacancy."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import limiter
from ..posting import follows
from ..recruiting import referrals, vacancies
from ..recruiting.vacancies import BoardQuery

bp = Blueprint("vacancies", __name__)


def _board_query() -> BoardQuery:
    args = request.args
    tag = (args.get("tag") or "").strip().lstrip("#")
    return BoardQuery(
        department=args.get("department") or None,
        location=args.get("location") or None,
        min_hours=vacancies.parse_hours(args.get("min_hours")),
        max_hours=vacancies.parse_hours(args.get("max_hours")),
        tag=follows.check_tag_name(tag) if tag else None,
        cursor=args.get("cursor") or None,
        limit=current_app.config["KRING_PAGE_SIZE"],
    )


@bp.route("/vacancies")
@login_required
def board():
    query = _board_query()
    return render_template(
        "vacancies/board.html", board=vacancies.list_board(current_user, query), query=query
    )


@bp.route("/vacancies/calendar")
@login_required
def month():
    first = vacancies.parse_month(request.args.get("month"))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "vacancies/calendar.html",
        first=first,
        previous=previous,
        following=following,
        weeks=vacancies.month_grid(first),
        events=vacancies.calendar_events(current_user, first),
    )


@bp.route("/vacancies/<int:post_id>/refer", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per minute", methods=["POST"])
def refer(post_id):
    vacancy = referrals.get_vacancy(current_user, post_id)
    form, errors, status = referrals.referral_data(request.form), {}, 200
    if request.method == "POST":
        try:
            referral = referrals.create_referral(current_user, vacancy, **form)
        except DomainError as error:
            errors = getattr(error, "fields", None) or {"_": error.message}
            status = error.status
        else:
            flash(_("Thank you! A recruiter will contact %(name)s.", name=referral.name), "success")
            return redirect(url_for("referrals.mine"), code=303)
    return render_template(
        "vacancies/refer.html",
        vacancy=vacancy,
        form=form,
        errors=errors,
        is_open=vacancies.is_open(vacancy),
    ), status
