"""Domain errors raised by services; web and API turn them into messages and status codes."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of Kring was broken; `message` is fit to show the user (lazily translated)."""

    status = 400
    code = "bad_request"

    def __init__(self, message, *, code: str | None = None, details: dict | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or {}
        self.fields: dict = {}  # a field's name → its message (ValidationError fills it)


class ValidationError(DomainError):
    """One or more fields are wrong; `fields` maps field name to message."""

    status = 422
    code = "validation_error"

    def __init__(
        self, field: str | None, message, *, code: str | None = None, details: dict | None = None
    ):
        super().__init__(message, code=code, details=details)
        self.fields = {field: message} if field else {}

    @classmethod
    def many(cls, fields: dict) -> ValidationError:
        first = next(iter(fields.values()))
        error = cls(None, first)
        error.fields = dict(fields)
        return error


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class OutOfSpace(DomainError):
    """A file could not be written (disk full, a size limit): nothing was saved."""

    status = 507
    code = "out_of_space"
