"""A post's images and files: served to those who may read the post (checked on every
request), the uploads read from a form, and what a card shows of them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, request, send_file, url_for
from flask_babel import format_decimal
from flask_login import current_user
from markupsafe import Markup

from ..accounts.tokens import bearer_secret, user_for_token
from ..errors import DomainError
from ..models import Attachment
from ..platform.inputs import attachment as disposition
from ..posting import attachments

bp = Blueprint("attachments", __name__)


def uploads(name: str = "attachments") -> attachments.Judged:
    """The files a form sent, each read to one byte past the limit (so "too big" is known
    without keeping more), judged now: before the unit that stores them begins."""
    return attachments.judge(
        [
            attachments.Upload(f.filename, f.stream.read(attachments.MAX_SIZE + 1))
            for f in request.files.getlist(name)
            if f.filename
        ]
    )


def address(row: Attachment, thumbnail: bool = False) -> str:
    endpoint = "attachments.thumbnail" if thumbnail else "attachments.show"
    return url_for(endpoint, post_id=row.post_id, key=row.key)


def _served(path, mimetype: str, name: str, inline: bool, etag: str):
    # At most 10 MB: read at once, so no open file outlives the request. A key's bytes
    # never change, so the key is the ETag.
    content = io.BytesIO(path.read_bytes())
    response = send_file(content, mimetype=mimetype, conditional=True, etag=etag, max_age=0)
    response.headers["Content-Disposition"] = disposition(
        name, "inline" if inline else "attachment"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Asked again every time (answered 304 while unchanged): whoever leaves a private group
    # must not keep reading its files from a cache.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _found(post_id: int, key: str):
    """The attachment for whoever asks: a browser logged in, or an API client with its
    token (the API lists these addresses); 404 for anyone who may not read the post."""
    reader = current_user if current_user.is_authenticated else None
    secret = bearer_secret(request.headers.get("Authorization"))
    if reader is None and secret:
        reader = user_for_token(secret)
        if reader is None:
            abort(404)
    if reader is None:
        return current_app.login_manager.unauthorized()
    try:
        return attachments.find(reader, post_id, key)
    except DomainError:
        abort(404)


@bp.route("/posts/<int:post_id>/files/<key>")
def show(post_id, key):
    """The image (shown in the browser) or the file (downloaded); 404 for anyone who may
    not read the post, as for a key that doesn't exist."""
    found = _found(post_id, key)
    if not isinstance(found, tuple):
        return found  # to the login page
    row, path = found
    return _served(path, row.mimetype, row.name, row.is_image, row.key)


@bp.route("/posts/<int:post_id>/files/<key>/thumbnail")
def thumbnail(post_id, key):
    found = _found(post_id, key)
    if not isinstance(found, tuple):
        return found
    row, _path = found
    small = attachments.file_of(row.thumbnail_path)
    if small is None or not small.is_file():
        abort(404)
    return _served(small, "image/webp", row.name.rsplit(".", 1)[0] + ".webp", True, row.key + "-t")


def file_size(size: int) -> str:
    """A size as people read it: "840 kB", "2,4 MB" in Dutch."""
    if size < 1000 * 1000:
        return f"{format_decimal(max(1, round(size / 1000)))} kB"
    return f"{format_decimal(size / 1000 / 1000, format='0.#')} MB"


@dataclass
class Shown:
    """A post's text with its attached images in place, and the rest of its attachments:
    images for the gallery, files as chips."""

    html: Markup
    images: list[Attachment] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)


def attached(post, reader=None) -> Shown:
    """What a card shows of `post`'s text and attachments to `reader`; without one (a
    card's face kept for every reader) only what every reader of the post may see, so
    none of a candidate offer's files."""
    rows = attachments.shown_to(reader, post)
    html, inline = attachments.inline(post.html, rows, address)
    rest = [a for a in rows if a.id not in inline]
    return Shown(
        Markup(html),  # the stored, sanitised html, sanitised again
        [a for a in rest if a.is_image],
        [a for a in rest if not a.is_image],
    )
