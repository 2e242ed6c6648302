"""A vacancy's public text: what its public page and link previews show, written or
approved by the vacancy's author or a recruiter, drafted from the internal post without
what colleagues say to each other. The internal post itself never goes outside."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import Post, User, Vacancy
from ..platform.clock import utcnow
from ..platform.database import writes
from ..posting import bodies, visibility
from ..text import outsiders
from ..text.markdown import for_outsiders, plain_text

TEXT_MAX = 5000
DESCRIPTION_MAX = 300  # a link preview shows about this much


def may_write(user: User, vacancy: Vacancy) -> bool:
    """Its author, and the recruiters (and admins), speak for a vacancy outside."""
    return user.is_recruiter or vacancy.author_id == user.id


def editable(user: User, post_id: int) -> Vacancy:
    """The vacancy whose public text `user` may write, or why not."""
    post = db.session.get(Post, post_id)
    if post is None or post.type != "vacancy" or not visibility.can_read(user, post):
        raise NotFound(_l("This vacancy does not exist or you may not read it."))
    if not may_write(user, post):
        raise Forbidden(_l("Only its author and the recruiters write a vacancy's public text."))
    if post.group is not None and post.group.is_private:
        raise Conflict(
            _l("Only vacancies for the whole company can be shared outside."), code="not_public"
        )
    return post


def draft(vacancy: Vacancy) -> str:
    """What the form starts with: the saved text, else the internal body without @mentions,
    #tags and internal remarks."""
    return vacancy.public_text or outsiders.draft(vacancy.body)


def _check(text) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise ValidationError("public_text", _l("Write the text outsiders will read first."))
    if len(text) > TEXT_MAX:
        raise ValidationError(
            "public_text",
            _l(
                "The public text can be at most %(n)d characters; this one has %(m)d.",
                n=TEXT_MAX,
                m=len(text),
            ),
        )
    if outsiders.names_insiders(text):
        raise ValidationError(
            "public_text",
            _l("Leave out @mentions and #tags: outsiders can't open them."),
        )
    return text


def save(vacancy: Vacancy, text) -> Vacancy:
    """Approve `text` as what outsiders read about the vacancy (rendered before the write
    unit begins, so no write lock waits for Markdown)."""
    text = _check(text)
    rendered = bodies.render(text, "public_text")
    return _store(vacancy, text, for_outsiders(rendered.html))


@writes
def _store(vacancy: Vacancy, text: str, html: str) -> Vacancy:
    vacancy.public_text, vacancy.public_html, vacancy.public_at = text, html, utcnow()
    return vacancy


def description(vacancy: Vacancy, facts: str) -> str:
    """The link preview's description: the public text's start, or else the facts."""
    if vacancy.public_html:
        return " ".join(plain_text(vacancy.public_html).split())[:DESCRIPTION_MAX]
    return facts
