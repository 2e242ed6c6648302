"""Post cards rendered once per version: the face of a card (its header, its type's part,
its text) is the same for every reader of one language and zone, so it is kept, keyed by
everything it shows; what is the reader's own (likes, follows, the forms) is rendered
around it on every page, from what all the page's cards share, made once per request
(`Actions`)."""

from __future__ import annotations

import threading
from operator import attrgetter
from typing import NamedTuple
from urllib.parse import quote

from cachetools import LRUCache
from flask import current_app, g, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import inspect

from ..i18n import ago_key
from ..models import PostType
from ..platform.clock import local_today
from ..posting.columns import SECRET
from ..posting.hydration import references
from ..posting.visibility import can_see_files
from .sharing import shareable
from .vacancies import writes_public_text

# Faces kept per process: a few pages of every feed people are reading.
SIZE = 4096
# Types whose card part shows what depends on the reader (a candidate's personal data to
# recruiters, colleagues' interest): kept per what they show of the reader too, and given
# only that when rendered.
READER_CARDS = frozenset({PostType.CANDIDATE_OFFER})
FACE = "posts/_card_face.html"


def _kept() -> tuple[LRUCache, threading.Lock]:
    """This app's faces (each app its own: tests make many in one process)."""
    kept = current_app.extensions.get("kring.cards")
    if kept is None:
        kept = current_app.extensions.setdefault("kring.cards", (LRUCache(SIZE), threading.Lock()))
    return kept


def _row(obj) -> tuple | None:
    """Every column of a loaded row but its secrets: an edit anywhere in it is another
    version. The same for a row read as plain columns (posting.columns) as for its ORM
    object, so either finds the face the other kept."""
    if obj is None:
        return None
    read = _columns.get(type(obj))
    if read is None:  # one getter per model, made the first time
        model = getattr(obj, "_model", None) or inspect(obj).mapper.class_
        keys = [a.key for a in inspect(model).column_attrs if a.key not in SECRET]
        read = _columns[type(obj)] = attrgetter(*keys)  # every model has several
    return read(obj)


_columns: dict[type | str, attrgetter] = {}


def fingerprint(post) -> tuple:
    """What the face shows: the post, its author, its group, the rows its fields name
    (a signal's client, an alert's assignee), its attachments, and the words that depend
    on the moment."""
    named = tuple([_row(getattr(post, name)) for name, _key, _model in references(post.type)])
    return (
        _row(post),
        _row(post.author),
        _row(post.group),
        named,
        tuple(_row(a) for a in post.attachments),
        ago_key(post.created_at),
        local_today(),
    )


def card_face(post, page=None) -> Markup:
    """The face of `post`'s card, rendered now or kept from before (`page`: the feed page
    it is on, for what a type in READER_CARDS shows of the reader)."""
    faces, lock = _kept()
    slot = _slot(post)
    context = {}
    if not _shared(post):
        context.update(_reader_view(post, page))
        viewer, private, shown = context["current_user"], context["private"], context["page"]
        slot += (viewer.is_recruiter, _row(private), shown.interest.get(post.id))
    seen = fingerprint(post)
    with lock:
        kept = faces.get(slot)
    if kept is not None and kept[0] == seen:
        return kept[1]
    # Drawn from the ORM object: a page read as plain columns loads it now, with those of
    # the page's other posts whose faces must be drawn too (a new post: one, not twenty).
    context["post"] = page.model(post, lambda: _to_draw(page)) if page is not None else post
    # Rendered without the page's context: the face can't reach the reader or the request.
    face = Markup(current_app.jinja_env.get_template(FACE).render(**context))
    with lock:
        faces[slot] = (seen, face)
    return face


def _to_draw(page) -> list:
    """The page's posts with no current face kept (a face kept per kind of reader is
    counted as one to draw: telling would take the reader's part of the page)."""
    faces, lock = _kept()
    where = _where()
    drawn = []
    for post in page.items:
        if not _shared(post):
            drawn.append(post)
            continue
        with lock:
            kept = faces.get(_slot(post, where))
        if kept is None or kept[0] != fingerprint(post):
            drawn.append(post)
    return drawn


