"""Accounts: sign-up by invitation or company domain, login, profiles, roles, deactivation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, literal, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import ApiToken, Group, Invite, Role, User
from ..notifying import webhooks
from ..notifying.alerts import bump_version
from ..platform import outbox, queue
from ..platform.clock import utcnow
from ..platform.database import writes
from ..search.pending import queue_person
from ..text.markdown import HANDLE
from ..text.normalize import name_key
from . import logins, subscriptions

HANDLE_RE = re.compile(rf"^{HANDLE}$")
# A private group's handle ends in a dot and the group's number ("directie.12"): a
# namespace of its own, so nobody else's handle can ever run into one (DESIGN.md).
PRIVATE_HANDLE_RE = re.compile(r"\.[0-9]+$")
PASSWORD_MIN = 10
SIGNUP_MAX_AGE = 7 * 24 * 3600
SEND_MAIL = "kring.send_mail"  # the task that sends what a request asked to mail
PROFILE_FIELDS = {
    "name": 120,
    "job_title": 120,
    "department": 120,
    "location": 120,
    "skills": 500,
    "bio": 500,
}
# A constant hash to compare against when the e-mail is unknown, so timing tells nothing.
_DUMMY_HASH = generate_password_hash("not a password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["KRING_PASSWORD_METHOD"])


def normalise_email(value) -> str:
    if not isinstance(value, str):
        raise ValidationError("email", _l("Enter an e-mail address."))
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationError("email", _l("This is not a valid e-mail address.")) from None


def check_role(value) -> str:
    if value not in [r.value for r in Role]:
        raise ValidationError(
            "role", _l("Choose one of: %(roles)s.", roles=", ".join(r.value for r in Role))
        )
    return value


def check_password(value) -> str:
    if not isinstance(value, str) or len(value) < PASSWORD_MIN:
        raise ValidationError("password", _l("Use at least %(n)d characters.", n=PASSWORD_MIN))
    if len(value) > 200:
        raise ValidationError("password", _l("At most %(n)d characters.", n=200))
    return value


def handle_taken(handle: str) -> bool:
    """Does a person or a group have `handle`? Asked only of handles outside the private
    groups' namespace, so the answer tells nothing about any private group."""
    return bool(
        db.session.scalar(select(User.id).where(User.handle == handle))
        or db.session.scalar(select(Group.id).where(Group.handle == handle))
    )


def check_handle(value) -> str:
    handle = name_key(value).lstrip("@") if isinstance(value, str) else ""
    if not HANDLE_RE.match(handle):
        raise ValidationError(
            "handle", _l("Use 1 to 30 letters, digits, dots, dashes or underscores (no spaces).")
        )
    if PRIVATE_HANDLE_RE.search(handle):
        raise ValidationError(
            "handle", _l("A handle can't end in a dot and a number: those are groups' handles.")
        )
    if handle_taken(handle):
        raise Conflict(_l("@%(h)s is already taken.", h=handle), code="handle_taken")
    return handle


def suggest_handle(email: str) -> str:
    base = re.sub(r"[^a-z0-9_.-]", "", email.split("@")[0].lower()).strip(".-")[:26] or "user"
    base = PRIVATE_HANDLE_RE.sub(lambda m: m.group(0)[1:], base)  # jan.2 → jan2
    handle, n = base, 1
    while handle_taken(handle):
        n += 1
        handle = f"{base}{n}"
    return handle


@writes
def create_user(email, name, password, role: str = Role.EMPLOYEE, handle=None) -> User:
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(_l("There is already an account for %(e)s.", e=email), code="email_taken")
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > 120:
        raise ValidationError("name", _l("Enter a name of at most 120 characters."))
    user = User(
        email=email,
        name=name,
        role=check_role(role),
        handle=check_handle(handle) if handle else suggest_handle(email),
        password_hash=hash_password(check_password(password)),
    )
    db.session.add(user)
    invite = db.session.scalar(select(Invite).where(Invite.email == email))
    if invite and invite.accepted_at is None:
        invite.accepted_at = utcnow()
    db.session.flush()
    queue_person(user.id)
    return user


def authenticate(email, password) -> User | None:
    """The active user with this e-mail and password, or None (same answer either way)."""
    if not password_login():
        return None
    try:
        email = normalise_email(email)
    except ValidationError:
        return None
    user = db.session.scalar(select(User).where(User.email == email))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, str(password or ""))
    return user if ok and user and user.is_active else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="kring-signup")


