"""The notification centre, reason filters, read marks and where each reason goes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import people
from ..api import schemas
from ..api.actions import MARK_READ, NOTIFICATIONS, SETTINGS
from ..errors import DomainError
from ..models import REACTIONS, REASON_KINDS
from ..notifying import notifications
from ..platform.actions import load
from .pages import back, flash_error

bp = Blueprint("inbox", __name__)


@bp.route("/notifications")
@login_required
@NOTIFICATIONS.limited
def index():
    args = NOTIFICATIONS.load_query(lenient=True, rename={"before": "before_id"})
    items = notifications.list_notifications(
        current_user,
        kind=args.get("kind"),
        before_id=args.get("before_id"),
        unread=args["unread"],
        limit=notifications.PAGE + 1,
    )
    more = items[notifications.PAGE - 1].id if len(items) > notifications.PAGE else None
    return render_template(
        "inbox/index.html",
        items=items[: notifications.PAGE],
        people=notifications.with_actors(items),
        kind=args.get("kind"),
        more=more,
        kinds=REASON_KINDS,
        unread_only=args["unread"],
    )


@bp.app_template_global()
def reason_groups(reasons: list[dict]) -> tuple[list, list]:
    """A notification's reasons by kind, in the order they came, each kind said once: the
    ones that are the post's author's doing (said after the author's name, once), and
    the others (each naming who acted, or nobody)."""
    grouped: dict[str, list[dict]] = {}
    for reason in reasons:
        grouped.setdefault(reason["kind"], []).append(reason)
    authored = [
        (kind, rs)
        for kind, rs in grouped.items()
        if kind in notifications.AUTHORED and not any(r.get("by") for r in rs)
    ]
    return authored, [(kind, rs) for kind, rs in grouped.items() if (kind, rs) not in authored]


@bp.app_template_filter()
def reaction_emoji(kind: str | None) -> str:
    return REACTIONS.get(kind or "heart", "")


@bp.route("/notifications/read", methods=["POST"])
@login_required
@MARK_READ.limited
def read():
    try:
        data = MARK_READ.load_form()
        notifications.mark_read(current_user, data.get("ids"), bool(data.get("all")))
        if data.get("all"):
            flash(_("Everything is marked as read."), "success")
    except DomainError as error:
        flash_error(error)
    return back("inbox.index")


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
@SETTINGS.limited
def settings():
    if request.method == "POST":
        try:
            # The page lists every reason; one left out goes to the app.
            wanted = load(schemas.Channels, defaults=dict.fromkeys(REASON_KINDS, "app"))
            notifications.set_channels(current_user, wanted)
        except DomainError as error:
            flash_error(error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("inbox.settings"), code=303)
    return render_template("inbox/settings.html", channels=notifications.settings_for(current_user))


@bp.route("/notifications/desktop", methods=["POST"])
@login_required
@SETTINGS.limited
def desktop():
    """Mentions and must-reads as system notifications while Kring is in another tab."""
    wanted = SETTINGS.load_form().get("desktop_notifications")
    if wanted is not None:
        people.update_profile(current_user, {"desktop_notifications": wanted})
        flash(_("Saved."), "success")
    return redirect(url_for("inbox.settings", _anchor="desktop"), code=303)
