"""Kring's tables, one module per noun; importing this package registers them all."""

from sqlalchemy.orm import with_polymorphic

from .alert import Alert, Counter
from .attachment import Attachment
from .audit import AuditRecord
from .client import Client, ClientFollow, ClientMention, ClientOwner
from .draft import Draft
from .group import Group, GroupMember
from .interest import CandidateInterest, CandidateLink
from .invite import Invite
from .login import Login
from .mail import InboundMail, OutboundMail
from .notification import CHANNELS, REASON_KINDS, Notification, NotificationSetting
from .post import CandidatePrivate, Post, PostRevision
from .post_types import (
    LIFECYCLES,
    POST_CLASSES,
    POSTABLE_TYPES,
    CandidateOffer,
    ClientSignal,
    PostType,
    Reply,
    ReputationAlert,
    Vacancy,
)
from .queue import FanoutQueue, IndexQueue, PeriodicRun
from .referral import REFERRAL_SOURCES, REFERRAL_STATUSES, Referral, ReferralEvent
from .search import SearchDocument, SearchWord
from .sharing import (
    SHARE_CHANNELS,
    SHARE_EVENT_KINDS,
    SHARE_RHYTHMS,
    ShareEvent,
    SharePreference,
    ShareSlot,
)
from .social import REACTIONS, Follow, GroupMention, Mention, PostVisit, Reaction
from .socket import SocketSession
from .tag import PostTag, Tag, TagFollow
from .token import ApiToken
from .type_spec import TYPES, TypeSpec
from .user import Role, User
from .webhook import WEBHOOK_FORMATS, WEBHOOK_STATES, Webhook, WebhookDelivery

# Every type's columns in one query (feeds, the index, the fan-out), made once every table
# is declared: it configures the mappers.
AnyPost = with_polymorphic(Post, "*")

__all__ = [
    "Attachment",
    "REACTIONS",
    "Reaction",
    "PostVisit",
    "AuditRecord",
    "CandidateInterest",
    "CandidateLink",
    "ClientFollow",
    "Draft",
    "REFERRAL_SOURCES",
    "REFERRAL_STATUSES",
    "Referral",
    "ReferralEvent",
    "SHARE_CHANNELS",
    "SearchDocument",
    "SearchWord",
    "SHARE_EVENT_KINDS",
    "SHARE_RHYTHMS",
    "ShareEvent",
    "SharePreference",
    "ShareSlot",
    "InboundMail",
    "OutboundMail",
    "Alert",
    "AnyPost",
    "ApiToken",
    "CandidateOffer",
    "CandidatePrivate",
    "CHANNELS",
    "Client",
    "ClientMention",
    "ClientOwner",
    "ClientSignal",
    "Counter",
    "FanoutQueue",
    "Follow",
    "Group",
    "GroupMember",
    "GroupMention",
    "IndexQueue",
    "Invite",
    "Login",
    "LIFECYCLES",
    "Mention",
    "Notification",
    "NotificationSetting",
    "Post",
    "POST_CLASSES",
    "POSTABLE_TYPES",
    "PeriodicRun",
    "PostRevision",
    "PostTag",
    "PostType",
    "REASON_KINDS",
    "Reply",
    "ReputationAlert",
    "Role",
    "SocketSession",
    "Tag",
    "TagFollow",
    "TYPES",
    "TypeSpec",
    "User",
    "Vacancy",
    "WEBHOOK_FORMATS",
    "WEBHOOK_STATES",
    "Webhook",
    "WebhookDelivery",
]
