"""Clients: the directory, a client's page with its timeline, following, adding and editing."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..api.actions import CLIENT, CLIENT_EDIT, FOLLOW
from ..clients import directory, mentions
from ..errors import DomainError
from ..extensions import db
from ..models import User
from ..platform.actions import load
from .pages import back, is_htmx, undo

bp = Blueprint("clients", __name__)


class DirectoryArgs(ma.Schema):
    q = ma.fields.String(load_default="")
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(1, 99_999))


class TimelineArgs(ma.Schema):
    show = ma.fields.String(load_default="")  # "signals": only the client's signals
    cursor = ma.fields.String(load_default=None)


@bp.route("/clients")
@login_required
def index():
    args = load(DirectoryArgs, "query", lenient=True)
    q, page = args["q"].strip()[:100], args["page"]
    entries, more = directory.directory(current_user, q, page)
    followed = directory.followed_ids(current_user, [e.client.id for e in entries])
    return render_template(
        "clients/index.html",
        entries=entries,
        q=q,
        page=page,
        more=more,
        followed=followed,
        can_keep=directory.can_keep(current_user),
    )


@bp.route("/clients/<int:client_id>")
@login_required
def show(client_id):
    client = directory.get_client(current_user, client_id)
    args = load(TimelineArgs, "query", lenient=True)
    signals_only, cursor = args["show"] == "signals", args["cursor"] or None
    page = mentions.timeline(
        current_user,
        client,
        cursor=cursor,
        signals_only=signals_only,
        limit=current_app.config["KRING_PAGE_SIZE"],
    )
    if cursor and is_htmx():
        return render_template("feed/_page.html", page=page)
    entry = directory.details(current_user, client)
    return render_template(
        "clients/show.html",
        entry=entry,
        page=page,
        signals_only=signals_only,
        following=entry.following,
        can_keep=directory.can_keep(current_user),
    )


@bp.route("/clients/<int:client_id>/follow", methods=["POST"])
@login_required
@FOLLOW.limited
def follow(client_id):
    client = directory.get_client(current_user, client_id)
    if undo():
        directory.unfollow_client(current_user, client)
        flash(_("You no longer follow %(name)s.", name=client.name), "success")
    else:
        directory.follow_client(current_user, client)
        flash(
            _(
                "You follow %(name)s: its signals and every post naming it reach you.",
                name=client.name,
            ),
            "success",
        )
    return back()


# The form sends every field, its aliases one per line, and no owners when none is ticked.
FORM_DEFAULTS = {"name": "", "aliases": [], "industry": "", "owners": []}


def _form(action) -> dict:
    data = action.load_form(defaults=FORM_DEFAULTS)
    return {**data, "aliases": [a for text in data["aliases"] for a in text.splitlines()]}


def _render_form(client=None, values=None, errors=None, status=200):
    people = db.session.execute(
        select(User.id, User.name, User.handle)
        .where(User.deactivated_at.is_(None))
        .order_by(User.name)
    ).all()
    if values is None:
        values = {"name": "", "aliases": "", "industry": "", "owners": []}
        if client is not None:
            values = {
                "name": client.name,
                "aliases": client.aliases,
                "industry": client.industry,
                "owners": [u.id for u in client.owners],
            }
    chosen = {str(v) for v in values.get("owners", [])}
    people = sorted(people, key=lambda p: str(p.id) not in chosen)  # the owners on top
    return render_template(
        "clients/form.html",
        client=client,
        values=values,
        chosen=chosen,
        errors=errors or {},
        people=people,
    ), status


def _errors(error: DomainError) -> dict:
    return getattr(error, "fields", None) or {"name": error.message}


@bp.route("/clients/new", methods=["GET", "POST"])
@login_required
@CLIENT.limited
def new():
    if not directory.can_keep(current_user):
        abort(403)
    if request.method == "GET":
        return _render_form()
    try:
        client = directory.create_client(current_user, **_form(CLIENT))
    except DomainError as error:
        values = {**FORM_DEFAULTS, **CLIENT.sent()}
        return _render_form(values=values, errors=_errors(error), status=error.status)
    flash(_("%(name)s is in the client directory.", name=client.name), "success")
    return redirect(url_for("clients.show", client_id=client.id), code=303)


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@login_required
@CLIENT_EDIT.limited
def edit(client_id):
    client = directory.get_client(current_user, client_id)
    if not directory.can_keep(current_user):
        abort(403)
    if request.method == "GET":
        return _render_form(client)
    try:
        directory.update_client(current_user, client, _form(CLIENT_EDIT))
    except DomainError as error:
        values = {**FORM_DEFAULTS, **CLIENT_EDIT.sent()}
        return _render_form(client, values, _errors(error), error.status)
    flash(_("Saved. Older posts are matched against the new names in a moment."), "success")
    return redirect(url_for("clients.show", client_id=client.id), code=303)
