"""Profile photos: checked by their content, turned upright, cropped to a square and
re-encoded (nothing of the sent file is kept: no EXIF, no GPS), stored in the instance
folder in two sizes under a random name per upload. The name is in the photo's address,
so a new photo is a new address that browsers may keep for a year; the photo before
stays on disk so that putting it back costs nothing."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Conflict, NotFound, OutOfSpace, ValidationError
from ..extensions import db
from ..links import absolute_url
from ..models import User
from ..platform import images, serving
from ..platform.database import on_commit, outside_transaction, writes

PHOTO_MAX = 8 * 1024 * 1024  # bytes sent at most
FORMATS = ("JPEG", "PNG", "WEBP")
SIZES = (96, 256)  # a side in pixels: avatars up to 48 px and the profile's 72, twice over
NAME = "photo"  # the form's and the API's field


def folder(user_id: int) -> Path:
    return Path(current_app.instance_path) / "photos" / str(user_id)


def path(user_id: int, token: str, size: int) -> Path:
    return folder(user_id) / f"{token}-{size}.webp"


def url(user: User | None, size: int = SIZES[0], external: bool = False) -> str | None:
    """The address of `user`'s photo at `size` (the next size up), or None: initials.
    `external`: on Kring's base address, for programs (the API)."""
    if user is None or not user.photo:
        return None
    size = next((s for s in SIZES if s >= size), SIZES[-1])
    make = absolute_url if external else url_for
    return make("people.photo", user_id=user.id, token=user.photo, size=size)


def api_url(user: User | None) -> str | None:
    """The address the API gives: the larger size, absolute."""
    return url(user, SIZES[-1], external=True)


def crop_box(values) -> tuple[float, float, float] | None:
    """The square the person picked (crop_x, crop_y, crop_size as fractions), or None
    for the centre (no JavaScript, or nonsense)."""
    try:
        box = tuple(float(values.get(f"crop_{n}") or "") for n in ("x", "y", "size"))
    except (TypeError, ValueError):
        return None
    return box if all(0 <= v <= 1 for v in box) and box[2] > 0 else None


def _squares(content: bytes | None, box) -> dict[int, bytes]:
    """The photo's files by size, or a ValidationError that says what is wrong with it."""
    if not content:
        raise ValidationError(NAME, _l("Choose a photo to upload."))
    if len(content) > PHOTO_MAX:
        raise ValidationError(NAME, _l("A photo may be at most 8 MB. Send a smaller one."))
    try:
        # Pillow computes for long with the GIL released: under gevent in a real thread,
        # so that the node serves others meanwhile (as attachments are cleaned).
        return serving.in_real_thread(_pixels, content, box)
    except images.TooManyPixels:
        raise ValidationError(
            NAME, _l("This photo has more than 50 megapixels. Send a smaller one.")
        ) from None
    except images.NotAnImage:
        raise ValidationError(
            NAME, _l("This is not a photo Kring can read: send a JPEG, PNG or WebP image.")
        ) from None


def _pixels(content: bytes, box) -> dict[int, bytes]:
    """The Pillow work: decoded, turned upright, the square cut out, encoded per size."""
    chosen = images.square(images.open_image(content, FORMATS), box)
    return {size: images.webp(chosen, size) for size in SIZES}


def _write(user_id: int, token: str, files: dict[int, bytes]) -> list[Path]:
    """The photo's files on disk, all or none."""
    written = []
    try:
        folder(user_id).mkdir(parents=True, exist_ok=True)
        for size, content in files.items():
            target = path(user_id, token, size)
            target.write_bytes(content)
            written.append(target)
    except OSError as error:
        _unlink(written)
        logging.getLogger(__name__).error("a profile photo could not be stored: %s", error)
        raise OutOfSpace(
            _l("Your photo couldn't be stored just now. Please try again later."),
            code="photo_not_stored",
        ) from error
    return written


def _unlink(paths) -> None:
    for each in paths:
        each.unlink(missing_ok=True)


def _drop_later(user_id: int, token: str | None) -> None:
    """Delete a photo's files once the change that let go of it is committed."""
    if token:
        on_commit(lambda: _unlink(path(user_id, token, size) for size in SIZES))


def _locked(user: User) -> User:
    """`user` read again under a row lock: two uploads at once keep one photo each."""
    return db.session.scalars(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def set_photo(user: User, content: bytes | None, box=None) -> User:
    """`content` (the sent file) becomes `user`'s photo; the one before can be put back."""
    # Decoded and encoded with no transaction open: on SQLite the request's (begun at
    # the login check) would hold the write lock for everyone while Pillow works.
    files = outside_transaction(_squares, content, box)
    token = secrets.token_hex(8)
    written = _write(user.id, token, files)
    try:
        return _swap_in(user, token)
    except BaseException:
        _unlink(written)  # no files are left without the row that names them
        raise


@writes
def _swap_in(user: User, token: str) -> User:
    user = _locked(user)
    _drop_later(user.id, user.photo_before)
    user.photo_before, user.photo = user.photo, token
    return user


@writes
def remove_photo(user: User) -> User:
    """Initials again; the photo stays on disk to be put back."""
    user = _locked(user)
    if user.photo:
        _drop_later(user.id, user.photo_before)
        user.photo_before, user.photo = user.photo, None
    return user


@writes
def restore_photo(user: User) -> User:
    """The photo before comes back (and the current one becomes the one before)."""
    user = _locked(user)
    if not user.photo_before:
        raise Conflict(_l("There is no earlier photo to put back."), code="no_earlier_photo")
    user.photo, user.photo_before = user.photo_before, user.photo
    return user


def photo_file(user_id: int, token: str, size: int) -> Path:
    """The file of a photo that is someone's now or just before; NotFound otherwise (an
    old address, a guessed one, a size Kring doesn't make)."""
    found = db.session.execute(
        select(User.photo, User.photo_before).where(User.id == user_id)
    ).first()
    if size not in SIZES or found is None or token not in [t for t in found if t]:
        raise NotFound(_l("This photo doesn't exist."))
    target = path(user_id, token, size)
    if not target.is_file():
        raise NotFound(_l("This photo doesn't exist."))
    return target