def _shared(post) -> bool:
    """Whether `post`'s face is the same for every reader (of one language and zone). A
    face that shows something of its reader (a candidate's data, files only recruiters may
    see) is kept per kind of reader, never shared across them."""
    return post.type not in READER_CARDS and can_see_files(None, post)


def _where() -> tuple[str, str]:
    return str(get_locale()), str(get_timezone())


def _slot(post, where: tuple[str, str] | None = None) -> tuple:
    """Where `post`'s face is kept for this request's language and zone (a face not
    `_shared` adds the kind of reader to it)."""
    return (post.id, *(where or _where()))


class _Viewer(NamedTuple):
    """All a face may know of its reader."""

    is_recruiter: bool


class _Shown(NamedTuple):
    """All a face may know of its page: how many colleagues are interested in its post."""

    interest: dict


def _reader_view(post, page) -> dict:
    """What a READER_CARDS face shows of its reader (its slot is kept by it): whether they
    are a recruiter, the candidate's personal data if the page has it for them, and the
    interest in the post."""
    private = page.private.get(post.id) if page is not None else None
    interest = page.interest.get(post.id) if page is not None else None
    return {
        "current_user": _Viewer(bool(getattr(current_user, "is_recruiter", False))),
        "private": private,
        "page": _Shown({post.id: interest} if interest else {}),
    }


class Link:
    """`url_for(endpoint, key=value)` for many values on one page: the address is built once
    around a marker, then each value is put in its place, quoted as Werkzeug's converters
    quote it (a card has up to five links; a feed page made 200 with url_for)."""

    MARKS = {int: 918273645, str: "kring-marker"}

    def __init__(self, endpoint: str, key: str, kind: type = int):
        built = url_for(endpoint, **{key: self.MARKS[kind]})
        # The last: the application's own prefix stands before the path's values.
        self.before, found, self.after = built.rpartition(str(self.MARKS[kind]))
        assert found, endpoint
        self.kind = kind

    def __call__(self, value) -> str:
        if self.kind is int:
            return f"{self.before}{int(value)}{self.after}"
        return f"{self.before}{quote(str(value), safe=SAFE)}{self.after}"


SAFE = "!$&'()*+,/:;=@"  # what Werkzeug's string converter leaves unquoted in a path


class Actions:
    """What the reader's part of every card on a page (posts/_actions.html) shares: the
    form token, the way back, the links, the words every card says and the reaction
    pickers, made once per request."""

    PICKER = "posts/_reactpick.html"

    def __init__(self):
        self.token = generate_csrf()
        self.here = request.full_path if request.method == "GET" else None
        self.root = request.script_root
        self.like = Link("posts.like", "post_id")
        self.show = Link("posts.show", "post_id")
        self.follow = Link("people.follow", "handle", str)
        self.tag = Link("feed.tag", "name", str)
        self.language = str(get_locale())
        self.words = {"reactions": _("Reactions"), "react": _("React"), "reply": _("Reply")}
        # The macro itself: importing it on every vacancy's card cost more than calling it.
        macros = current_app.jinja_env.get_template("_macros.html").module
        self._vacancy_buttons = macros.vacancy_buttons_for
        footers = current_app.extensions.get("kring.footers")  # each app its own
        if footers is None:
            footers = current_app.extensions.setdefault(
                "kring.footers", (LRUCache(SIZE), threading.Lock())
            )
        self.footers = footers

    def vacancy_buttons(self, vacancy) -> Markup:
        """What the reader may do with a vacancy (refer, calendar, share, public text),
        kept by what decides it."""
        open_ = vacancy.status == "open" and (
            not vacancy.closes_on or vacancy.closes_on >= local_today()
        )
        group = vacancy.group
        public = writes_public_text(vacancy) and not (group and group.is_private)
        key = (
            "vacancy",
            vacancy.id,
            self.language,
            self.root,
            open_,
            public,
            open_ and shareable(vacancy),
            bool(vacancy.public_text),
        )
        footers, lock = self.footers
        with lock:
            made = footers.get(key)
        if made is None:
            made = Markup(self._vacancy_buttons(*key[1:2], *key[4:]))
            with lock:
                footers[key] = made
        return made

    def back_to(self, post_id: int) -> str:
        """Where a reaction's form leads back to: this page at the card, or the post."""
        return f"{self.here if self.here is not None else self.show(post_id)}#p{post_id}"

    def picker(self, given) -> Markup:
        """The six reaction buttons, pressed where the reader gave that reaction: drawn
        once per language and choice, and kept."""
        mine = tuple(r.kind for r in given if r.mine)
        kept = current_app.extensions.setdefault("kring.pickers", {})
        drawn = kept.get((self.language, mine))
        if drawn is None:
            macro = current_app.jinja_env.get_template(self.PICKER).module.buttons
            drawn = kept[self.language, mine] = Markup(macro(mine))
        return drawn


