"""Actions: what people do through a page and through the API alike, each with one input
schema and one rate limit that both doors share.

An action is a name, a marshmallow schema and the methods its limit counts. The API
declares the schema with flask-smorest (`@blp.arguments(ACTION.schema)`), so OpenAPI stays
generated; a page loads its form or query string through the same schema
(`ACTION.load_form()`), so the same bad input gets the same field message on both, in the
reader's language. `@ACTION.limited` puts the action's limit on a page view or an API
method: one Flask-Limiter shared limit with the action's name as scope, counted per person
(by session or API token) or per address when nobody is logged in, with the amount read
from the `KRING_LIMITS` setting on every request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import marshmallow as ma
from flask import Flask, current_app, request
from flask_babel import gettext as _
from marshmallow.exceptions import SCHEMA
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict

from ..errors import ValidationError
from ..extensions import limiter

WRITES = ("POST", "PUT", "PATCH", "DELETE")
READS = ("GET",)

# marshmallow's standard messages, said the way Kring says them (and so translated): a
# template's {names} are read back from the formatted message.
MESSAGES: list[tuple[str, Callable[..., str]]] = [
    ("Missing data for required field.", lambda: _("This field is required.")),
    ("Field may not be null.", lambda: _("This field is required.")),
    ("Unknown field.", lambda: _("Kring doesn't know this field.")),
    ("Invalid input type.", lambda: _("Send an object with named fields.")),
    ("Invalid type.", lambda: _("This value has the wrong type.")),
    ("Invalid value.", lambda: _("This value can't be used.")),
    ("Invalid input.", lambda: _("This value can't be used.")),
    ("Not a valid string.", lambda: _("Enter text.")),
    ("Not a valid utf-8 string.", lambda: _("Enter text.")),
    ("Not a valid integer.", lambda: _("Enter a whole number.")),
    ("Not a valid number.", lambda: _("Enter a number.")),
    ("Number too large.", lambda: _("This number is too large.")),
    (
        "Special numeric values (nan or infinity) are not permitted.",
        lambda: _("Enter a number."),
    ),
    ("Not a valid boolean.", lambda: _("Enter yes or no.")),
    ("Not a valid date.", lambda: _("Enter a date as YYYY-MM-DD.")),
    ("Not a valid datetime.", lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM.")),
    ("Not a valid time.", lambda: _("Enter a time as HH:MM.")),
    ("Not a valid list.", lambda: _("Give a list.")),
    ("Not a valid tuple.", lambda: _("Give a list.")),
    ("Not a valid mapping type.", lambda: _("Give an object with named values.")),
    ("Not a valid URL.", lambda: _("Enter a web address starting with http:// or https://.")),
    ("Not a valid email address.", lambda: _("Enter an e-mail address.")),
    (
        "Must be one of: {choices}.",
        lambda choices: _("Choose one of: %(choices)s.", choices=choices),
    ),
    (
        "One or more of the choices you made was not in: {choices}.",
        lambda choices: _("Choose only from: %(choices)s.", choices=choices),
    ),
    (
        "Must be greater than or equal to {min} and less than or equal to {max}.",
        lambda min, max: _("Enter a number from %(min)s to %(max)s.", min=min, max=max),
    ),
    ("Must be greater than or equal to {min}.", lambda min: _at_least(min)),
    ("Must be less than or equal to {max}.", lambda max: _at_most(max)),
    (
        "Length must be between {min} and {max}.",
        lambda min, max: _("From %(low)d to %(high)d characters.", low=int(min), high=int(max)),
    ),
    ("Shorter than minimum length {min}.", lambda min: _("At least %(n)d characters.", n=int(min))),
    ("Longer than maximum length {max}.", lambda max: _("At most %(n)d characters.", n=int(max))),
    ("Length must be {equal}.", lambda equal: _("Exactly %(n)d characters.", n=int(equal))),
    ("String does not match expected pattern.", lambda: _("This value can't be used.")),
    # Kring's own schemas
    ("Give a number or a name.", lambda: _("Give a number or a name.")),
    (
        "Give a list of skills or a comma-separated text.",
        lambda: _("Give a list of skills or a comma-separated text."),
    ),
]
_BOUNDS = {"min", "max", "equal"}


def _whole(bound: str) -> bool:
    return re.fullmatch(r"-?\d+", bound) is not None


def _at_least(bound: str) -> str:
    return _("At least %(n)d.", n=int(bound)) if _whole(bound) else _("At least %(n)s.", n=bound)


def _at_most(bound: str) -> str:
    return _("At most %(n)d.", n=int(bound)) if _whole(bound) else _("At most %(n)s.", n=bound)


def _pattern(template: str) -> re.Pattern:
    def group(match: re.Match) -> str:
        name = match.group(1)
        return f"(?P<{name}>\\S+)" if name in _BOUNDS else f"(?P<{name}>.+)"

    return re.compile(re.sub(r"\\\{(\w+)\\\}", group, re.escape(template)))


_PATTERNS = [(_pattern(template), say) for template, say in MESSAGES]


def translate(message) -> str:
    """One of marshmallow's messages in the reader's language (others as they are)."""
    text = str(message)
    for pattern, say in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return say(**found.groupdict())
    return text


def _leaves(messages) -> Iterable:
    if isinstance(messages, Mapping):
        for value in messages.values():
            yield from _leaves(value)
    elif isinstance(messages, list | tuple):
        for value in messages:
            yield from _leaves(value)
    else:
        yield messages


def field_messages(messages: Mapping) -> dict[str, str]:
    """marshmallow's errors as one message per field (a list's or a nested object's
    messages joined), in the reader's language."""
    return {
        str(name): " ".join(dict.fromkeys(translate(m) for m in _leaves(found)))
        for name, found in messages.items()
    }


