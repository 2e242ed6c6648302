"""Errors as the API answers them: one JSON shape, a fitting status, documented once."""

from __future__ import annotations

import marshmallow as ma
from flask import jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..errors import DomainError

PREFIX = "/api/v1"


class ErrorBody(ma.Schema):
    code = ma.fields.String(metadata={"description": "machine-readable, e.g. validation_error"})
    message = ma.fields.String(metadata={"description": "for people, in their language"})
    fields = ma.fields.Dict(metadata={"description": "field name → what is wrong"})


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
