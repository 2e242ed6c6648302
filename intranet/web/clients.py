"""Clients: the directory, a client's page with its timeline, following, adding and editing."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..clients import directory, mentions
from ..errors import DomainError
from ..extensions import db
from ..models import User
from .pages import back, is_htmx

bp = Blueprint("clients", __name__)


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


@bp.route("/clients")
@login_required
def index():
    q = (request.args.get("q") or "").strip()[:100]
    page = _page_number()
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
    client = directory.get_client(client_id)
    signals_only = request.args.get("show") == "signals"
    cursor = request.args.get("cursor") or None
    page = mentions.timeline(
        current_user,
        client,
        cursor=cursor,
        signals_only=signals_only,
        limit=current_app.config["KRING_PAGE_SIZE"],
    )
    if cursor and is_htmx():
        return render_template("feed/_page.html", page=page)
    return render_template(
        "clients/show.html",
        entry=directory.details(current_user, client),
        page=page,
        signals_only=signals_only,
        following=bool(directory.followed_ids(current_user, [client.id])),
        can_keep=directory.can_keep(current_user),
    )


@bp.route("/clients/<int:client_id>/follow", methods=["POST"])
@login_required
def follow(client_id):
    client = directory.get_client(client_id)
    if request.form.get("undo"):
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


def _form() -> dict:
    return {
        "name": request.form.get("name", ""),
        "aliases": request.form.get("aliases", ""),
        "industry": request.form.get("industry", ""),
        "owners": request.form.getlist("owners"),
    }


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
def new():
    if not directory.can_keep(current_user):
        abort(403)
    if request.method == "GET":
        return _render_form()
    values = _form()
    try:
        client = directory.create_client(current_user, **values)
    except DomainError as error:
        return _render_form(values=values, errors=_errors(error), status=error.status)
    flash(_("%(name)s is in the client directory.", name=client.name), "success")
    return redirect(url_for("clients.show", client_id=client.id), code=303)


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@login_required
def edit(client_id):
    client = directory.get_client(client_id)
    if not directory.can_keep(current_user):
        abort(403)
    if request.method == "GET":
        return _render_form(client)
    values = _form()
    try:
        directory.update_client(current_user, client, values)
    except DomainError as error:
        return _render_form(client, values, _errors(error), error.status)
    flash(_("Saved. Older posts are matched against the new names in a moment."), "success")
    return redirect(url_for("clients.show", client_id=client.id), code=303)
