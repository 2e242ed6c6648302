"""Images people send: opened with limits, turned upright, cropped, resized and re-encoded
into new pixels, so nothing of the file they came in (EXIF, GPS, comments, profiles)
goes out again."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

# Pixels Kring decodes at most: a phone's photo is 12-50 megapixels; a "decompression
# bomb" (a few kB that unpack to gigabytes) is refused before it is decoded.
MAX_PIXELS = 50_000_000


class NotAnImage(ValueError):
    """Not an image of an allowed format, or a broken one."""


class TooManyPixels(ValueError):
    """More pixels than the limit."""


def open_image(content: bytes, formats: tuple[str, ...], max_pixels: int = MAX_PIXELS):
    """The image in `content` decoded (its first frame), upright as its EXIF orientation
    says, if its content is one of `formats` (Pillow's names: "PNG", "JPEG", "WEBP")."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=list(formats))
            if image.width * image.height > max_pixels:
                raise TooManyPixels(f"{image.width}x{image.height}")
            image.load()
            return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise TooManyPixels(str(error)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        if isinstance(error, TooManyPixels):
            raise
        raise NotAnImage(str(error)) from None


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