def signup_role(email: str) -> str | None:
    """The role a new account for `email` gets, or None if it may not sign up."""
    invite = db.session.scalar(select(Invite).where(Invite.email == email))
    if invite and invite.accepted_at is None:
        return invite.role
    return Role.EMPLOYEE if in_signup_domains(email) else None


def in_signup_domains(email: str) -> bool:
    """Is `email` at one of the company's domains (KRING_SIGNUP_DOMAINS)?"""
    domains = [
        d.strip().lower().lstrip("@")
        for d in current_app.config["KRING_SIGNUP_DOMAINS"].split(",")
        if d.strip()
    ]
    return email.rpartition("@")[2] in domains


def password_login() -> bool:
    """May people log in (and sign up) with a password? No when KRING_PASSWORD_LOGIN is off:
    then only single sign-on logs in."""
    return bool(current_app.config.get("KRING_PASSWORD_LOGIN", True))


def signup_token(email: str) -> str:
    """The signed token of a sign-up link for `email` (valid SIGNUP_MAX_AGE)."""
    return _serializer().dumps(email)


def owe_mail(kind: str, email: str, language: str | None) -> None:
    """Owe `email` a mail of `kind` (a sign-up or password link): a row now, sent by a job
    after the commit (a request never waits for the mail server). A link is made when the
    mail is sent (accounts.invitations)."""
    if language not in current_app.config["KRING_LANGUAGES"]:
        language = None  # Kring's default language
    outbox.write(kind, email, language)
    queue.trigger(SEND_MAIL)


@writes
def request_signup(email, language: str | None = None) -> str:
    """Mail `email` a sign-up link in `language`, if it may sign up (the link proves the
    address); returns the address as Kring writes it. Every address gets the same answer,
    so the page tells nobody who works here or who is invited: the owner of an account
    gets a mail saying so, and an address that may not sign up gets nothing (the job that
    composes the link finds that out and sends none)."""
    email = normalise_email(email)
    require_password_login()
    has_account = db.session.scalar(select(User.id).where(User.email == email))
    owe_mail("account" if has_account else "signup", email, language)
    return email


def read_signup_token(token: str) -> str:
    try:
        email = _serializer().loads(token, max_age=SIGNUP_MAX_AGE)
    except SignatureExpired:
        raise Forbidden(
            _l("This sign-up link has expired. Ask for a new one."), code="link_expired"
        ) from None
    except BadSignature:
        raise Forbidden(_l("This sign-up link is not valid."), code="bad_link") from None
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(
            _l(
                "This link was already used: there is an account for %(e)s. Log in instead.",
                e=email,
            ),
            code="link_used",
        )
    if signup_role(email) is None:
        raise Forbidden(_l("This invitation is no longer valid."), code="not_invited")
    return email


def require_password_login() -> None:
    if not password_login():
        raise Forbidden(
            _l("Kring signs you in with your company account: use the button on the login page."),
            code="password_login_off",
        )


@writes
def sign_up(token: str, name, password, handle=None) -> User:
    require_password_login()
    email = read_signup_token(token)
    return create_user(email, name, password, role=signup_role(email), handle=handle)


@writes
def invite(
    admin: User, email, role=Role.EMPLOYEE, language: str | None = None
) -> tuple[Invite, str]:
    """Invite an address (again) and mail it the link in `language` (None: Kring's
    default); returns the invitation and a sign-up token for the admin to pass on."""
    _require_admin(admin)
    email, role = normalise_email(email), check_role(role)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(_l("There is already an account for %(e)s.", e=email), code="email_taken")
    row = db.session.scalar(select(Invite).where(Invite.email == email)) or Invite(email=email)
    row.role, row.invited_by, row.accepted_at = role, admin, None
    db.session.add(row)
    owe_mail("invite", email, language)
    return row, signup_token(email)


def _require_admin(user: User) -> None:
    if not user.is_admin:
        raise Forbidden(_l("Only administrators can do this."), code="admins_only")


def _admin_count() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.deactivated_at.is_(None))
    )


@writes
def set_role(admin: User, user: User, role) -> User:
    _require_admin(admin)
    role = check_role(role)
    if user.role == Role.ADMIN and role != Role.ADMIN and _admin_count() <= 1:
        raise Conflict(_l("Kring needs at least one administrator."), code="last_admin")
    user.role = role
    return user


