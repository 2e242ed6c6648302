"""Personal calendar and feed addresses: one signed secret per person in every address,
renewed all at once and dead with the account.

The secret signs (person, `feeds_version`): nothing is stored but the version, renewing
bumps it, and so does deactivation, so an old address never reads again.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..models import User
from ..platform.database import writes

SALT = "kring.subscriptions"
MAX_SECRET = 200


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def secret_for(user: User) -> str:
    """The secret in this person's calendar and feed addresses."""
    return _serializer().dumps([user.id, user.feeds_version or 0])


def user_for_secret(secret: str) -> User | None:
    """The active person whose current addresses carry `secret`, or None."""
    if not secret or len(secret) > MAX_SECRET:
        return None
    try:
        user_id, version = _serializer().loads(secret)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or (user.feeds_version or 0) != version:
        return None
    return user


@writes
def renew(user: User) -> str:
    """New addresses: the old ones stop working at once."""
    revoke(user)
    return secret_for(user)


def revoke(user: User) -> None:
    """Within a use-case that ends someone's access (deactivation): flushes only."""
    user.feeds_version = (user.feeds_version or 0) + 1
