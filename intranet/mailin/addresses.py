"""The e-mail addresses that post to Kring: personal, per group, and reply addresses."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Group, Post, User
from ..platform.database import writes

_LOCAL = re.compile(r"^(?P<alias>[a-z0-9._-]+)\+(?P<token>[a-z0-9._-]+)$")
_REPLY = re.compile(r"^r(?P<post>\d{1,10})-(?P<user>\d{1,10})-(?P<mac>[0-9a-f]{16})$")


def mail_domain() -> str:
    configured = current_app.config.get("KRING_MAIL_DOMAIN")
    if configured:
        return configured.lower()
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return sender.split("@")[-1].lower() if "@" in sender else "localhost"


def type_aliases() -> dict[str, str]:
    """Local parts that choose the type of post (configurable): vacature@ → vacancy."""
    return {"kring": "update", **current_app.config["KRING_MAIL_TYPE_ALIASES"]}


def _new_token(prefix: str = "") -> str:
    return prefix + secrets.token_hex(10)


def ensure_token(user: User) -> str:
    """The user's posting token, made the first time it is needed. Flushes."""
    if not user.post_token:
        user.post_token = _new_token()
        db.session.flush()
    return user.post_token


def post_address(user: User) -> str | None:
    return f"kring+{user.post_token}@{mail_domain()}" if user.post_token else None


@writes
def personal_address(user: User) -> str:
    ensure_token(user)
    return post_address(user)


@writes
def renew_address(user: User) -> str:
    """A new secret: mail to the old address is refused from now on."""
    user.post_token = _new_token()
    return post_address(user)


@writes
def group_address(group: Group) -> str:
    if not group.post_token:
        group.post_token = _new_token("g")
    return f"kring+{group.post_token}@{mail_domain()}"


def _mac(post_id: int, user_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"reply:{post_id}:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


def reply_address(post: Post, user: User) -> str:
    """The Reply-To of a notification e-mail: answering it replies to the post."""
    root = post.parent_id or post.id
    return f"kring+r{root}-{user.id}-{_mac(root, user.id)}@{mail_domain()}"


@dataclass
class Target:
    kind: str  # user, group, reply
    post_type: str
    user: User | None = None
    group: Group | None = None
    post_id: int | None = None


def resolve(address: str) -> Target | None:
    """Which posting address this is (if it is one of ours with a valid token)."""
    local, _, domain = address.lower().partition("@")
    match = _LOCAL.match(local)
    if domain != mail_domain() or not match:
        return None
    post_type = type_aliases().get(match.group("alias"))
    token = match.group("token")
    if post_type is None:
        return None
    reply = _REPLY.match(token)
    if reply:
        post_id, user_id = int(reply.group("post")), int(reply.group("user"))
        if not hmac.compare_digest(reply.group("mac"), _mac(post_id, user_id)):
            return None
        return Target("reply", "update", user=db.session.get(User, user_id), post_id=post_id)
    if token.startswith("g"):
        group = db.session.scalar(select(Group).where(Group.post_token == token))
        return Target("group", post_type, group=group) if group else None
    user = db.session.scalar(select(User).where(User.post_token == token))
    return Target("user", post_type, user=user) if user else None
