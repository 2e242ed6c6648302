"""/webhooks: Teams and Slack channels (or any receiver) that hear of new posts."""

from __future__ import annotations

from flask.views import MethodView

from ..notifying import webhooks
from . import schemas, webhook_schemas
from .actions import WEBHOOK, WEBHOOK_TEST, limited
from .auth import viewer
from .blueprint import Blueprint

blp = Blueprint("api_webhooks", __name__, description="Teams, Slack and other webhooks")


@blp.route("/webhooks")
class Webhooks(MethodView):
    @blp.response(200, webhook_schemas.WebhookList)
    def get(self):
        """Your webhooks."""
        return {"items": webhooks.list_webhooks(viewer())}

    @limited(blp, WEBHOOK)
    @blp.arguments(WEBHOOK.schema)
    @blp.response(201, webhook_schemas.WebhookCreated)
    def post(self, data):
        """Send a group's posts, your alert's hits or a tag's posts to a channel:
        `{"name", "format": "slack"|"teams"|"generic", "url", "group"|"alert"|"tag",
        "types"?, "language"?}`."""
        return webhooks.create_webhook(viewer(), data)


@blp.route("/webhooks/<int:webhook_id>")
class WebhookItem(MethodView):
    @blp.response(200, webhook_schemas.WebhookOut)
    def get(self, webhook_id):
        """One of your webhooks."""
        return webhooks.get_webhook(viewer(), webhook_id)

    @limited(blp, WEBHOOK)
    @blp.arguments(webhook_schemas.WebhookPatch)
    @blp.response(200, webhook_schemas.WebhookOut)
    def patch(self, data, webhook_id):
        """Rename, pause (`{"paused": true}`) or resume (`{"paused": false}`)."""
        return webhooks.change_webhook(viewer(), webhooks.get_webhook(viewer(), webhook_id), data)

    @blp.response(204)
    def delete(self, webhook_id):
        """Delete the webhook; the channel hears nothing more."""
        webhooks.delete_webhook(viewer(), webhooks.get_webhook(viewer(), webhook_id))


@blp.route("/webhooks/<int:webhook_id>/test")
class WebhookTest(MethodView):
    @limited(blp, WEBHOOK_TEST)
    @blp.response(202, schemas.Ok)
    def post(self, webhook_id):
        """Send the channel a test message (by the job queue, at once); the webhook's
        `last_success_at` or `last_error` tells how it went."""
        webhooks.send_test(viewer(), webhooks.get_webhook(viewer(), webhook_id))
        return {"ok": True}
