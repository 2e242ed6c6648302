"""Administration: invite people, change roles, deactivate leavers; mail in and digest
previews."""

from __future__ import annotations

import marshmallow as ma
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts import people as accounts
from ..errors import DomainError
from ..extensions import db
from ..links import absolute_url, embed_origins
from ..mailin import history
from ..models import Invite, User
from ..notifying import previews
from ..platform.actions import load
from . import embed
from .forms import InviteForm
from .pages import flash_error, preview_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.is_admin:
        abort(403)


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = InviteForm()
    link = None
    if form.validate_on_submit():
        try:
            invite, token = accounts.invite(
                current_user, form.email.data, form.role.data, language=form.language.data
            )
        except DomainError as error:
            flash_error(error)
        else:
            link = absolute_url("auth.signup", token=token)
            flash(
                _(
                    "%(email)s is invited; the e-mail with the link goes out shortly. "
                    "You can also pass the link below on yourself.",
                    email=invite.email,
                ),
                "success",
            )
    people = db.session.scalars(
        select(User).order_by(User.deactivated_at.is_not(None), User.name)
    ).all()
    invites = db.session.scalars(
        select(Invite).where(Invite.accepted_at.is_(None)).order_by(Invite.created_at.desc())
    ).all()
    return render_template("admin/users.html", form=form, people=people, invites=invites, link=link)


class UserChange(ma.Schema):
    """A person's row sends either their new role or whether they are active."""

    role = ma.fields.String()
    active = ma.fields.String()  # "1": reactivate, anything else: deactivate


@bp.route("/users/<int:user_id>", methods=["POST"])
def change_user(user_id):
    person = accounts.get_user(user_id)
    try:
        change = load(UserChange)
        if "role" in change:
            accounts.set_role(current_user, person, change["role"])
            flash(_("%(name)s's role is changed.", name=person.name), "success")
        if "active" in change:
            active = change["active"] == "1"
            accounts.set_active(current_user, person, active)
            flash(
                _("%(name)s is reactivated.", name=person.name)
                if active
                else _("%(name)s is deactivated; their posts stay.", name=person.name),
                "success",
            )
    except DomainError as error:
        flash_error(error)
    return redirect(url_for("admin.users"), code=303)


@bp.route("/mail")
def mail():
    """Mail in: what became of every message lately, and whether senders are verified."""
    people = db.session.scalars(
        select(User).where(User.deactivated_at.is_(None)).order_by(User.name)
    )
    return render_template(
        "admin/mail.html",
        recent=history.recent(),
        explain=history.explain,
        unverified=history.sender_unverified(),
        people=people.all(),
    )


class PersonChoice(ma.Schema):
    person = ma.fields.Integer(required=True)


@bp.route("/people/digest")
def digest_chooser():
    """The person picked on the e-mail page: their digest's preview."""
    try:
        person = accounts.get_user(load(PersonChoice, "query")["person"])
    except DomainError as error:
        flash_error(error)
        return redirect(url_for("admin.mail"), code=303)
    return redirect(url_for("admin.digest", user_id=person.id), code=303)


@bp.route("/people/<int:user_id>/digest", methods=["GET", "POST"])
def digest(user_id):
    """Anyone's next digest as it stands; POST mails it to the admin."""
    person = accounts.get_user(user_id)
    if request.method == "POST":
        previews.send_preview(current_user, person)
        flash(_("The preview is on its way to %(email)s.", email=current_user.email), "success")
        return redirect(url_for("admin.digest", user_id=person.id), code=303)
    return render_template(
        "admin/digest.html", person=person, preview=previews.preview(person, to=current_user)
    )


@bp.route("/people/<int:user_id>/digest/frame")
def digest_frame(user_id):
    return preview_page(previews.preview(accounts.get_user(user_id), to=current_user))


class SnippetArgs(embed.WidgetArgs):
    """What the widget shows, and how tall the <iframe> is."""

    height = ma.fields.Integer(load_default=600, validate=ma.validate.Range(200, 3000))


@bp.route("/embed")
def embed_snippet():
    """The snippet an intranet or careers page includes, with a preview."""
    try:
        args, errors = load(SnippetArgs, "query"), {}
    except DomainError as error:
        args, errors = load(SnippetArgs, "query", lenient=True), error.fields
    shown = {k: v for k, v in args.items() if v and k in ("department", "location", "tag", "lang")}
    url = absolute_url("embed.widget", **shown)
    return render_template(
        "admin/embed.html",
        args=args,
        errors=errors,
        url=url,
        snippet=embed.snippet(url, args["height"]),
        origins=embed_origins(current_app.config["KRING_EMBED_ORIGINS"]),
        json_url=absolute_url("embed.jobs", **shown),
        languages=current_app.config["KRING_LANGUAGES"],
    ), 422 if errors else 200