@writes
def set_active(admin: User, user: User, active: bool) -> User:
    """Deactivate (posts stay; sessions, sockets and tokens stop working) or reactivate."""
    _require_admin(admin)
    if not active and user.id == admin.id:
        raise Conflict(_l("You can't deactivate yourself."), code="self")
    if active:
        user.deactivated_at = None
    elif user.deactivated_at is None:
        user.deactivated_at = utcnow()
        user.session_version += 1
        subscriptions.revoke(user)  # calendar and feed addresses stop reading
        # Tokens die with the account: coming back later means new tokens.
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        logins.end_all(user)
        webhooks.owner_deactivated(user)  # their channels stop hearing of posts
    queue_person(user.id)
    bump_version()  # their alerts leave (or rejoin) the matcher
    return user


@writes
def update_profile(user: User, data: Mapping) -> User:
    errors = {}
    for name, limit in PROFILE_FIELDS.items():
        if name in data:
            value = str(data[name] or "").strip()
            if len(value) > limit:
                errors[name] = _l("At most %(n)d characters.", n=limit)
            elif name == "name" and not value:
                errors[name] = _l("This field is required.")
            else:
                setattr(user, name, value)
    if "language" in data:
        language = data["language"] or None
        if language not in (None, *current_app.config["KRING_LANGUAGES"]):
            errors["language"] = _l("Choose Dutch or English.")
        else:
            user.language = language
    if data.get("desktop_notifications") is not None:
        user.desktop_notifications = bool(data["desktop_notifications"])
    if errors:
        db.session.rollback()
        raise ValidationError.many(errors)
    queue_person(user.id)
    return user


@writes
def change_password(user: User, current, new) -> None:
    if not check_password_hash(user.password_hash, str(current or "")):
        raise ValidationError("current_password", _l("Your current password is not right."))
    user.password_hash = hash_password(check_password(new))
    user.session_version += 1  # other devices log out
    logins.end_all(user, keep=user.login_id)


@writes
def logout_everywhere(user: User) -> None:
    """Every browser of this person is logged out, this one too, and their sockets close."""
    user.session_version += 1
    logins.end_all(user)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("There is no such person."))
    return user


def user_by_handle(handle: str) -> User:
    user = db.session.scalar(select(User).where(User.handle == name_key(handle)))
    if user is None:
        raise NotFound(_l("There is no such person."))
    return user


DIRECTORY_PAGE = 30  # people per page of the directory


@dataclass
class Directory:
    """One page of the people directory and what it was asked."""

    q: str = ""
    department: str = ""
    skill: str = ""
    page: int = 1
    people: list[User] = field(default_factory=list)
    more: bool = False

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.department or self.skill)


def _skills_key(column):
    """`skills` as ",a,b c,": lower case, no space after a comma, so that one whole skill
    is `LIKE '%,java,%'` (and "java" does not find "javascript")."""
    folded = func.replace(func.replace(func.lower(column), ", ", ","), " ,", ",")
    return literal(",") + folded + literal(",")


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def directory(q: str = "", department: str = "", skill: str = "", page: int = 1) -> Directory:
    """Colleagues who work here, by name: `q` finds a part of a name, handle, job title,
    department, location or skill; `department` is one department, `skill` one skill."""
    found = Directory(q.strip()[:100], department.strip()[:120], skill.strip()[:100], page)
    statement = select(User).where(User.deactivated_at.is_(None))
    for word in found.q.lower().split()[:6]:  # every word somewhere: "daan logistiek"
        like = f"%{_like(word)}%"
        columns = (User.name, User.handle, User.job_title, User.department, User.location)
        statement = statement.where(
            or_(*(func.lower(c).like(like, escape="\\") for c in (*columns, User.skills)))
        )
    if found.department:
        statement = statement.where(func.lower(User.department) == found.department.lower())
    if found.skill:
        like = f"%,{_like(found.skill.lower())},%"
        statement = statement.where(_skills_key(User.skills).like(like, escape="\\"))
    rows = db.session.scalars(
        statement.order_by(func.lower(User.name), User.id)
        .offset((page - 1) * DIRECTORY_PAGE)
        .limit(DIRECTORY_PAGE + 1)
    ).all()
    found.people, found.more = list(rows[:DIRECTORY_PAGE]), len(rows) > DIRECTORY_PAGE
    return found


def departments() -> list[str]:
    """The departments people work in, for the directory's filter."""
    return list(
        db.session.scalars(
            select(User.department)
            .where(User.deactivated_at.is_(None), User.department != "")
            .group_by(User.department)
            .order_by(User.department)
        )
    )
