"""/me/sharing (share preferences) and /vacancies/{id}/share (a personal share link)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields as f

from ..links import absolute_url
from ..recruiting import share_links, sharing
from .auth import viewer
from .schemas import Strict

blp = Blueprint("api_sharing", __name__, description="Sharing vacancies")
CHANNELS = ["linkedin", "email", "whatsapp", "x", "link"]


class SharingIn(Strict):
    departments = f.List(f.String(), metadata={"description": "empty: all"})
    locations = f.List(f.String(), metadata={"description": "empty: all"})
    tags = f.List(f.String(), metadata={"description": "empty: all"})
    channels = f.List(f.String(metadata={"enum": CHANNELS}))
    rhythm = f.String(metadata={"enum": ["weekly", "monthly", "never"]})


class SharingOut(ma.Schema):
    departments = f.List(f.String())
    locations = f.List(f.String())
    tags = f.List(f.String())
    channels = f.List(f.String())
    rhythm = f.String()
    saved = f.Boolean(metadata={"description": "false: never saved, these are the defaults"})


class ShareLink(ma.Schema):
    url = f.String()


@blp.route("/me/sharing")
class Preferences(MethodView):
    @blp.response(200, SharingOut)
    def get(self):
        """Which vacancies you share, where, and how often they come back to you."""
        return sharing.as_dict(sharing.preference(viewer()))

    @blp.arguments(SharingIn)
    @blp.response(200, SharingOut)
    def patch(self, data):
        """Change any of them; fields you leave out keep their value."""
        return sharing.as_dict(sharing.save_preferences(viewer(), data))


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
