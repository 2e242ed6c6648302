"""Applications through the public vacancy page: checked, stored as a referral of whoever
shared the link, the CV kept under instance/uploads/cv/, the vacancy's author told."""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..clock import utcnow
from ..database import writes
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..models import Referral, ReferralEvent, Vacancy
from ..text.contacts import contact_key
from . import notifications, share_links

CV_MAX = 5 * 1024 * 1024
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Upload:
    filename: str
    content: bytes


def cv_kind(content: bytes) -> str | None:
    """"pdf" or "docx" judged by what the file is, not by its name; None for anything else."""
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
        raise ValidationError("cv", _l("Your CV is larger than 5 MB. Send a smaller file, "
                                       "or apply without one."), code="cv_too_large")
    kind = cv_kind(upload.content)
    if kind is None:
        raise ValidationError("cv", _l("A CV must be a PDF or a Word (.docx) document; this "
                                       "file is neither, whatever its name says."),
                              code="cv_type")
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
        errors["consent"] = _l("Tick that we may keep your details to handle your "
                               "application.")
    clean.update(name=name, email=email, motivation=motivation)
    return clean, errors


def _store(kind: str, content: bytes) -> str:
    """Write the CV under a random name; return its path below instance/uploads/."""
    folder = Path(current_app.instance_path) / "uploads" / "cv"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{kind}"
    (folder / name).write_bytes(content)
    return f"cv/{name}"


@writes
def apply(vacancy: Vacancy, data: Mapping, upload: Upload | None,
          arrival: share_links.Arrival) -> Referral:
    """Validate everything, then store the application as a referral, in one commit."""
    if not share_links.is_open(vacancy):
        raise Conflict(_l("This vacancy is closed: applications are no longer accepted."),
                       code="vacancy_closed")
    clean, errors = _check_fields(data)
    try:
        kind = _check_cv(upload)
    except ValidationError as error:
        errors.update(error.fields)
    if errors:
        raise ValidationError.many(errors)
    sharer_id = arrival.sharer.id if arrival.sharer else None
    referral = Referral(
        vacancy_id=vacancy.id, referrer_id=sharer_id, source="application",
        name=clean["name"], contact=clean["email"], contact_key=contact_key(clean["email"]),
        motivation=clean["motivation"], consent_at=utcnow(), status="referred")
    if kind:
        original = re.split(r"[\\/]", upload.filename or "")[-1].strip()
        referral.cv_filename = (original or f"cv.{kind}")[-200:]
        referral.cv_path = _store(kind, upload.content)
    db.session.add(referral)
    db.session.flush()
    db.session.add(ReferralEvent(referral_id=referral.id, status="referred"))
    share_links.count_event(vacancy.id, sharer_id, "application", f"a{referral.id}")
    # The reason names no applicant: personal data stays in the recruiters' pipeline.
    notifications.notify(vacancy, {vacancy.author_id: [
        {"kind": "referral", "referral_id": referral.id}]}, actor_id=0)
    db.session.commit()
    return referral
