"""Calendar and feed addresses: what calendar programs fetch with a person's secret
address, a vacancy's .ics, and the settings page that lists the addresses to copy or renew."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import subscriptions
from ..links import absolute_url
from ..models import User
from ..recruiting import agenda, referrals

bp = Blueprint("subscriptions", __name__)

# Calendar programs and feed readers poll with no one logged in: nothing may keep a copy
# but the reader, and each poll asks again (cheaply, by the ETag).
PRIVATE = "private, no-cache"


def owner(secret: str) -> User:
    """The person whose address this is (404 for a renewed, forged or deactivated one);
    the answer is written in their language."""
    user = subscriptions.user_for_secret(secret)
    if user is None:
        abort(404)
    g.language = user.language
    return user


def conditional(response: Response, etag: str, last_modified=None) -> Response:
    """304 when the poller has this version already."""
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = PRIVATE
    return response.make_conditional(request)


def _ics(body: bytes, filename: str, download: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    way = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{way}; filename="{filename}"'
    return conditional(response, hashlib.sha256(body).hexdigest())


@bp.route("/s/<secret>/calendar.ics")
def calendar(secret):
    return _ics(agenda.personal_calendar(owner(secret)), "kring.ics", download=False)


@bp.route("/vacancies/<int:post_id>.ics")
@login_required
def vacancy_ics(post_id):
    vacancy = referrals.get_vacancy(current_user, post_id)
    return _ics(agenda.vacancy_calendar(vacancy), f"vacancy-{vacancy.id}.ics", download=True)


def _webcal(url: str) -> str:
    """The same address for a calendar program to subscribe to (webcal://)."""
    return "webcal://" + url.split("://", 1)[1]


@bp.route("/settings/subscriptions")
@login_required
def settings():
    secret = subscriptions.secret_for(current_user)
    calendar_url = absolute_url("subscriptions.calendar", secret=secret)
    return render_template(
        "settings/subscriptions.html", calendar_url=calendar_url, webcal=_webcal(calendar_url)
    )


@bp.route("/settings/subscriptions/renew", methods=["POST"])
@login_required
def renew():
    subscriptions.renew(current_user)
    flash(_("New addresses made: the old ones no longer work. Subscribe again."), "success")
    return redirect(url_for("subscriptions.settings"), code=303)
