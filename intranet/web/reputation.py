"""The reputation triage board and its moves: assign, acknowledge, resolve (no script needed)."""

from __future__ import annotations

from datetime import datetime

import marshmallow as ma
from flask import Blueprint, flash, redirect, render_template
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..api.actions import EDIT
from ..clients import triage
from ..errors import DomainError, Forbidden, ValidationError
from ..extensions import db
from ..models import User
from ..platform.actions import load
from ..platform.clock import utcnow
from ..posting import visibility
from .pages import back, flash_error, safe_next

bp = Blueprint("reputation", __name__)


def span(start: datetime, end: datetime | None = None) -> str:
    """'3 dagen', '5 uur': how long from `start` to `end` (default: now)."""
    return format_timedelta((end or utcnow()) - start)


def _people():
    return db.session.execute(
        select(User.id, User.name, User.handle)
        .where(User.deactivated_at.is_(None))
        .order_by(User.name)
    ).all()


def triage_context(post) -> dict:
    """What the post page needs to show a reputation alert's triage panel."""
    if not visibility.can_triage(current_user, post):
        return {}
    return {"triage_people": _people(), "span": span}


class BoardArgs(ma.Schema):
    severity = ma.fields.String(load_default="")
    assignee = ma.fields.String(load_default="")  # a user id, or "none"
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(1, 9999))


@bp.route("/reputation")
@login_required
def board():
    args = load(BoardArgs, "query", lenient=True)
    query = triage.BoardQuery(
        severity=args["severity"] or None, assignee=args["assignee"] or None, page=args["page"]
    )
    try:
        result = triage.board(current_user, query)
    except ValidationError as error:
        flash_error(error)
        query = triage.BoardQuery()
        result = triage.board(current_user, query)
    return render_template(
        "reputation/board.html",
        board=result,
        query=query,
        people=_people(),
        span=span,
        can_triage=current_user.is_recruiter,
    )


def _act(post_id: int, action, done: str):
    """Do a triage move; a refused move (403) shows the error page, a wrong one a message."""
    alert = triage.get_alert(current_user, post_id)
    try:
        action(alert)
    except Forbidden:
        raise
    except DomainError as error:
        flash_error(error)  # shown at the top of the page: go there, not to the card
        return redirect(safe_next("reputation.board").split("#")[0], code=303)
    flash(done, "success")
    return back("reputation.board")


@bp.route("/reputation/<int:post_id>/assign", methods=["POST"])
@login_required
@EDIT.limited
def assign(post_id):
    return _act(
        post_id,
        lambda a: triage.assign(current_user, a, EDIT.load_form().get("assignee")),
        _("Assigned."),
    )


@bp.route("/reputation/<int:post_id>/acknowledge", methods=["POST"])
@login_required
@EDIT.limited
def acknowledge(post_id):
    return _act(
        post_id,
        lambda a: triage.acknowledge(current_user, a),
        _("Acknowledged: colleagues can see someone is on it."),
    )


@bp.route("/reputation/<int:post_id>/resolve", methods=["POST"])
@login_required
@EDIT.limited
def resolve(post_id):
    return _act(
        post_id,
        lambda a: triage.resolve(current_user, a, EDIT.load_form().get("resolution_note")),
        _("Resolved. The note is shown on the alert."),
    )
