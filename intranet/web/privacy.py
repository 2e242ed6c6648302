"""/admin/privacy: what Kring holds about one candidate, its export and its erasure (AVG).

The contact travels in POST bodies only, so it never lands in URLs, logs or history."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..errors import DomainError
from ..platform.actions import load
from ..recruiting import privacy

bp = Blueprint("privacy", __name__, url_prefix="/admin/privacy")
AUDIT_LABELS = {
    "export": _l("Export"),
    "erase": _l("Erasure"),
    "retention": _l("Retention date passed"),
}


class Subject(ma.Schema):
    """Whom the page is about: the candidate's contact (e-mail or phone), in the body only."""

    contact = ma.fields.String(load_default="")
    confirm = ma.fields.String(load_default="")  # "yes": the erasure is confirmed


class AuditArgs(ma.Schema):
    before = ma.fields.Integer(validate=ma.validate.Range(1, 2**31 - 1))


def _subject() -> dict:
    subject = load(Subject)
    return {**subject, "contact": subject["contact"].strip()}


@bp.before_request
@login_required
def _admins_only():
    if not current_user.is_admin:
        abort(403)


def _page(contact: str = "", held=None, errors=None, status: int = 200):
    before = load(AuditArgs, "query", lenient=True).get("before")
    records = privacy.audit_records(before_id=before)
    more = records[-1].id if len(records) == privacy.AUDIT_PAGE else None
    return render_template(
        "admin/privacy.html",
        contact=contact,
        held=held,
        errors=errors or {},
        records=records,
        more=more,
        AUDIT_LABELS=AUDIT_LABELS,
    ), status


def _refused(contact: str, error: DomainError):
    return _page(
        contact,
        errors=getattr(error, "fields", None) or {"contact": error.message},
        status=error.status,
    )


@bp.route("", methods=["GET", "POST"])
def index():
    if request.method == "GET":
        return _page()
    contact = _subject()["contact"]
    try:
        held = privacy.lookup(current_user, contact)
    except DomainError as error:
        return _refused(contact, error)
    return _page(contact, held)


@bp.route("/export", methods=["POST"])
def export():
    contact = _subject()["contact"]
    try:
        data = privacy.export(current_user, contact)
    except DomainError as error:
        return _refused(contact, error)
    name = f"kring-candidate-{privacy.subject_of(data['contact_key'])[:12]}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/erase", methods=["POST"])
def erase():
    subject = _subject()
    contact = subject["contact"]
    try:
        if subject["confirm"] != "yes":
            held = privacy.lookup(current_user, contact)
            return render_template("admin/privacy_confirm.html", contact=contact, held=held)
        counts = privacy.erase(current_user, contact)
    except DomainError as error:
        return _refused(contact, error)
    flash(
        _(
            "Erased: the personal data of %(offers)d offers and %(referrals)d referrals.",
            offers=len(counts["offer_ids"]),
            referrals=len(counts["referral_ids"]),
        ),
        "success",
    )
    return redirect(url_for("privacy.index"), code=303)
