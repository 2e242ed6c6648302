"""Marshmallow schemas: they check JSON types and document the API; services check the rules."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields as f

from ..accounts.people import PROFILE_FIELDS
from ..accounts.photos import api_url
from ..config import Defaults as Config
from ..mailin.addresses import post_address
from ..models import CHANNELS, POSTABLE_TYPES, REACTIONS, REASON_KINDS, kinds
from ..models.type_spec import every_fact, every_field
from ..notifying.alerts import ALERT_TYPES
from ..notifying.notifications import NotificationOut, settings_for
from .serialize import SeenSchema

# A text the services refuse when blank: one character that is not a space, at least.
FILLED = r"\S"
# An alert term or alias: at least one word (a letter or digit) to match on.
WORDY = r"[^\W_]"


def limits(maximum: int, *, filled: bool = False, **more) -> dict:
    """A text's limits as OpenAPI says them; the services check them with their own
    messages (schemas check types only), so the document says what they accept."""
    at_least = {"minLength": 1, "pattern": FILLED} if filled else {}
    return {"maxLength": maximum, **at_least, **more}


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class IdOrName(f.Field):
    """An id (integer) or a name (string)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ma.ValidationError("Give a number or a name.")
        return value


class SkillList(f.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise ma.ValidationError("Give a list of skills or a comma-separated text.")

    def _serialize(self, value, attr, obj, **kwargs):
        return value


# Each field kind as the API reads it (JSON types only: the posting service checks the
# rules). The post types' fields are declared in models/post_types.py.
_KIND_IN = {
    kinds.Text: lambda: f.String(allow_none=True),
    kinds.Url: lambda: f.String(allow_none=True),
    kinds.Choice: lambda: f.String(allow_none=True),
    kinds.Skills: lambda: SkillList(
        allow_none=True, metadata={"type": "array", "items": {"type": "string"}}
    ),
    kinds.Int: lambda: f.Integer(allow_none=True, strict=True),
    kinds.Date: lambda: f.Date(allow_none=True),
    kinds.Bool: lambda: f.Boolean(allow_none=True),
    kinds.ClientRef: lambda: IdOrName(
        allow_none=True, metadata={"description": "a client id or a new name"}
    ),
    kinds.Colleague: lambda: IdOrName(
        allow_none=True, metadata={"description": "a user id or @handle"}
    ),
}

# Every type's fields, each name once (the service ignores another type's fields).
TypeFields = Strict.from_dict(
    {name: _KIND_IN[type(field.kind)]() for name, field in every_field().items()},
    name="TypeFields",
)


BODY = limits(Config.KRING_BODY_MAX, filled=True)


class PostCreate(TypeFields):
    type = f.String(required=True, metadata={"enum": POSTABLE_TYPES})
    body = f.String(required=True, metadata=BODY)
    must_read = f.Boolean(
        load_default=False, metadata={"description": "mentioned people confirm reading"}
    )
    group = IdOrName(allow_none=True, metadata={"description": "a group id or handle"})


class PostUpdate(TypeFields):
    body = f.String(metadata=BODY)
    status = f.String()
    type = f.String()
    resolution_note = f.String(
        allow_none=True,
        metadata={"description": "reputation alerts: how it was resolved (with status resolved)"},
    )


class ReplyCreate(Strict):
    body = f.String(required=True, metadata=BODY)


PHOTO = {
    "type": "string",
    "format": "uri",
    "description": "a square WebP photo (256 px), fetched with the same bearer token; its "
    "address changes with the photo. null: none (show initials)",
}


def _photo(person) -> str | None:
    """A person's photo address, from serialize.person's dict or from a User."""
    return person.get("photo") if isinstance(person, dict) else api_url(person)


class Person(ma.Schema):
    id = f.Integer()
    handle = f.String()
    name = f.String()
    job_title = f.String()
    department = f.String()
    photo = f.Function(_photo, allow_none=True, metadata=PHOTO)


class GroupRef(ma.Schema):
    id = f.Integer()
    name = f.String()
    handle = f.String()
    private = f.Boolean()


class ClientRef(ma.Schema):
    id = f.Integer()
    name = f.String()


# Each field kind as PostOut shows it.
_KIND_OUT = {
    kinds.Text: f.String,
    kinds.Url: f.String,
    kinds.Choice: f.String,
    kinds.Skills: lambda **options: f.List(f.String(), **options),
    kinds.Int: f.Integer,
    kinds.Date: f.Date,
    kinds.Bool: f.Boolean,
    kinds.Moment: f.DateTime,
    kinds.ClientRef: lambda **options: f.Nested(ClientRef, **options),
    kinds.Colleague: lambda **options: f.Nested(Person, **options),
}


def _shown(field) -> f.Field:
    """A type field in PostOut: null when optional, its row deleted, or not for everyone."""
    options = {}
    if not field.required or field.kind.reference or field.private:
        options["allow_none"] = True
    if field.private:
        options["metadata"] = {"description": f"{field.seen_by.name} only"}
    return _KIND_OUT[type(field.kind)](**options)


# Every type's fields and facts: a post of one type simply leaves out the others.
PostTypeFieldsOut = SeenSchema.from_dict(
    {
        **{name: _shown(field) for name, field in every_field().items()},
        **{
            name: _KIND_OUT[type(fact.kind)](allow_none=True) for name, fact in every_fact().items()
        },
    },
    name="PostTypeFieldsOut",
)


class ReactionOut(ma.Schema):
    kind = f.String(metadata={"description": ", ".join(REACTIONS)})
    emoji = f.String()
    count = f.Integer()
    mine = f.Boolean(metadata={"description": "the reader gave this one"})
    by = f.List(f.String(), metadata={"description": "handles, first to react first"})


class AttachmentOut(ma.Schema):
    key = f.String(metadata={"description": "names it in DELETE /posts/{id}/attachments/{key}"})
    name = f.String()
    kind = f.String(metadata={"description": "image or file"})
    mimetype = f.String()
    size = f.Integer(metadata={"description": "bytes"})
    width = f.Integer(allow_none=True, metadata={"description": "images only"})
    height = f.Integer(allow_none=True, metadata={"description": "images only"})
    url = f.String(metadata={"description": "for readers of the post, logged in"})
    thumbnail_url = f.String(allow_none=True, metadata={"description": "images only"})


class AttachmentIn(Strict):
    file = Upload(
        required=True,
        metadata={
            "description": "an image (PNG, JPEG, GIF, WebP) or a PDF or Office document, at "
            "most 10 MB, judged by its bytes"
        },
    )


class PostOut(PostTypeFieldsOut):
    """A post as one reader sees it (serialize.Seen): the fields of every post, its type's
    fields (a recruiter-only one only for recruiters) and what the application records."""

    id = f.Integer()
    type = f.String()
    body = f.String()
    html = f.String()
    author = f.Nested(Person)
    created_at = f.DateTime()
    edited_at = f.DateTime(allow_none=True)
    group = f.Nested(GroupRef, allow_none=True)
    parent_id = f.Integer(allow_none=True)
    status = f.String(allow_none=True)
    tags = f.List(f.String())
    mentions = f.List(f.String())
    reply_count = f.Integer()
    like_count = f.Integer(metadata={"description": "reactions of every kind"})
    liked = f.Boolean(metadata={"description": "the reader gave a heart"})
    reactions = f.List(f.Nested(ReactionOut))
    attachments = f.List(f.Nested(AttachmentOut))
    permalink = f.String()
    must_read = f.Boolean()
    warnings = f.List(f.String(), metadata={"description": "e.g. a mention who can't see it"})
    interest_count = f.Integer(metadata={"description": "colleagues interested (offers)"})
    personal_data_erased = f.Boolean(
        metadata={"description": "recruiters only: the candidate's personal data has been erased"}
    )
    personal_data_erased_on = f.Date(allow_none=True, metadata={"description": "recruiters only"})


ID = ma.validate.Range(1, 2**31 - 1)


class FeedArgs(Strict):
    scope = f.String(load_default="all")
    type = f.String()
    tag = f.String()
    author = f.Integer(validate=ID)
    group = f.Integer(validate=ID)
    cursor = f.String()
    limit = f.Integer(load_default=20, validate=ma.validate.Range(1, 100))


class SuggestArgs(Strict):
    q = f.String(
        required=True,
        validate=ma.validate.Length(1, 51),
        metadata={"description": "what is typed: @da (people and groups) or #zw (tags)"},
    )


class SuggestionOut(ma.Schema):
    kind = f.String(metadata={"description": "person, group or tag"})
    handle = f.String(metadata={"description": "what follows the @ or #"})
    name = f.String()
    detail = f.String(metadata={"description": "a job title, or group"})
    count = f.Integer(allow_none=True, metadata={"description": "a tag's uses you can see"})


class SuggestionList(ma.Schema):
    items = f.List(f.Nested(SuggestionOut))


class FeedOut(ma.Schema):
    items = f.List(f.Nested(PostOut))
    next_cursor = f.String(allow_none=True)


class Utc(f.DateTime):
    """A stored time (naive UTC), said with its offset: 2026-03-02T09:30:00+00:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Me(ma.Schema):
    """The caller (a User)."""

    id = f.Integer()
    handle = f.String()
    name = f.String()
    email = f.String()
    role = f.String()
    post_address = f.Function(
        post_address,
        allow_none=True,
        metadata={"type": "string", "description": "mail to it becomes your post"},
    )
    job_title = f.String()
    department = f.String()
    location = f.String()
    photo = f.Function(api_url, allow_none=True, metadata=PHOTO)
    language = f.String(allow_none=True, metadata={"description": "null: the browser's"})
    digest = f.String()
    digest_day = f.Integer()
    digest_hour = f.Integer()
    digest_max = f.Integer()
    desktop_notifications = f.Boolean()


class MySettings(Me):
    notifications = f.Function(
        settings_for,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string", "enum": list(CHANNELS)},
            "description": "reason kind → app, email or off",
        },
    )


Channels = Strict.from_dict(
    {kind: f.String(validate=ma.validate.OneOf(CHANNELS)) for kind in REASON_KINDS},
    name="Channels",
)


class SettingsIn(Strict):
    language = f.String(allow_none=True, metadata={"enum": [*Config.KRING_LANGUAGES, None]})
    digest = f.String(metadata={"enum": ["off", "daily", "weekly"]})
    digest_day = f.Integer(metadata={"description": "0 = Monday", "minimum": 0, "maximum": 6})
    digest_hour = f.Integer(metadata={"minimum": 0, "maximum": 23})
    digest_max = f.Integer(metadata={"minimum": 3, "maximum": 100})
    notifications = f.Nested(Channels, metadata={"description": "reason kind → app, email or off"})
    desktop_notifications = f.Boolean(
        metadata={"description": "mentions and must-reads as system notifications in a browser"}
    )
    name = f.String(metadata=limits(PROFILE_FIELDS["name"], filled=True))
    job_title = f.String(metadata=limits(PROFILE_FIELDS["job_title"]))
    department = f.String(metadata=limits(PROFILE_FIELDS["department"]))
    location = f.String(metadata=limits(PROFILE_FIELDS["location"]))
    skills = f.String(metadata=limits(PROFILE_FIELDS["skills"]))
    bio = f.String(metadata=limits(PROFILE_FIELDS["bio"]))


class GroupIn(Strict):
    name = f.String(required=True, metadata=limits(80, filled=True))
    private = f.Boolean(load_default=False)
    description = f.String(load_default="", metadata=limits(500))


class GroupOut(ma.Schema):
    """A group as one reader sees it listed (a posting.groups.Listing)."""

    id = f.Integer(attribute="group.id")
    name = f.String(attribute="group.name")
    handle = f.String(attribute="group.handle")
    private = f.Boolean(attribute="group.is_private")
    description = f.String(attribute="group.description")
    member_count = f.Integer()
    member = f.Boolean(metadata={"description": "whether you are a member"})
    owner_id = f.Integer(attribute="group.owner_id", allow_none=True)


class GroupList(ma.Schema):
    items = f.List(f.Nested(GroupOut))


# A client's other names: each with three letters or digits (they are matched in every post).
ALIASES = {"maxItems": 20}
ALIAS = limits(120, pattern=f"({WORDY}.*){{3}}")


class ClientIn(Strict):
    name = f.String(required=True, metadata=limits(120, filled=True))
    aliases = f.List(f.String(metadata=ALIAS), load_default=list, metadata=ALIASES)
    owners = f.List(
        f.Integer(strict=True, validate=ID),
        load_default=list,
        metadata={"description": "ids of active colleagues", "uniqueItems": True},
    )
    industry = f.String(load_default="", metadata=limits(120))


class ClientOut(ClientRef):
    """A client of the directory."""

    aliases = f.List(f.String(), attribute="alias_list")
    industry = f.String()
    owners = f.List(f.Nested(Person))


class ClientList(ma.Schema):
    items = f.List(f.Nested(ClientOut))


class Ok(ma.Schema):
    ok = f.Boolean()


class PersonRef(f.Field):
    """A person by id (digits) or @handle, in a query string."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            number = int(value) if len(value.strip()) <= 12 else 0
        elif isinstance(value, str) and value.strip().lstrip("@"):
            return value.strip()[:80]
        else:
            raise ma.ValidationError("Give a number or a name.")
        if not 1 <= number <= 2**31 - 1:
            raise ma.ValidationError("Give a number or a name.")
        return number


class SearchArgs(Strict):
    q = f.String(load_default="")
    kind = f.String(load_default="post", validate=ma.validate.OneOf(["post", "person"]))
    type = f.String(validate=ma.validate.OneOf([*POSTABLE_TYPES, "reply"]))
    tag = f.String()
    author = PersonRef(
        metadata={
            "type": "string",
            "pattern": r"[^\s@]",  # blank or a bare @ names nobody
            "description": "the author's user id or @handle (someone who exists)",
        }
    )
    group = f.Integer(validate=ID, metadata={"description": "a group id you may read"})
    status = f.String()
    since = f.Date(metadata={"description": "posted on or after this day (the agency's)"})
    until = f.Date(metadata={"description": "posted on or before this day; not before since"})
    sort = f.String(load_default="relevance", validate=ma.validate.OneOf(["relevance", "date"]))
    page = f.Integer(load_default=1, validate=ma.validate.Range(1, 1000))
    correct = f.Boolean(
        load_default=True,
        metadata={
            "description": "false: when the query finds nothing, don't show the hits of its "
            "correction (the `correction` is still offered)"
        },
    )

    @ma.pre_load
    def _no_type_is_every_type(self, data, **kwargs):
        """A form's "every type" sends an empty type: no filter."""
        if hasattr(data, "get") and data.get("type") == "":
            data = {key: data[key] for key in data if key != "type"}
        return data


class SearchItem(ma.Schema):
    kind = f.String()
    id = f.Integer(metadata={"description": "post or person id"})
    parent_id = f.Integer(allow_none=True)
    type = f.String()
    title = f.String()
    snippet = f.String(metadata={"description": "HTML: escaped text, matches in <mark>"})
    score = f.Float()
    post = f.Nested(PostOut, allow_none=True)
    person = f.Nested(Person, allow_none=True)


class SearchCorrection(ma.Schema):
    """Did you mean: the query with its misspelt words corrected. Only offered when the
    correction finds more of what the caller may read than the query as typed."""

    query = f.String(metadata={"description": "the corrected query, to search for"})
    applied = f.Boolean(
        metadata={
            "description": "true: the query as typed found nothing, and `items` are the "
            "correction's hits; false: `items` are the query's own"
        }
    )


class SearchOut(ma.Schema):
    items = f.List(f.Nested(SearchItem))
    correction = f.Nested(SearchCorrection, allow_none=True)
    total = f.Integer()
    page = f.Integer()
    pages = f.Integer()
    facets = f.Dict(keys=f.String(), values=f.Integer())
    capped = f.Boolean()  # more matches than were counted: total is a lower bound
    message = f.String(allow_none=True)


# An alert's term: a word to watch, not only words to leave out.
TERM = limits(100, filled=True, pattern=f"(^|\\s){WORDY}")
ALERT_TYPE = {"enum": ALERT_TYPES}


class AlertIn(Strict):
    term = f.String(required=True, metadata=TERM)
    types = f.List(f.String(metadata=ALERT_TYPE), load_default=list)
    variants = f.Boolean(load_default=False)
    delivery = f.String(load_default="instant", metadata={"enum": ["instant", "digest"]})


class AlertOut(ma.Schema):
    """A term alert."""

    id = f.Integer()
    term = f.String()
    types = f.List(f.String(), attribute="type_list", metadata={"description": "empty: all"})
    variants = f.Boolean()
    delivery = f.String(metadata={"enum": ["instant", "digest"]})
    created_at = Utc()


class AlertList(ma.Schema):
    items = f.List(f.Nested(AlertOut))


class CommaList(f.List):
    """A list given as repeated values, or as one comma-separated text (`types=a,b`)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [part.strip() for v in value for part in v.split(",") if part.strip()]
        return super()._deserialize(value, attr, data, **kwargs)


class AlertPreviewArgs(Strict):
    term = f.String(required=True, metadata=TERM)
    types = CommaList(
        f.String(metadata=ALERT_TYPE),
        load_default=list,
        metadata={"description": "post types, repeated or comma-separated"},
    )
    variants = f.Boolean(load_default=False)


class AlertPreviewOut(ma.Schema):
    total = f.Integer()
    items = f.List(f.Nested(PostOut))


class NotificationArgs(Strict):
    unread = f.Boolean(load_default=False)
    after_id = f.Integer(validate=ma.validate.Range(0, 2**31 - 1))
    before_id = f.Integer(validate=ID)
    kind = f.String(validate=ma.validate.OneOf(REASON_KINDS))
    limit = f.Integer(load_default=30, validate=ma.validate.Range(1, 100))


class NotificationList(ma.Schema):
    items = f.List(f.Nested(NotificationOut))
    unread = f.Integer()


class ReadIn(Strict):
    ids = f.List(
        f.Integer(strict=True, validate=ID),
        metadata={"minItems": 1, "description": "unless all is true"},
    )
    all = f.Boolean()


class ReadOut(ma.Schema):
    updated = f.Integer()
    unread = f.Integer()
