"""Kring's tables, one module per noun; importing this package registers them all."""

from .alert import Alert, Counter
from .client import Client, ClientOwner
from .group import Group, GroupMember
from .invite import Invite
from .mail import InboundMail, OutboundMail
from .notification import CHANNELS, REASON_KINDS, Notification, NotificationSetting
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
from .queue import FanoutQueue, IndexQueue
from .social import Follow, GroupMention, Like, Mention
from .socket import SocketSession
from .tag import PostTag, Tag, TagFollow
from .token import ApiToken
from .user import Role, User

__all__ = [
    "InboundMail", "OutboundMail",
    "Alert", "ApiToken", "CandidateOffer", "CandidatePrivate", "CHANNELS", "Client",
    "ClientOwner", "ClientSignal", "Counter", "FanoutQueue", "Follow", "Group", "GroupMember",
    "GroupMention", "IndexQueue", "Invite", "LIFECYCLES", "Like", "Mention", "Notification",
    "NotificationSetting", "Post", "POST_CLASSES", "POSTABLE_TYPES", "PostRevision", "PostTag",
    "PostType", "REASON_KINDS", "Reply", "ReputationAlert", "Role", "SocketSession", "Tag",
    "TagFollow", "User", "Vacancy",
]
