"""Term alerts: the list, adding one with a live preview of what it would have matched."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..notifying import alerts
from ..posting import feeds
from .pages import flash_error, is_htmx

bp = Blueprint("alerts", __name__)


def _form() -> dict:
    return {
        "term": request.values.get("term", ""),
        "types": request.values.getlist("types"),
        "variants": request.values.get("variants") == "1",
        "delivery": request.values.get("delivery", "instant"),
    }


@bp.route("/alerts", methods=["GET", "POST"])
@login_required
def index():
    data, error = _form(), None
    if request.method == "POST":
        try:
            alert = alerts.create_alert(current_user, data)
        except DomainError as problem:
            error = problem
        else:
            flash(_("You now watch “%(term)s”.", term=alert.term), "success")
            return redirect(url_for("alerts.index"), code=303)
    preview = _preview(data) if request.args.get("preview") else None
    return render_template(
        "alerts/index.html",
        alerts=alerts.list_alerts(current_user),
        form=data,
        error=error,
        preview=preview,
        types=alerts.ALERT_TYPES,
    ), 422 if error else 200


def _preview(data: dict):
    try:
        matches, total = alerts.preview(current_user, data, limit=10)
    except DomainError as problem:
        return {"error": problem, "items": [], "total": 0}
    return {
        "error": None,
        "total": total,
        "page": feeds.hydrate(current_user, feeds.Page(items=matches)),
        "items": matches,
    }


@bp.route("/alerts/preview")
@login_required
def preview():
    data = _form()
    result = _preview(data) if data["term"].strip() else None
    if is_htmx():
        return render_template("alerts/_preview.html", preview=result, form=data)
    return redirect(url_for("alerts.index", preview=1, **{k: v for k, v in request.args.items()}))


@bp.route("/alerts/<int:alert_id>/delete", methods=["POST"])
@login_required
def delete(alert_id):
    try:
        alerts.delete_alert(current_user, alert_id)
        flash(_("Alert removed."), "success")
    except DomainError as error:
        flash_error(error)
    return redirect(url_for("alerts.index"), code=303)
