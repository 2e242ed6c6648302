"""Sharing vacancies: the personal share queue, share preferences, sharing on a channel."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import marshmallow as ma
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import SHARING
from ..errors import DomainError
from ..links import absolute_url
from ..models import SHARE_CHANNELS, Vacancy
from ..platform.actions import load
from ..recruiting import share_links, sharing
from .pages import content_policy, safe_next

bp = Blueprint("sharing", __name__)

# Sharing ends on another site: the queue's forms may lead there (through our redirect).
QUEUE_FORM_ACTION = "'self' https://www.linkedin.com https://wa.me https://twitter.com mailto:"


def personal_link(vacancy: Vacancy) -> str:
    return absolute_url(
        "public.vacancy", post_id=vacancy.id, r=share_links.make_code(current_user.id, vacancy.id)
    )


def channel_url(channel: str, link: str, vacancy: Vacancy) -> str:
    text = _("Vacancy: %(title)s", title=vacancy.title or "")
    if channel == "linkedin":
        return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link})
    if channel == "email":
        body = _("Maybe something for you or someone you know:") + f"\n\n{text}\n{link}\n"
        return "mailto:?" + urlencode({"subject": text, "body": body}, quote_via=quote)
    if channel == "whatsapp":
        return "https://wa.me/?" + urlencode({"text": f"{text} {link}"}, quote_via=quote)
    if channel == "x":
        return "https://twitter.com/intent/tweet?" + urlencode(
            {"url": link, "text": text}, quote_via=quote
        )
    return url_for("sharing.index")


class QueueArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1)


class ShareForm(ma.Schema):
    copied = ma.fields.Boolean(load_default=False)  # the page copied the link itself


@bp.route("/sharing")
@login_required
def index():
    page = min(max(load(QueueArgs, "query", lenient=True)["page"], 1), sharing.MAX_PAGE)
    pref = sharing.preference(current_user)
    items, more = sharing.queue(current_user, page)
    return _with_csp(
        render_template(
            "sharing/index.html",
            pref=pref,
            items=items,
            more=more,
            page=page,
            links={v.id: personal_link(v) for v in items},
            results=sharing.results(current_user),
            form=sharing.as_dict(pref),
            options=sharing.options(),
            errors={},
        )
    )


# The form sends every list (nothing ticked: none sent) and the rhythm.
FORM_DEFAULTS = {"departments": [], "locations": [], "tags": [], "channels": [], "rhythm": ""}


@bp.route("/sharing/preferences", methods=["GET", "POST"])
@login_required
@SHARING.limited
def preferences():
    pref = sharing.preference(current_user)
    form, errors = sharing.as_dict(pref), {}
    if request.method == "POST":
        form = {**FORM_DEFAULTS, **SHARING.sent()}
        try:
            sharing.save_preferences(current_user, SHARING.load_form(defaults=FORM_DEFAULTS))
        except DomainError as error:
            errors = getattr(error, "fields", None) or {"rhythm": error.message}
        else:
            flash(_("Saved. Vacancies that fit come to your share queue."), "success")
            return redirect(safe_next("sharing.index"), code=303)
    return render_template(
        "sharing/preferences.html", pref=pref, form=form, errors=errors, options=sharing.options()
    ), 422 if errors else 200


def _vacancy(post_id: int) -> Vacancy:
    try:
        return share_links.share_vacancy(current_user, post_id)
    except DomainError as error:
        flash(str(error.message), "error")
        abort(redirect(url_for("sharing.index"), code=303))


def _with_csp(page: str):
    return page, 200, {"Content-Security-Policy": content_policy(QUEUE_FORM_ACTION)}


@bp.route("/sharing/<int:post_id>")
@login_required
def vacancy(post_id):
    """One vacancy to share, reached from its card: the personal link and the channels."""
    found = _vacancy(post_id)
    figures = sharing.results(current_user, vacancy_id=found.id)
    return _with_csp(
        render_template(
            "sharing/vacancy.html",
            vacancy=found,
            link=personal_link(found),
            channels=[c for c in SHARE_CHANNELS if c != "link"],
            figures=figures[0] if figures else None,
        )
    )


@bp.route("/sharing/links")
@login_required
def links():
    """Every vacancy they shared, with its personal link and what it brought."""
    rows = sharing.results(current_user, limit=200)
    return _with_csp(
        render_template(
            "sharing/links.html",
            rows=rows,
            links={row["vacancy"].id: personal_link(row["vacancy"]) for row in rows},
            open_ids={
                row["vacancy"].id for row in rows if share_links.is_shareable(row["vacancy"])
            },
        )
    )


@bp.route("/sharing/<int:post_id>/share/<channel>", methods=["POST"])
@login_required
def share(post_id, channel):
    if channel not in SHARE_CHANNELS:
        abort(404)
    vacancy = _vacancy(post_id)
    link = personal_link(vacancy)
    sharing.record_share(current_user, vacancy, channel)
    if channel == "link":
        if load(ShareForm)["copied"]:  # copied in the page already: nothing to show
            return "", 204
        flash(_("Your personal link: %(link)s", link=link), "success")
        return redirect(safe_next("sharing.index"), code=303)
    return redirect(channel_url(channel, link, vacancy), code=303)


@bp.route("/sharing/<int:post_id>/dismiss", methods=["POST"])
@login_required
def dismiss(post_id):
    sharing.dismiss(current_user, _vacancy(post_id))
    flash(_("Fine: it comes back on your next turn."), "success")
    return redirect(url_for("sharing.index"), code=303)


@bp.app_template_global()
def shareable(vacancy: Vacancy) -> bool:
    """Whether a vacancy's card offers "Share"."""
    return share_links.is_shareable(vacancy)


@bp.app_template_global()
def share_question() -> bool:
    """Ask on the feed until they have said what they share: once per session at most
    (so the feed costs no extra query after the first page)."""
    if not current_user.is_authenticated or session.get("share_notice_hidden"):
        return False
    session["share_notice_hidden"] = True
    return sharing.preference(current_user) is None


@bp.route("/sharing/notice", methods=["POST"])
@login_required
def hide_notice():
    """The feed's "what do you want to share?" notice, gone for this session."""
    session["share_notice_hidden"] = True
    return redirect(safe_next(), code=303)
