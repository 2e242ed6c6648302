"""The JSON API v1: bearer tokens, JSON errors, OpenAPI generated from the code."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from ..extensions import csrf
from . import (
    alerts,
    candidates,
    clients,
    drafts,
    feed,
    groups,
    me,
    notifications,
    posts,
    referrals,
    search,
    sharing,
    suggestions,
    webhooks,
)
from .auth import authenticate
from .errors import PREFIX, ErrorSchema


class KringApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Errors are rendered by web.errors for pages and by api_error for the API."""


def init_api(app: Flask) -> None:
    api = KringApi(
        app,
        spec_kwargs={
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    )
    for module in (
        me,
        posts,
        feed,
        search,
        suggestions,
        alerts,
        notifications,
        groups,
        clients,
        referrals,
        candidates,
        sharing,
        webhooks,
        drafts,
    ):
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp, url_prefix=PREFIX)
    app.before_request(authenticate)
    app.extensions["kring_api"] = api
