"""Groups: the list, a group's page and feed, joining, leaving and managing members."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import people
from ..api.actions import GROUP, MEMBER
from ..errors import DomainError
from ..platform.actions import load
from ..posting import groups, visibility
from .composer import composer_context
from .feed import feed_query, render_feed
from .pages import back, flash_error

bp = Blueprint("groups", __name__)


@bp.route("/groups")
@login_required
def index():
    return render_template("groups/index.html", groups=groups.list_groups(current_user))


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
@GROUP.limited
def new():
    values, errors = {}, {}
    if request.method == "POST":
        try:
            data = GROUP.load_form()
            group = groups.create_group(
                current_user, data["name"], data["private"], data["description"]
            )
        except DomainError as error:
            values, errors = GROUP.sent(), getattr(error, "fields", None) or {"name": error.message}
        else:
            return redirect(url_for("groups.show", handle=group.handle), code=303)
    return render_template("groups/new.html", values=values, errors=errors), 422 if errors else 200


@bp.route("/groups/<handle>")
@login_required
def show(handle):
    group = groups.group_by_handle(current_user, handle)
    member = visibility.is_member(current_user, group)
    return render_feed(
        "groups/show.html",
        feed_query(scope="all", group=group),
        group=group,
        member=member,
        members=groups.members(group),
        can_manage=visibility.can_manage_group(current_user, group),
        **composer_context(group=group),
    )


class MemberForm(ma.Schema):
    handle = ma.fields.String(load_default="")  # nobody: yourself
    remove = ma.fields.Boolean(load_default=False)


@bp.route("/groups/<handle>/members", methods=["POST"])
@login_required
@MEMBER.limited
def members(handle):
    """Join or leave (yourself), or add or remove someone by @handle (owner, admin)."""
    group = groups.group_by_handle(current_user, handle)
    try:
        form = load(MemberForm)
        who = form["handle"].strip().lstrip("@")
        person = people.user_by_handle(who) if who else current_user
        if form["remove"]:
            groups.remove_member(current_user, group, person)
            flash(_("%(name)s left %(group)s.", name=person.name, group=group.name), "info")
        else:
            groups.add_member(current_user, group, person)
            flash(
                _("%(name)s is now a member of %(group)s.", name=person.name, group=group.name),
                "success",
            )
    except DomainError as error:
        flash_error(error)
    if not visibility.can_read_group(current_user, group):
        return redirect(url_for("groups.index"), code=303)
    return back()
