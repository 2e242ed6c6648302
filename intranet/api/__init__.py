"""The JSON API v1: bearer tokens, JSON errors, OpenAPI generated from the code."""

from __future__ import annotations

import marshmallow as ma
from flask import Flask, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..errors import DomainError
from ..extensions import csrf
from ..services.tokens import user_for_token

PREFIX = "/api/v1"
PUBLIC = {f"{PREFIX}/openapi.json"}


class ErrorBody(ma.Schema):
    code = ma.fields.String(metadata={"description": "machine-readable, e.g. validation_error"})
    message = ma.fields.String(metadata={"description": "for people, in their language"})
    fields = ma.fields.Dict(metadata={"description": "field name → what is wrong"})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBody)


class KringApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Errors are rendered by errors_web for pages and by api_error for the API."""


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def api_error(status: int, code: str, message, **extra):
    payload = {"error": {"code": code, "message": str(message), **extra}}
    response = jsonify(payload)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kring"'
    return response


def domain_error(error: DomainError):
    extra = dict(error.details)
    if getattr(error, "fields", None):
        extra["fields"] = {k: str(v) for k, v in error.fields.items()}
    return api_error(error.status, error.code, error.message, **extra)


def http_error(error: HTTPException):
    data = getattr(error, "data", None) or {}
    if error.code == 422 and "messages" in data:
        fields = {}
        for location in data["messages"].values():
            for name, messages in location.items():
                fields[name] = "; ".join(messages) if isinstance(messages, list) else str(messages)
        return api_error(
            422,
            "validation_error",
            _("Some fields are not right: %(f)s.", f=", ".join(fields)),
            fields=fields,
        )
    if isinstance(error, CSRFError):
        return api_error(400, "csrf_failed", _("The form expired or the CSRF token is missing."))
    code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
    message = data.get("message") or error.description
    return api_error(error.code or 500, code, message)


def authenticate():
    """Bearer token, or the browser's session (then unsafe methods need the CSRF header)."""
    if not is_api_request() or request.path in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, secret = header.partition(" ")
        user = user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            return api_error(401, "unauthorized", _("This API token is not valid."))
        g.api_user = user
    elif current_user.is_authenticated:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()  # a browser's session: unsafe methods need the X-CSRFToken header
        g.api_user = current_user._get_current_object()
    else:
        return api_error(401, "unauthorized", _("Send an API token: Authorization: Bearer …"))
    g.language = g.api_user.language
    return None


def viewer():
    return g.api_user


def init_api(app: Flask) -> None:
    from . import (
        alerts,
        candidates,
        clients,
        feed,
        groups,
        me,
        notifications,
        posts,
        referrals,
        search,
        sharing,
    )

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
        alerts,
        notifications,
        groups,
        clients,
        referrals,
        candidates,
        sharing,
    ):
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp, url_prefix=PREFIX)
    app.before_request(authenticate)
    app.extensions["kring_api"] = api
