"""The client directory: names, aliases and owners."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..database import writes
from ..errors import Conflict, Forbidden, ValidationError
from ..extensions import db
from ..models import Client, User
from ..text.normalize import words
from .alerts import bump_version


def _aliases(value) -> str:
    if value is None:
        return ""
    items = value if isinstance(value, list) else str(value).splitlines()
    if not all(isinstance(a, str) for a in items):
        raise ValidationError("aliases", _l("Aliases must be a list of names."))
    clean = [" ".join(a.split()) for a in items if a.strip()]
    if len(clean) > 20 or any(len(a) > 120 for a in clean):
        raise ValidationError("aliases", _l("At most 20 aliases of at most 120 characters."))
    # Aliases are matched in every post: a short word would notify the owners of everything.
    if any(len("".join(words(a))) < 3 for a in clean):
        raise ValidationError("aliases", _l("Each alias needs at least three letters."))
    return "\n".join(clean)


@writes
def create_client(actor: User, name, aliases=None, owners=None, industry="") -> Client:
    """Add a client. Recruiters and admins keep the directory (with aliases and owners,
    the client's name reaches its owners in every post); others name new clients while
    posting a client signal."""
    if not actor.is_recruiter:
        raise Forbidden(_l("Only recruiters and administrators add clients here."),
                        code="recruiters_only")
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name or len(name) > 120:
        raise ValidationError("name", _l("Enter a name of at most 120 characters."))
    if db.session.scalar(select(Client.id).where(func.lower(Client.name) == name.lower())):
        raise Conflict(_l("There is already a client called %(n)s.", n=name), code="name_taken")
    owner_ids = owners or []
    if not isinstance(owner_ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in owner_ids):
        raise ValidationError("owners", _l("Owners must be a list of user ids."))
    people = list(db.session.scalars(select(User).where(
        User.id.in_(owner_ids), User.deactivated_at.is_(None))))
    if len(people) != len(set(owner_ids)):
        raise ValidationError("owners", _l("Some of these owners don't exist or have left."))
    client = Client(name=name, aliases=_aliases(aliases), industry=str(industry or "")[:120],
                    owners=people)
    db.session.add(client)
    bump_version()  # the matcher learns the new name and aliases
    db.session.commit()
    return client


def list_clients() -> list[Client]:
    return list(db.session.scalars(select(Client).options(selectinload(Client.owners))
                                   .order_by(Client.name)))
