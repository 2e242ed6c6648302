"""Referrals: an employee brings someone they know to a vacancy; recruiters move them on.

Candidates' personal data (name, contact, motivation) is for recruiters and for the colleague
who typed the referral in; someone who applied through a colleague's share link is that
colleague's referral for the credit, but the colleague sees only its status. Everyone else
sees that a referral exists, never who it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..analytics.referral_stats import status_counts
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import REFERRAL_STATUSES, Referral, ReferralEvent, Role, User, Vacancy
from ..notifying import notifications
from ..platform.clock import agency_zone, utcnow
from ..platform.database import as_id, writes
from ..platform.inputs import safe_filename
from ..posting import posts, visibility
from ..posting.feeds import encode_cursor, older_than
from ..text.contacts import contact_key
from . import privacy, vacancies

NAME_MAX, MOTIVATION_MAX, NOTE_MAX = 200, 2000, 2000
MIN_PHONE_DIGITS = 8
PAGE = 30
COLUMN = 50  # cards per pipeline column
_PHONE = re.compile(r"^\+?[\d\s().-]+$")


def can_see_candidate(viewer: User, referral: Referral) -> bool:
    """Recruiters see every candidate; an employee only the people they referred themselves
    (not an applicant their share link brought: of those they see the status)."""
    return viewer.is_recruiter or (
        referral.source == "referral" and referral.referrer_id == viewer.id
    )


def can_see_referral(viewer: User, referral: Referral) -> bool:
    """The referral itself (vacancy, status, dates): recruiters and whoever is credited."""
    return viewer.is_recruiter or referral.referrer_id == viewer.id


def get_vacancy(viewer: User, post_id) -> Vacancy:
    post_id = as_id(post_id)
    post = posts.get_post(viewer, post_id) if post_id else None
    if not isinstance(post, Vacancy):
        raise NotFound(_l("This vacancy does not exist or you may not read it."))
    return post


def check_open(vacancy: Vacancy) -> None:
    if not vacancies.is_open(vacancy):
        raise Conflict(
            _l("This vacancy is closed: it no longer takes referrals."), code="vacancy_closed"
        )


def clean_contact(value) -> str:
    """An e-mail address (normalised) or a phone number of at least 8 digits."""
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError("contact", _l("Give their e-mail address or phone number."))
    if "@" in text:
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValidationError("contact", _l("This is not a valid e-mail address.")) from None
    digits = sum(c.isdigit() for c in text)
    if len(text) > 40 or not _PHONE.match(text) or digits < MIN_PHONE_DIGITS:
        raise ValidationError(
            "contact",
            _l(
                "Give a valid e-mail address or a phone number of at least %(n)s digits.",
                n=MIN_PHONE_DIGITS,
            ),
        )
    return text


def _clean(name, contact, motivation, consent) -> dict:
    errors, clean = {}, {}
    clean["name"] = " ".join(str(name or "").split())
    if not 1 <= len(clean["name"]) <= NAME_MAX:
        errors["name"] = _l("Give their name (at most %(n)s characters).", n=NAME_MAX)
    try:
        clean["contact"] = clean_contact(contact)
    except ValidationError as error:
        errors.update(error.fields)
    clean["motivation"] = str(motivation or "").strip()
    if len(clean["motivation"]) > MOTIVATION_MAX:
        errors["motivation"] = _l("Keep it under %(n)s characters.", n=MOTIVATION_MAX)
    if consent not in (True, 1, "1", "on", "true", "yes"):
        errors["consent"] = _l("Ask the person first: refer them only once they agreed to it.")
    if errors:
        raise ValidationError.many(errors)
    return clean


def in_progress(vacancy_id: int, key: str) -> Referral | None:
    return db.session.scalar(
        select(Referral)
        .where(
            Referral.vacancy_id == vacancy_id,
            Referral.contact_key == key,
            Referral.status.not_in(("hired", "rejected")),
            Referral.erased_at.is_(None),
        )
        .limit(1)
    )


@writes
def create_referral(
    referrer: User, vacancy, name, contact, motivation="", consent=False
) -> Referral:
    """Refer someone to an open vacancy the referrer may read; the vacancy's author hears."""
    if not isinstance(vacancy, Vacancy):
        vacancy = get_vacancy(referrer, vacancy)
    elif not visibility.can_read(referrer, vacancy):
        raise NotFound(_l("This vacancy does not exist or you may not read it."))
    check_open(vacancy)
    clean = _clean(name, contact, motivation, consent)
    key = contact_key(clean["contact"])
    if in_progress(vacancy.id, key):
        raise _already_referred()
    referral = Referral(
        vacancy=vacancy,
        referrer=referrer,
        source="referral",
        contact_key=key,
        status="referred",
        **clean,
    )
    db.session.add(referral)
    try:
        db.session.flush()
    except IntegrityError:  # referred by someone else at the same moment
        db.session.rollback()
        raise _already_referred() from None
    db.session.add(ReferralEvent(referral_id=referral.id, actor_id=referrer.id, status="referred"))
    notify_new(vacancy, referral, actor_id=referrer.id)
    return referral