# Loading what a page sent ------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, messages: dict):
        super().__init__("invalid input")
        self.messages = messages


def _is_text(field: ma.fields.Field) -> bool:
    return isinstance(field, ma.fields.String) and not isinstance(
        field, ma.fields.Email | ma.fields.Url
    )


_WHOLE = re.compile(r"\s*[+-]?\d{1,12}\s*")


def _number(field: ma.fields.Field, value):
    """A page sends numbers as text; an Integer field (even a strict one, for JSON) reads
    them as numbers."""
    if isinstance(field, ma.fields.Integer) and isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    return value


def _from_page(schema: ma.Schema, values: dict, defaults: Mapping) -> dict:
    """A page's text as the schema's values: an empty input of a field that isn't text is
    no value (None where the field allows it), numbers are numbers."""
    values = {**defaults, **values}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if key not in values or _is_text(field):
            continue
        value = values[key]
        if isinstance(field, ma.fields.List) and isinstance(value, list):
            values[key] = [_number(field.inner, v) for v in value if v != ""]
        elif value == "":
            if field.allow_none:
                values[key] = None
            else:
                del values[key]
        else:
            values[key] = _number(field, value)
    return values


def _renamed(source: MultiDict, prefix: str | None, rename: Mapping[str, str]) -> MultiDict:
    """The inputs by the schema's names: `rename` maps an input's name to a field's, and
    inputs named `<prefix><field>` win over plain ones (the composer names its inputs
    `<type>.<field>` because several types share a field name)."""
    out = MultiDict()
    for key, values in source.lists():
        out.setlist(rename.get(key, key), values)
    if prefix:
        for key, values in source.lists():
            if key.startswith(prefix):
                out.setlist(key[len(prefix) :], values)
    return out


class _PageParser(FlaskParser):
    """webargs' Flask parser for pages: inputs renamed, text read as the schema's types."""

    def __init__(self, prefix, rename: Mapping[str, str], defaults: Mapping, left_out: set[str]):
        super().__init__()
        self.prefix, self.rename, self.defaults, self.left_out = prefix, rename, defaults, left_out

    def load_form(self, req, schema):
        return self._makeproxy(_renamed(req.form, self.prefix, self.rename), schema)

    def load_querystring(self, req, schema):
        return self._makeproxy(_renamed(req.args, self.prefix, self.rename), schema)

    def pre_load(self, location_data, *, schema, req, location):
        values = {key: location_data[key] for key in location_data if key not in self.left_out}
        return _from_page(schema, values, self.defaults)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        raise _Invalid(next(iter(error.messages.values())))


def load(
    schema: type[ma.Schema],
    location: str = "form",
    *,
    prefix: str | None = None,
    rename: Mapping[str, str] | None = None,
    defaults: Mapping | None = None,
    lenient: bool = False,
) -> dict:
    """What the request's form (or query string) holds, loaded through `schema`.

    Raises ValidationError with a message per field. `lenient` is for a page's filters in
    its query string: what can't be read is left out, as if it had not been given."""
    left_out: set[str] = set()
    while True:
        parser = _PageParser(prefix, rename or {}, defaults or {}, left_out)
        instance = schema()
        for name in left_out:  # not given: its default, or nothing at all
            if getattr(instance.load_fields.get(name), "load_default", None) is ma.missing:
                instance.load_fields.pop(name)
        try:
            return parser.parse(instance, request, location=location, unknown=ma.EXCLUDE)
        except _Invalid as error:
            wrong = set(error.messages) - left_out - {SCHEMA}
            if not lenient or not wrong:
                raise ValidationError.many(field_messages(error.messages)) from None
            left_out |= wrong


def sent(
    schema: type[ma.Schema],
    location: str = "form",
    *,
    prefix: str | None = None,
    rename: Mapping[str, str] | None = None,
) -> dict:
    """What the page sent, by the schema's names and as typed: to fill its form again."""
    source = request.form if location == "form" else request.args
    proxy = MultiDictProxy(_renamed(source, prefix, rename or {}), schema())
    return {key: proxy[key] for key in proxy}


# Rate limits -----------------------------------------------------------------------------


def init_app(app: Flask, person: Callable[[], int | None]) -> None:
    """`person()`: the id of whoever is asking (by session or API token), or None."""
    app.extensions["kring_actions"] = {"person": person}


def rate_key() -> str:
    """Whose budget a request spends: the person's when logged in, else the address's."""
    person = current_app.extensions["kring_actions"]["person"]()
    return f"person:{person}" if person else f"address:{request.remote_addr or '-'}"


def limit_of(name: str) -> str:
    """The action's limit now ("30 per minute;500 per day"); empty: no limit."""
    return (current_app.config.get("KRING_LIMITS") or {}).get(name) or ""


def retry_after() -> int:
    """Seconds until the limit this request ran into lets it through again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


@dataclass(frozen=True)
class Action:
    """A thing people do, by page or API: its name (the limit's scope and its key in
    KRING_LIMITS), its input schema, and the methods its limit counts."""

    name: str
    schema: type[ma.Schema] | None = None
    methods: tuple[str, ...] = WRITES

    def limited(self, view):
        """Decorate a view (a page's or an API method): this action's shared limit."""
        return limiter.shared_limit(
            partial(limit_of, self.name),
            scope=self.name,
            key_func=rate_key,
            methods=list(self.methods),
        )(view)

    def load_form(self, **options) -> dict:
        return load(self.schema, "form", **options)

    def load_query(self, **options) -> dict:
        return load(self.schema, "query", **options)

    def sent(self, location: str = "form", **options) -> dict:
        return sent(self.schema, location, **options)
