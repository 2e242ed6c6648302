"""What a post type's declaration says: its fields, who posts it and who sees which field,
its lifecycle, and the words for all of it. Validation, the API's schemas and output, the
labels in the pages, the search document and mail-in are made from the declarations in
`post_types.py`; TYPES holds them by type name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .kinds import Kind


@dataclass(frozen=True)
class Audience:
    """Who may do something; `code` is the error code for everyone else."""

    name: str
    admits: Callable
    code: str = "forbidden"


EVERYONE = Audience("everyone", lambda user: True)
# A candidate's personal data: recruiters, and the admins who oversee them.
RECRUITERS = Audience("recruiters", lambda user: user.is_recruiter, "recruiters_only")

TITLE, TEXT = "title", "text"  # a field's part in the search document


@dataclass(frozen=True)
class Field:
    """A field people fill in. `search`: TITLE (the post's title line) or TEXT (searched
    with the body); `alerts`: term alerts read it too (a title always); `mail`: what people
    write before the colon on a "Titel: Planner" line; `kept_as`: a field not everyone may
    see is kept apart from the post, in the personal-data record, under this name."""

    name: str
    kind: Kind
    label: object
    required: bool = True
    placeholder: object = ""
    mail: tuple[str, ...] = ()
    search: str = ""
    alerts: bool = False
    seen_by: Audience = EVERYONE
    kept_as: str = ""

    @property
    def private(self) -> bool:
        return self.seen_by is not EVERYONE

    @property
    def alerted(self) -> bool:
        return self.alerts or self.search == TITLE


@dataclass(frozen=True)
class Fact:
    """What the application records on a post of this type and the API shows; nobody
    types it in (a reputation alert's triage times)."""

    name: str
    kind: Kind


@dataclass(frozen=True)
class Status:
    """A step of the lifecycle and the steps it may move to."""

    name: str
    label: object
    next: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypeSpec:
    """One post type, declared once. `mail`: the subject tags that choose it ("[vacature]");
    `refusal`: what someone outside `posted_by` is told."""

    name: str
    model: type
    label: object
    plural: object
    hint: object = None
    fields: tuple[Field, ...] = ()
    facts: tuple[Fact, ...] = ()
    lifecycle: tuple[Status, ...] = ()
    posted_by: Audience = EVERYONE
    # Who sees the post's own files (a candidate's CV or photo is personal data): others
    # who may read the post see neither them nor the images in its text.
    files_seen_by: Audience = EVERYONE
    refusal: object = None
    mail: tuple[str, ...] = ()
    postable: bool = True  # a reply is a post too, but never made through POST /posts

    @property
    def statuses(self) -> dict[str, tuple[str, ...]]:
        """Each status and the moves it allows; the first is where a post starts."""
        return {s.name: s.next for s in self.lifecycle}

    @property
    def first_status(self) -> str | None:
        return self.lifecycle[0].name if self.lifecycle else None

    @property
    def public_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.private)

    @property
    def private_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.private)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.name == name), None)


TYPES: dict[str, TypeSpec] = {}


def declare(spec: TypeSpec) -> TypeSpec:
    TYPES[spec.name] = spec
    return spec


def every_field() -> dict[str, Field]:
    """Each field name once, as its first type declares it. Types may share a name (a
    vacancy's and a candidate offer's `location`) if they share its kind, whether it is
    required and who sees it: the API has one schema for every type's fields."""
    found: dict[str, Field] = {}
    for spec in TYPES.values():
        for field in spec.fields:
            found.setdefault(field.name, field)
    return found


def every_fact() -> dict[str, Fact]:
    return {fact.name: fact for spec in TYPES.values() for fact in spec.facts}
