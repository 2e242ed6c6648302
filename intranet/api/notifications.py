"""/notifications: what reached you and why; mark read."""

from __future__ import annotations

from flask.views import MethodView

from ..notifying import notifications
from . import schemas
from .actions import MARK_READ, NOTIFICATIONS, limited
from .auth import viewer
from .blueprint import Blueprint

blp = Blueprint("api_notifications", __name__, description="Notifications")


@blp.route("/notifications")
class Notifications(MethodView):
    @limited(blp, NOTIFICATIONS)
    @blp.arguments(NOTIFICATIONS.schema, location="query")
    @blp.response(200, schemas.NotificationList)
    def get(self, args):
        """Newest first; with `after_id`, what arrived since the last one you saw, oldest
        first (ask again with the last id while `items` is full)."""
        items = notifications.list_notifications(
            viewer(),
            unread=args["unread"],
            after_id=args.get("after_id"),
            before_id=args.get("before_id"),
            kind=args.get("kind"),
            limit=args["limit"],
        )
        notifications.with_actors(items)
        return {
            "items": items,
            "unread": notifications.unread_count(viewer()),
        }


@blp.route("/notifications/read")
class Read(MethodView):
    @limited(blp, MARK_READ)
    @blp.arguments(MARK_READ.schema)
    @blp.response(200, schemas.ReadOut)
    def post(self, data):
        """Mark `{"ids": [...]}` or `{"all": true}` as read (neither marks nothing)."""
        updated = notifications.mark_read(viewer(), data.get("ids"), bool(data.get("all")))
        return {"updated": updated, "unread": notifications.unread_count(viewer())}
