"""What comes in from outside, made safe before any schema reads it: text without control
characters, JSON within bounds, file names that can't break a header.

Every page's form and query string and every JSON body pass through here (the app's
request class and JSON provider), so no field of any schema can carry a NUL byte into
PostgreSQL, a lone surrogate into an encoder, or a number no column can hold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import quote

from flask import Flask, Request, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property

# C0 controls and DEL, but tab, line feed and carriage return: text people type.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DEPTH = 32
MAX_DIGITS = 20


class BadJson(ValueError):
    """A JSON body Kring won't read; `message` says why, for people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def clean_text(value: str) -> str:
    """`value` without control characters (tab and line breaks stay)."""
    return CONTROL.sub("", value)


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise BadJson(_l("Numbers of more than %(n)d digits can't be used.", n=MAX_DIGITS))
    return int(digits)


def _constant(name: str):
    raise BadJson(_l("%(name)s is not a number JSON allows.", name=name))


def _clean(value, depth: int = 0):
    """Strings without control characters; lone surrogates and deep nesting refused."""
    if depth > MAX_DEPTH:
        raise BadJson(_l("JSON nested deeper than %(n)d levels can't be used.", n=MAX_DEPTH))
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadJson(_l("The JSON holds text that isn't valid Unicode.")) from None
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(k, depth): _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value]
    return value


def loads(data: str | bytes):
    """A JSON document as Kring reads it; BadJson (a ValueError) for what it won't."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
        found = json.loads(text, parse_int=_int, parse_constant=_constant)
    except BadJson:
        raise
    except RecursionError:
        raise BadJson(
            _l("JSON nested deeper than %(n)d levels can't be used.", n=MAX_DEPTH)
        ) from None
    except (ValueError, UnicodeDecodeError) as error:  # JSONDecodeError is a ValueError
        raise BadJson(_l("The body is not valid JSON: %(e)s", e=str(error)[:200])) from None
    return _clean(found)


class JsonProvider(DefaultJSONProvider):
    """Flask's JSON, reading through `loads` (request.get_json and the API's bodies)."""

    def loads(self, s, **kwargs):
        return loads(s)


def _dirty(text) -> bool:
    return not isinstance(text, str) or CONTROL.search(text) is not None


def _scrubbed(values: MultiDict) -> ImmutableMultiDict:
    """Without control characters; a part whose name could not be read (a multipart name
    the parser gave up on) is left out, since no field can ask for it."""
    if not any(_dirty(k) or _dirty(v) for k, v in values.items(multi=True)):
        return values
    return ImmutableMultiDict(
        (clean_text(k), clean_text(v) if isinstance(v, str) else v)
        for k, v in values.items(multi=True)
        if isinstance(k, str)
    )


class SafeRequest(Request):
    """A request whose query string and form carry no control characters."""

    @cached_property
    def args(self):
        return _scrubbed(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _scrubbed(self.__dict__["form"])


def _no_control_in_path() -> None:
    """A path with a control character (`/@a%00b`) names no page."""
    if CONTROL.search(request.path):
        abort(404)


def _body_first() -> None:
    """Read the whole body of a request that may write before anything else runs.

    Such a request's first transaction takes SQLite's write lock (BEGIN IMMEDIATE, see
    platform.database), and the token lookup opens it before the view reads its body: a
    client sending its body slowly (or never) would hold every other writer off. Read
    here, the body waits in memory (within MAX_CONTENT_LENGTH) or, for a file, in the
    form's temporary file, and no lock is held while it arrives. A body over the app's
    MAX_CONTENT_LENGTH is left unread (nothing of it consumed): the view may allow more
    (a CV) or say so in its own words."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    larger = _body_max(current_app.view_functions.get(request.endpoint))
    if larger:
        request.max_content_length = larger
    try:
        request.form  # noqa: B018 - a form (files too) is parsed now
        request.get_data(cache=True)  # any other body (JSON, mail) is kept for its reader
    except RequestEntityTooLarge:
        return


def takes_body(limit: int):
    """Mark a view (or a method of a MethodView) that takes a body of up to `limit` bytes
    (files): it is read first like any other, within this larger limit."""

    def mark(view):
        view.kring_body_max = limit
        return view

    return mark


def _body_max(view) -> int | None:
    if view is None:
        return None
    method = getattr(getattr(view, "view_class", None), request.method.lower(), None)
    return getattr(method, "kring_body_max", None) or getattr(view, "kring_body_max", None)


def init_app(app: Flask) -> None:
    """Every form, query string, path and JSON body is read through this module."""
    app.request_class = SafeRequest
    app.json = JsonProvider(app)
    app.before_request(_body_first)  # first: before any handler opens a transaction
    app.before_request(_no_control_in_path)


# File names -------------------------------------------------------------------------------

_NAME_AWAY = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi and invisible marks


def safe_filename(name: str | None, limit: int = 200) -> str:
    """A file name as it may be stored and shown: the last part of a path, without control
    characters, bidirectional overrides or invisible marks, spaces collapsed, at most
    `limit` characters (the end, with its extension, kept)."""
    last = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    kept = "".join(c if unicodedata.category(c) not in _NAME_AWAY else " " for c in last)
    kept = " ".join(kept.split()).strip(" .")
    return kept[-limit:].lstrip(" .")


def attachment(name: str, disposition: str = "attachment") -> str:
    """A Content-Disposition for a download named `name` (RFC 6266): an ASCII `filename`
    for old clients and the exact name as `filename*`, neither able to break the header.
    `disposition` "inline" for what the browser shows itself (an image)."""
    name = safe_filename(name) or "download"
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._ ()-]", "_", plain).strip() or "download"
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
