"""The notification centre, reason filters, read marks and where each reason goes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..models import REASON_KINDS
from ..notifying import notifications
from ..platform.database import as_id
from .pages import back, flash_error

bp = Blueprint("inbox", __name__)


@bp.route("/notifications")
@login_required
def index():
    kind = request.args.get("kind") if request.args.get("kind") in REASON_KINDS else None
    before = as_id(request.args.get("before"))
    items = notifications.list_notifications(
        current_user,
        kind=kind,
        before_id=before,
        unread=request.args.get("unread") == "1",
        limit=notifications.PAGE + 1,
    )
    more = items[notifications.PAGE - 1].id if len(items) > notifications.PAGE else None
    return render_template(
        "inbox/index.html",
        items=items[: notifications.PAGE],
        kind=kind,
        more=more,
        kinds=REASON_KINDS,
        unread_only=request.args.get("unread") == "1",
    )


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read():
    try:
        if request.form.get("all"):
            notifications.mark_read(current_user, everything=True)
            flash(_("Everything is marked as read."), "success")
        else:
            notifications.mark_read(current_user, [as_id(request.form.get("id"))])
    except DomainError as error:
        flash_error(error)
    return back("inbox.index")


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "POST":
        wanted = {kind: request.form.get(kind, "app") for kind in REASON_KINDS}
        try:
            notifications.set_channels(current_user, wanted)
        except DomainError as error:
            flash_error(error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("inbox.settings"), code=303)
    return render_template("inbox/settings.html", channels=notifications.settings_for(current_user))
