"""The client directory: names, aliases, industry, owners, and who follows which client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import Client, ClientFollow, ClientMention, ClientSignal, PostType, User
from ..notifying.alerts import bump_version
from ..platform.database import as_id, insert_ignore, writes
from ..platform.queue import trigger
from ..posting import visibility
from ..text.normalize import name_key, words

DIRECTORY_PAGE = 30
FIELDS = ("name", "aliases", "industry", "owners")


def visible(viewer: User):
    """A SQL condition on Client: true for the clients `viewer` may know of (a client
    named only in a private group's signal is its members' alone)."""
    return or_(
        Client.hidden_in_group_id.is_(None),
        Client.hidden_in_group_id.in_(visibility.member_group_ids(viewer)),
    )


def may_know(viewer: User, client: Client) -> bool:
    return client.hidden_in_group_id is None or client.hidden_in_group_id in set(
        db.session.scalars(visibility.member_group_ids(viewer))
    )


def named_in(client: Client, group, by_id: bool, author: User) -> None:
    """A signal names `client` (new, or found by its name): a new one in a private group
    stays that group's; a hidden one named where others read comes into the directory.
    A hidden client's number is no way in for anyone else (it would show its name)."""
    private = group is not None and group.is_private
    if client.id is None:
        client.hidden_in_group_id = group.id if private else None
    elif client.hidden_in_group_id is not None:
        if by_id and not may_know(author, client):
            raise ValidationError("client", _l("There is no client with that number."))
        if not private:
            client.hidden_in_group_id = None


def can_keep(user: User) -> bool:
    """Recruiters and admins keep the directory (names, aliases, owners)."""
    return user.is_recruiter


def _check_keeper(actor: User) -> None:
    if not can_keep(actor):
        raise Forbidden(
            _l("Only recruiters and administrators add and edit clients."), code="recruiters_only"
        )


def _name(value, *free: int | None) -> str:
    """The name, cleaned; taken only by a client other than those in `free` (the one
    being changed, and a hidden namesake it takes in)."""
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if not name or len(name) > 120:
        raise ValidationError("name", _l("Enter a name of at most 120 characters."))
    taken = db.session.scalar(select(Client.id).where(Client.name_key == name_key(name)))
    if taken and taken not in free:
        raise Conflict(_l("There is already a client called %(n)s.", n=name), code="name_taken")
    return name


def _aliases(value) -> str:
    if value is None:
        return ""
    items = value if isinstance(value, list) else str(value).splitlines()
    if not all(isinstance(a, str) for a in items):
        raise ValidationError("aliases", _l("Aliases must be a list of names."))
    clean = list(dict.fromkeys(" ".join(a.split()) for a in items if a.strip()))
    if len(clean) > 20 or any(len(a) > 120 for a in clean):
        raise ValidationError("aliases", _l("At most 20 aliases of at most 120 characters."))
    # Aliases are matched in every post: a short word would notify the owners of everything.
    if any(len("".join(words(a))) < 3 for a in clean):
        raise ValidationError("aliases", _l("Each alias needs at least three letters."))
    return "\n".join(clean)


def _industry(value) -> str:
    if value is None:
        return ""
    industry = " ".join(value.split()) if isinstance(value, str) else None
    if industry is None or len(industry) > 120:
        raise ValidationError("industry", _l("Enter an industry of at most 120 characters."))
    return industry


def _owners(value) -> list[User]:
    if isinstance(value, str):  # ids separated by commas or spaces
        value = value.replace(",", " ").split()
    if isinstance(value, list):  # a form sends digit strings
        value = [as_id(v) or v if isinstance(v, str) else v for v in value]
    owner_ids = value or []
    if not isinstance(owner_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in owner_ids
    ):
        raise ValidationError("owners", _l("Owners must be a list of user ids."))
    people = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(owner_ids), User.deactivated_at.is_(None))
            .order_by(User.name)
        )
    )
    if len(people) != len(set(owner_ids)):
        raise ValidationError("owners", _l("Some of these owners don't exist or have left."))
    return people


def _clean(data: Mapping, *free: int | None) -> dict:
    """Check every field given; report all problems at once."""
    checks = {
        "name": lambda v: _name(v, *free),
        "aliases": _aliases,
        "industry": _industry,
        "owners": _owners,
    }
    clean, errors = {}, {}
    for field in FIELDS:
        if field in data:
            try:
                clean[field] = checks[field](data[field])
            except ValidationError as error:
                errors.update(error.fields)
    if errors:
        raise ValidationError.many(errors)
    return clean


@writes
def create_client(actor: User, name, aliases=None, owners=None, industry="") -> Client:
    """Add a client. Recruiters and admins keep the directory (with aliases and owners,
    the client's name reaches its owners in every post); others name new clients while
    posting a client signal."""
    _check_keeper(actor)
    hidden = _hidden_namesake(actor, name)
    clean = _clean(
        {"name": name, "aliases": aliases, "industry": industry, "owners": owners},
        hidden.id if hidden else None,
    )
    client = hidden or Client()
    for field, value in clean.items():
        setattr(client, field, value)
    client.hidden_in_group_id = None  # in the directory now, for everyone
    db.session.add(client)
    _names_changed()
    return client


