"""Applications through the public vacancy page: checked, stored as a referral of whoever
shared the link, the CV kept under instance/uploads/cv/, the vacancy's author told."""

from __future__ import annotations

import io
import logging
import re
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, OutOfSpace, ValidationError
from ..extensions import db
from ..models import Referral, ReferralEvent, Vacancy
from ..platform.clock import utcnow
from ..platform.database import writes
from ..platform.inputs import safe_filename
from ..text.contacts import contact_key
from . import referrals, share_links

CV_MAX = 5 * 1024 * 1024
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Upload:
    filename: str
    content: bytes


def cv_kind(content: bytes) -> str | None:
    """ "pdf" or "docx" judged by what the file is, not by its name; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, ValueError):
            return None
    return None


def _check_cv(upload: Upload | None) -> str | None:
    if upload is None or not upload.content:
        return None
    if len(upload.content) > CV_MAX:
        raise ValidationError(
            "cv",
            _l("Your CV is larger than 5 MB. Send a smaller file, or apply without one."),
            code="cv_too_large",
        )
    kind = cv_kind(upload.content)
    if kind is None:
        raise ValidationError(
            "cv",
            _l(
                "A CV must be a PDF or a Word (.docx) document; this "
                "file is neither, whatever its name says."
            ),
            code="cv_type",
        )
    return kind


def _check_fields(data: Mapping) -> tuple[dict, dict]:
    errors, clean = {}, {}
    name = " ".join(str(data.get("name") or "").split())
    if not name or len(name) > 200:
        errors["name"] = _l("Fill in your name (at most 200 characters).")
    email = str(data.get("email") or "").strip()
    if not EMAIL.match(email) or len(email) > 254:
        errors["email"] = _l("Fill in an e-mail address we can reach you at.")
    motivation = str(data.get("motivation") or "").strip()
    if len(motivation) > 5000:
        errors["motivation"] = _l("Keep your motivation under 5,000 characters.")
    if data.get("consent") not in (True, "1", "on", "yes", "true"):
        errors["consent"] = _l("Tick that we may keep your details to handle your application.")
    clean.update(name=name, email=email, motivation=motivation)
    return clean, errors


def _cv_name(kind: str) -> str:
    """A random name for a CV below instance/uploads/."""
    return f"cv/{secrets.token_hex(16)}.{kind}"


def _write_cv(relative: str, content: bytes) -> Path:
    """The CV on disk, whole or not at all: a full disk (or a size limit) leaves no half
    file and says so; the applicant's form comes back filled in, and nothing is saved."""
    path = Path(current_app.instance_path) / "uploads" / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        path.unlink(missing_ok=True)
        logging.getLogger(__name__).error("a CV could not be stored: %s", error)
        raise OutOfSpace(
            _l(
                "Your CV couldn't be stored just now, so nothing was sent. Please try again "
                "later, or apply without a CV."
            ),
            code="cv_not_stored",
        ) from error
    return path


def _commit_with_cv(relative: str | None, content: bytes | None) -> None:
    """Write the CV, then commit; a commit that fails takes the file away again, so no CV
    is ever left on disk without the row that points at it."""
    path = _write_cv(relative, content) if relative else None
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if path is not None:
            path.unlink(missing_ok=True)
        raise


def _original_name(upload: Upload, kind: str) -> str:
    """The name the applicant's file had, as it may be stored and sent back in a header:
    no path, no control characters (a CR/LF or NUL sent as RFC 2231 `filename*`), no
    right-to-left override that would show "cv.exe" as "exe.vc"."""
    return safe_filename(upload.filename) or f"cv.{kind}"


@writes
def apply(
    vacancy: Vacancy, data: Mapping, upload: Upload | None, arrival: share_links.Arrival
) -> Referral:
    """Validate everything, then store the application as a referral, in one commit.

    Someone already in the running for this vacancy (referred by a colleague, or applied
    before) is not stored twice: their new motivation (and CV) become a note on the referral
    in progress, for the recruiters; the applicant is thanked as usual and learns nothing.
    Anyone can type an address, so an application changes nothing already stored about
    the candidate: a new CV is a version beside the earlier ones."""
    if not share_links.is_open(vacancy):
        raise Conflict(
            _l("This vacancy is closed: applications are no longer accepted."),
            code="vacancy_closed",
        )
    clean, errors = _check_fields(data)
    try:
        kind = _check_cv(upload)
    except ValidationError as error:
        errors.update(error.fields)
    if errors:
        raise ValidationError.many(errors)
    key = contact_key(clean["email"])
    cv_path = _cv_name(kind) if kind else None
    existing = referrals.in_progress(vacancy.id, key)
    if existing is not None:
        _again(existing, clean, upload, kind, cv_path)
        _commit_with_cv(cv_path, upload.content if kind else None)
        return existing
    sharer_id = arrival.sharer.id if arrival.sharer else None
    referral = Referral(
        vacancy_id=vacancy.id,
        referrer_id=sharer_id,
        source="application",
        name=clean["name"],
        contact=clean["email"],
        contact_key=key,
        motivation=clean["motivation"],
        consent_at=utcnow(),
        status="referred",
    )
    if kind:
        referral.cv_filename = _original_name(upload, kind)
        referral.cv_path = cv_path
    db.session.add(referral)
    try:
        db.session.flush()
    except IntegrityError:  # the same person, stored a moment ago by another request
        db.session.rollback()
        existing = referrals.in_progress(vacancy.id, key)
        if existing is None:
            raise
        _again(existing, clean, upload, kind, cv_path)
        _commit_with_cv(cv_path, upload.content if kind else None)
        return existing
    db.session.add(ReferralEvent(referral_id=referral.id, status="referred"))
    share_links.count_event(vacancy.id, sharer_id, "application", f"a{referral.id}")
    # The reason names no applicant: personal data stays in the recruiters' pipeline.
    referrals.notify_new(vacancy, referral, actor_id=0)
    _commit_with_cv(cv_path, upload.content if kind else None)
    return referral


def _again(
    referral: Referral, clean: dict, upload: Upload | None, kind: str | None, cv_path: str | None
) -> None:
    """The same person applied again (or someone using their address): a note for the
    recruiters, with the CV it sent as a version of its own."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        lines = [
            gettext("Applied (again) through the vacancy page as %(name)s.", name=clean["name"])
        ]
        if clean["motivation"]:
            lines.append(clean["motivation"])
        if kind:
            lines.append(gettext("Sent a CV: %(file)s", file=_original_name(upload, kind)))
    event = ReferralEvent(referral_id=referral.id, note="\n\n".join(lines))
    if kind:
        event.cv_path, event.cv_filename = cv_path, _original_name(upload, kind)
    db.session.add(event)
