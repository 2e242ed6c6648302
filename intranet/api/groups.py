"""/groups and their members."""

from __future__ import annotations

from flask.views import MethodView

from ..accounts import people
from ..posting import groups
from . import schemas
from .actions import GROUP, MEMBER, limited
from .auth import viewer
from .blueprint import Blueprint

blp = Blueprint("api_groups", __name__, description="Public and private groups")


@blp.route("/groups")
class Groups(MethodView):
    @blp.response(200, schemas.GroupList)
    def get(self):
        """Public groups, and the private groups you are in."""
        return {"items": groups.list_groups(viewer())}

    @limited(blp, GROUP)
    @blp.arguments(GROUP.schema)
    @blp.response(201, schemas.GroupOut)
    def post(self, data):
        """Create a group; you become its owner and first member."""
        group = groups.create_group(viewer(), data["name"], data["private"], data["description"])
        return groups.Listing(group, member_count=1, member=True)


@blp.route("/groups/<int:group_id>/members/<int:user_id>")
class Member(MethodView):
    @limited(blp, MEMBER)
    @blp.response(200, schemas.Ok)
    def post(self, group_id, user_id):
        """Join a public group yourself; owners and admins add anyone."""
        group = groups.get_group(viewer(), group_id)
        groups.add_member(viewer(), group, people.get_user(user_id))
        return {"ok": True}

    @limited(blp, MEMBER)
    @blp.response(200, schemas.Ok)
    def delete(self, group_id, user_id):
        """Leave a group, or (owner, admin) remove someone."""
        group = groups.get_group(viewer(), group_id)
        groups.remove_member(viewer(), group, people.get_user(user_id))
        return {"ok": True}
