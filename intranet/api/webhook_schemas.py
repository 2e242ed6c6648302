"""Schemas of the webhook API: a Teams or Slack channel (or any receiver) that hears of new
posts from a group, an alert or a tag."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from ..models import POSTABLE_TYPES, WEBHOOK_FORMATS, WEBHOOK_STATES
from .schemas import ID, Strict, Utc, limits


class WebhookIn(Strict):
    """Exactly one of `group`, `alert` and `tag`."""

    name = f.String(required=True, metadata=limits(80, filled=True))
    format = f.String(
        required=True,
        validate=ma.validate.OneOf(WEBHOOK_FORMATS),
        metadata={"description": "slack, teams, or generic (Kring's own signed JSON)"},
    )
    url = f.String(
        required=True,
        metadata={
            "description": "the channel's incoming-webhook URL (https, public address)",
            "format": "uri",
            **limits(2000, pattern=r"^https?://[^\s/?#]+"),
        },
    )
    group = f.Integer(strict=True, validate=ID, metadata={"description": "a group's posts"})
    alert = f.Integer(strict=True, validate=ID, metadata={"description": "your alert's hits"})
    tag = f.String(metadata={"description": "posts with this tag"})
    types = f.List(
        f.String(validate=ma.validate.OneOf(POSTABLE_TYPES)),
        load_default=list,
        metadata={"description": "only these post types; empty: all"},
    )
    language = f.String(validate=ma.validate.OneOf(("nl", "en")))


class WebhookPatch(Strict):
    name = f.String(metadata=limits(80, filled=True))
    paused = f.Boolean(metadata={"description": "true pauses; false resumes (also when disabled)"})


def _source(webhook) -> dict:
    if webhook.group_id is not None:
        return {"group": {"id": webhook.group_id, "name": webhook.group.name}}
    if webhook.alert_id is not None:
        return {"alert": {"id": webhook.alert_id, "term": webhook.alert.term}}
    return {"tag": webhook.tag.name}


class WebhookOut(ma.Schema):
    """A webhook, as its owner sees it (the URL only in part: it is the channel's secret)."""

    id = f.Integer()
    name = f.String()
    format = f.String(metadata={"enum": list(WEBHOOK_FORMATS)})
    url_hint = f.String()
    source = f.Function(
        _source,
        metadata={
            "type": "object",
            "description": '{"group": {"id", "name"}}, {"alert": {"id", "term"}} or {"tag": "…"}',
        },
    )
    types = f.List(f.String(), attribute="type_list", metadata={"description": "empty: all"})
    language = f.String()
    state = f.String(metadata={"enum": list(WEBHOOK_STATES)})
    disabled_reason = f.String(
        allow_none=True, metadata={"enum": ["failing", "access", "owner", None]}
    )
    failures = f.Integer(metadata={"description": "failed attempts in a row"})
    last_attempt_at = Utc(allow_none=True)
    last_success_at = Utc(allow_none=True)
    last_error = f.String(allow_none=True)
    created_at = Utc()


class WebhookCreated(WebhookOut):
    secret = f.String(
        metadata={
            "description": "signs every delivery (X-Kring-Signature); shown only now",
        }
    )


class WebhookList(ma.Schema):
    items = f.List(f.Nested(WebhookOut))