def _hidden_namesake(actor: User, name) -> Client | None:
    """A client by this name that only a private group knows: adding it to the directory
    brings that one out (refusing would tell the actor it exists)."""
    if not isinstance(name, str):
        return None
    found = db.session.scalar(select(Client).where(Client.name_key == name_key(name)))
    return found if found is not None and not may_know(actor, found) else None


@writes
def update_client(actor: User, client: Client, data: Mapping) -> Client:
    """Change a client's name, aliases, industry and/or owners (only the fields given).
    Renamed as a client only a private group knows is called, it takes that one in."""
    _check_keeper(actor)
    hidden = _hidden_namesake(actor, data.get("name"))
    hidden = hidden if hidden is not None and hidden.id != client.id else None
    clean = _clean(data, client.id, hidden.id if hidden else None)
    if hidden is not None:
        _take_in(client, hidden)
    for field, value in clean.items():
        setattr(client, field, value)
    if {"name", "aliases"} & set(clean):
        _names_changed()
    return client


def _take_in(client: Client, hidden: Client) -> None:
    """`hidden`'s signals and followers become `client`'s, and `hidden` goes: one client
    per name, and refusing the name would tell the actor a private group knows it. Its
    owners and aliases go with it (they were kept where the actor can't see)."""
    for table in (ClientFollow.__table__, ClientMention.__table__):
        rows = db.session.execute(select(table).where(table.c.client_id == hidden.id))
        moved = [{**row._mapping, "client_id": client.id} for row in rows]
        if moved:
            insert_ignore(table, moved)
    db.session.execute(
        update(ClientSignal.__table__)
        .where(ClientSignal.__table__.c.client_id == hidden.id)
        .values(client_id=client.id)
    )
    db.session.delete(hidden)
    db.session.flush()  # its name is free before the client takes it


def _names_changed() -> None:
    """New posts are matched against the new names at once; older ones in the background."""
    bump_version()
    trigger("kring.client_mentions")


def get_client(viewer: User, client_id) -> Client:
    """The client, if `viewer` may know of it."""
    client = db.session.get(Client, as_id(client_id)) if as_id(client_id) else None
    if client is None or not may_know(viewer, client):
        raise NotFound(_l("There is no such client."))
    return client


def list_clients(viewer: User) -> list[Client]:
    return list(
        db.session.scalars(
            select(Client)
            .where(visible(viewer))
            .options(selectinload(Client.owners))
            .order_by(Client.name)
        )
    )


# Following ------------------------------------------------------------------------------


@writes
def follow_client(user: User, client: Client) -> None:
    insert_ignore(ClientFollow.__table__, {"client_id": client.id, "user_id": user.id})


@writes
def unfollow_client(user: User, client: Client) -> None:
    db.session.execute(
        delete(ClientFollow).where(
            ClientFollow.client_id == client.id, ClientFollow.user_id == user.id
        )
    )


def followed_ids(user: User, client_ids=None) -> set[int]:
    statement = select(ClientFollow.client_id).where(ClientFollow.user_id == user.id)
    if client_ids is not None:
        statement = statement.where(ClientFollow.client_id.in_(list(client_ids)))
    return set(db.session.scalars(statement))


# The directory ----------------------------------------------------------------------------


@dataclass
class Entry:
    client: Client
    followers: int
    signals: int
    following: bool | None = None  # whether the viewer follows it (on a client's page)


def _counts(viewer: User):
    """Followers, and the client signals the viewer may read, per client (subqueries)."""
    followers = (
        select(func.count())
        .select_from(ClientFollow)
        .where(ClientFollow.client_id == Client.id)
        .scalar_subquery()
    )
    signals = (
        select(func.count())
        .select_from(ClientSignal)
        .where(
            ClientSignal.type == PostType.CLIENT_SIGNAL,
            ClientSignal.client_id == Client.id,
            visibility.readable(viewer),
        )
        .scalar_subquery()
    )
    return followers, signals


def directory(
    viewer: User, q: str = "", page: int = 1, per_page: int = DIRECTORY_PAGE
) -> tuple[list[Entry], bool]:
    """Clients by name, filtered by a piece of their name, alias or industry; one page and
    whether there is another. Two queries whatever the page size."""
    followers, signals = _counts(viewer)
    statement = (
        select(Client, followers, signals)
        .where(visible(viewer))
        .options(selectinload(Client.owners))
        .order_by(Client.name_key, Client.id)
    )
    q = name_key((q or "")[:100])
    if q:
        statement = statement.where(
            or_(
                Client.name_key.contains(q, autoescape=True),
                Client.alias_keys.contains(q, autoescape=True),
                func.lower(Client.industry).contains(q, autoescape=True),
            )
        )
    page = max(1, min(page, 10_000))
    rows = db.session.execute(statement.offset((page - 1) * per_page).limit(per_page + 1)).all()
    entries = [Entry(client, n_followers, n_signals) for client, n_followers, n_signals in rows]
    return entries[:per_page], len(entries) > per_page


def details(viewer: User, client: Client) -> Entry:
    """The client with its followers, the signals `viewer` may read, and whether `viewer`
    follows it: one query."""
    followers, signals = _counts(viewer)
    following = (
        select(ClientFollow.client_id)
        .where(ClientFollow.client_id == Client.id, ClientFollow.user_id == viewer.id)
        .exists()
    )
    row = db.session.execute(
        select(followers, signals, following).select_from(Client).where(Client.id == client.id)
    ).one()
    return Entry(client, row[0], row[1], bool(row[2]))
