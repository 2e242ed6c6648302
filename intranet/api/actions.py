"""Kring's actions, each with its input schema and its rate limit (KRING_LIMITS by name).

The API declares these schemas; a page that does the same loads its form through them
(platform.actions), so both give the same answers and spend the same budget."""

from __future__ import annotations

from ..platform.actions import READS, Action
from . import (
    client_schemas,
    draft_schemas,
    referral_schemas,
    schemas,
    sharing_schemas,
    webhook_schemas,
)

POST = Action("post", schemas.PostCreate)
EDIT = Action("edit", schemas.PostUpdate)  # body, type fields, status, triage
REPLY = Action("reply", schemas.ReplyCreate)
DELETE = Action("delete")
ATTACH = Action("attach", schemas.AttachmentIn)  # an image or file to a post, or one off
LIKE = Action("like")
CONFIRM_READ = Action("confirm_read")
FOLLOW = Action("follow")  # tags, colleagues, clients
INTEREST = Action("interest")

FEED = Action("feed", schemas.FeedArgs, READS)
SEARCH = Action("search", schemas.SearchArgs, READS)
SUGGEST = Action("suggest", schemas.SuggestArgs, READS)

ALERT = Action("alert", schemas.AlertIn)
ALERT_PREVIEW = Action("alert_preview", schemas.AlertPreviewArgs, READS)

NOTIFICATIONS = Action("notifications", schemas.NotificationArgs, READS)
MARK_READ = Action("mark_read", schemas.ReadIn)
SETTINGS = Action("settings", schemas.SettingsIn)

GROUP = Action("group", schemas.GroupIn)
MEMBER = Action("member")

CLIENT = Action("client", schemas.ClientIn)
CLIENT_EDIT = Action("client_edit", client_schemas.ClientPatch)

REFER = Action("refer", referral_schemas.ReferralIn)
REFERRAL_STATUS = Action("referral_status", referral_schemas.ReferralPatch)
INTERVIEW = Action("interview", referral_schemas.InterviewIn)
REFERRALS = Action("referrals", referral_schemas.ReferralArgs, READS)

SHARING = Action("sharing", sharing_schemas.SharingIn)

DRAFT = Action("draft", draft_schemas.DraftIn)  # keep or discard a draft
DRAFTS = Action("drafts", draft_schemas.DraftArgs, READS)

WEBHOOK = Action("webhook", webhook_schemas.WebhookIn)  # add, rename, pause, resume
WEBHOOK_TEST = Action("webhook_test")


def limited(blp, action: Action):
    """An API method under the action's limit, documented as one that may answer 429."""

    def decorate(view):
        return action.limited(blp.alt_response(429, response="TOO_MANY_REQUESTS")(view))

    return decorate
