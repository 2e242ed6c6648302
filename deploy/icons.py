"""Draw the app's icons (static/img/icon-*.png) from the logo's shapes: a dark green disc,
a light ring and an orange dot (static/img/kring.svg). Run once when the logo changes:
`.venv/bin/python deploy/icons.py`; the PNGs are committed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN, RING, DOT = "#1f5f5b", "#f4efe6", "#e9a23b"
OUT = Path(__file__).resolve().parent.parent / "static" / "img"
SCALE = 4  # drawn larger, then scaled down: smooth edges


def draw(size: int, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), GREEN if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 32 * (0.8 if maskable else 1)  # a maskable icon keeps to the middle 80%
    middle = big / 2

    def circle(radius: float, centre_y: float = middle, **style) -> None:
        box = [middle - radius, centre_y - radius, middle + radius, centre_y + radius]
        pen.ellipse(box, **style)

    if not maskable:
        circle(15 * unit, fill=GREEN)
    circle(10.5 * unit, outline=RING, width=round(3 * unit))
    circle(3 * unit, centre_y=middle - 9 * unit, fill=DOT)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size, maskable, name in (
        (192, False, "icon-192.png"),
        (512, False, "icon-512.png"),
        (512, True, "icon-maskable-512.png"),
        (180, True, "apple-touch-icon.png"),
    ):
        draw(size, maskable).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
