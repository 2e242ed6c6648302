"""Atom feeds (RFC 4287) of posts for one reader, built with feedgen: plain-text titles,
Kring's sanitised html as content (without the links into Kring that only work logged
in), and a version (ETag, Last-Modified) known from one query before anything is loaded
or built, so a poller that has it costs that query."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from ..links import absolute_url
from ..models import Post, PostType
from ..text.markdown import for_outsiders

TITLE_MAX = 90
SUMMARY_MAX = 300
EPOCH = datetime(2000, 1, 1)


@dataclass
class Feed:
    """One feed for one reader: `key` names it ("tag:java"), `page` is where it reads in
    Kring, `address` is the feed's own (secret) address; `versions` are its entries' (id,
    last change) (posting.feeds.versions), `posts` the entries, loaded only to build it."""

    key: str
    title: str
    page: str
    address: str
    versions: list[tuple[int, datetime]]
    language: str = "en"
    posts: list[Post] = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        """The newest moment in the feed (naive UTC)."""
        return max((moment for _id, moment in self.versions), default=EPOCH)

    @property
    def etag(self) -> str:
        """Changes when an entry comes, goes or is edited (and with the reader's language)."""
        parts = [self.key, self.language, self.title]
        parts += [f"{post_id}:{moment.isoformat()}" for post_id, moment in self.versions]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _one_line(text: str, limit: int) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def entry_title(post: Post) -> str:
    """A vacancy's title, an offer's headline, else the first words; prefixed with the
    type's label for anything but an update."""
    named = getattr(post, "title", None) or getattr(post, "headline", None)
    text = _one_line(named or post.text or "", TITLE_MAX) or "…"
    if post.type == PostType.UPDATE:
        return text
    return f"{post.spec.label}: {text}"


def build(feed: Feed) -> bytes:
    generator = FeedGenerator()
    generator.id(feed.page)
    generator.title(feed.title)
    generator.link(href=feed.page, rel="alternate")
    generator.link(href=feed.address, rel="self")
    generator.updated(_utc(feed.updated))
    generator.language(feed.language)
    generator.generator("Kring")
    for post in feed.posts:
        link = absolute_url("posts.show", post_id=post.id)
        entry = generator.add_entry(order="append")
        entry.id(link)
        entry.title(entry_title(post))
        entry.link(href=link, rel="alternate")
        entry.author(name=post.author.name)
        entry.published(_utc(post.created_at))
        entry.updated(_utc(post.edited_at or post.created_at))
        entry.summary(_one_line(post.text or "", SUMMARY_MAX))
        entry.content(for_outsiders(post.html), type="html")
        for tag in post.tags:
            entry.category(term=tag.name)
    return generator.atom_str(pretty=False)
