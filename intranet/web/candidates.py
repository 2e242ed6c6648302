"""Candidate offers on their page: 'Interested', and the same candidate seen elsewhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import INTEREST
from ..errors import DomainError
from ..models import PostType
from ..posting import posts
from ..recruiting import candidates, interest
from .pages import flash_error, undo

bp = Blueprint("candidates", __name__)


def page_context(post) -> dict:
    """What a candidate offer's page shows besides the card (nothing for other posts)."""
    if post.type != PostType.CANDIDATE_OFFER:
        return {}
    people = interest.interested(post)
    return {
        "interested": people,
        "is_interested": any(i.user_id == current_user.id for i in people),
        "same_candidate": candidates.same_candidate(current_user, post),
    }


@bp.route("/posts/<int:post_id>/interest", methods=["POST"])
@login_required
@INTEREST.limited
def interested(post_id):
    post = posts.get_post(current_user, post_id)
    try:
        if undo():
            interest.withdraw_interest(current_user, post)
            flash(_("Your interest is withdrawn; the conversation stays."), "success")
        else:
            interest.show_interest(current_user, post)
            flash(
                _("%(name)s knows you're interested; continue below.", name=post.author.name),
                "success",
            )
    except DomainError as error:
        flash_error(error)
    return redirect(url_for("posts.show", post_id=post.id, _anchor="interest"), code=303)
