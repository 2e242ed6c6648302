"""E-mail settings: the digest, the posting address, the welcome question, unsubscribing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import SETTINGS
from ..errors import DomainError
from ..extensions import csrf, db
from ..mailin import addresses, history
from ..models import User
from ..notifying import digests, notifications, previews
from ..notifying.composing import read_unsubscribe_token
from .pages import flash_error, preview_page

bp = Blueprint("mailprefs", __name__)
WEEKDAYS = range(7)


@bp.route("/settings/email", methods=["GET", "POST"])
@login_required
@SETTINGS.limited
def email():
    if request.method == "POST":
        try:
            digests.set_digest(current_user, SETTINGS.load_form())
        except DomainError as error:
            flash_error(error)
        else:
            flash(_("Your e-mail settings are saved."), "success")
            return redirect(url_for("mailprefs.email"), code=303)
    return render_template(
        "settings/email.html",
        address=addresses.personal_address(current_user),
        weekdays=WEEKDAYS,
        preview=previews.preview(current_user),
        recent=history.recent_for(current_user),
        explain=history.explain,
    )


@bp.route("/settings/email/digest-preview")
@login_required
def digest_preview():
    return preview_page(previews.preview(current_user))


@bp.route("/settings/email/address", methods=["POST"])
@login_required
def renew():
    addresses.renew_address(current_user)
    flash(_("You have a new posting address; the old one no longer works."), "success")
    return redirect(url_for("mailprefs.email"), code=303)


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
@SETTINGS.limited
def welcome():
    """Asked once, right after sign-up: how would you like to hear from Kring?"""
    if request.method == "POST":
        try:
            digests.set_digest(current_user, {"digest": SETTINGS.load_form().get("digest")})
        except DomainError as error:
            flash_error(error)
        else:
            return redirect(url_for("feed.index"), code=303)
    return render_template("settings/welcome.html")


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a session or token
def unsubscribe(token):
    found = read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        return render_template("settings/unsubscribe.html", invalid=True), 404
    kind = found[1]
    if request.method == "POST":
        if kind == "notify":
            notifications.no_email(user)
        else:
            digests.unsubscribe(user)
        return render_template("settings/unsubscribe.html", done=True, person=user, kind=kind)
    return render_template("settings/unsubscribe.html", person=user, token=token, kind=kind)
