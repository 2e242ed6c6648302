"""Your profile, language, password, logins and API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts import logins, people, photos, tokens
from ..api.actions import SETTINGS
from ..errors import DomainError
from ..extensions import csrf
from ..platform.inputs import takes_body
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
    return _profile_page(values, errors)


def _profile_page(values: dict, errors: dict, photo_error=None):
    return render_template(
        "settings/profile.html",
        values=values,
        errors=errors,
        photo_error=photo_error,
        password_form=PasswordForm(),
        password_login=people.password_login(),
    ), 422 if errors or photo_error else 200


@bp.route("/photo", methods=["POST"])
@takes_body(photos.PHOTO_MAX + 64 * 1024)  # the photo and the form's few other fields
@csrf.exempt  # checked below: a body over even that limit is refused beside the field
@login_required
@SETTINGS.limited
def photo():
    """Upload a photo (cropped to the square picked, else the centre), remove it, or put
    the one before back."""
    try:
        csrf.protect()
        action = request.form.get("action", "upload")
        if action == "remove":
            photos.remove_photo(current_user)
            flash(_("Your photo is removed: colleagues see your initials."), "success")
        elif action == "restore":
            photos.restore_photo(current_user)
            flash(_("Your previous photo is back."), "success")
        else:
            sent = request.files.get(photos.NAME)
            content = None
            if sent and sent.filename:
                content = sent.stream.read(photos.PHOTO_MAX + 1)
                sent.close()  # a large one waits in a temporary file: closed at once
            photos.set_photo(current_user, content, photos.crop_box(request.form))
            flash(_("Your photo is saved."), "success")
    except RequestEntityTooLarge:
        return _photo_refused(_("A photo may be at most 8 MB. Send a smaller one."))
    except CSRFError:
        return _photo_refused(_("This form was open too long. Please choose the photo again."))
    except DomainError as error:
        fields = getattr(error, "fields", None) or {}
        return _photo_refused(str(fields.get(photos.NAME) or error.message), error.status)
    return redirect(url_for("settings.profile", _anchor="photo"), code=303)


def _photo_refused(message: str, status: int = 422):
    """The settings page again with why the photo was not taken, beside its field."""
    values = {name: getattr(current_user, name) or "" for name in PROFILE}
    page, _status = _profile_page(values, {}, photo_error=message)
    return page, status


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
