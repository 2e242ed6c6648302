"""Schemas of the client API: a client's page, its changes and its posts."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from .schemas import ALIAS, ALIASES, ID, Person, PostOut, Strict, limits


class ClientDetail(ma.Schema):
    """A client's page: the client, with its followers and the signals you may read (a
    clients.directory.Entry)."""

    id = f.Integer(attribute="client.id")
    name = f.String(attribute="client.name")
    aliases = f.List(f.String(), attribute="client.alias_list")
    industry = f.String(attribute="client.industry")
    owners = f.List(f.Nested(Person), attribute="client.owners")
    follower_count = f.Integer(attribute="followers")
    signal_count = f.Integer(
        attribute="signals", metadata={"description": "client signals you may read"}
    )
    following = f.Boolean(metadata={"description": "whether you follow the client"})


class ClientPatch(Strict):
    name = f.String(metadata=limits(120, filled=True))
    aliases = f.List(f.String(metadata=ALIAS), metadata=ALIASES)
    owners = f.List(f.Integer(strict=True, validate=ID), metadata={"uniqueItems": True})
    industry = f.String(metadata=limits(120))


class ClientPostsArgs(Strict):
    cursor = f.String()
    signals = f.Boolean(load_default=False, metadata={"description": "only the client's signals"})
    limit = f.Integer(load_default=20, validate=ma.validate.Range(1, 100))


class ClientPosts(ma.Schema):
    items = f.List(f.Nested(PostOut))
    next_cursor = f.String(allow_none=True)
