"""Calendar and feed addresses: what calendar programs fetch with a person's secret
address, a vacancy's .ics, and the settings page that lists the addresses to copy or renew."""

from __future__ import annotations

import hashlib
from datetime import UTC

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import subscriptions
from ..clients import directory, mentions
from ..links import absolute_url
from ..models import User
from ..notifying import alerts
from ..posting import atom, feeds, follows, groups
from ..posting.feeds import FeedQuery
from ..recruiting import agenda, referrals, vacancies

bp = Blueprint("subscriptions", __name__)

ENTRIES = 30  # a feed's newest entries

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


def _atom(user: User, key: str, title: str, page: str, where: list) -> Response:
    """The feed of the posts meeting `where` (on AnyPost), or 304 when the reader has this
    version: known from one query, before anything is loaded or built."""
    feed = atom.Feed(
        key=key,
        title=_("Kring: %(title)s", title=title),
        page=page,
        address=request.base_url,
        versions=feeds.versions(where, ENTRIES),
        language=str(get_locale()),
    )
    response = conditional(
        Response(mimetype="application/atom+xml"),
        feed.etag,
        feed.updated.replace(tzinfo=UTC, microsecond=0),  # HTTP dates have whole seconds
    )
    if response.status_code == 200:
        feed.posts = feeds.newest_first(user, where, ENTRIES).items
        response.set_data(atom.build(feed))
    return response


def _feed(user: User, **query) -> list:
    return feeds.feed_conditions(user, FeedQuery(**query))


@bp.route("/s/<secret>/feeds/following.atom")
def following_feed(secret):
    user = owner(secret)
    where = _feed(user, scope="following")
    return _atom(user, "following", _("Following"), absolute_url("feed.index"), where)


@bp.route("/s/<secret>/feeds/vacancies.atom")
def vacancies_feed(secret):
    user = owner(secret)
    page = absolute_url("vacancies.board")
    where = vacancies.feed_conditions(user)
    return _atom(user, "vacancies", _("Open vacancies"), page, where)


@bp.route("/s/<secret>/feeds/tags/<name>.atom")
def tag_feed(secret, name):
    user, name = owner(secret), follows.check_tag_name(name)
    page = absolute_url("feed.tag", name=name)
    return _atom(user, f"tag:{name}", f"#{name}", page, _feed(user, tag=name))


@bp.route("/s/<secret>/feeds/groups/<int:group_id>.atom")
def group_feed(secret, group_id):
    user = owner(secret)
    group = groups.get_group(user, group_id)
    page = absolute_url("groups.show", handle=group.handle)
    return _atom(user, f"group:{group.id}", group.name, page, _feed(user, group=group))


@bp.route("/s/<secret>/feeds/clients/<int:client_id>.atom")
def client_feed(secret, client_id):
    user = owner(secret)
    client = directory.get_client(user, client_id)
    where = mentions.timeline_conditions(user, client)
    page = absolute_url("clients.show", client_id=client.id)
    return _atom(user, f"client:{client.id}", client.name, page, where)


@bp.route("/s/<secret>/feeds/alerts/<int:alert_id>.atom")
def alert_feed(secret, alert_id):
    user = owner(secret)
    alert, where = alerts.hit_conditions(user, alert_id)
    title = _("alert “%(term)s”", term=alert.term)
    return _atom(user, f"alert:{alert.id}", title, absolute_url("alerts.index"), where)


def _webcal(url: str) -> str:
    """The same address for a calendar program to subscribe to (webcal://)."""
    return "webcal://" + url.split("://", 1)[1]


@bp.route("/settings/subscriptions")
@login_required
def settings():
    secret = subscriptions.secret_for(current_user)
    calendar_url = absolute_url("subscriptions.calendar", secret=secret)
    return render_template(
        "settings/subscriptions.html",
        calendar_url=calendar_url,
        webcal=_webcal(calendar_url),
        feeds=_feed_addresses(secret),
    )


def _feed_addresses(secret: str) -> list[tuple[str, str]]:
    """(what, address) of every feed the person has: their feeds, tags, alerts, groups and
    the clients they follow."""

    def url(endpoint, **values):
        return absolute_url(f"subscriptions.{endpoint}", secret=secret, **values)

    found = [
        (_("Following"), url("following_feed")),
        (_("Open vacancies"), url("vacancies_feed")),
    ]
    found += [(f"#{n}", url("tag_feed", name=n)) for n in follows.followed_tags(current_user)]
    found += [
        (_("alert “%(term)s”", term=a.term), url("alert_feed", alert_id=a.id))
        for a in alerts.list_alerts(current_user)
    ]
    found += [
        (g.group.name, url("group_feed", group_id=g.group.id))
        for g in groups.list_groups(current_user)
        if g.member
    ]
    followed = directory.followed_ids(current_user)
    found += [
        (c.name, url("client_feed", client_id=c.id))
        for c in directory.list_clients(current_user)
        if c.id in followed
    ]
    return found


@bp.route("/settings/subscriptions/renew", methods=["POST"])
@login_required
def renew():
    subscriptions.renew(current_user)
    flash(_("New addresses made: the old ones no longer work. Subscribe again."), "success")
    return redirect(url_for("subscriptions.settings"), code=303)
