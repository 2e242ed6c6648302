"""E-mail Kring writes: rendered in the reader's language, with links to Kring's base URL,
an HTML part (inline CSS, tables: what mail clients understand) and a text part."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from babel import Locale
from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape

from ..links import base_url
from ..models import User
from ..platform.mailer import address, build
from ..text.matcher import Matcher, TermError, parse_term

# The request context for_language pushed (with its base URL), while it is pushed: inside
# it, for_language only switches the language. A digest batch renders its messages in one.
_rendering: ContextVar[tuple[str, object] | None] = ContextVar("kring_rendering", default=None)


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(language)  # looked up on disk each time otherwise


@contextmanager
def for_language(language: str | None):
    """Render as if in a request on the base URL, in `language` (or Kring's default)."""
    base = base_url()
    if language not in current_app.config["KRING_LANGUAGES"]:
        language = current_app.config["KRING_DEFAULT_LANGUAGE"]
    ours = _rendering.get()
    if (
        ours is not None
        and ours[0] == base
        and has_request_context()
        and request._get_current_object() is ours[1]
    ):
        with force_locale(_locale(language)):
            yield
        return
    with current_app.test_request_context("/", base_url=base):
        token = _rendering.set((base, request._get_current_object()))
        try:
            with force_locale(_locale(language)):
                yield
        finally:
            _rendering.reset(token)


def for_reader(user: User):
    """Render as if in a request on the base URL, in the reader's language."""
    return for_language(user.language)


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _serializer_for(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="kring-unsubscribe")


def unsubscribe_token(user: User, kind: str = "digest") -> str:
    """Signed (person, kind of mail): one click stops that kind of mail only."""
    return _serializer().dumps([user.id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and value[1] in ("digest", "notify")
    ):
        return value[0], value[1]
    return None


def excerpt(text: str, term: str | None = None, width: int = 220) -> Markup:
    """A piece of the post's text, the alert's words in <strong>, everything escaped."""
    text = re.sub(r"\s+", " ", text).strip()
    hit = None
    if term:
        try:
            hit = Matcher([(1, parse_term(term), False)]).match(text).get(1)
        except TermError:
            hit = None
    if hit is None:
        short = text[:width] + ("…" if len(text) > width else "")
        return Markup(escape(short))
    start = max(0, hit.start - width // 3)
    end = min(len(text), hit.end + width // 2)
    return Markup("{}{}<strong>{}</strong>{}{}").format(
        "…" if start else "",
        text[start : hit.start],
        text[hit.start : hit.end],
        text[hit.end : end],
        "…" if end < len(text) else "",
    )


def compose_message(
    user: User,
    template: str,
    subject: str,
    headers: dict | None = None,
    unsubscribe_kind: str | None = "digest",
    to: str | None = None,
    **context,
):
    """Both parts of an e-mail from templates/email/<template>.{txt,html}, for `user` (to
    them, or to `to`: an admin's preview of their digest)."""
    unsubscribe = base_url() + url_for(
        "mailprefs.unsubscribe", token=unsubscribe_token(user, unsubscribe_kind or "digest")
    )
    context.update(
        user=user,
        excerpt=excerpt,
        unsubscribe_url=unsubscribe,
        base_url=base_url(),
    )
    all_headers = dict(headers or {})
    if unsubscribe_kind:
        all_headers.update(
            {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        )
    to = to or address(user.name, user.email)
    return compose_to(to, template, subject, all_headers, **context)


def compose_to(to: str, template: str, subject: str, headers: dict | None = None, **context):
    """Both parts of an e-mail from templates/email/<template>.{txt,html}, to `to` (a To
    header), rendered where it is called (inside for_language or for_reader)."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    all_headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
    return build(to, subject, text, html, all_headers)
