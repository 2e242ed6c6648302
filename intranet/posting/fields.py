"""The type fields of posts: what each type asks for, and the checks on what people enter.

Input may come from a form (strings) or JSON (typed values); both are coerced and checked
here, so the web and the API give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..errors import ValidationError
from ..extensions import db
from ..models import Client, ClientSignal, PostType, ReputationAlert, User
from ..platform.clock import local_today
from ..platform.database import as_id
from ..text.normalize import words

MISSING = object()


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, int, date, bool, url, choice, client, user
    required: bool = True
    max_len: int = 200
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    private: bool = False  # a candidate's personal data


SPECS: dict[str, tuple[Field, ...]] = {
    PostType.UPDATE: (),
    PostType.VACANCY: (
        Field("title", "text"),
        Field("department", "text", max_len=120),
        Field("location", "text", max_len=120),
        Field("hours", "int", low=1, high=60),
        Field("closes_on", "date"),
        Field("referral_bonus", "int", required=False, low=0, high=100_000),
    ),
    PostType.CANDIDATE_OFFER: (
        Field("headline", "text"),
        Field("skills", "text", max_len=1000),
        Field("availability", "text", max_len=120),
        Field("location", "text", max_len=120),
        Field("candidate_name", "text", private=True),
        Field("candidate_contact", "text", max_len=254, private=True),
        Field("consent", "bool", private=True),
        Field("retain_until", "date", required=False),
    ),
    PostType.CLIENT_SIGNAL: (
        Field("client", "client"),
        Field("kind", "choice", choices=ClientSignal.KINDS),
        Field("source_url", "url", required=False, max_len=2000),
    ),
    PostType.REPUTATION_ALERT: (
        Field("source", "text"),
        Field("url", "url", required=False, max_len=2000),
        Field("severity", "choice", choices=ReputationAlert.SEVERITIES),
        Field("assignee", "user", required=False),
    ),
}


def _empty(value) -> bool:
    return value is None or value is MISSING or (isinstance(value, str) and not value.strip())


def _text(field: Field, value):
    if isinstance(value, list | tuple) and field.name == "skills":
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    if not isinstance(value, str):
        raise ValueError(_l("Enter text."))
    value = " ".join(value.split())
    if len(value) > field.max_len:
        raise ValueError(_l("At most %(n)d characters.", n=field.max_len))
    return value


def _int(field: Field, value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(_l("Enter a whole number."))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(_l("Enter a whole number.")) from None
    if field.low is not None and number < field.low:
        raise ValueError(_l("At least %(n)d.", n=field.low))
    if field.high is not None and number > field.high:
        raise ValueError(_l("At most %(n)d.", n=field.high))
    return number


def _date(field: Field, value):
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_l("Enter a date as YYYY-MM-DD.")) from None
    if day < local_today():
        raise ValueError(_l("This date is in the past."))
    if day > local_today() + timedelta(days=3 * 366):
        raise ValueError(_l("This date is too far ahead."))
    return day


def _bool(field: Field, value):
    if isinstance(value, bool):
        result = value
    elif isinstance(value, str) and value.strip().lower() in ("1", "true", "on", "yes", "y"):
        result = True
    elif isinstance(value, str) and value.strip().lower() in ("0", "false", "off", "no", "n", ""):
        result = False
    else:
        raise ValueError(_l("Enter yes or no."))
    if field.name == "consent" and not result:
        raise ValueError(_l("The candidate must have agreed to be offered."))
    return result


def _url(field: Field, value):
    value = _text(field, value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(_l("Enter a web address starting with http:// or https://."))
    return value


def _choice(field: Field, value):
    if not isinstance(value, str) or value.strip() not in field.choices:
        raise ValueError(_l("Choose one of: %(choices)s.", choices=", ".join(field.choices)))
    return value.strip()


def _client(field: Field, value):
    """An existing client's id, or a name: an existing client's, or a new one."""
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        client = db.session.get(Client, as_id(value)) if as_id(value) else None
        if client is None:
            raise ValueError(_l("There is no client with that number."))
        return client
    name = _text(Field("client", "text", max_len=120), value)
    existing = db.session.scalar(select(Client).where(func.lower(Client.name) == name.lower()))
    return existing or _by_alias(name) or Client(name=name)


def _by_alias(name: str) -> Client | None:
    """The client that goes by `name` ("VDB Logistiek"), rather than a second client."""
    wanted = words(name)
    candidates = db.session.scalars(
        select(Client).where(func.lower(Client.aliases).contains(name.lower(), autoescape=True))
    )
    return next((c for c in candidates if any(words(a) == wanted for a in c.alias_list)), None)


def _user(field: Field, value):
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        user = db.session.get(User, as_id(value)) if as_id(value) else None
    elif isinstance(value, str):
        handle = value.strip().lstrip("@").lower()
        user = db.session.scalar(select(User).where(User.handle == handle))
    else:
        user = None
    if user is None or not user.is_active:
        raise ValueError(_l("There is no active colleague by that name."))
    return user


COERCE: dict[str, Callable] = {
    "text": _text,
    "int": _int,
    "date": _date,
    "bool": _bool,
    "url": _url,
    "choice": _choice,
    "client": _client,
    "user": _user,
}


def _unbox(value):
    """An unticked box is simply absent from a form: read it as False."""
    return False if value is MISSING or value is None else value


def clean_fields(post_type: str, data: Mapping, *, partial: bool = False) -> dict:
    """Check the type fields in `data`; return the clean values or raise ValidationError.

    With `partial` (an edit), absent fields are left alone, but a required field can't be
    emptied.
    """
    clean, errors = {}, {}
    for field in SPECS.get(post_type, ()):
        value = data.get(field.name, MISSING)
        if partial and value is MISSING:
            continue
        if _empty(value) and field.kind != "bool":
            if field.required:
                errors[field.name] = _l("This field is required.")
            else:
                clean[field.name] = None
            continue
        try:
            clean[field.name] = COERCE[field.kind](field, _unbox(value))
        except ValueError as error:
            errors[field.name] = error.args[0]
    if errors:
        raise ValidationError.many(errors)
    return clean


def field_names(post_type: str, *, private: bool | None = None) -> list[str]:
    return [f.name for f in SPECS.get(post_type, ()) if private is None or f.private == private]
