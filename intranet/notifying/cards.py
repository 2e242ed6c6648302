"""What a channel receives about a post: a Slack message (Block Kit `blocks` with a text
fallback), a Teams message (an Adaptive Card in its `attachments`, as Teams' incoming
webhooks and Workflows take it) or Kring's own JSON for other receivers.

A card says what every colleague may read and no more: the post's text and the type's
fields that everyone sees (never a candidate's personal data, which lives apart and is not
even loaded here), with a link back to the post. Rendered in the webhook's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from flask_babel import gettext as _

from ..links import absolute_url
from ..models import Post, Webhook
from ..models.type_spec import TITLE

TEXT_MAX = 600  # characters of the post's text a card carries


@dataclass(frozen=True)
class Card:
    """A post as a channel shows it, in plain text."""

    title: str
    heading: str  # who posted it, where
    text: str
    facts: list[tuple[str, str]]
    link: str


def _short(text: str, limit: int = TEXT_MAX) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_for(post: Post) -> Card:
    """The card for `post` (call inside composing.for_language: words and the link)."""
    spec = post.spec
    title, facts = "", []
    for field in spec.public_fields:
        value = field.kind.text(getattr(post, field.name, None))
        if not value:
            continue
        if field.search == TITLE and not title:
            title = value
        else:
            facts.append((str(field.label), value))
    label = str(spec.label)
    if post.group is not None:
        heading = _("%(name)s in %(group)s", name=post.author.name, group=post.group.name)
    else:
        heading = post.author.name
    if post.tags:
        facts.append((_("Tags"), " ".join(f"#{t.name}" for t in post.tags)))
    return Card(
        title=f"{label}: {title}" if title else label,
        heading=heading,
        text=_short(post.text),
        facts=facts,
        link=absolute_url("posts.show", post_id=post.id),
    )


def greeting(webhook: Webhook) -> Card:
    return Card(
        title=_("Test message from Kring"),
        heading=webhook.owner.name,
        text=_(
            "“%(name)s” is connected: this channel will hear of new posts from Kring here.",
            name=webhook.name,
        ),
        facts=[],
        link=absolute_url("webhooks.index"),
    )


# Slack ------------------------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    """Slack reads &, < and > as markup (links, @channel): the text must say them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(card: Card) -> dict:
    title = _slack_escape(card.title)
    lines = [f"*<{card.link}|{title}>*", _slack_escape(card.heading)]
    if card.text:
        lines.append(_slack_escape(card.text))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}}]
    if card.facts:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"*{_slack_escape(k)}*\n{_slack_escape(v)}"[:2000]}
                    for k, v in card.facts[:10]
                ],
            }
        )
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": _("Open in Kring")},
                    "url": card.link,
                }
            ],
        }
    )
    return {"text": f"{card.title} ({card.heading}): {card.link}", "blocks": blocks}


# Teams ------------------------------------------------------------------------------------


def teams(card: Card) -> dict:
    body = [
        {
            "type": "TextBlock",
            "text": card.title,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {
            "type": "TextBlock",
            "text": card.heading,
            "isSubtle": True,
            "spacing": "None",
            "wrap": True,
        },
    ]
    if card.text:
        body.append({"type": "TextBlock", "text": card.text, "wrap": True})
    if card.facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in card.facts]})
    content = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": _("Open in Kring"), "url": card.link}],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": content,
            }
        ],
    }


# Any other receiver -------------------------------------------------------------------------


def generic(card: Card, post: Post | None) -> dict:
    about = None
    if post is not None:
        about = {
            "id": post.id,
            "type": post.type,
            "group": post.group.name if post.group is not None else None,
            "author": {"name": post.author.name, "handle": post.author.handle},
            "tags": [t.name for t in post.tags],
            "created_at": post.created_at.replace(tzinfo=UTC).isoformat(),
        }
    return {
        "event": "post" if post is not None else "test",
        "title": card.title,
        "heading": card.heading,
        "text": card.text,
        "facts": [{"name": k, "value": v} for k, v in card.facts],
        "url": card.link,
        "post": about,
    }


def payload(webhook: Webhook, post: Post | None) -> dict:
    """The JSON this webhook's receiver gets about `post` (None: a test message)."""
    card = card_for(post) if post is not None else greeting(webhook)
    if webhook.format == "slack":
        return slack(card)
    if webhook.format == "teams":
        return teams(card)
    return generic(card, post)
