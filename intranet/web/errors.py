"""Error pages for people and JSON errors for the API, from one set of handlers."""

from __future__ import annotations

import contextlib
import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..api.errors import api_error, domain_error, http_error, is_api_request, wait_text
from ..errors import DomainError
from ..extensions import db
from ..platform.actions import retry_after


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def on_domain_error(error: DomainError):
    db.session.rollback()
    if is_api_request():
        return domain_error(error)
    return _page(error.status, _("That didn't work"), str(error.message))


def on_http_error(error: HTTPException):
    if is_api_request():
        return http_error(error)
    if isinstance(error, CSRFError):
        return _page(
            400,
            _("Please try again"),
            _(
                "This form was open too long or came from elsewhere. Reload the page "
                "and send it again; nothing was saved."
            ),
        )
    if error.code == 429:
        return too_many_requests()
    titles = {
        403: (_("Not for you"), _("You don't have access to this page.")),
        404: (_("Page not found"), _("This page does not exist, or you may not see it.")),
        413: (_("Too large"), _("What you sent is too large.")),
    }
    title, message = titles.get(error.code, (error.name, error.description))
    return _page(error.code or 500, title, message)


def too_many_requests():
    """An action's limit is reached: the page says how long to wait, and so does the header."""
    wait = retry_after()
    message = _("Too many attempts. Try again in %(wait)s.", wait=wait_text(wait))
    body, status = _page(429, _("Slow down"), message)
    return body, status, {"Retry-After": str(wait)}


def on_database_refusal(error: IntegrityError | DataError):
    """The database refused a value no check caught (a name taken a moment ago by another
    request, a value its column can't hold): nothing was saved, and the sender is told so."""
    db.session.rollback()
    logging.getLogger(__name__).warning("database refused the input: %s", error.orig)
    if isinstance(error, IntegrityError):
        status, code = 409, "conflict"
        message = _("This clashes with something saved a moment ago. Nothing was saved.")
    else:
        status, code = 400, "bad_value"
        message = _("A value can't be stored as it was sent. Nothing was saved.")
    if is_api_request():
        return api_error(status, code, message)
    return _page(status, _("That didn't work"), message)


def on_database_gone(error: OperationalError):
    """The database went away under a request (a restart, a dropped connection): this
    request fails cleanly with a 503, and the pool's pre-ping gives the next one a fresh
    connection."""
    with contextlib.suppress(Exception):  # the connection to roll back on may be dead
        db.session.rollback()
    logging.getLogger(__name__).warning("the database is unavailable: %s", error.orig)
    message = _("Kring can't reach its database just now. Please try again in a moment.")
    if is_api_request():
        response = api_error(503, "database_unavailable", message)
        response.headers["Retry-After"] = "5"
        return response
    body, status = _page(503, _("Please try again"), message)
    return body, status, {"Retry-After": "5"}


def on_server_error(_error: InternalServerError):
    """An unexpected exception (already logged by Flask): say so calmly, in the house style."""
    db.session.rollback()
    if is_api_request():
        return api_error(500, "internal_error", _("Something went wrong on our side."))
    return _page(
        500,
        _("Something went wrong"),
        _("Kring hit an error. It has been logged; please try again in a moment."),
    )


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, on_domain_error)
    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(InternalServerError, on_server_error)
    app.register_error_handler(IntegrityError, on_database_refusal)
    app.register_error_handler(DataError, on_database_refusal)
    app.register_error_handler(OperationalError, on_database_gone)
