"""HTML pages: thin views that parse a request, call a service and render a template."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..accounts import photos
from ..models import POSTABLE_TYPES, REACTIONS
from ..notifying.notifications import unread_count
from ..platform.clock import local_today
from ..recruiting.referrals import can_see_candidate
from . import (
    admin,
    alerts,
    analytics,
    attachments,
    auth,
    balancing,
    candidates,
    cards,
    clients,
    embed,
    feed,
    groups,
    health,
    icons,
    inbox,
    installing,
    labels,
    mailprefs,
    people,
    posts,
    privacy,
    public,
    referrals,
    reputation,
    search,
    settings,
    sharing,
    sockets,  # noqa: F401 - its import registers the Socket.IO handlers
    sso,
    subscriptions,
    vacancies,
    webhooks,
)
from .composer import composer_inside
from .pages import content_policy, next_page_url


def _header_counts() -> dict:
    """The unread count in the header: one query per page, only for people logged in."""
    if not current_user.is_authenticated or request.blueprint == "api":
        return {}
    return {"unread_count": unread_count(current_user)}


def _sees_candidate(referral) -> bool:
    return current_user.is_authenticated and can_see_candidate(current_user, referral)


def _template_globals():
    return {
        "TYPE_LABELS": labels.Words(labels.TYPE_LABELS),
        "TYPE_PLURALS": labels.Words(labels.TYPE_PLURALS),
        "TYPE_HINTS": labels.Words(labels.TYPE_HINTS),
        "STATUS_LABELS": labels.Words(labels.STATUS_LABELS),
        "KIND_LABELS": labels.Words(labels.KIND_LABELS),
        "SEVERITY_LABELS": labels.Words(labels.SEVERITY_LABELS),
        "ROLE_LABELS": labels.Words(labels.ROLE_LABELS),
        "FORMAT_LABELS": labels.Words(labels.FORMAT_LABELS),
        "FIELD_LABELS": labels.Words(labels.FIELD_LABELS),
        "FIELD_PLACEHOLDERS": labels.Words(labels.FIELD_PLACEHOLDERS),
        "POSTABLE_TYPES": POSTABLE_TYPES,
        "REASON_LABELS": labels.Words(labels.REASON_LABELS),
        "REASON_FILTERS": labels.Words(labels.REASON_FILTERS),
        "CHANNEL_LABELS": labels.Words(labels.CHANNEL_LABELS),
        "DIGEST_SECTIONS": labels.Words(labels.DIGEST_SECTIONS),
        "REFERRAL_STATUS_LABELS": labels.Words(labels.REFERRAL_STATUS_LABELS),
        "REACTION_LABELS": labels.Words(labels.REACTION_LABELS),
        "REACTIONS": REACTIONS,
        "sees_candidate": _sees_candidate,
        "csrf_token": generate_csrf,
        "next_page_url": next_page_url,
        "today": local_today,
        "card_face": cards.card_face,
        "card_actions": cards.card_actions,
        "card_footer": cards.card_footer,
        "header_part": cards.header_part,
        "attached": attachments.attached,
        "attachment_url": attachments.address,
        "file_size": attachments.file_size,
        "photo_url": photos.url,
        "icon": icons.icon,
        "composer_inside": composer_inside,
    }


def register_web(app: Flask) -> None:

    for module in (
        auth,
        sso,
        feed,
        posts,
        attachments,
        people,
        groups,
        search,
        alerts,
        inbox,
        settings,
        mailprefs,
        admin,
        vacancies,
        referrals,
        candidates,
        privacy,
        analytics,
        sharing,
        public,
        clients,
        reputation,
        webhooks,
        subscriptions,
        embed,
        installing,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(health.bp)
    balancing.register(app)
    app.context_processor(_header_counts)
    app.jinja_env.globals.update(_template_globals())  # globals reach imported macros too

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # A page that says who may frame it (the vacancies widget) is not refused by XFO.
        if "frame-ancestors" not in response.headers.get("Content-Security-Policy", ""):
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", content_policy())
        if current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
