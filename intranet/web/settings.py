"""Your profile, language, password, logins and API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..accounts import logins, people, tokens
from ..api.actions import SETTINGS
from ..errors import DomainError
from .forms import PasswordForm, TokenForm
from .pages import flash_error

bp = Blueprint("settings", __name__, url_prefix="/settings")


PROFILE = ("name", "job_title", "department", "location", "skills", "bio", "language")


@bp.route("/", methods=["GET", "POST"])
@login_required
@SETTINGS.limited
def profile():
    values = {name: getattr(current_user, name) or "" for name in PROFILE}
    errors = {}
    if request.method == "POST":
        try:
            people.update_profile(current_user, SETTINGS.load_form())
        except DomainError as error:
            values, errors = SETTINGS.sent(), getattr(error, "fields", None) or {}
            if not errors:
                flash_error(error)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("settings.profile"), code=303)
    return render_template(
        "settings/profile.html",
        values=values,
        errors=errors,
        password_form=PasswordForm(),
        password_login=people.password_login(),
    ), 422 if errors else 200


@bp.route("/password", methods=["POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            people.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            flash_error(error)
        else:
            login_user(current_user)  # this device stays logged in; others are logged out
            flash(_("Your password is changed. Other devices are logged out."), "success")
    else:
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
    return redirect(url_for("settings.profile"), code=303)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def api_tokens():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create_token(current_user, form.name.data)
        except DomainError as error:
            flash_error(error)
        form = TokenForm(formdata=None)
    return render_template(
        "settings/tokens.html", form=form, secret=secret, tokens=tokens.list_tokens(current_user)
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    tokens.revoke_token(current_user, token_id)
    flash(_("The token is revoked; programs using it are refused from now on."), "success")
    return redirect(url_for("settings.api_tokens"), code=303)


@bp.route("/logins")
@login_required
def login_list():
    return render_template(
        "settings/logins.html",
        logins=logins.active(current_user),
        browser=logins.browser,
        here=current_user.login_id,
    )


@bp.route("/logins/<login_id>/end", methods=["POST"])
@login_required
def end_login(login_id):
    logins.end_one(current_user, login_id)
    if login_id == current_user.login_id:
        logout_user()
        flash(_("You are logged out."), "info")
        return redirect(url_for("auth.login"), code=303)
    flash(_("That login is ended: the browser must log in again."), "success")
    return redirect(url_for("settings.login_list"), code=303)


@bp.route("/logins/end-all", methods=["POST"])
@login_required
def logout_everywhere():
    people.logout_everywhere(current_user)
    logout_user()
    flash(_("You are logged out everywhere, on this browser too."), "info")
    return redirect(url_for("auth.login"), code=303)
