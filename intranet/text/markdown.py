"""Markdown to sanitised HTML, plus the plain text people read and the #tags and @handles.

Pure and process-safe: no Flask, no database. Raw HTML in a body is shown as text, not
interpreted; nh3 then sanitises the result anyway, so nothing unsafe survives either step.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import nh3
from markdown.blockprocessors import HashHeaderProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .normalize import name_key

TAG_MAX = 50
TAG_CHARS = r"[^\W_][\w-]*"
HANDLE = r"[a-z0-9_](?:[a-z0-9_.-]{0,28}[a-z0-9_])?"
# Only where a word starts: not in e-mail addresses, URL fragments or paths ("x.nl/#a").
TOKEN_RE = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?<![\w/&#@])#(?P<tag>" + TAG_CHARS + r")"
    r"|(?<![\w/@.])@(?P<handle>" + HANDLE + r")(?![\w@])",
    re.IGNORECASE,
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "th": {"align"},
    "td": {"align"},
    "img": {"src", "alt", "title"},
}
# An image shows only a file attached to the post itself (`![alt](attachment:NAME)`,
# pointed at its address when the post is shown): one from elsewhere would tell another
# server who reads what, and when.
ATTACHED = "attachment:"
BLOCKS = {"p", "li", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "hr"}


@dataclass
class Rendered:
    html: str
    text: str
    tags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # lower-cased handles, in order
    long_tags: list[str] = field(default_factory=list)  # tags over TAG_MAX characters


class _SpacedHashHeader(HashHeaderProcessor):
    """A heading needs a space after its hashes ("# Title"), so "#java" starts a tag."""

    RE = re.compile(
        r"(?:^|\n)(?P<level>#{1,6})[ \t]+"
        r"(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
    )


class _LinkTokens(Treeprocessor):
    """Link bare URLs, #tags and @handles in text nodes outside links and code."""

    SKIP = {"a", "code", "pre"}

    def __init__(self, md, found: Rendered):
        super().__init__(md)
        self.found = found

    def run(self, root):
        self._walk(root)

    def _walk(self, parent):
        children = list(parent)
        if parent.text and not isinstance(parent.text, AtomicString):
            parent.text = self._split(parent, parent.text, 0)
        for child in children:
            if child.tag not in self.SKIP:
                self._walk(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail = self._split(parent, child.tail, list(parent).index(child) + 1)

    def _split(self, parent, text: str, position: int) -> str:
        """Replace matches in `text` with <a> elements inserted at `position`; return the lead."""
        matches = list(TOKEN_RE.finditer(text))
        if not matches:
            return text
        lead = text[: matches[0].start()]
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            link = self._link(match)
            link.tail = text[match.end() : end]
            parent.insert(position + i, link)
        return lead

    def _link(self, match) -> etree.Element:
        link = etree.Element("a")
        link.text = AtomicString(match.group(0))
        if match.group("url"):
            link.set("href", match.group("url"))
        elif match.group("tag"):
            tag = name_key(match.group("tag"))
            target = self.found.long_tags if len(tag) > TAG_MAX else self.found.tags
            if tag not in target:
                target.append(tag)
            link.set("href", f"/tags/{tag}")
            link.set("class", "tag")
        else:
            handle = name_key(match.group("handle"))
            if handle not in self.found.mentions:
                self.found.mentions.append(handle)
            link.set("href", f"/@{handle}")
            link.set("class", "mention")
        return link


class _OwnImages(Treeprocessor):
    """An image from elsewhere becomes a link to it (its alt text, or its address, as
    the words): nothing is fetched unless someone clicks."""

    def run(self, root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img" and not child.get("src", "").startswith(ATTACHED):
                    self._as_link(child)

    def _as_link(self, image) -> None:
        source, words = image.get("src", ""), image.get("alt") or image.get("src", "")
        image.attrib.clear()
        image.tag = "a"
        image.set("href", source)
        image.text = AtomicString(words)


class _Text(HTMLParser):
    """The words a reader sees, without markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


WEB_ADDRESS = re.compile(r"\bhttps?://\S+", re.IGNORECASE)


def _markdown(found: Rendered) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["fenced_code", "sane_lists", "tables", "nl2br"])
    # Raw HTML is shown as typed, never interpreted.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.parser.blockprocessors.register(_SpacedHashHeader(md.parser), "hashheader", 70)
    md.treeprocessors.register(_LinkTokens(md, found), "kring_links", 1)
    md.treeprocessors.register(_OwnImages(md), "kring_images", 2)
    return md


SAFE_HREF = re.compile(r"^(?:https?://[^\s]+|mailto:[^\s]+|/(?![/\\])[^\s]*)$", re.IGNORECASE)


def _only_safe_links(tag: str, attribute: str, value: str) -> str | None:
    """Links go to the web (http, https), to mail, or to a page of Kring itself; images
    only to the post's own attachments."""
    if attribute == "href" and not SAFE_HREF.match(value):
        return None
    if attribute == "src" and not value.startswith(ATTACHED):
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_safe_links,
        url_schemes={"http", "https", "mailto", ATTACHED.rstrip(":")},
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def _no_inner_links(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class" or (attribute == "href" and value.startswith("/")):
        return None
    return value


def for_outsiders(html: str) -> str:
    """Stored html for a public page: #tags and @mentions lose their links into Kring,
    which outsiders can't open; links to the web stay."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS - {"img"},  # an attachment is for colleagues only
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_no_inner_links,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = WEB_ADDRESS.sub("", "".join(parser.parts))  # addresses are not words people read
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def render(body: str) -> Rendered:
    """Render a post body. May be slow on hostile input: call it through text.bounded."""
    found = Rendered(html="", text="")
    html = _markdown(found).convert(body)
    found.html = sanitise(html)
    found.text = plain_text(found.html)
    return found
