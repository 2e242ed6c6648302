"""Images from outside, made safe to keep and show: opened within limits, turned upright,
stripped of every piece of metadata (EXIF with its GPS position, comments, profiles) and
encoded again by Pillow into new pixels: a post's image with its thumbnail, or a square cut
and resized (a profile photo). Knows nothing of what the image belongs to."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# Formats taken in, each kept in its own format: name → (media type, extension).
FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
# A decompression bomb is refused before its pixels are decoded: a 10 MB PNG can hold
# gigapixels of one colour. 50 megapixels is more than any phone's camera.
MAX_PIXELS = 50_000_000
MAX_FRAMES = 300  # an animation's frames, all of them decoded
THUMBNAIL = (480, 480)


class BadImage(ValueError):
    """Not an image Kring takes: unreadable, another format, or too large to decode."""


class NotAnImage(BadImage):
    """Not an image of an allowed format, or a broken one."""


class TooManyPixels(BadImage):
    """More pixels (or frames) than the limit."""


@dataclass(frozen=True)
class Cleaned:
    content: bytes
    mimetype: str
    extension: str
    width: int
    height: int
    thumbnail: bytes  # WebP, at most THUMBNAIL
    thumbnail_mimetype: str = "image/webp"


def _opened(data: bytes, formats, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The image in `data`, opened but not yet decoded, if it is one of `formats`
    (Pillow's names) within the limits: its size and frames are read from its header, so
    a decompression bomb is refused before a pixel is decoded. The one way Kring opens
    an image from outside, for a post's images and profile photos alike."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(formats))
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise TooManyPixels(str(error)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Warning) as e:
            raise NotAnImage(str(e)) from None
    if width * height > max_pixels or width * height * min(frames, MAX_FRAMES) > 4 * max_pixels:
        raise TooManyPixels(f"{width}x{height}, {frames} frames")
    if frames > MAX_FRAMES:
        raise TooManyPixels(f"{frames} frames")
    return image


def _bare(frame: Image.Image) -> Image.Image:
    """The pixels only: a copy whose info (EXIF, XMP, comments, ICC profile) is empty, so
    the encoder has nothing to write but the image."""
    bare = frame.copy()
    bare.info = {}
    return bare


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind in ("GIF", "WEBP") and getattr(image, "n_frames", 1) > 1:
        frames = [_bare(ImageOps.exif_transpose(f)) for f in ImageSequence.Iterator(image)]
        durations = [f.info.get("duration", 100) for f in ImageSequence.Iterator(image)]
        frames[0].save(
            out,
            format=kind,
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=image.info.get("loop", 0),
        )
        return out.getvalue()
    upright = _bare(ImageOps.exif_transpose(image))
    if kind == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=88, optimize=True)
    elif kind == "WEBP":
        upright.save(out, format="WEBP", quality=88)
    else:
        upright.save(out, format=kind, optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    image.seek(0)
    small = _bare(ImageOps.exif_transpose(image))
    small = small.convert("RGBA" if small.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    small.thumbnail(THUMBNAIL)
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=80)
    return out.getvalue()


def clean(data: bytes) -> Cleaned:
    """`data` as a new image of the same format without its metadata, upright, and a
    thumbnail; BadImage for anything that is not a PNG, JPEG, GIF or WebP within the
    limits, whatever its name or declared type said."""
    image = _opened(data, FORMATS)
    kind = "JPEG" if image.format == "MPO" else image.format  # a camera's JPEG with previews
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            content = _encode(image, kind)
            thumbnail = _thumbnail(image)
    except (OSError, ValueError, SyntaxError, EOFError, Warning) as error:
        raise NotAnImage(str(error)) from None  # truncated or damaged on the way
    width, height = Image.open(io.BytesIO(content)).size
    mimetype, extension = FORMATS[kind]
    return Cleaned(content, mimetype, extension, width, height, thumbnail)


def open_image(content: bytes, formats: tuple[str, ...], max_pixels: int = MAX_PIXELS):
    """The image in `content` decoded (its first frame), upright as its EXIF orientation
    says, if its content is one of `formats` (Pillow's names: "PNG", "JPEG", "WEBP")."""
    image = _opened(content, formats, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, Warning) as error:
        raise NotAnImage(str(error)) from None  # truncated or damaged on the way


def square(image, box: tuple[float, float, float] | None = None):
    """A square part of `image`: `box` is (left, top, side), left and top as fractions of
    the width and height, side as a fraction of the shorter side; None, or a box that
    makes no sense, is the centre."""
    width, height = image.size
    short = min(width, height)
    side = short
    left, top = (width - side) // 2, (height - side) // 2
    if box is not None:
        x, y, s = box
        if all(0 <= v <= 1 for v in (x, y)) and 0 < s <= 1:
            side = max(1, round(s * short))
            left = min(max(0, round(x * width)), width - side)
            top = min(max(0, round(y * height)), height - side)
    return image.crop((left, top, left + side, top + side))


def flat(image, size: tuple[int, int], background: str = "white"):
    """New RGB pixels of `size` and nothing else: transparency laid on `background`, no
    metadata."""
    rgba = image.convert("RGBA").resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    clean = Image.new("RGB", rgba.size, background)
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def webp(image, size: int, quality: int = 85) -> bytes:
    """`image` (square) at `size` pixels a side, encoded as WebP without metadata."""
    out = io.BytesIO()
    flat(image, (size, size)).save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()