def _already_referred() -> Conflict:
    return Conflict(
        _l(
            "This person was already referred to this vacancy and is still in "
            "the running; the recruiter has their details."
        ),
        code="already_referred",
    )


def notify_new(vacancy: Vacancy, referral: Referral, actor_id: int) -> None:
    """A new referral or application: its vacancy's author hears, and when the author is no
    recruiter (a hiring manager), so do the active recruiters who may read the vacancy,
    because only they can act on it. The reason names nobody. Flushes, never commits."""
    targets = {vacancy.author_id}
    author = db.session.get(User, vacancy.author_id) if vacancy.author_id else None
    if author is None or not author.is_recruiter or not author.is_active:
        targets.update(
            db.session.scalars(
                select(User.id).where(User.role == Role.RECRUITER, User.deactivated_at.is_(None))
            )
        )
    notifications.notify(
        vacancy,
        {uid: [{"kind": "referral", "referral_id": referral.id}] for uid in targets if uid},
        actor_id=actor_id,
    )


def _recruiters_only(actor: User) -> None:
    if not actor.is_recruiter:
        raise Forbidden(_l("Only recruiters can move referrals along."), code="recruiters_only")


def parse_status(status) -> str:
    if status not in REFERRAL_STATUSES:
        raise ValidationError(
            "status",
            _l("Unknown status. Choose one of: %(s)s.", s=", ".join(REFERRAL_STATUSES)),
            code="unknown_status",
            details={"valid_statuses": list(REFERRAL_STATUSES)},
        )
    return status


def _clean_note(note) -> str:
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError("note", _l("Keep it under %(n)s characters.", n=NOTE_MAX))
    return note


@writes
def change_status(actor: User, referral: Referral, status, note="") -> Referral:
    """Move a referral; the referrer hears of every new status (hired: with the bonus)."""
    _recruiters_only(actor)
    status, note = parse_status(status), _clean_note(note)
    if status == referral.status and not note:
        return referral
    moved = status != referral.status
    if moved:
        _apply_status(referral, status)
        try:
            db.session.flush()
        except IntegrityError:  # back in the running while another referral of them is
            db.session.rollback()
            raise Conflict(
                _l(
                    "This person is already in the running for this vacancy "
                    "through another referral."
                ),
                code="already_referred",
            ) from None
    event = ReferralEvent(referral_id=referral.id, actor_id=actor.id, status=status, note=note)
    db.session.add(event)
    if moved and referral.referrer_id:
        db.session.flush()
        # The event's id makes each step its own reason: back to a status it had before
        # (contacted → referred → contacted) is news too.
        reason = {
            "kind": "referral",
            "status": status,
            "referral_id": referral.id,
            "event_id": event.id,
            "by": actor.handle,
        }
        notifications.notify(referral.vacancy, {referral.referrer_id: [reason]}, actor_id=actor.id)
    return referral


def _apply_status(referral: Referral, status: str) -> None:
    referral.status = status
    referral.status_changed_at = utcnow()
    if status == "hired":
        referral.hired_at = referral.status_changed_at
        referral.bonus = referral.vacancy.referral_bonus if referral.referrer_id else None
    else:  # a hire taken back: no bonus
        referral.hired_at = referral.bonus = None


@writes
def schedule_interview(actor: User, referral: Referral, moment: datetime | None) -> Referral:
    """When the candidate is interviewed (None: not planned); it shows in the referrer's
    calendar. A time without an offset is the agency's."""
    _recruiters_only(actor)
    if moment is not None:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=agency_zone())
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    referral.interview_at = moment
    return referral


@writes
def add_note(actor: User, referral: Referral, note) -> ReferralEvent:
    _recruiters_only(actor)
    note = _clean_note(note)
    if not note:
        raise ValidationError("note", _l("Write a note first."))
    event = ReferralEvent(referral_id=referral.id, actor_id=actor.id, note=note)
    db.session.add(event)
    return event


