"""In real Chromium: a half-written post or reply survives navigation and reload, is kept on
the server for its writer alone (another browser of theirs gets it, a colleague's does
not), can be thrown away and brought back, and is gone once it is posted."""

from __future__ import annotations

import time
import urllib.error

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIES = "lies@brugwerk.example"
BRAM = "bram@brugwerk.example"  # a recruiter
PERSONAL = {"candidate_name", "candidate_contact", "consent"}


@pytest.fixture(autouse=True)
def _patient():
    """A draft's way to the server and back is a request or two: on a loaded machine those
    can take seconds each."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def _kept(api_call, body: str, email: str = LIES, key: str = "composer") -> dict:
    """Wait until the server holds the form's draft with `body`: "saved" may answer an
    earlier save (the title's) while the last keystrokes' save is still on its way."""
    deadline, draft = time.monotonic() + 15, None
    while time.monotonic() < deadline:
        try:
            draft = api_call(email, "GET", f"/drafts/{key}")
        except urllib.error.HTTPError:
            draft = None
        if draft and draft["fields"].get("body") == body:
            return draft["fields"]
        time.sleep(0.2)
    raise AssertionError(f"the server's draft is {draft!r}, not {body!r}")


def test_a_half_written_post_follows_its_writer_and_goes_once_posted(
    live_server, new_page, log_in, api_call
):
    page = new_page()
    log_in(page, LIES)
    status = page.locator("form.composer [data-draft-text]")
    page.click("label[for=type-vacancy]")
    page.fill("#f-vacancy-title", "Planner Zwolle")
    page.locator("#composer-body").press_sequentially("Halve gedachte over", delay=10)
    expect(status).to_have_text("Concept opgeslagen")
    _kept(api_call, "Halve gedachte over")
    assert page.locator("form.composer [data-draft-status] [aria-live=polite]").count() == 1

    page.goto(live_server.url + "/people")
    page.goto(live_server.url + "/")
    expect(page.locator("#composer-body")).to_have_value("Halve gedachte over")
    expect(page.locator("#f-vacancy-title")).to_have_value("Planner Zwolle")
    expect(page.locator("#f-vacancy-title")).to_be_visible()  # its type is chosen again
    expect(status).to_have_text("Concept teruggezet")
    page.reload()
    expect(page.locator("#composer-body")).to_have_value("Halve gedachte over")

    page.locator("#composer-body").press_sequentially(" de planning", delay=5)
    expect(status).to_have_text("Concept opgeslagen")
    _kept(api_call, "Halve gedachte over de planning")

    # Her phone, another browser: the server kept it.
    phone = new_page(width=390)
    log_in(phone, LIES)
    expect(phone.locator("#composer-body")).to_have_value("Halve gedachte over de planning")
    expect(phone.locator("#f-vacancy-title")).to_have_value("Planner Zwolle")
    expect(phone.locator("#composer-body")).to_be_visible()  # its composer opens again

    # A colleague on this same browser gets nothing of it.
    eva = new_page()
    log_in(eva, "eva@brugwerk.example")
    expect(eva.locator("form.composer [data-draft-status]")).to_have_count(1)
    eva.wait_for_load_state("networkidle")
    expect(eva.locator("#composer-body")).to_have_value("")

    page.goto(live_server.url + "/")
    expect(page.locator("#composer-body")).to_have_value("Halve gedachte over de planning")
    page.click("label[for=type-update]")
    page.fill("#composer-body", "Gewoon een update")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post >> text=Gewoon een update")
    assert api_call(LIES, "GET", "/drafts?key=composer")["items"] == []
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#composer-body")).to_have_value("")  # posted: the draft is gone


def test_a_reply_draft_is_discarded_brought_back_and_gone_once_sent(
    live_server, page, log_in, api_call
):
    post_id = api_call(LIES, "POST", "/posts", {"type": "update", "body": "Wie helpt mee?"})["id"]
    log_in(page, LIES)
    page.goto(f"{live_server.url}/posts/{post_id}")
    reply, status = page.locator("#reply-body"), page.locator("#reply [data-draft-text]")
    reply.press_sequentially("Een reactie in wording", delay=10)
    expect(status).to_have_text("Concept opgeslagen")

    page.click("#reply >> text=Concept weggooien")
    expect(reply).to_have_value("")
    expect(status).to_have_text("Concept weggegooid")
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(reply).to_have_value("")  # thrown away on the server too

    reply.press_sequentially("Tweede poging", delay=10)
    expect(status).to_have_text("Concept opgeslagen")
    page.click("#reply >> text=Concept weggooien")
    page.click("#reply >> text=Ongedaan maken")  # undo is cheap
    expect(reply).to_have_value("Tweede poging")
    expect(status).to_have_text("Concept opgeslagen")
    page.reload()
    expect(reply).to_have_value("Tweede poging")

    page.click("#reply button[type=submit]")
    page.wait_for_selector(".reply")
    assert api_call(LIES, "GET", f"/drafts?key=reply-{post_id}")["items"] == []
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(reply).to_have_value("")


def test_drafts_the_old_script_kept_in_the_browser_move_to_the_server_and_go(
    live_server, page, log_in, api_call
):
    log_in(page, LIES)
    me = api_call(LIES, "GET", "/me")["id"]
    page.evaluate(
        """([mine, theirs]) => {
            localStorage.setItem(mine, JSON.stringify({body: "Oud concept"}));
            localStorage.setItem(theirs, JSON.stringify({body: "Van een ander"}));
            localStorage.setItem("kring.theme", "houden");
        }""",
        [f"kring.draft.{me}.composer", "kring.draft.999.composer"],
    )
    page.reload()
    expect(page.locator("#composer-body")).to_have_value("Oud concept")
    expect(page.locator("form.composer [data-draft-text]")).to_have_text("Concept opgeslagen")
    assert api_call(LIES, "GET", "/drafts/composer")["fields"]["body"] == "Oud concept"
    kept = page.evaluate("() => Object.keys(localStorage).sort()")
    assert kept == ["kring.theme"]

    page.evaluate("() => localStorage.setItem('kring.draft.999.reply-1', '{}')")
    page.click(".usermenu summary")
    page.click("text=Uitloggen")
    page.wait_for_url("**/login**")
    assert not [k for k in page.evaluate("() => Object.keys(localStorage)") if "draft" in k]

    api_call(LIES, "DELETE", "/drafts/composer")


def test_a_candidates_personal_data_never_leaves_the_page_in_a_draft(
    live_server, page, log_in, api_call
):
    """The name, contact and consent of a half-written candidate offer stay in the page:
    no draft request carries them, the server's draft lacks them, a reload brings back the
    rest; discarding and Undo still take them away and bring them back within the page."""
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data or "") if "/api/v1/drafts" in r.url else None,
    )
    log_in(page, BRAM)
    name, contact = (
        page.locator("#f-candidate_offer-candidate_name"),
        page.locator("#f-candidate_offer-candidate_contact"),
    )
    consent, body = page.locator("#f-candidate_offer-consent"), page.locator("#composer-body")
    page.click("label[for=type-candidate_offer]")
    page.fill("#f-candidate_offer-headline", "Planner, Zwolle")
    name.fill("Fenna de Wit")
    contact.fill("fenna@example.nl")
    consent.check()
    body.press_sequentially("Sterke planner", delay=10)
    status = page.locator("form.composer [data-draft-text]")
    expect(status).to_have_text("Concept opgeslagen")
    kept = _kept(api_call, "Sterke planner", BRAM)
    assert kept["candidate_offer.headline"] == "Planner, Zwolle"
    assert not [k for k in kept if k.rsplit(".", 1)[-1] in PERSONAL], kept

    page.click("form.composer >> text=Concept weggooien")
    expect(status).to_have_text("Concept weggegooid")
    expect(name).to_have_value("")
    expect(consent).not_to_be_checked()
    page.click("form.composer >> text=Ongedaan maken")
    expect(name).to_have_value("Fenna de Wit")  # the page's own copy
    expect(contact).to_have_value("fenna@example.nl")
    expect(consent).to_be_checked()
    expect(status).to_have_text("Concept opgeslagen")
    _kept(api_call, "Sterke planner", BRAM)

    page.reload()
    expect(body).to_have_value("Sterke planner")
    expect(page.locator("#f-candidate_offer-headline")).to_have_value("Planner, Zwolle")
    expect(status).to_have_text("Concept teruggezet")
    expect(name).to_have_value("")
    expect(contact).to_have_value("")
    expect(consent).not_to_be_checked()
    assert any("Sterke planner" in data for data in sent)  # the requests were seen
    leaked = [d for d in sent if "Fenna" in d or "fenna@" in d or "consent" in d]
    assert not leaked, leaked


def _holding(page, key: str):
    """Hold the draft's saves on their way to the server (while `hold` is true) until the
    test lets each go; a discard goes through at once. Every request is noted in order."""
    state = {"hold": True, "held": [], "requests": []}

    def route(r):
        state["requests"].append(r.request.method)
        if r.request.method == "PUT" and state["hold"]:
            state["held"].append(r)
        else:
            r.continue_()

    page.route(f"**/api/v1/drafts/{key}", route)
    return state


def _wait_until(page, condition, what: str) -> None:
    deadline = time.monotonic() + 15
    while not condition():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)  # the page's events (and the routes) go on meanwhile


def _said(page, form: str) -> list[str]:
    """Everything the form's draft status has said since `_listen`."""
    return page.evaluate(f"() => window.said['{form}'] || []")


def _listen(page, form: str) -> None:
    page.evaluate(
        """(form) => {
            window.said = window.said || {};
            window.said[form] = [];
            const text = document.querySelector(form + " [data-draft-text]");
            new MutationObserver(() => window.said[form].push(text.textContent))
                .observe(text, {childList: true, characterData: true, subtree: true});
        }""",
        form,
    )


def test_a_discard_waits_for_the_save_on_its_way(live_server, page, log_in, api_call):
    """The save of the last words is still on its way when the draft is thrown away: the
    discard goes after it, so the server ends with no draft, not with those words."""
    post_id = api_call(LIES, "POST", "/posts", {"type": "update", "body": "Wie weet iets?"})["id"]
    key = f"reply-{post_id}"
    log_in(page, LIES)
    page.goto(f"{live_server.url}/posts/{post_id}")
    reply, status = page.locator("#reply-body"), page.locator("#reply [data-draft-text]")
    reply.press_sequentially("Eerste woorden", delay=10)
    expect(status).to_have_text("Concept opgeslagen")
    _kept(api_call, "Eerste woorden", LIES, key)

    held = _holding(page, key)
    reply.press_sequentially(" en meer", delay=10)
    _wait_until(page, lambda: held["held"], "the save of the last words never left")
    page.click("#reply >> text=Concept weggooien")
    expect(reply).to_have_value("")
    page.wait_for_timeout(700)
    assert held["requests"] == ["PUT"], "the discard overtook the save on its way"
    held["hold"] = False
    held["held"].pop().continue_()
    expect(status).to_have_text("Concept weggegooid")
    assert held["requests"] == ["PUT", "DELETE"]
    assert api_call(LIES, "GET", f"/drafts?key={key}")["items"] == []
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(reply).to_have_value("")


def test_a_save_overtaken_or_cut_off_is_no_failure_but_a_real_one_is(
    live_server, page, log_in, api_call
):
    post_id = api_call(LIES, "POST", "/posts", {"type": "update", "body": "Plannen?"})["id"]
    key = f"reply-{post_id}"
    log_in(page, LIES)
    page.goto(f"{live_server.url}/posts/{post_id}")
    reply, status = page.locator("#reply-body"), page.locator("#reply [data-draft-text]")
    _listen(page, "#reply")
    held = _holding(page, key)
    failed = "Concept niet opgeslagen: Kring is niet bereikbaar"

    reply.press_sequentially("Eerste", delay=10)
    _wait_until(page, lambda: held["held"], "the first save never left")
    reply.press_sequentially(" en tweede", delay=10)
    page.wait_for_timeout(1_500)  # its save is due: it waits for the first
    assert len(held["held"]) == 1, "a second save went while the first was on its way"
    held["hold"] = False
    held["held"].pop().abort()  # the first never arrives: the second says it all
    expect(status).to_have_text("Concept opgeslagen")
    assert _kept(api_call, "Eerste en tweede", LIES, key)
    assert failed not in _said(page, "#reply")
    assert held["requests"] == ["PUT", "PUT"]

    page.unroute(f"**/api/v1/drafts/{key}")
    page.route(
        f"**/api/v1/drafts/{key}",
        lambda r: r.fulfill(status=503, body="{}") if r.request.method == "PUT" else r.continue_(),
    )
    reply.press_sequentially(" en derde", delay=10)
    expect(status).to_have_text(failed)  # the newest save failed: that is said


def test_a_reply_sent_while_its_save_is_on_its_way_leaves_no_draft(
    live_server, page, log_in, api_call
):
    """The server throws the draft away as it stores the reply: a save of the last words
    still on its way must not land after that and bring the draft back, so the form goes
    once the save is answered; a save that is never answered holds it up for a while only."""
    post_id = api_call(LIES, "POST", "/posts", {"type": "update", "body": "Wie komt er?"})["id"]
    key = f"reply-{post_id}"
    log_in(page, LIES)
    page.goto(f"{live_server.url}/posts/{post_id}")
    reply = page.locator("#reply-body")
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    held = _holding(page, key)

    reply.press_sequentially("Ik kom", delay=10)
    _wait_until(page, lambda: held["held"], "the save of the reply never left")
    page.click("#reply button[type=submit]")
    page.wait_for_timeout(700)
    assert posted == [], "the reply went while its draft's save was on its way"
    held["held"].pop().continue_()
    expect(page.locator(".reply", has_text="Ik kom")).to_be_visible()
    assert posted == [f"{live_server.url}/posts/{post_id}/replies"]
    assert api_call(LIES, "GET", f"/drafts?key={key}")["items"] == []

    page.wait_for_load_state("networkidle")  # keys pressed while it loads may go astray
    reply.press_sequentially("Ik ook", delay=10)  # its save never gets an answer
    _wait_until(page, lambda: held["held"], "the second reply's save never left")
    started = time.monotonic()
    page.click("#reply button[type=submit]")
    expect(page.locator(".reply", has_text="Ik ook")).to_be_visible()
    assert time.monotonic() - started > 2, "the reply did not wait for its save"
    held["held"].pop().abort()
