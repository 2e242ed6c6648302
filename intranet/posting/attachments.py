"""Images and files in posts and replies: judged by their bytes (images encoded again
without their metadata, documents only PDF and Office), kept under instance/uploads/
attachments/, found only by a secret key and shown only to those who may read the post,
and removed from disk with the post."""

from __future__ import annotations

import io
import logging
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import nh3
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from ..errors import NotFound, OutOfSpace, ValidationError
from ..extensions import db
from ..models import Attachment, Post, User
from ..platform import images, serving
from ..platform.database import on_commit, on_rollback, outside_transaction
from ..platform.inputs import safe_filename
from ..text.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from . import visibility

MAX_SIZE = 10 * 1024 * 1024
MAX_COUNT = 10
# A form (or API request) with every file at its largest, and the text beside them.
BODY_MAX = MAX_COUNT * MAX_SIZE + 1024 * 1024
FIELD = "attachments"
FOLDER = "attachments"

_OOXML = "application/vnd.openxmlformats-officedocument."
# What a document is (by its bytes) → its media type; the extension is the key.
DOCUMENTS = {
    "pdf": "application/pdf",
    "docx": _OOXML + "wordprocessingml.document",
    "xlsx": _OOXML + "spreadsheetml.sheet",
    "pptx": _OOXML + "presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
# The main part's content type in an OOXML package's [Content_Types].xml: macro-enabled
# variants (docm, xlsm, pptm) name other types and are refused.
_MAIN_PARTS = {
    "docx": _OOXML + "wordprocessingml.document.main+xml",
    "xlsx": _OOXML + "spreadsheetml.sheet.main+xml",
    "pptx": _OOXML + "presentationml.presentation.main+xml",
}
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
# A legacy Office file is an OLE compound file; its main stream's name says which.
_OLE_STREAMS = {
    "doc": "WordDocument",
    "xls": "Workbook",
    "ppt": "PowerPoint Document",
}
_EXTENSIONS = {"jpg": ("jpg", "jpeg"), "pdf": ("pdf",)}

log = logging.getLogger(__name__)


@dataclass
class Upload:
    """A file as it came in: the name its sender gave and at most MAX_SIZE + 1 bytes."""

    filename: str | None
    content: bytes


@dataclass
class Checked:
    """An upload judged fit: what will be stored."""

    name: str
    kind: str  # "image" or "file"
    mimetype: str
    extension: str
    content: bytes
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None


def _ooxml(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:  # a small index, never a bomb
                return None
            types = package.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError, EOFError):
        return None
    for extension, main in _MAIN_PARTS.items():
        if f'ContentType="{main}"' in types:
            return extension
    return None


def document_kind(content: bytes) -> str | None:
    """The document's extension judged by its bytes (PDF, Word, Excel, PowerPoint), or
    None for anything else, whatever its name says."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return _ooxml(content)
    if content.startswith(_OLE):
        for extension, stream in _OLE_STREAMS.items():
            if stream.encode("utf-16-le") in content:
                return extension
    return None


def _named(filename: str | None, extension: str) -> str:
    """The sender's name, cleaned as CV names are, ending as what the file really is."""
    name = safe_filename(filename, limit=150) or f"file.{extension}"
    endings = _EXTENSIONS.get(extension, (extension,))
    if not name.lower().endswith(tuple(f".{e}" for e in endings)):
        name = f"{name}.{extension}"
    return name


def _judge(upload: Upload) -> Checked:
    shown = safe_filename(upload.filename) or "?"
    if len(upload.content) > MAX_SIZE:
        raise ValueError(_l("%(name)s is larger than 10 MB.", name=shown))
    if not upload.content:
        raise ValueError(_l("%(name)s is empty.", name=shown))
    extension = document_kind(upload.content)
    if extension is not None:
        name = _named(upload.filename, extension)
        return Checked(name, "file", DOCUMENTS[extension], extension, upload.content)
    try:
        image = serving.in_real_thread(images.clean, upload.content)
    except images.BadImage:
        raise ValueError(
            _l(
                "%(name)s can't be attached: only images (PNG, JPEG, GIF, WebP), PDF and "
                "Office documents (Word, Excel, PowerPoint) can, judged by what the file "
                "is, not by its name.",
                name=shown,
            )
        ) from None
    return Checked(
        _named(upload.filename, image.extension),
        "image",
        image.mimetype,
        image.extension,
        image.content,
        image.width,
        image.height,
        image.thumbnail,
    )


@dataclass(frozen=True)
class Judged:
    """What came in, judged before the unit that stores it begins: the files fit to keep,
    what is wrong with each one that isn't, and how many were sent."""

    files: tuple[Checked, ...] = ()
    problems: tuple[str, ...] = ()
    sent: int = 0


NOTHING = Judged()


def _judged(uploads: list[Upload]) -> Judged:
    if len(uploads) > MAX_COUNT:  # refused whatever they are: nothing decoded for them
        return Judged(sent=len(uploads))
    files, problems = [], []
    for upload in uploads:
        try:
            files.append(_judge(upload))
        except ValueError as problem:
            problems.append(str(problem.args[0]))
    return Judged(tuple(files), tuple(problems), len(uploads))


def judge(uploads: Sequence[Upload]) -> Judged:
    """Every upload judged (images decoded and encoded again), before the write unit
    that stores them: outside any transaction, so that no lock waits for Pillow. What
    is wrong is said by `accept`, inside the unit, beside the form's other problems."""
    uploads = [u for u in uploads if u.filename or u.content]
    if not uploads:
        return NOTHING
    return outside_transaction(_judged, uploads)


def accept(judged: Judged, already: int = 0) -> tuple[Checked, ...]:
    """The judged files to store beside `already` kept ones, or one ValidationError of
    FIELD saying what is wrong with each: too big, empty, not a kind Kring takes, or
    more than MAX_COUNT in one post."""
    if already + judged.sent > MAX_COUNT:
        raise ValidationError(
            FIELD,
            _l("A post can have at most %(n)d attachments.", n=MAX_COUNT),
            code="too_many_attachments",
        )
    if judged.problems:
        raise ValidationError(FIELD, " ".join(judged.problems), code="attachment_refused")
    return judged.files


def _root() -> Path:
    return (Path(current_app.instance_path) / "uploads").resolve()


def file_of(relative: str | None) -> Path | None:
    """The stored file, only if it lies under instance/uploads/."""
    if not relative:
        return None
    path = (_root() / relative).resolve()
    return path if path.is_relative_to(_root()) else None


def _write(relative: str, content: bytes) -> None:
    """A file on disk whole or not at all, taken away again if the post is not stored."""
    path = _root() / relative
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(content)
        part.replace(path)
    except OSError as error:
        part.unlink(missing_ok=True)
        log.error("an attachment could not be stored: %s", error)
        raise OutOfSpace(
            _l("The attachments couldn't be stored just now, so nothing was posted. Try again.")
        ) from error
    on_rollback(lambda: path.unlink(missing_ok=True))


def attach(post: Post, checked: Iterable[Checked]) -> list[Attachment]:
    """Store the files and their rows for `post` (flushed, so it has an id). Flushes."""
    checked = tuple(checked)
    if not checked:  # most posts: not a statement spent on asking where files would go
        return []
    start = db.session.scalar(
        select(func.coalesce(func.max(Attachment.position) + 1, 0)).where(
            Attachment.post_id == post.id
        )
    )
    made = []
    for position, item in enumerate(checked, start=start):
        stem = f"{FOLDER}/{secrets.token_hex(16)}"
        row = Attachment(
            post_id=post.id,
            key=secrets.token_urlsafe(16),
            kind=item.kind,
            name=item.name,
            mimetype=item.mimetype,
            size=len(item.content),
            width=item.width,
            height=item.height,
            path=f"{stem}.{item.extension}",
            thumbnail_path=f"{stem}.thumb.webp" if item.thumbnail else None,
            position=position,
        )
        _write(row.path, item.content)
        if item.thumbnail:
            _write(row.thumbnail_path, item.thumbnail)
        db.session.add(row)
        made.append(row)
    if made:
        db.session.flush()
        db.session.expire(post, ["attachments"])
    return made


def _remove_on_commit(rows: Iterable[Attachment]) -> None:
    paths = [file_of(p) for a in rows for p in (a.path, a.thumbnail_path) if p]

    def remove():
        for path in paths:
            if path is not None:
                path.unlink(missing_ok=True)

    on_commit(remove)


def erase(post_ids: Sequence[int], replies_too: bool = True) -> int:
    """The attachments of these posts (and of their replies) leave the database with the
    transaction and the disk once it commits. Flushes, never commits."""
    if not post_ids:
        return 0
    owners = Attachment.post_id.in_(post_ids)
    if replies_too:
        replies = select(Post.id).where(Post.parent_id.in_(post_ids))
        owners = or_(owners, Attachment.post_id.in_(replies))
    rows = list(db.session.scalars(select(Attachment).where(owners)))
    _remove_on_commit(rows)
    if rows:
        db.session.execute(delete(Attachment).where(Attachment.id.in_([a.id for a in rows])))
    return len(rows)


def remove(post: Post, keys: Iterable[str]) -> int:
    """Take the attachments with these keys off `post` (its editor checked by the caller)."""
    keys = set(keys)
    rows = [a for a in post.attachments if a.key in keys]
    _remove_on_commit(rows)
    for row in rows:
        db.session.delete(row)
    if rows:
        db.session.flush()
        db.session.expire(post, ["attachments"])
    return len(rows)


def shown_to(viewer: User | None, post: Post) -> list[Attachment]:
    """The attachments of `post` (which `viewer` may read) that `viewer` may see: none of
    a candidate offer's but for recruiters. None: what every reader may see."""
    return list(post.attachments) if visibility.can_see_files(viewer, post) else []


def find(viewer: User, post_id: int, key: str) -> tuple[Attachment, Path]:
    """The attachment and its file, if `viewer` may read its post and see its files:
    NotFound otherwise, exactly as for a key that doesn't exist."""
    gone = NotFound(_l("This file does not exist or you may not see it."))
    row = db.session.scalar(select(Attachment).where(Attachment.key == key))
    if row is None or row.post_id != post_id:
        raise gone
    post = db.session.get(Post, post_id)
    if post is None or not visibility.can_read(viewer, post):
        raise gone
    if not visibility.can_see_files(viewer, post):  # a candidate's CV: recruiters only
        raise gone
    path = file_of(row.path)
    if path is None or not path.is_file():
        raise gone
    return row, path


# Images in the text ----------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}$")


def _named_in(rows: Sequence[Attachment], reference: str) -> Attachment | None:
    """`attachment:NAME` names an attachment by its file name (any case) or its number."""
    wanted = unquote(reference).strip()
    if _NUMBER.match(wanted):
        index = int(wanted) - 1
        return rows[index] if 0 <= index < len(rows) else None
    wanted = wanted.casefold()
    return next((a for a in rows if a.name.casefold() == wanted), None)


def inline(html: str, rows: Sequence[Attachment], address: Callable[[Attachment], str]):
    """The post's stored html with `![alt](attachment:NAME)` images pointing at their
    files (`address`), and the attachments it showed that way; an image naming no image
    of the post becomes its alt text. `html` is sanitised already: this only rewrites
    `src` and takes out images without one."""
    if "attachment:" not in html:
        return html, set()
    shown: set[int] = set()

    def point(tag: str, attribute: str, value: str) -> str | None:
        if tag != "img" or attribute != "src":
            return value
        row = _named_in(rows, value.removeprefix("attachment:"))
        if row is None or not row.is_image:
            return None
        shown.add(row.id)
        return address(row)

    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=point,
        url_schemes={"http", "https", "mailto", "attachment"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return _IMAGE.sub(_alt_unless_shown, html), shown


_IMAGE = re.compile(r"<img\b([^>]*)>")
_ALT = re.compile(r'\balt="([^"]*)"')


def _alt_unless_shown(found: re.Match) -> str:
    """An image whose attachment is gone (or never was) is its words, not an empty box."""
    if re.search(r'\bsrc="', found.group(1)):
        return found.group(0)
    alt = _ALT.search(found.group(1))
    return alt.group(1) if alt else ""  # as escaped in the attribute: safe as text
