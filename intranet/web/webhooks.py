"""Settings → Teams and Slack: webhooks that send new posts to a channel."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import WEBHOOK, WEBHOOK_TEST
from ..errors import DomainError
from ..models import POSTABLE_TYPES
from ..notifying import alerts, webhooks
from ..platform.actions import load
from ..posting import groups
from .pages import flash_error

bp = Blueprint("webhooks", __name__, url_prefix="/settings/webhooks")


class Pause(ma.Schema):
    paused = ma.fields.Boolean(load_default=True)


@bp.route("/", methods=["GET", "POST"])
@login_required
@WEBHOOK.limited
def index():
    values, errors, created = {"format": "teams", "language": current_user.language}, {}, None
    if request.method == "POST":
        try:
            created = webhooks.create_webhook(current_user, WEBHOOK.load_form())
        except DomainError as error:
            values, errors = WEBHOOK.sent(), getattr(error, "fields", None) or {}
            if not errors or "source" in errors:
                flash_error(error)
        else:
            flash(_("“%(name)s” is added. Send it a test message.", name=created.name), "success")
            values = {"format": "teams", "language": current_user.language}
    return render_template(
        "settings/webhooks.html",
        webhooks=webhooks.list_webhooks(current_user),
        groups_options={
            "": "—",
            **{str(key): name for key, name in groups.readable_names(current_user)},
        },
        alerts_options={"": "—", **{str(a.id): a.term for a in alerts.list_alerts(current_user)}},
        types=POSTABLE_TYPES,
        values=values,
        errors=errors,
        created=created,
    ), 422 if errors else 201 if created else 200


@bp.route("/<int:webhook_id>/test", methods=["POST"])
@login_required
@WEBHOOK_TEST.limited
def test(webhook_id):
    try:
        webhook = webhooks.get_webhook(current_user, webhook_id)
        webhooks.send_test(current_user, webhook)
    except DomainError as error:
        flash_error(error)
    else:
        flash(_("A test message is on its way to “%(name)s”.", name=webhook.name), "info")
    return redirect(url_for("webhooks.index", _anchor=f"webhook-{webhook_id}"), code=303)


@bp.route("/<int:webhook_id>/pause", methods=["POST"])
@login_required
@WEBHOOK.limited
def pause(webhook_id):
    paused = load(Pause)["paused"]
    try:
        webhook = webhooks.get_webhook(current_user, webhook_id)
        webhooks.change_webhook(current_user, webhook, {"paused": paused})
    except DomainError as error:
        flash_error(error)
    else:
        flash(_("Paused.") if paused else _("Sending again."), "success")
    return redirect(url_for("webhooks.index", _anchor=f"webhook-{webhook_id}"), code=303)


@bp.route("/<int:webhook_id>/delete", methods=["POST"])
@login_required
def delete(webhook_id):
    try:
        webhooks.delete_webhook(current_user, webhooks.get_webhook(current_user, webhook_id))
    except DomainError as error:
        flash_error(error)
    else:
        flash(_("The webhook is deleted."), "success")
    return redirect(url_for("webhooks.index"), code=303)
