"""In real Chromium: a profile photo is chosen, its square dragged and nudged with the
keyboard, uploaded, and shown in the header, on the person's old post and in the
directory (loaded, the part picked); removed, the initials are back; and the people directory
filters by department and skill."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BLUE, RED, GREEN = (0, 0, 255), (230, 0, 0), (0, 190, 0)


def striped(path) -> None:
    """900 × 300: blue, red and green thirds, each a square."""
    image = Image.new("RGB", (900, 300), BLUE)
    image.paste(RED, (300, 0, 600, 300))
    image.paste(GREEN, (600, 0, 900, 300))
    image.save(path, "JPEG", quality=95)


def colour_of(page, src: str) -> tuple[int, int, int]:
    """The middle pixel of the photo at `src`, fetched with the page's login."""
    response = page.request.get(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + src)
    assert response.ok and response.headers["content-type"] == "image/webp"
    image = Image.open(io.BytesIO(response.body())).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


def shot(page, name: str) -> None:
    if os.environ.get("KRING_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['KRING_SCREENSHOTS']}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_upload_crop_and_display(live_server, new_page, log_in, tmp_path, width):
    file = tmp_path / "strepen.jpg"
    striped(file)
    page = new_page(width)
    log_in(page, "lies@brugwerk.example")
    page.goto(live_server.url + "/settings/")
    cropper = page.locator("[data-cropper]")
    expect(cropper).to_be_hidden()
    page.set_input_files("#photo-file", str(file))
    expect(cropper).to_be_visible()
    square = page.locator(".cropper__square")
    # It starts as the middle: the red third.
    assert abs(float(page.input_value("input[name=crop_x]")) - 1 / 3) < 0.01
    # Dragged to the far right: the green third.
    box = square.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 3, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    assert abs(float(page.input_value("input[name=crop_x]")) - 2 / 3) < 0.01
    # The keyboard moves it too, and "-" makes it smaller (the slider follows).
    square.focus()
    page.keyboard.press("ArrowLeft")
    assert float(page.input_value("input[name=crop_x]")) < 2 / 3 - 0.001
    page.keyboard.press("ArrowRight")
    page.keyboard.press("-")
    assert float(page.input_value("input[name=crop_size]")) == pytest.approx(0.95, abs=0.001)
    assert page.input_value(".cropper__slider") == "95"
    shot(page, f"photo-crop-{width}")
    page.get_by_role("button", name="Foto uploaden").click()
    page.wait_for_url("**/settings/#photo")
    expect(page.get_by_text("Je foto is opgeslagen.")).to_be_visible()

    header = page.locator(".usermenu summary img.avatar--photo")
    expect(header).to_have_count(1)
    assert header.evaluate("img => img.complete && img.naturalWidth") == 96
    assert colour_of(page, header.get_attribute("src")) == pytest.approx(GREEN, abs=40)
    shot(page, f"photo-settings-{width}")

    # On a post of hers, and in the directory, loaded.
    page.goto(live_server.url + "/people?q=lies")
    face = page.locator(".person img.avatar--photo").first
    expect(face).to_be_visible()
    face.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=face.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"photo-directory-{width}")

    # Removed: the initials are back; put back: the photo again.
    page.goto(live_server.url + "/settings/")
    page.get_by_role("button", name="Foto verwijderen").click()
    expect(page.locator(".usermenu summary .avatar")).to_have_text("LC")
    page.get_by_role("button", name="Vorige foto terugzetten").click()
    expect(page.locator(".usermenu summary img.avatar--photo")).to_have_count(1)


def test_a_post_shows_the_photo_chosen_after_it(live_server, new_page, log_in, api_call, tmp_path):
    post = api_call("eva@brugwerk.example", "POST", "/posts", {"type": "update", "body": "Oud"})
    page = new_page(1280)
    log_in(page, "eva@brugwerk.example")
    page.goto(f"{live_server.url}/posts/{post['id']}")
    expect(page.locator("article.post .post__avatar .avatar")).to_have_text("EM")
    file = tmp_path / "strepen.jpg"
    striped(file)
    page.goto(live_server.url + "/settings/")
    page.set_input_files("#photo-file", str(file))
    page.get_by_role("button", name="Foto uploaden").click()
    page.wait_for_url("**/settings/#photo")
    page.goto(f"{live_server.url}/posts/{post['id']}")
    face = page.locator("article.post .post__avatar img.avatar--photo")
    expect(face).to_have_count(1)
    assert colour_of(page, face.get_attribute("src")) == pytest.approx(RED, abs=40)
    page.goto(live_server.url + "/settings/")
    page.get_by_role("button", name="Foto verwijderen").click()  # the others keep initials


def test_the_directory_filters_in_english(live_server, new_page, log_in):
    page = new_page(390, locale="en-GB")
    log_in(page, "bram@brugwerk.example")
    page.goto(live_server.url + "/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    page.get_by_label("Skill", exact=True).fill("onbestaande-vaardigheid")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_text("Nobody found")).to_be_visible()
    page.get_by_role("link", name="Everyone").first.click()
    expect(page.locator(".person")).not_to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "directory-en-390")
    page.goto(live_server.url + "/settings/")
    expect(page.get_by_role("button", name="Upload photo")).to_be_visible()
    shot(page, "settings-en-390")
