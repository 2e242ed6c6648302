"""Schemas of the sharing API: share preferences and a personal share link."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f
from sqlalchemy import inspect

from ..models import SHARE_CHANNELS, SHARE_RHYTHMS
from ..recruiting.sharing import MAX_VALUES
from .schemas import Strict

# Each list: at most MAX_VALUES texts of 1 to 120 characters.
VALUES = {"description": "empty: all", "maxItems": MAX_VALUES}
VALUE = {"minLength": 1, "maxLength": 120, "pattern": r"\S"}


class SharingIn(Strict):
    departments = f.List(f.String(metadata=VALUE), metadata=VALUES)
    locations = f.List(f.String(metadata=VALUE), metadata=VALUES)
    tags = f.List(f.String(metadata=VALUE), metadata=VALUES)
    channels = f.List(f.String(metadata={"enum": list(SHARE_CHANNELS)}), metadata={"minItems": 1})
    rhythm = f.String(metadata={"enum": list(SHARE_RHYTHMS)})


class SharingOut(ma.Schema):
    """Someone's share preferences (a SharePreference, saved or the defaults)."""

    departments = f.List(f.String(), metadata={"description": "empty: all"})
    locations = f.List(f.String(), metadata={"description": "empty: all"})
    tags = f.List(f.String(), metadata={"description": "empty: all"})
    channels = f.List(f.String(metadata={"enum": list(SHARE_CHANNELS)}))
    rhythm = f.String(metadata={"enum": list(SHARE_RHYTHMS)})
    saved = f.Function(
        lambda pref: inspect(pref).has_identity,
        metadata={"type": "boolean", "description": "false: never saved, these are the defaults"},
    )


class ShareLink(ma.Schema):
    url = f.String()
