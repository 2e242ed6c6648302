"""Schemas of the drafts API: what a form held, kept for the person who typed it."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from ..posting import drafts
from .schemas import Strict, Utc

FIELDS_DOC = {
    "type": "object",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "boolean"}]},
    "description": (
        f"the form's fields by name (letters, digits, `.`, `-`, `_`), each a text or a "
        f"tick; at most {drafts.FIELDS_MAX} fields and {drafts.SIZE_MAX:,} characters as JSON. "
        f"A candidate's personal data is never kept: "
        f"{', '.join(f'`{name}`' for name in sorted(drafts.PERSONAL))} (bare or after a type's "
        f"name, `candidate_offer.candidate_name`) are dropped"
    ),
    "example": {"type": "vacancy", "vacancy.title": "Planner Zwolle", "body": "Halve gedachte"},
}


class DraftIn(Strict):
    # Checked by posting.drafts (a 400 that says what is wrong), documented here.
    fields = f.Raw(required=True, metadata=FIELDS_DOC)
    writer = f.String(
        load_default=None,
        validate=ma.validate.Regexp(r"[A-Za-z0-9_-]{1,32}\Z"),
        metadata={"description": "one open form's name for itself (1–32 letters, digits, -, _)"},
    )
    sequence = f.Integer(
        load_default=None,
        strict=True,
        validate=ma.validate.Range(0, 2**53),
        metadata={
            "description": "the writer's count of its saves: a save that arrives after a "
            "later one of the same writer changes nothing"
        },
    )


class DraftArgs(Strict):
    keys = f.List(
        f.String(),
        data_key="key",
        load_default=list,
        metadata={"description": "only these drafts (repeat `key=`)"},
    )


class DraftOut(ma.Schema):
    key = f.String(metadata={"description": "the form: `composer`, `reply-<post id>`"})
    fields = f.Raw(metadata=FIELDS_DOC)
    updated_at = Utc()


class DraftList(ma.Schema):
    items = f.List(f.Nested(DraftOut))
