"""API tokens: created in the profile or by `users token`, stored as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import ApiToken, User
from ..platform.clock import utcnow
from ..platform.database import writes
from . import sockets

PREFIX = "kr_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@writes
def create_token(user: User, name="API") -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and never stored."""
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > 80:
        raise ValidationError("name", _l("Give the token a name of at most 80 characters."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash(secret), prefix=secret[:10])
    db.session.add(token)
    return token, secret


def _well_formed(secret: str) -> bool:
    return bool(secret) and secret.startswith(PREFIX) and len(secret) <= 100


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, held by an active user, or None."""
    if not _well_formed(secret):
        return None
    token = db.session.scalar(_statements()["token"], {"hash": _hash(secret)})
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token


def user_for_token(secret: str) -> User | None:
    """The active user whose live token this is, or None: every API call's first read,
    the user alone (reading the token as an object beside it cost a quarter more)."""
    if not _well_formed(secret):
        return None
    user = db.session.scalar(_statements()["user"], {"hash": _hash(secret)})
    return user if user is not None and user.is_active else None


@cache
def _statements() -> dict:
    """Built once: a token with its user (a socket keeps the token's id), and a live
    token's user."""
    by_hash = ApiToken.token_hash == bindparam("hash")
    return {
        "token": select(ApiToken).where(by_hash).options(joinedload(ApiToken.user)),
        "user": select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(by_hash, ApiToken.revoked_at.is_(None)),
    }


def bearer_secret(header: str | None) -> str | None:
    """The secret an `Authorization: Bearer <secret>` header sends (the scheme in any
    case), or None: no header, another scheme, no secret."""
    scheme, _sep, secret = (header or "").partition(" ")
    secret = secret.strip()
    return secret if scheme.lower() == "bearer" and secret else None


def bearer_user(header: str | None) -> User | None:
    """The user whose live token an Authorization header sends, or None."""
    secret = bearer_secret(header)
    return user_for_token(secret) if secret else None


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )


@writes
def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_l("There is no such token."))
    token.revoked_at = token.revoked_at or utcnow()
    sockets.disconnect_token(token.id)
