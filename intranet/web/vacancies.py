"""The vacancy board, its calendar, and the form to refer someone to a vacancy."""

from __future__ import annotations

from datetime import timedelta

import marshmallow as ma
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import REFER
from ..errors import DomainError
from ..platform.actions import load
from ..posting import follows
from ..recruiting import public_text, referrals, vacancies
from ..recruiting.vacancies import BoardQuery

bp = Blueprint("vacancies", __name__)


class BoardArgs(ma.Schema):
    """The board's filters as typed: the domain reads the hours and the tag."""

    department = ma.fields.String(load_default="")
    location = ma.fields.String(load_default="")
    min_hours = ma.fields.String(load_default="")
    max_hours = ma.fields.String(load_default="")
    tag = ma.fields.String(load_default="")
    cursor = ma.fields.String(load_default="")


class PublicTextForm(ma.Schema):
    public_text = ma.fields.String(load_default="")


class CalendarArgs(ma.Schema):
    month = ma.fields.String(load_default="")  # YYYY-MM


def _board_query() -> BoardQuery:
    args = load(BoardArgs, "query")
    tag = args["tag"].strip().lstrip("#")
    return BoardQuery(
        department=args["department"] or None,
        location=args["location"] or None,
        min_hours=vacancies.parse_hours(args["min_hours"]),
        max_hours=vacancies.parse_hours(args["max_hours"]),
        tag=follows.check_tag_name(tag) if tag else None,
        cursor=args["cursor"] or None,
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
    first = vacancies.parse_month(load(CalendarArgs, "query")["month"])
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
@REFER.limited
def refer(post_id):
    vacancy = referrals.get_vacancy(current_user, post_id)
    form, errors, status = {}, {}, 200
    if request.method == "POST":
        try:
            referral = referrals.create_referral(current_user, vacancy, **REFER.load_form())
        except DomainError as error:
            form, errors = REFER.sent(), getattr(error, "fields", None) or {"_": error.message}
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


@bp.route("/vacancies/<int:post_id>/public", methods=["GET", "POST"])
@login_required
def public(post_id):
    """Write or approve what outsiders read about the vacancy."""
    vacancy = public_text.editable(current_user, post_id)
    text, error = public_text.draft(vacancy), None
    if request.method == "POST":
        text = load(PublicTextForm)["public_text"]
        try:
            public_text.save(vacancy, text)
        except DomainError as failure:
            error = getattr(failure, "fields", {}).get("public_text") or failure.message
        else:
            flash(_("Saved: the public page shows this text."), "success")
            return redirect(url_for("posts.show", post_id=vacancy.id), code=303)
    return render_template(
        "vacancies/public.html", vacancy=vacancy, text=text, error=error
    ), 422 if error else 200


@bp.app_template_global()
def writes_public_text(vacancy) -> bool:
    return current_user.is_authenticated and public_text.may_write(current_user, vacancy)