# The reader's part of a card, kept by everything it shows (the same reactions, counts,
# follows and tags on the same page address and language are the same HTML, whoever reads
# it): its forms carry this marker where each request puts its own token.
FOOTER = "posts/_footer.html"
TOKEN = "kring-form-token-marker"


def card_footer(post, page) -> Markup:
    """The reader's part of `post`'s card on `page` (a hydrated feeds.Page): reactions and
    who gave them, reply, follow, tags, with this request's form token."""
    kit = card_actions()
    given = page.reactions.get(post.id, ())
    follow = (
        post.author_id != current_user.id
        and post.author_id not in page.followed_users
        and not post.parent_id
    )
    author = post.author
    followed = page.followed_tags
    key = (
        post.id,
        kit.language,
        kit.root,
        kit.here,
        post.parent_id,
        post.like_count,
        post.reply_count,
        tuple((r.kind, r.mine, tuple([p.name for p in r.people])) for r in given),
        post.id in page.liked,
        page.new_replies.get(post.id),
        (author.handle, author.name) if follow else None,
        tuple([(t.name, t.name in followed) for t in post.tags]),
    )
    footers, lock = kit.footers
    with lock:
        made = footers.get(key)
    if made is None:
        # Given only what the key holds: the reader is in it through `page` and `follow`.
        made = Markup(
            current_app.jinja_env.get_template(FOOTER).render(
                post=post, page=page, kit=kit, follow=follow, token=TOKEN
            )
        )
        with lock:
            footers[key] = made
    return made.replace(TOKEN, kit.token)


# What the header shows the person logged in, kept by everything it shows: the same for
# every page of one area and search, for as long as they, their unread count and the
# language stay the same; each request puts its own form token in its place.
HEADER = "_topbar.html"


def header_part(part: str, unread_count) -> Markup:
    """`part` of the logged-in header ("bar" or "tabs") for the current user."""
    kit = card_actions()
    endpoint = request.endpoint
    key = (
        part,
        kit.language,
        kit.root,
        endpoint,
        request.args.get("q", "") if endpoint == "search.index" else None,
        unread_count,
        _person(current_user._get_current_object()),
    )
    kept, lock = _parts()
    with lock:
        made = kept.get(key)
    if made is None:
        made = Markup(
            current_app.jinja_env.get_template(HEADER).render(
                part=part,
                unread_count=unread_count,
                current_user=current_user._get_current_object(),
                csrf_token=TOKEN,
            )
        )
        with lock:
            kept[key] = made
    return made.replace(TOKEN, kit.token)


def _person(user) -> tuple:
    """Every column of the person but the moment their Following feed last looked (each
    look at it writes it, and the header never shows it)."""
    read = _columns.get(HEADER)
    if read is None:
        keys = [a.key for a in inspect(user).mapper.column_attrs if a.key != "following_seen_at"]
        read = _columns[HEADER] = attrgetter(*keys)
    return read(user)


def _parts() -> tuple[LRUCache, threading.Lock]:
    kept = current_app.extensions.get("kring.header")  # each app its own
    if kept is None:
        kept = current_app.extensions.setdefault("kring.header", (LRUCache(SIZE), threading.Lock()))
    return kept


def card_actions() -> Actions:
    """This request's `Actions`."""
    made = g.get("kring_card_actions")
    if made is None:
        made = g.kring_card_actions = Actions()
    return made
