"""Field kinds: how one kind of type field reads what people send (a form's strings or JSON
values alike), shows its value (API, edit form, history, search) and tells a resend from an
edit. A post type declares its fields with these; nothing else knows a field by its name.

The client and colleague kinds name a row: they read the database to find it (the only
reads in models/), and write nothing (a new client is only constructed; the posting
service stores it and tells the term matcher).
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..platform.clock import local_today
from ..platform.database import as_id
from ..text.normalize import name_key, words
from .client import Client
from .user import User

MISSING = object()  # not sent at all (an edit leaves such a field alone)


def _shown(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class Kind:
    """The behaviour every kind shares; a subclass says how input becomes a value."""

    widget = "text"  # the input a form draws (and its CSS class): text, int, date, bool, …
    reference = False  # names a row that may be deleted (the column is then set to NULL)

    def empty(self, value) -> bool:
        """Nothing was given: required fields complain, optional ones become None."""
        return value is None or value is MISSING or (isinstance(value, str) and not value.strip())

    def coerce(self, value):
        """The clean value of a non-empty input, or ValueError(message for the person)."""
        raise NotImplementedError

    def dump(self, value):
        """The value as the API shows it (before its schema field formats it)."""
        return value

    def snapshot(self, value):
        """The value as the edit history keeps it (JSON)."""
        return value.isoformat() if hasattr(value, "isoformat") else value

    def form_value(self, value) -> str:
        """What an edit form shows in the field."""
        return "" if value is None else str(value)

    def text(self, value) -> str:
        """What people read: the words search and term alerts see."""
        return "" if value is None else str(value)

    def aliases(self, value) -> list[str]:
        """Other names people search the value by."""
        return []

    def unchanged(self, stored, sent) -> bool:
        """A form sends every field back: does `sent` say what is stored already?"""
        if stored is None:
            return sent in (None, "")
        return " ".join(str(sent).split()) == _shown(stored)

    def is_new(self, value) -> bool:
        """A row this value brings into being (the term matcher must learn its name)."""
        return False


class Text(Kind):
    def __init__(self, max_len: int = 200):
        self.max_len = max_len

    def coerce(self, value):
        if not isinstance(value, str):
            raise ValueError(_l("Enter text."))
        value = " ".join(value.split())
        if len(value) > self.max_len:
            raise ValueError(_l("At most %(n)d characters.", n=self.max_len))
        return value


class Skills(Text):
    """Skills as one comma-separated text; JSON may send a list, and the API shows one."""

    def coerce(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(str(v).strip() for v in value if str(v).strip())
        return super().coerce(value)

    def dump(self, value) -> list[str]:
        return split_skills(value)


def split_skills(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").split(",") if s.strip()]


class Url(Text):
    widget = "url"

    def __init__(self, max_len: int = 2000):
        super().__init__(max_len)

    def coerce(self, value):
        value = super().coerce(value)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            raise ValueError(_l("Enter a web address starting with http:// or https://."))
        return value


class Int(Kind):
    widget = "int"

    def __init__(self, low: int | None = None, high: int | None = None):
        self.low, self.high = low, high

    def coerce(self, value):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(_l("Enter a whole number."))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(_l("Enter a whole number.")) from None
        if self.low is not None and number < self.low:
            raise ValueError(_l("At least %(n)d.", n=self.low))
        if self.high is not None and number > self.high:
            raise ValueError(_l("At most %(n)d.", n=self.high))
        return number


class Date(Kind):
    """A day from today to three years ahead (a local date: where the agency works)."""

    widget = "date"

    def coerce(self, value):
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


class Bool(Kind):
    """A tick box; `must` is what to say when it has to be ticked and isn't."""

    widget = "bool"
    YES = ("1", "true", "on", "yes", "y")
    NO = ("0", "false", "off", "no", "n", "")

    def __init__(self, must=None):
        self.must = must

    def empty(self, value) -> bool:
        return False  # an unticked box is simply absent from a form: it means no

    def coerce(self, value):
        if value is MISSING or value is None:
            result = False
        elif isinstance(value, bool):
            result = value
        elif isinstance(value, str) and value.strip().lower() in self.YES:
            result = True
        elif isinstance(value, str) and value.strip().lower() in self.NO:
            result = False
        else:
            raise ValueError(_l("Enter yes or no."))
        if self.must is not None and not result:
            raise ValueError(self.must)
        return result

    def dump(self, value):
        return None if value is None else bool(value)


class Choice(Kind):
    """One of a few codes, each with the words people see for it."""

    widget = "choice"

    def __init__(self, labels: dict):
        self.labels = labels
        self.choices = tuple(labels)

    def coerce(self, value):
        if not isinstance(value, str) or value.strip() not in self.choices:
            raise ValueError(_l("Choose one of: %(choices)s.", choices=", ".join(self.choices)))
        return value.strip()

    def text(self, value) -> str:
        return "" if value is None else str(self.labels.get(value, value))


class Moment(Kind):
    """A time the application sets (never typed in): the API says it is UTC."""

    def dump(self, value):
        return value.replace(tzinfo=UTC) if value else None


class ClientRef(Kind):
    """An existing client's id, or a name: an existing client's (or alias's), or a new one."""

    widget = "client"
    reference = True
    NAME = Text(120)

    def coerce(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            client = db.session.get(Client, as_id(value)) if as_id(value) else None
            if client is None:
                raise ValueError(_l("There is no client with that number."))
            return client
        name = self.NAME.coerce(value)
        existing = db.session.scalar(select(Client).where(Client.name_key == name_key(name)))
        return existing or _by_alias(name) or Client(name=name)

    def snapshot(self, value):
        return value.name if value else None

    def form_value(self, value) -> str:
        return value.name if value else ""

    def text(self, value) -> str:
        return value.name if value else ""

    def aliases(self, value) -> list[str]:
        return value.alias_list if value else []

    def unchanged(self, stored, sent) -> bool:
        return stored is not None and str(sent).strip() in (str(stored.id), stored.name)

    def is_new(self, value) -> bool:
        return value is not None and value.id is None


def _by_alias(name: str) -> Client | None:
    """The client that goes by `name` ("VDB Logistiek"), rather than a second client."""
    wanted = words(name)
    candidates = db.session.scalars(
        select(Client).where(Client.alias_keys.contains(name_key(name), autoescape=True))
    )
    return next((c for c in candidates if any(words(a) == wanted for a in c.alias_list)), None)


class Colleague(Kind):
    """An active colleague, by id or @handle."""

    widget = "user"
    reference = True

    def coerce(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            user = db.session.get(User, as_id(value)) if as_id(value) else None
        elif isinstance(value, str):
            handle = name_key(value).lstrip("@")
            user = db.session.scalar(select(User).where(User.handle == handle))
        else:
            user = None
        if user is None or not user.is_active:
            raise ValueError(_l("There is no active colleague by that name."))
        return user

    def snapshot(self, value):
        return value.handle if value else None

    def form_value(self, value) -> str:
        return str(value.id) if value else ""

    def text(self, value) -> str:
        return value.name if value else ""

    def unchanged(self, stored, sent) -> bool:
        return str(sent).strip().lstrip("@") in (
            str(stored.id) if stored else "",
            stored.handle if stored else "",
        )
