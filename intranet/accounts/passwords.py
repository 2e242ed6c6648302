"""A new password by e-mail: a signed link that expires within the hour and works once
(it names a fingerprint of the password it replaces), asked for with the same answer
whether or not the address has an account."""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..errors import Forbidden
from ..extensions import db
from ..models import User
from ..platform.database import writes
from . import logins, people

RESET_MAX_AGE = 3600  # seconds a link works


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="kring-password-reset")


def _fingerprint(user: User) -> str:
    """Changes with the password, so a link stops working once it was used."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


@writes
def request_reset(email, language: str | None = None) -> str:
    """Owe `email` a link to choose a new password; the job sends it only if an active
    account has this address, so the answer is the same either way."""
    email = people.normalise_email(email)
    people.require_password_login()
    people.owe_mail("reset", email, language)
    return email


def reset_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def read_reset_token(token: str) -> User:
    """The person a reset link is for, or Forbidden with why it doesn't work."""
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired:
        raise Forbidden(
            _l("This link has expired. Ask for a new one."), code="link_expired"
        ) from None
    except (BadSignature, TypeError, ValueError):
        raise Forbidden(_l("This link is not valid."), code="bad_link") from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or fingerprint != _fingerprint(user):
        raise Forbidden(
            _l("This link was already used, or your password changed since. Ask for a new one."),
            code="link_used",
        )
    return user


@writes
def reset_password(token: str, password) -> User:
    """Set the new password; every login of the person ends (the link's browser logs in
    afresh)."""
    people.require_password_login()
    user = read_reset_token(token)
    user.password_hash = people.hash_password(people.check_password(password))
    user.session_version += 1
    logins.end_all(user)
    return user
