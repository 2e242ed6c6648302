"""/me and /me/settings."""

from __future__ import annotations

from flask.views import MethodView

from ..accounts import people
from ..mailin import addresses
from ..notifying import digests, notifications
from . import schemas
from .actions import SETTINGS, limited
from .auth import viewer
from .blueprint import Blueprint

blp = Blueprint("api_me", __name__, description="The caller's account and settings")


@blp.route("/me")
class MeItem(MethodView):
    @blp.response(200, schemas.Me)
    def get(self):
        """Who the token belongs to, with their personal posting address."""
        addresses.personal_address(viewer())
        return viewer()


@blp.route("/me/settings")
class Settings(MethodView):
    @blp.response(200, schemas.MySettings)
    def get(self):
        """Language, profile and where each kind of notification goes."""
        return viewer()

    @limited(blp, SETTINGS)
    @blp.arguments(SETTINGS.schema)
    @blp.response(200, schemas.MySettings)
    def patch(self, data):
        """Change language (`nl`, `en` or null for the browser's), profile fields and
        `notifications` ({"like": "off", "alert": "app", …})."""
        wanted = data.pop("notifications", None)
        digest = {k: data.pop(k) for k in list(data) if k.startswith("digest")}
        if wanted is not None:
            notifications.check_channels(wanted)  # all checked before anything is saved
        if digest:
            digests.set_digest(viewer(), digest)
        if data:
            people.update_profile(viewer(), data)
        if wanted is not None:
            notifications.set_channels(viewer(), wanted)
        return viewer()