def get_referral(viewer: User, referral_id) -> Referral:
    """A referral for its referrer or a recruiter; NotFound if absent, Forbidden if not
    theirs (its existence is no secret, the candidate is)."""
    found = db.session.get(Referral, as_id(referral_id)) if as_id(referral_id) else None
    if found is None:
        raise NotFound(_l("This referral does not exist."))
    if not visibility.can_read(viewer, found.vacancy):
        raise NotFound(_l("This referral does not exist."))
    if not can_see_referral(viewer, found):
        raise Forbidden(
            _l("Only recruiters and the colleague who referred this person can see it."),
            code="not_yours",
        )
    return found


CV_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class CvFile:
    path: Path
    download_name: str
    mimetype: str


def cv_file(viewer: User, referral_id, event_id: int | None = None) -> CvFile:
    """An applicant's uploaded CV (the first, or the one a later application sent with
    event `event_id`), for recruiters only; NotFound for anyone else (nobody learns
    whether there is one) and when there is none (erased, or the file is gone)."""
    gone = NotFound(_l("There is no CV for this referral."))
    if not viewer.is_recruiter:
        raise gone
    referral = get_referral(viewer, referral_id)
    held = referral
    if event_id is not None:
        held = db.session.get(ReferralEvent, event_id)
        if held is None or held.referral_id != referral.id:
            raise gone
    path = None if referral.erased_at else privacy.cv_file(held.cv_path)
    kind = path.suffix.lstrip(".").lower() if path else ""
    if path is None or kind not in CV_TYPES or not path.is_file():
        raise gone
    # Names stored before they were cleaned on the way in are cleaned on the way out.
    name = safe_filename(held.cv_filename) or f"cv.{kind}"
    if not name.lower().endswith(f".{kind}"):
        name = f"{name}.{kind}"
    return CvFile(path, name, CV_TYPES[kind])


def has_cv(referral: Referral) -> bool:
    return bool(referral.cv_path) and not referral.erased_at


def events(referral: Referral) -> list[ReferralEvent]:
    return list(
        db.session.scalars(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id == referral.id)
            .options(joinedload(ReferralEvent.actor))
            .order_by(ReferralEvent.created_at, ReferralEvent.id)
        )
    )


# Lists ----------------------------------------------------------------------------------


@dataclass
class ReferralQuery:
    status: str | None = None
    vacancy_id: int | None = None
    cursor: str | None = None
    limit: int = PAGE


@dataclass
class ReferralPage:
    items: list[Referral]
    next_cursor: str | None = None


def _readable(statement, viewer: User):
    """Only referrals to vacancies `viewer` may read: a private group's vacancy stays unseen."""
    return statement.join(Vacancy, Vacancy.id == Referral.vacancy_id).where(
        visibility.readable(viewer)
    )


def _loads():
    return (joinedload(Referral.vacancy), joinedload(Referral.referrer))


def list_referrals(viewer: User, query: ReferralQuery, own: bool = False) -> ReferralPage:
    """Newest first: a recruiter's are everyone's (unless `own`), an employee's always
    their own. One query."""
    mine = own or not viewer.is_recruiter
    conditions = [Referral.referrer_id == viewer.id] if mine else []
    if query.status:
        conditions.append(Referral.status == parse_status(query.status))
    if query.vacancy_id:
        conditions.append(Referral.vacancy_id == query.vacancy_id)
    if query.cursor:
        conditions.append(older_than(query.cursor, Referral))
    found = list(
        db.session.scalars(
            _readable(select(Referral), viewer)
            .where(*conditions)
            .options(*_loads())
            .order_by(Referral.created_at.desc(), Referral.id.desc())
            .limit(query.limit + 1)
        )
    )
    page = ReferralPage(items=found[: query.limit])
    if len(found) > query.limit:
        page.next_cursor = encode_cursor(page.items[-1])
    return page


@dataclass
class Pipeline:
    columns: dict[str, list[Referral]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def pipeline(viewer: User, vacancy_id: int | None = None) -> Pipeline:
    """Recruiters' board: each status's latest moved cards; one query per column, one count."""
    _recruiters_only(viewer)
    board = Pipeline(counts=status_counts(vacancy_id, viewer))
    for status in REFERRAL_STATUSES:
        statement = (
            _readable(select(Referral), viewer).where(Referral.status == status).options(*_loads())
        )
        if vacancy_id:
            statement = statement.where(Referral.vacancy_id == vacancy_id)
        board.columns[status] = list(
            db.session.scalars(
                statement.order_by(Referral.status_changed_at.desc(), Referral.id.desc()).limit(
                    COLUMN
                )
            )
        )
    return board
