"""/clients: the client directory."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import clients
from . import schemas, viewer
from .serialize import person

blp = Blueprint("api_clients", __name__, description="Clients, their aliases and owners")


def _client_json(client) -> dict:
    return {"id": client.id, "name": client.name, "aliases": client.alias_list,
            "industry": client.industry, "owners": [person(u) for u in client.owners]}


@blp.route("/clients")
class Clients(MethodView):
    @blp.response(200, schemas.ClientList)
    def get(self):
        """All clients, by name."""
        return {"items": [_client_json(c) for c in clients.list_clients()]}

    @blp.arguments(schemas.ClientIn)
    @blp.response(201, schemas.ClientOut)
    def post(self, data):
        """Add a client with aliases and owners (user ids)."""
        return _client_json(clients.create_client(viewer(), **data))
