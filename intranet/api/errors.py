"""Errors as the API answers them: one JSON shape, a fitting status, documented once."""

from __future__ import annotations

from datetime import timedelta

import marshmallow as ma
from flask import jsonify, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..errors import DomainError
from ..platform.actions import field_messages, retry_after

PREFIX = "/api/v1"


class ErrorBody(ma.Schema):
    code = ma.fields.String(metadata={"description": "machine-readable, e.g. validation_error"})
    message = ma.fields.String(metadata={"description": "for people, in their language"})
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "field name → what is wrong"},
    )
    retry_after = ma.fields.Integer(
        metadata={"description": "429: seconds until the limit lets you through again"}
    )
    valid_types = ma.fields.List(
        ma.fields.String(), metadata={"description": "an unknown post type: the ones there are"}
    )
    valid_statuses = ma.fields.List(
        ma.fields.String(), metadata={"description": "an unknown status: the ones there are"}
    )


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBody)


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
    if error.code in (400, 422) and "messages" in data:  # 400: a schema that asks for it
        fields = {}
        for location in data["messages"].values():
            fields.update(field_messages(location))
        return api_error(
            error.code,
            "validation_error",
            _("Some fields are not right: %(f)s.", f=", ".join(fields)),
            fields=fields,
        )
    if error.code == 429:
        return too_many_requests()
    if isinstance(error, CSRFError):
        return api_error(400, "csrf_failed", _("The form expired or the CSRF token is missing."))
    code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
    message = data.get("message") or error.description
    response = api_error(error.code or 500, code, message)
    for name, value in error.get_headers():  # 405's Allow, 401's WWW-Authenticate, …
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def too_many_requests():
    """An action's limit is reached: how long to wait, in the header and in the body."""
    wait = retry_after()
    response = api_error(
        429,
        "too_many_requests",
        _("Too many requests: try again in %(wait)s.", wait=wait_text(wait)),
        retry_after=wait,
    )
    response.headers["Retry-After"] = str(wait)
    return response


def wait_text(seconds: int) -> str:
    """'45 seconds', '2 minutes': how long to wait, in the reader's language."""
    return format_timedelta(timedelta(seconds=seconds), threshold=2)
