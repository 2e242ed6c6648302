"""Term alerts: the list, adding one with a live preview of what it would have matched."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api import schemas
from ..api.actions import ALERT, ALERT_PREVIEW
from ..errors import DomainError
from ..notifying import alerts
from ..platform.actions import load
from ..posting import feeds
from .pages import flash_error, is_htmx

bp = Blueprint("alerts", __name__)


class AlertForm(schemas.AlertIn):
    """The alert form as the page shows it again; its Preview button sends it by GET."""

    term = ma.fields.String(load_default="")
    preview = ma.fields.Boolean(load_default=False)


def _form(location: str) -> dict:
    return load(AlertForm, location, lenient=True)


@bp.route("/alerts", methods=["GET", "POST"])
@login_required
@ALERT.limited
def index():
    data, error = _form("form" if request.method == "POST" else "query"), None
    if request.method == "POST":
        try:
            alert = alerts.create_alert(current_user, ALERT.load_form())
        except DomainError as problem:
            error = problem
        else:
            flash(_("You now watch “%(term)s”.", term=alert.term), "success")
            return redirect(url_for("alerts.index"), code=303)
    preview = _preview(data) if data["preview"] else None
    return render_template(
        "alerts/index.html",
        alerts=alerts.list_alerts(current_user),
        form=data,
        error=error,
        preview=preview,
        types=alerts.ALERT_TYPES,
    ), error.status if error else 200


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
@ALERT_PREVIEW.limited
def preview():
    data = _form("query")
    result = _preview(data) if data["term"].strip() else None
    if is_htmx():
        return render_template("alerts/_preview.html", preview=result, form=data)
    shown = {**data, "preview": 1, "variants": 1 if data["variants"] else None}
    return redirect(url_for("alerts.index", **shown))


@bp.route("/alerts/<int:alert_id>/delete", methods=["POST"])
@login_required
def delete(alert_id):
    try:
        alerts.delete_alert(current_user, alert_id)
        flash(_("Alert removed."), "success")
    except DomainError as error:
        flash_error(error)
    return redirect(url_for("alerts.index"), code=303)
