"""Field lines at the top of a mail ("Titel: Planner", "Sluitingsdatum: 31-01-2027"): the
one place that knows which names people write for a type's fields (the declaration's
mail names, its field names and its labels in every language) and how they write dates
and numbers. Only a type's own public fields can be filled this way: anything else on
such a line (`group:`, `must_read:`, a candidate's personal data) is just text."""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from flask_babel import force_locale

from ..models import TYPES
from ..models.kinds import Choice, Date, Int
from ..models.type_spec import Field

_LINE = re.compile(r"^(?P<name>[^\W\d][\w ()€.'-]{1,40}?)\s*:\s*(?P<value>\S.*)$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("maart", "march", "mrt", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augustus", "august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED_DATE = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)
_ENGLISH_DATE = re.compile(r"^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", re.I)


def _key(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("\\", "").lower().split())


def names(post_type: str) -> dict[str, Field]:
    """Every name people may write for the type's public fields, as a lookup key."""
    spec = TYPES.get(post_type)
    if spec is None:
        return {}
    found: dict[str, Field] = {}
    for field in spec.fields:
        if field.private:
            continue
        written = [field.name, *field.mail]
        for language in current_app.config["KRING_LANGUAGES"]:
            with force_locale(language):
                written.append(str(field.label))
        for name in written:
            found.setdefault(_key(name), field)
    return found


def read(body: str, post_type: str) -> tuple[str, dict]:
    """The field lines at the top of the body (blank lines between them allowed) and the
    body without them. The first line that names no field of this type ends them."""
    known = names(post_type)
    if not known:
        return body, {}
    lines, values = body.split("\n"), {}
    index = 0
    while index < len(lines):
        line = lines[index].strip().replace("\\_", "_").replace("**", "")
        if not line and values:
            index += 1
            continue
        match = _LINE.match(line)
        field = known.get(_key(match.group("name"))) if match else None
        if field is None:
            break
        values[field.name] = value(field, match.group("value").strip())
        index += 1
    if not values:
        return body, {}
    return "\n".join(lines[index:]).strip(), values


def value(field: Field, text: str):
    """A value as people type it, in the shape the field's kind reads; what can't be read
    is passed on as written, so the kind says what is wrong with it."""
    if isinstance(field.kind, Date):
        return written_date(text) or text
    if isinstance(field.kind, Choice):
        return _choice(field.kind, text)
    if isinstance(field.kind, Int):
        number = re.sub(r"(?i)[€\s]|eur(o)?|uur|hours?|u/w|p/w|per week|,-+$|,00$", "", text)
        number = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", number)
        return number if number.isdigit() else text
    return text


def _choice(kind: Choice, text: str) -> str:
    """A choice by its code or by its words in any language ("reorganisatie")."""
    wanted = _key(text)
    for code, label in kind.labels.items():
        written = {_key(code)}
        for language in current_app.config["KRING_LANGUAGES"]:
            with force_locale(language):
                written.add(_key(str(label)))
        if wanted in written:
            return code
    return text


def written_date(text: str) -> date | None:
    """31-01-2027, 31/1/2027, 2027-01-31, 31 januari 2027, vr 31 jan. 2027, January 31, 2027."""
    text = " ".join(text.strip().rstrip(".").split())
    try:
        if match := _ISO_DATE.match(text):
            year, month, day = (int(g) for g in match.groups())
        elif match := _NUMERIC_DATE.match(text):
            day, month, year = (int(g) for g in match.groups())
        elif (match := _WORDED_DATE.match(text)) and match.group(2).lower() in _MONTHS:
            day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match[3])
        elif (match := _ENGLISH_DATE.match(text)) and match.group(1).lower() in _MONTHS:
            day, month, year = int(match.group(2)), _MONTHS[match.group(1).lower()], int(match[3])
        else:
            return None
        return date(year, month, day)
    except ValueError:
        return None
