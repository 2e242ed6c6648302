"""Logging in and out, signing up by invitation or company domain, and a new password
by e-mail."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..accounts import logins, passwords, people, sso
from ..errors import DomainError
from ..platform.actions import Action
from .forms import (
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
    SignupRequestForm,
)
from .pages import flash_error, safe_next

bp = Blueprint("auth", __name__)
# Only pages offer these (WTForms checks their forms); their limits count per address.
LOGIN = Action("login")
SIGNUP = Action("signup")
PASSWORD_RESET = Action("password_reset")


def log_in(user, remember: bool = False) -> None:
    """Start a login for this browser, however the person proved who they are (password,
    sign-up, single sign-on): every way in goes through here. The login is a row that
    the cookies name (accounts.logins), so logging out ends it on the server too."""
    user.login_id = logins.start(user, request.user_agent.string, remember)
    login_user(user, remember=remember)


def login_page(form=None, error=None, status: int = 200):
    """The login page: the password form (unless switched off) and single sign-on's
    button (when configured), with `error` from a sign-in that was refused."""
    return render_template(
        "auth/login.html",
        form=form or LoginForm(),
        sso_name=sso.provider_name(),
        password_login=people.password_login(),
        error=error,
    ), status


@bp.route("/login", methods=["GET", "POST"])
@LOGIN.limited
def login():
    if current_user.is_authenticated:
        return redirect(safe_next())
    form = LoginForm()
    if not people.password_login():
        return login_page(form, status=403 if request.method == "POST" else 200)
    if form.validate_on_submit():
        user = people.authenticate(form.email.data, form.password.data)
        if user:
            log_in(user, remember=form.remember.data)
            return redirect(safe_next(), code=303)
        flash(_("That e-mail and password don't match an active account."), "error")
    return login_page(form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logins.end(current_user.login_id)
    logout_user()
    flash(_("You are logged out."), "info")
    response = redirect(url_for("auth.login"), code=303)
    # What this browser kept for offline use (the last feed page) goes with the login.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/signup", methods=["GET", "POST"])
@SIGNUP.limited
def signup_request():
    if not people.password_login():  # the provider's sign-in makes accounts
        return redirect(url_for("auth.login"))
    form = SignupRequestForm()
    if form.validate_on_submit():
        try:
            # The mail goes out in the language this browser asked for, after the commit.
            email = people.request_signup(form.email.data, language=str(get_locale()))
        except DomainError as error:
            flash_error(error)
        else:
            return render_template("auth/signup_sent.html", email=email)
    return render_template("auth/signup_request.html", form=form)


@bp.route("/signup/<token>", methods=["GET", "POST"])
@SIGNUP.limited
def signup(token):
    if not people.password_login():
        return redirect(url_for("auth.login"))
    try:
        email = people.read_signup_token(token)
    except DomainError as error:
        return render_template("auth/signup_invalid.html", message=str(error.message)), error.status
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = people.sign_up(
                token, form.name.data, form.password.data, handle=form.handle.data or None
            )
        except DomainError as error:
            flash_error(error)
        else:
            log_in(user)
            flash(_("Welcome to Kring, %(name)s!", name=user.name), "success")
            return redirect(url_for("mailprefs.welcome"), code=303)
    if not form.handle.data:
        form.handle.data = people.suggest_handle(email)
    return render_template("auth/signup.html", form=form, email=email)


@bp.route("/password/forgot", methods=["GET", "POST"])
@PASSWORD_RESET.limited
def forgot_password():
    """Ask for a link to choose a new password: the same answer for any address."""
    if not people.password_login():
        return redirect(url_for("auth.login"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            email = passwords.request_reset(form.email.data, language=str(get_locale()))
        except DomainError as error:
            flash_error(error)
        else:
            return render_template("auth/password_sent.html", email=email)
    return render_template("auth/password_forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@PASSWORD_RESET.limited
def reset_password(token):
    if not people.password_login():
        return redirect(url_for("auth.login"))
    try:
        passwords.read_reset_token(token)
    except DomainError as error:
        return render_template(
            "auth/signup_invalid.html", message=str(error.message), again="auth.forgot_password"
        ), error.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = passwords.reset_password(token, form.password.data)
        except DomainError as error:
            flash_error(error)
        else:
            log_in(user)
            flash(_("Your new password is set. Other devices are logged out."), "success")
            return redirect(url_for("feed.index"), code=303)
    return render_template("auth/password_reset.html", form=form)
