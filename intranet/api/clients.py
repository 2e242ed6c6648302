"""/clients: the client directory, a client, following it, and the posts about it."""

from __future__ import annotations

from flask.views import MethodView

from ..clients import directory, mentions
from . import client_schemas, schemas
from .actions import CLIENT, CLIENT_EDIT, FOLLOW, limited
from .auth import viewer
from .blueprint import Blueprint
from .serialize import seen

blp = Blueprint("api_clients", __name__, description="Clients, their aliases and owners")


def _detail(client) -> directory.Entry:
    return directory.details(viewer(), client)


@blp.route("/clients")
class Clients(MethodView):
    @blp.response(200, schemas.ClientList)
    def get(self):
        """All clients, by name."""
        return {"items": directory.list_clients(viewer())}

    @limited(blp, CLIENT)
    @blp.arguments(CLIENT.schema)
    @blp.response(201, schemas.ClientOut)
    def post(self, data):
        """Add a client with aliases and owners (user ids); recruiters and admins."""
        return directory.create_client(viewer(), **data)


@blp.route("/clients/<int:client_id>")
class ClientItem(MethodView):
    @blp.response(200, client_schemas.ClientDetail)
    def get(self, client_id):
        """A client, with how many follow it and its signals you may read."""
        return _detail(directory.get_client(viewer(), client_id))

    @limited(blp, CLIENT_EDIT)
    @blp.arguments(CLIENT_EDIT.schema)
    @blp.response(200, client_schemas.ClientDetail)
    def patch(self, data, client_id):
        """Change the name, aliases, industry or owners (recruiters and admins)."""
        client = directory.get_client(viewer(), client_id)
        return _detail(directory.update_client(viewer(), client, data))


@blp.route("/clients/<int:client_id>/follow")
class ClientFollow(MethodView):
    @limited(blp, FOLLOW)
    @blp.response(200, client_schemas.ClientDetail)
    def post(self, client_id):
        """Follow a client: its signals and every post naming it notify you."""
        client = directory.get_client(viewer(), client_id)
        directory.follow_client(viewer(), client)
        return _detail(client)

    @limited(blp, FOLLOW)
    @blp.response(200, client_schemas.ClientDetail)
    def delete(self, client_id):
        """Stop following a client."""
        client = directory.get_client(viewer(), client_id)
        directory.unfollow_client(viewer(), client)
        return _detail(client)


@blp.route("/clients/<int:client_id>/posts")
class ClientPosts(MethodView):
    @blp.arguments(client_schemas.ClientPostsArgs, location="query")
    @blp.response(200, client_schemas.ClientPosts)
    def get(self, args, client_id):
        """The client's signals and every post naming it or an alias, newest first; pass
        `next_cursor` back as `cursor`."""
        client = directory.get_client(viewer(), client_id)
        page = mentions.timeline(
            viewer(),
            client,
            cursor=args.get("cursor"),
            signals_only=args["signals"],
            limit=args["limit"],
        )
        return {
            "items": seen(page, viewer()),
            "next_cursor": page.next_cursor,
        }
