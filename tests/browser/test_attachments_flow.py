"""In real Chromium: images and files attached by the button, by drag and drop and by
pasting, posted with the form, shown as thumbnails (the full image a click away) and
chips; the same at 390 px."""

from __future__ import annotations

import base64
import io
import os

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), colour).save(out, format="PNG")
    return out.getvalue()


# A File made in the page from bytes, put in a DataTransfer, handed to an event.
WITH_FILE = """([b64, name, type, kind]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type }));
  const form = document.querySelector("form.composer");
  const options = { dataTransfer: data, bubbles: true, cancelable: true };
  if (kind === "drop") {
    form.dispatchEvent(new DragEvent("dragover", options));
    form.dispatchEvent(new DragEvent("drop", options));
  } else {
    document.querySelector("#composer-body").dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }
}"""


def _hand(page, content: bytes, name: str, mimetype: str, kind: str) -> None:
    page.evaluate(WITH_FILE, [base64.b64encode(content).decode(), name, mimetype, kind])


def _shot(page, name: str) -> None:
    folder = os.environ.get("KRING_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_attach_by_button_drop_and_paste_then_see_the_thumbnails(live_server, page, log_in):
    log_in(page, "eva@brugwerk.example")
    page.fill("#composer-body", "Plattegrond van de nieuwe vestiging")
    page.set_input_files(
        "#composer-files",
        [{"name": "plattegrond.png", "mimeType": "image/png", "buffer": png((30, 120, 90))}],
    )
    _hand(page, png((200, 60, 40)), "gevel.png", "image/png", "drop")
    _hand(page, png((40, 60, 200)), "image.png", "image/png", "paste")
    _hand(page, PDF, "huurcontract.pdf", "application/pdf", "drop")
    listed = page.locator(".composer [data-attach-list] li")
    expect(listed).to_have_count(4)
    expect(listed.nth(2)).to_contain_text("pasted-3.png")
    assert page.locator("#composer-files").evaluate("input => input.files.length") == 4
    _shot(page, "composer-attached.png")
    # One taken off again before posting.
    listed.nth(1).get_by_role("button").click()
    expect(listed).to_have_count(3)
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post >> text=Plattegrond van de nieuwe vestiging")
    card = page.locator("article.post").first
    thumbnails = card.locator(".attachments__image img")
    expect(thumbnails).to_have_count(2)
    for n in range(2):
        thumbnails.nth(n).scroll_into_view_if_needed()
        expect(thumbnails.nth(n)).to_have_js_property("complete", True)
        assert thumbnails.nth(n).evaluate("img => img.naturalWidth") > 0
    expect(card.locator(".attachments__file")).to_contain_text("huurcontract.pdf")
    expect(card).not_to_contain_text("gevel.png")
    _shot(page, "post-with-attachments-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "post-with-attachments-390.png")
    with page.expect_navigation():
        thumbnails.first.click()
    assert "/files/" in page.url
    assert page.evaluate("document.images[0].naturalWidth") == 320


def test_a_reply_takes_a_file_from_the_button(live_server, page, log_in, api_call):
    created = api_call(
        "bram@brugwerk.example",
        "POST",
        "/posts",
        {"type": "update", "body": "Wie heeft het rooster?"},
    )
    log_in(page, "lies@brugwerk.example")
    page.goto(f"{live_server.url}/posts/{created['id']}")
    page.fill("#reply-body", "Hier is het")
    page.set_input_files(
        "#reply-files", [{"name": "rooster.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("#reply button[type=submit]")
    page.wait_for_selector(".reply")
    expect(page.locator(".reply .attachments__file")).to_contain_text("rooster.pdf")


def test_a_refused_file_is_named_in_english_and_the_edit_page_takes_one_off(
    live_server, new_page, log_in
):
    page = new_page(width=390, locale="en-GB")
    log_in(page, "bram@brugwerk.example")
    page.click("summary.composerbox__summary")
    page.fill("#composer-body", "Contract attached")
    page.set_input_files(
        "#composer-files",
        [
            {"name": "contract.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 64},
            {"name": "logo.png", "mimeType": "image/png", "buffer": png((10, 10, 10))},
        ],
    )
    page.click("form.composer button[type=submit]")
    error = page.locator(".attach .field__error")
    expect(error).to_contain_text("contract.pdf can't be attached")
    expect(error).to_contain_text("Choose the files again")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "composer-refused-en-390.png")
    page.set_input_files(
        "#composer-files",
        [{"name": "logo.png", "mimeType": "image/png", "buffer": png((10, 10, 10))}],
    )
    page.fill("#composer-body", "Our new logo: ![the logo](attachment:logo.png)")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post >> text=Our new logo")
    inline = page.locator("article.post .post__body img")
    expect(inline).to_have_attribute("alt", "the logo")
    expect(page.locator("article.post .attachments__image")).to_have_count(0)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Edit").click()
    _shot(page, "edit-en-1280.png")
    page.get_by_label("Remove logo.png").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("article.post")
    expect(page.locator("article.post .post__body img")).to_have_count(0)


def test_a_candidate_offers_file_is_for_recruiters_only(live_server, new_page, log_in, api_call):
    """Bram attaches a CV to his candidate offer on its edit page: he and other recruiters
    see its chip and open it; Eva, an employee, reads the offer without the file, and its
    address answers her 404."""
    offer = api_call(
        "bram@brugwerk.example",
        "POST",
        "/posts",
        {
            "type": "candidate_offer",
            "body": "Sterke planner, cv erbij",
            "headline": "Planner met cv, Tiel",
            "skills": "TMS",
            "availability": "per direct",
            "location": "Tiel",
            "candidate_name": "Anna Kandidaat",
            "candidate_contact": "anna@example.org",
            "consent": True,
        },
    )
    address = f"{live_server.url}/posts/{offer['id']}"
    bram = new_page()
    log_in(bram, "bram@brugwerk.example")
    bram.goto(address + "/edit")
    bram.set_input_files(
        "#edit-files", [{"name": "cv-anna.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    bram.click("form:has(#edit-files) button[type=submit]")
    bram.wait_for_url(address)
    chip = bram.locator("article.post .attachments__file")
    expect(chip).to_contain_text("cv-anna.pdf")
    file_url = live_server.url + chip.get_attribute("href")
    assert bram.request.get(file_url).status == 200
    eva = new_page()
    log_in(eva, "eva@brugwerk.example")
    eva.goto(address)
    expect(eva.locator("article.post")).to_contain_text("Planner met cv, Tiel")
    expect(eva.locator(".attachments__file")).to_have_count(0)
    assert "cv-anna.pdf" not in eva.content()
    assert eva.request.get(file_url).status == 404
    eva.goto(live_server.url + "/?scope=all")
    expect(eva.locator(f"#p{offer['id']}")).to_be_visible()
    expect(eva.locator(f"#p{offer['id']} .attachments__file")).to_have_count(0)
