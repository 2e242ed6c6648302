"""/me/sharing (share preferences) and /vacancies/{id}/share (a personal share link)."""

from __future__ import annotations

from flask.views import MethodView

from ..links import absolute_url
from ..recruiting import share_links, sharing
from .actions import SHARING, limited
from .auth import viewer
from .blueprint import Blueprint
from .sharing_schemas import ShareLink, SharingOut

blp = Blueprint("api_sharing", __name__, description="Sharing vacancies")


@blp.route("/me/sharing")
class Preferences(MethodView):
    @blp.response(200, SharingOut)
    def get(self):
        """Which vacancies you share, where, and how often they come back to you."""
        return sharing.preference_or_defaults(viewer())

    @limited(blp, SHARING)
    @blp.arguments(SHARING.schema)
    @blp.response(200, SharingOut)
    def patch(self, data):
        """Change any of them; fields you leave out keep their value."""
        return sharing.save_preferences(viewer(), data)


@blp.route("/vacancies/<int:post_id>/share")
class Link(MethodView):
    @blp.response(200, ShareLink)
    def get(self, post_id):
        """Your personal link to the public page of an open, company-wide vacancy: views,
        clicks and applications through it are credited to you. 404 if you may not read
        it, 409 if it is closed or only for a private group."""
        vacancy = share_links.share_vacancy(viewer(), post_id)
        return {
            "url": absolute_url(
                "public.vacancy",
                post_id=vacancy.id,
                r=share_links.make_code(viewer().id, vacancy.id),
            )
        }
