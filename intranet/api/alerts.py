"""/alerts: term alerts, and a preview of what a term would have matched."""

from __future__ import annotations

from flask.views import MethodView

from ..notifying import alerts
from ..posting import feeds
from . import schemas
from .actions import ALERT, ALERT_PREVIEW, limited
from .auth import viewer
from .blueprint import Blueprint
from .serialize import seen

blp = Blueprint("api_alerts", __name__, description="Term alerts")


@blp.route("/alerts")
class Alerts(MethodView):
    @blp.response(200, schemas.AlertList)
    def get(self):
        """Your alerts."""
        return {"items": alerts.list_alerts(viewer())}

    @limited(blp, ALERT)
    @blp.arguments(ALERT.schema)
    @blp.response(201, schemas.AlertOut)
    def post(self, data):
        """Watch a word or phrase: `{"term": "Van der Berg -stage", "types": ["vacancy"]}`."""
        return alerts.create_alert(viewer(), data)


@blp.route("/alerts/<int:alert_id>")
class AlertItem(MethodView):
    @blp.response(204)
    def delete(self, alert_id):
        """Stop watching."""
        alerts.delete_alert(viewer(), alert_id)


@blp.route("/alerts/preview")
class Preview(MethodView):
    @limited(blp, ALERT_PREVIEW)
    @blp.arguments(ALERT_PREVIEW.schema, location="query")
    @blp.response(200, schemas.AlertPreviewOut)
    def get(self, args):
        """What this term would have matched in the last 30 days."""
        matches, total = alerts.preview(viewer(), args)
        page = feeds.hydrate(viewer(), feeds.Page(items=matches))
        return {"total": total, "items": seen(page, viewer())}
