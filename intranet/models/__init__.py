"""Kring's tables, one module per noun; importing this package registers them all."""

from .client import Client, ClientOwner
from .group import Group, GroupMember
from .invite import Invite
from .post import (
                   LIFECYCLES,
                   POST_CLASSES,
                   POSTABLE_TYPES,
                   CandidateOffer,
                   CandidatePrivate,
                   ClientSignal,
                   Post,
                   PostRevision,
                   PostType,
                   Reply,
                   ReputationAlert,
                   Vacancy,
)
from .social import Follow, GroupMention, Like, Mention
from .tag import PostTag, Tag, TagFollow
from .token import ApiToken
from .user import Role, User

__all__ = [
    "ApiToken", "CandidateOffer", "CandidatePrivate", "Client", "ClientOwner", "ClientSignal",
    "Follow", "Group", "GroupMember", "GroupMention", "Invite", "LIFECYCLES", "Like", "Mention",
    "POSTABLE_TYPES", "POST_CLASSES", "Post", "PostRevision", "PostTag", "PostType", "Reply",
    "ReputationAlert", "Role", "Tag", "TagFollow", "User", "Vacancy",
]
