"""The type fields of posts: the checks on what people enter, as each type declares them
(models/post_types.py) with their kinds (models/kinds.py).

Input may come from a form (strings) or JSON (typed values); both are coerced and checked
here, so the web and the API give the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from ..errors import ValidationError
from ..models import TYPES
from ..models.kinds import MISSING
from ..models.type_spec import Field


def clean_fields(post_type: str, data: Mapping, *, partial: bool = False) -> dict:
    """Check the type fields in `data`; return the clean values or raise ValidationError.

    With `partial` (an edit), absent fields are left alone, but a required field can't be
    emptied.
    """
    clean, errors = {}, {}
    for field in type_fields(post_type):
        value = data.get(field.name, MISSING)
        if partial and value is MISSING:
            continue
        if field.kind.empty(value):
            if field.required:
                errors[field.name] = _l("This field is required.")
            else:
                clean[field.name] = None
            continue
        try:
            clean[field.name] = field.kind.coerce(value)
        except ValueError as error:
            errors[field.name] = error.args[0]
    if errors:
        raise ValidationError.many(errors)
    return clean


def type_fields(post_type: str) -> tuple[Field, ...]:
    spec = TYPES.get(post_type)
    return spec.fields if spec is not None else ()


def field_names(post_type: str, *, private: bool | None = None) -> list[str]:
    return [f.name for f in type_fields(post_type) if private is None or f.private == private]
