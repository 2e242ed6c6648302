"""Who follows whom, who reacts to what, and who a post mentions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (Index("ix_follows_followed_follower", "followed_id", "follower_id"),)

    follower_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    followed_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# The reactions anyone can give, in the order the card shows them: a name (what the API
# and the database say) → its emoji. A like from before reactions is a heart.
REACTIONS = {
    "thumbs_up": "\N{THUMBS UP SIGN}",
    "heart": "\N{HEAVY BLACK HEART}\N{VARIATION SELECTOR-16}",
    "tada": "\N{PARTY POPPER}",
    "joy": "\N{FACE WITH TEARS OF JOY}",
    "wow": "\N{FACE WITH OPEN MOUTH}",
    "pray": "\N{PERSON WITH FOLDED HANDS}",
}


class Reaction(db.Model):
    """One person's reaction of one kind to a post (several kinds per person are fine)."""

    __tablename__ = "reactions"
    __table_args__ = (Index("ix_reactions_user_post", "user_id", "post_id"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Mention(db.Model):
    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_user_post", "user_id", "post_id"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime)  # "I've read it" (must-read)


class GroupMention(db.Model):
    __tablename__ = "group_mentions"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PostVisit(db.Model):
    """When someone last opened a post: replies after it are new to them."""

    __tablename__ = "post_visits"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
