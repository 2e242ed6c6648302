"""Accounts: passwords, logging in and out, sign-up by invitation or company domain, handles,
administration, API tokens, the `users` CLI, and the attacks a login page must withstand
(open redirects, forged CSRF tokens, SQL injection)."""

from __future__ import annotations

import hashlib
import html
import re
import time
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from support import CORPORA, PASSWORD
from werkzeug.security import check_password_hash

from intranet.accounts import invitations, passwords, people, tokens
from intranet.config import Defaults
from intranet.errors import Conflict, Forbidden, ValidationError
from intranet.extensions import db
from intranet.models import ApiToken, Invite, Login, Post, User
from intranet.posting import groups, posts

LOGIN_FAILED = "That e-mail and password don't match an active account."
BASE_URL = "http://kring.test"  # KRING_BASE_URL of the test app


# --- helpers -------------------------------------------------------------------------------


def browser(app, language: str = "en"):
    """A new browser that asks for English pages (Kring's default language is Dutch)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.fixture
def login(login):
    """conftest's login, in an English-speaking browser."""

    def do(user, remember=False):
        web = login(user, remember)
        web.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return web

    return do


def csrf_from(response) -> str:
    page = response.get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, f"no csrf_token on the page ({response.status_code}): {page[:300]}"
    return match.group(1)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def is_logged_in(client) -> bool:
    """A page that needs a login answers 200 only to a logged-in browser."""
    response = client.get("/settings/tokens")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def submit_login(client, email, password, remember=False, next_url=None, query=""):
    token = csrf_from(client.get("/login" + query))
    data = {"email": email, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login" + query, data=data)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def fresh(model, key):
    db.session.expire_all()
    return db.session.get(model, key)


def send_account_mail(app) -> int:
    """What the job consumer does after a request asked for mail (the `kring.send_mail` task)."""
    with app.app_context():
        sent = invitations.send_due()
        db.session.remove()
    return sent


@pytest.fixture
def outbox(app):
    """The test app's outbox folder, emptied; read() sends what waits (as the job does after
    the commit) and returns the messages written since."""
    folder = Path(app.instance_path) / "outbox"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()

    class Outbox:
        def clear(self):
            for old in folder.glob("*.eml"):
                old.unlink()

        def read(self):
            send_account_mail(app)
            return [
                message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(folder.glob("*.eml"))
            ]

        def link(self, to: str) -> str:
            """The sign-up link in the one message to `to`, as a path on the test app."""
            messages = [m for m in self.read() if to.lower() in m["To"].lower()]
            assert len(messages) == 1, [m["To"] for m in self.read()]
            body = messages[0].get_body(("plain",)).get_content()
            links = re.findall(r"https?://\S+", body)
            assert len(links) == 1, body
            assert links[0].startswith(BASE_URL + "/signup/"), links[0]
            return links[0][len(BASE_URL) :]

    return Outbox()


# --- passwords and logging in --------------------------------------------------------------


def test_production_hashes_with_scrypt():
    assert Defaults.KRING_PASSWORD_METHOD == "scrypt"


def test_password_is_stored_hashed(make_user):
    user = make_user()
    stored = fresh(User, user.id).password_hash
    assert PASSWORD not in stored
    assert stored.startswith("pbkdf2:sha256:1000$")  # the test app's fast method
    assert check_password_hash(stored, PASSWORD)


def test_scrypt_hashes_work(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "KRING_PASSWORD_METHOD", "scrypt")
    user = people.create_user("scrypt@brugwerk.example", "Sanne Scrypt", PASSWORD)
    stored = fresh(User, user.id).password_hash
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert people.authenticate("scrypt@brugwerk.example", PASSWORD).id == user.id
    assert people.authenticate("scrypt@brugwerk.example", PASSWORD + "x") is None


def test_login_with_the_right_password(app, make_user):
    user = make_user(email="Femke.Jansen@brugwerk.example")
    client = browser(app)
    response = submit_login(client, "  femke.jansen@BRUGWERK.example ", PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)
    assert user.email == "femke.jansen@brugwerk.example"


def test_failed_logins_say_the_same_for_unknown_email_and_wrong_password(app, make_user):
    user = make_user()
    wrong_password = submit_login(browser(app), user.email, "wrong password!")
    unknown = submit_login(browser(app), "niemand@brugwerk.example", PASSWORD)
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert LOGIN_FAILED in text_of(response)
    # nothing else on the page may tell the two apart
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", wrong_password.get_data(as_text=True)) == strip.sub(
        "", unknown.get_data(as_text=True)
    )


def test_remember_me_sets_a_lasting_cookie(app, make_user):
    user = make_user()
    plain = browser(app)
    submit_login(plain, user.email, PASSWORD)
    assert plain.get_cookie("remember_token") is None

    client = browser(app)
    response = submit_login(client, user.email, PASSWORD, remember=True)
    assert response.status_code == 303
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.expires is not None
    assert cookie.http_only
    # a browser that only kept the remember cookie (the session cookie expired) is let in
    later = browser(app)
    later.set_cookie("remember_token", cookie.value)
    assert is_logged_in(later)


def test_logout_ends_the_session(app, make_user, login):
    web = login(make_user())
    assert web.get("/logout").status_code == 405  # a link or image can't log you out
    assert is_logged_in(web.client)
    response = web.post("/logout")
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert not is_logged_in(web.client)


def test_logout_also_forgets_remember_me(app, make_user):
    user = make_user()
    client = browser(app)
    submit_login(client, user.email, PASSWORD, remember=True)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/settings/tokens"))})
    assert not is_logged_in(client)


def replay(app, cookies: dict):
    """A browser that sends cookies copied from another one."""
    client = browser(app)
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def cookies_of(client, *names) -> dict:
    return {name: client.get_cookie(name).value for name in names if client.get_cookie(name)}


def test_logout_ends_the_login_on_the_server(app, make_user):
    user = make_user()
    client = browser(app)
    submit_login(client, user.email, PASSWORD, remember=True)
    assert is_logged_in(client)
    copied = cookies_of(client, "session", "remember_token")
    assert set(copied) == {"session", "remember_token"}
    assert is_logged_in(replay(app, copied))  # a copy works while the login lasts
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/settings/tokens"))})
    for cookies in (
        copied,
        {"session": copied["session"]},
        {"remember_token": copied["remember_token"]},
    ):
        assert not is_logged_in(replay(app, cookies)), cookies.keys()


def test_logins_are_listed_and_end_one_by_one(app, make_user):
    user = make_user()
    laptop, phone = browser(app), browser(app)
    laptop.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    )
    phone.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    submit_login(laptop, user.email, PASSWORD)
    submit_login(phone, user.email, PASSWORD, remember=True)
    page = laptop.get("/settings/logins")
    listed = text_of(page)
    assert "Firefox on Windows" in listed and "Mobile Safari on iOS" in listed
    ends = re.findall(r'action="(/settings/logins/([0-9a-f]+)/end)"', listed)
    assert len(ends) == 2
    with app.app_context():
        phone_login = db.session.scalar(
            select(Login.id).where(Login.user_id == user.id, Login.remember.is_(True))
        )
    laptop.post(f"/settings/logins/{phone_login}/end", data={"csrf_token": csrf_from(page)})
    assert is_logged_in(laptop) and not is_logged_in(phone)
    assert "Mobile Safari" not in text_of(laptop.get("/settings/logins"))
    # someone else's login (or one that doesn't exist) can't be ended
    other = browser(app)
    submit_login(other, make_user().email, PASSWORD)
    laptop_login = next(login_id for _url, login_id in ends if login_id != phone_login)
    token = csrf_from(other.get("/settings/tokens"))
    for login_id in (laptop_login, "nope", "x" * 300):
        ending = other.post(f"/settings/logins/{login_id}/end", data={"csrf_token": token})
        assert ending.status_code == 404
    assert is_logged_in(laptop)


def test_log_out_everywhere(app, make_user, login):
    user = make_user()
    first, second = login(user), login(user, remember=True)
    remembered = cookies_of(second.client, "remember_token")
    response = first.post("/settings/logins/end-all")
    assert response.status_code == 303 and urlsplit(response.headers["Location"]).path == "/login"
    for client in (first.client, second.client, replay(app, remembered)):
        assert not is_logged_in(client)
    again = login(user)
    assert is_logged_in(again.client)


def test_a_session_from_before_logins_were_kept_is_not_enough(app, make_user):
    from flask.sessions import SecureCookieSessionInterface

    user = make_user()
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    old = serializer.dumps({"_user_id": f"{user.id}:0", "_fresh": True})
    assert not is_logged_in(replay(app, {"session": old}))


# --- sign-up -------------------------------------------------------------------------------


def request_link(app, email):
    client = browser(app)
    token = csrf_from(client.get("/signup"))
    return client.post("/signup", data={"email": email, "csrf_token": token})


def complete_signup(client, path, name="Nieuwe Collega", password=PASSWORD, handle=None):
    """Open the link and send the form; a refused link is posted to anyway, as an attacker
    would (with this browser's CSRF token from another page)."""
    form = client.get(path)
    token = csrf_from(form if form.status_code == 200 else client.get("/signup"))
    data = {"name": name, "password": password, "csrf_token": token}
    if handle is not None:
        data["handle"] = handle
    return form, client.post(path, data=data)


def test_signup_by_company_domain(app, ctx, outbox):
    response = request_link(app, "Nieuw.Iemand@brugwerk.example")
    assert response.status_code == 200
    assert count(User) == 0  # only the link is sent; the account comes when it is used
    path = outbox.link("nieuw.iemand@brugwerk.example")

    client = browser(app)
    form, done = complete_signup(client, path, name="Nieuw Iemand")
    assert form.status_code == 200
    assert 'value="nieuw.iemand"' in form.get_data(as_text=True)  # the suggested handle
    assert done.status_code == 303
    assert is_logged_in(client)
    user = db.session.scalar(select(User).where(User.email == "nieuw.iemand@brugwerk.example"))
    assert (user.name, user.handle, user.role) == ("Nieuw Iemand", "nieuw.iemand", "employee")
    assert PASSWORD not in user.password_hash


def test_signup_link_works_once(app, ctx, outbox):
    request_link(app, "eenmaal@brugwerk.example")
    path = outbox.link("eenmaal@brugwerk.example")
    _form, done = complete_signup(browser(app), path, password=PASSWORD)
    assert done.status_code == 303

    # someone who finds the link later gets neither the account nor a new password on it
    again = browser(app)
    _form, second = complete_signup(again, path, password="een ander wachtwoord")
    assert second.status_code != 303
    assert not is_logged_in(again)
    assert count(User) == 1
    user = db.session.scalar(select(User).where(User.email == "eenmaal@brugwerk.example"))
    assert check_password_hash(user.password_hash, PASSWORD)


def test_used_signup_link_is_refused_outright(app, ctx, outbox):
    """A used link shows 'this link does not work', not a sign-up form that then fails."""
    request_link(app, "eenmaal@brugwerk.example")
    path = outbox.link("eenmaal@brugwerk.example")
    complete_signup(browser(app), path)
    assert browser(app).get(path).status_code in (403, 409, 410)


def test_every_signup_request_gets_the_same_answer(app, make_user, outbox):
    """A stranger, an invited outsider, a colleague and an account's owner see one page;
    what differs is only the mail: none, a link, a link, a note to the owner."""
    admin, owner = make_user("admin"), make_user(name="Els Bestaand")
    people.invite(admin, "gast@partner.example")
    db.session.commit()
    outbox.read()  # the invitation itself goes out, and out of the way
    outbox.clear()
    addresses = [
        "iemand@concurrent.example",
        "gast@partner.example",
        "nog.niemand@brugwerk.example",
        owner.email,
    ]
    pages = [request_link(app, address) for address in addresses]
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"|\S+@\S+\.example')
    assert {p.status_code for p in pages} == {200}
    assert len({strip.sub("", text_of(p)) for p in pages}) == 1
    assert "invitation" not in text_of(pages[0]).split("</h1>")[0]
    mail = {m["To"]: m.get_body(("plain",)).get_content() for m in outbox.read()}
    assert sorted(mail) == sorted(addresses[1:])
    assert "/signup/" in mail["gast@partner.example"]
    assert "/signup/" in mail["nog.niemand@brugwerk.example"]
    assert "already have an account" in mail[owner.email]
    assert count(User) == 2


def test_signup_request_for_an_existing_account_looks_the_same_and_tells_the_owner(
    app, make_user, outbox
):
    user = make_user(name="Els Bestaand")
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"|\S+@brugwerk\.example')
    existing = request_link(app, user.email.upper())
    new = request_link(app, "nog.niemand@brugwerk.example")
    assert existing.status_code == new.status_code == 200
    assert strip.sub("", text_of(existing)) == strip.sub("", text_of(new))
    assert "already" not in text_of(existing)
    mail = [m for m in outbox.read() if m["To"] == user.email]
    assert len(mail) == 1
    body = mail[0].get_body(("plain",)).get_content()
    assert "Hello Els," in body and "already have an account" in body
    assert f"{BASE_URL}/login" in body and "/signup/" not in body
    assert count(User) == 1  # nothing changed to the account


def test_a_deactivated_account_gets_no_mail_about_signing_up(app, make_user, outbox):
    admin, user = make_user("admin"), make_user()
    people.set_active(admin, user, False)
    assert request_link(app, user.email).status_code == 200
    assert [m for m in outbox.read() if m["To"] == user.email] == []


# --- a new password by e-mail --------------------------------------------------------------


def ask_reset(app, email):
    client = browser(app)
    token = csrf_from(client.get("/password/forgot"))
    return client.post("/password/forgot", data={"email": email, "csrf_token": token})


def reset_link(outbox, to: str) -> str:
    """The one password link mailed to `to`, as a path on the test app."""
    messages = [m for m in outbox.read() if m["To"].lower() == to.lower()]
    assert len(messages) == 1, [m["To"] for m in messages]
    body = messages[0].get_body(("plain",)).get_content()
    links = [u for u in re.findall(r"https?://\S+", body) if "/password/reset/" in u]
    assert len(links) == 1, body
    return links[0][len(BASE_URL) :]


def choose_password(client, path, password, confirm=None):
    page = client.get(path)
    token = csrf_from(page if page.status_code == 200 else client.get("/password/forgot"))
    data = {"password": password, "confirm": confirm or password, "csrf_token": token}
    return page, client.post(path, data=data)


def test_a_new_password_by_mail_works_once(app, make_user, outbox):
    user = make_user(name="Wim Vergeetachtig")
    elsewhere = browser(app)
    submit_login(elsewhere, user.email, PASSWORD, remember=True)
    assert "Forgot your password?" in text_of(browser(app).get("/login"))
    assert ask_reset(app, user.email).status_code == 200
    path = reset_link(outbox, user.email)
    client = browser(app)
    _page, differ = choose_password(client, path, "nieuw-wachtwoord-1", "iets-anders-12")
    assert differ.status_code == 200 and "The two passwords differ." in text_of(differ)
    _page, short = choose_password(client, path, "kort")
    assert short.status_code == 200 and not is_logged_in(client)
    page, done = choose_password(client, path, "nieuw-wachtwoord-1")
    assert page.status_code == 200 and done.status_code == 303
    assert is_logged_in(client) and not is_logged_in(elsewhere)
    assert people.authenticate(user.email, PASSWORD) is None
    assert people.authenticate(user.email, "nieuw-wachtwoord-1").id == user.id
    # the link is spent: neither a look nor a second password gets through
    again = browser(app)
    page, second = choose_password(again, path, "derde-wachtwoord-3")
    assert page.status_code == second.status_code == 403
    assert "already used" in text_of(page)
    assert people.authenticate(user.email, "nieuw-wachtwoord-1").id == user.id


def test_asking_for_a_new_password_says_the_same_for_any_address(app, make_user, outbox):
    user, gone, admin = make_user(), make_user(), make_user("admin")
    people.set_active(admin, gone, False)
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"|\S+@\S+\.example')
    pages = [
        ask_reset(app, email)
        for email in (user.email, "onbekend@brugwerk.example", "x@elders.example", gone.email)
    ]
    assert {p.status_code for p in pages} == {200}
    assert len({strip.sub("", text_of(p)) for p in pages}) == 1
    assert [m["To"] for m in outbox.read()] == [user.email]
    assert "onbekend@brugwerk.example" in text_of(pages[1])  # said as written, kindly
    bad = ask_reset(app, "geen adres")
    assert bad.status_code == 200 and "Invalid email address." in text_of(bad)


def test_forged_or_expired_password_links_are_refused(app, ctx, make_user):
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    user = make_user()

    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 2 * 3600

    old = passwords._serializer()
    old.signer = TwoHoursAgo
    forged = URLSafeTimedSerializer("not-the-secret", salt="kring-password-reset")
    cases = {
        old.dumps([user.id, passwords._fingerprint(user)]): "This link has expired.",
        forged.dumps([user.id, passwords._fingerprint(user)]): "This link is not valid.",
        passwords._serializer().dumps(["x", "y"]): "already used",
        passwords._serializer().dumps("nonsense"): "This link is not valid.",
        "nonsense": "This link is not valid.",
    }
    for token, message in cases.items():
        client = browser(app)
        page, sent = choose_password(client, f"/password/reset/{token}", "nieuw-wachtwoord-1")
        assert page.status_code == sent.status_code == 403, token
        assert message in text_of(page)
    assert people.authenticate(user.email, PASSWORD).id == user.id


def test_asking_for_password_links_is_limited(app, make_user, monkeypatch):
    from intranet.extensions import limiter

    limiter.reset()
    monkeypatch.setitem(app.config, "KRING_LIMITS", {"password_reset": "2 per minute"})
    try:
        answers = [ask_reset(app, make_user().email) for _ in range(3)]
    finally:
        limiter.reset()
    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429 and int(answers[2].headers["Retry-After"]) > 0


FORGED_LINKS = [
    "/signup/forged",
    "/signup/" + "eyJ4Ijoi" * 5,
    "/signup/ImphbkBicnVnd2Vyay5leGFtcGxlIg.Z2jVJA.bm90LWEtcmVhbC1zaWduYXR1cmU",
]


def test_forged_signup_links_are_refused(app, ctx):
    for path in FORGED_LINKS:
        client = browser(app)
        response = client.get(path)
        assert response.status_code == 403, path
        assert "This sign-up link is not valid." in text_of(response)
        refused = client.post(path, data={"name": "X", "password": PASSWORD})
        assert refused.status_code in (400, 403), path
    assert count(User) == 0


def test_link_signed_with_another_key_is_refused(app, ctx):
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("not-the-secret", salt="kring-signup").dumps(
        "indringer@brugwerk.example"
    )
    response = browser(app).get(f"/signup/{forged}")
    assert response.status_code == 403
    assert count(User) == 0


def test_expired_signup_link_is_refused(app, ctx):
    from itsdangerous import TimestampSigner

    class EightDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 8 * 24 * 3600

    serializer = people._serializer()  # the app's own key and salt: a genuine old link
    serializer.signer = EightDaysAgo
    token = serializer.dumps("laat@brugwerk.example")
    with pytest.raises(Forbidden) as error:
        people.read_signup_token(token)
    assert error.value.code == "link_expired"
    client = browser(app)
    response = client.get(f"/signup/{token}")
    assert response.status_code == 403
    assert "This sign-up link has expired" in text_of(response)
    assert count(User) == 0


def test_signup_with_a_taken_handle_is_refused(app, make_user, outbox):
    make_user(handle="bezet")
    request_link(app, "nieuw@brugwerk.example")
    path = outbox.link("nieuw@brugwerk.example")
    client = browser(app)
    _form, response = complete_signup(client, path, handle="Bezet")
    assert response.status_code == 200
    assert "@bezet is already taken." in text_of(response)
    assert not is_logged_in(client)
    assert count(User) == 1


# --- handles -------------------------------------------------------------------------------


def test_handle_defaults_to_the_local_part(make_user):
    first = make_user(email="jan.jansen@brugwerk.example")
    second = make_user(email="Jan.Jansen@elders.example")
    assert first.handle == "jan.jansen"
    assert second.handle not in ("jan.jansen", "") and second.handle.startswith("jan.jansen")


def test_handle_is_unique_across_users_and_groups(make_user):
    owner = make_user(handle="sanne")
    group = groups.create_group(owner, "Team Noord")
    assert group.handle == "team-noord"
    with pytest.raises(Conflict):
        people.create_user("x@brugwerk.example", "X", PASSWORD, handle="team-noord")
    with pytest.raises(Conflict):
        people.create_user("y@brugwerk.example", "Y", PASSWORD, handle="@Sanne")
    # a default handle steps around a group's handle too
    user = people.create_user("team-noord@brugwerk.example", "Team Lid", PASSWORD)
    assert user.handle != "team-noord"
    # and a new group steps around a person's handle
    assert groups.create_group(owner, "Sanne").handle != "sanne"
    assert count(User) == 2


def test_bad_handles_are_refused(ctx):
    for handle in ("met spatie", "a" * 31, "-begin", "eind.", "é", "", None, 42):
        with pytest.raises(ValidationError):
            people.check_handle(handle)
    assert people.check_handle("@Jan.Jansen") == "jan.jansen"


# --- administration ------------------------------------------------------------------------


def test_non_admins_get_403_on_admin_pages(app, make_user, login):
    for role in ("employee", "recruiter"):
        web = login(make_user(role))
        assert web.get("/admin/users").status_code == 403
        user = make_user()
        response = web.post(f"/admin/users/{user.id}", {"role": "admin"})
        assert response.status_code == 403
        assert fresh(User, user.id).role == "employee"
    assert browser(app).get("/admin/users").status_code == 302  # to the login page


def test_admin_invites_and_the_invite_sets_the_role(app, make_user, login, outbox):
    admin = make_user("admin")
    web = login(admin)
    response = web.post("/admin/users", {"email": "extern@partner.example", "role": "recruiter"})
    assert response.status_code == 200
    assert "extern@partner.example is invited; the e-mail with the link goes out shortly." in (
        text_of(response)
    )
    invite = db.session.scalar(select(Invite).where(Invite.email == "extern@partner.example"))
    assert (invite.role, invite.invited_by_id, invite.accepted_at) == ("recruiter", admin.id, None)
    path = outbox.link("extern@partner.example")  # signed when the mail was sent
    # the admin can pass a link on by hand too: the page shows one, signed for the address
    [shown] = re.findall(re.escape(BASE_URL) + r"(/signup/[\w.-]+)", text_of(response))
    assert people.read_signup_token(shown[len("/signup/") :]) == "extern@partner.example"

    client = browser(app)
    _form, done = complete_signup(client, path, name="Externe Recruiter")
    assert done.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "extern@partner.example"))
    assert user.role == "recruiter" and user.handle == "extern"
    assert fresh(Invite, invite.id).accepted_at is not None
    # an accepted invitation can't be used again
    assert browser(app).get(path).status_code in (403, 409, 410)


def test_invited_address_outside_the_domain_may_request_a_link(app, make_user, outbox):
    admin = make_user("admin")
    people.invite(admin, "gast@partner.example", "employee")
    assert outbox.link("gast@partner.example").startswith("/signup/")  # the invitation
    outbox.clear()  # lost; the invitee asks for a link of their own
    response = request_link(app, "gast@partner.example")
    assert response.status_code == 200
    assert outbox.link("gast@partner.example").startswith("/signup/")


def test_admin_changes_roles_but_not_the_last_admin(app, make_user, login):
    admin = make_user("admin")
    person = make_user()
    web = login(admin)
    web.post(f"/admin/users/{person.id}", {"role": "recruiter"})
    assert fresh(User, person.id).role == "recruiter"

    response = web.post(f"/admin/users/{admin.id}", {"role": "employee"}, follow_redirects=True)
    assert "Kring needs at least one administrator." in text_of(response)
    assert fresh(User, admin.id).role == "admin"

    web.post(f"/admin/users/{person.id}", {"role": "admin"})
    web.post(f"/admin/users/{admin.id}", {"role": "employee"})
    assert fresh(User, admin.id).role == "employee"  # another admin is left


def test_role_must_be_a_known_one(make_user):
    admin, person = make_user("admin"), make_user()
    with pytest.raises(ValidationError):
        people.set_role(admin, person, "superuser")
    with pytest.raises(Forbidden):
        people.set_role(person, admin, "employee")
    assert fresh(User, admin.id).role == "admin"


def test_deactivated_user_is_shut_out_but_their_posts_stay(app, make_user, login, api):
    admin, leaver, colleague = make_user("admin"), make_user(), make_user()
    post = posts.create_post(leaver, {"type": "update", "body": "Kennis die blijft #archief"})
    leaver_web = login(leaver)
    leaver_api = api(leaver)
    assert leaver_api.get("/me").status_code == 200

    response = login(admin).post(f"/admin/users/{leaver.id}", {"active": "0"})
    assert response.status_code == 303
    assert fresh(User, leaver.id).deactivated_at is not None

    assert not is_logged_in(leaver_web.client)  # the open session ends on the next request
    failed = submit_login(browser(app), leaver.email, PASSWORD)
    assert failed.status_code == 200 and LOGIN_FAILED in text_of(failed)
    assert leaver_api.get("/me").status_code == 401

    assert count(Post) == 1
    page = login(colleague).get(f"/posts/{post.id}")
    assert page.status_code == 200 and "Kennis die blijft" in text_of(page)
    item = api(colleague).get(f"/posts/{post.id}")
    assert item.status_code == 200 and item.get_json()["body"] == "Kennis die blijft #archief"


def test_admin_cannot_deactivate_themselves(make_user):
    admin = make_user("admin")
    with pytest.raises(Conflict):
        people.set_active(admin, admin, False)
    assert fresh(User, admin.id).deactivated_at is None


def test_reactivated_user_can_log_in_again(app, make_user):
    admin, person = make_user("admin"), make_user()
    people.set_active(admin, person, False)
    people.set_active(admin, person, True)
    assert submit_login(browser(app), person.email, PASSWORD).status_code == 303


# --- API tokens ----------------------------------------------------------------------------


def test_token_is_shown_once_stored_as_a_hash_and_revocable(app, make_user, login):
    user = make_user()
    web = login(user)
    page = web.post("/settings/tokens", {"name": "Rapportage"})
    assert page.status_code == 200
    secrets_shown = re.findall(r"kr_[A-Za-z0-9_-]{20,}", page.get_data(as_text=True))
    assert len(secrets_shown) == 1
    secret = secrets_shown[0]

    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.name == "Rapportage"
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in db.session.execute(select(ApiToken.__table__)).one()]
    assert all(secret not in value for value in stored)
    assert secret not in web.get("/settings/tokens").get_data(as_text=True)

    client = browser(app)
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.get_json()["email"] == user.email

    response = web.post(f"/settings/tokens/{row.id}/revoke")
    assert response.status_code == 303
    assert fresh(ApiToken, row.id).revoked_at is not None
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"


def test_someone_elses_token_cannot_be_revoked(app, make_user, login):
    owner, other = make_user(), make_user()
    token, secret = tokens.create_token(owner, "eigen")
    response = login(other).post(f"/settings/tokens/{token.id}/revoke")
    assert response.status_code == 404
    assert fresh(ApiToken, token.id).revoked_at is None
    assert tokens.user_for_token(secret).id == owner.id


def test_bad_tokens_get_401(app, make_user):
    _token, secret = tokens.create_token(make_user(), "echt")
    for header in (
        "Bearer kr_niet-echt",
        "Bearer ",
        "Basic dXNlcjpwdw==",
        secret,
        "Bearer " + secret[:-1],
        "Bearer " + secret + "x",
        "Bearer " + "kr_" + "a" * 200,
        "",
    ):
        response = browser(app).get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json()["error"]["code"] == "unauthorized"
    me = browser(app).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200


def test_every_reader_of_a_token_reads_the_header_alike(app, make_user):
    """The API, a photo's and an attachment's address take the token from one reading of
    the Authorization header: the scheme in any case, spaces around the secret."""
    import io

    from PIL import Image

    from intranet.accounts import photos
    from intranet.posting import attachments

    assert tokens.bearer_secret("Bearer kr_abc") == "kr_abc"
    assert tokens.bearer_secret("bearer   kr_abc  ") == "kr_abc"
    for header in (None, "", "Bearer", "Bearer   ", "Basic kr_abc", "kr_abc", "Bearerkr_abc"):
        assert tokens.bearer_secret(header) is None, header
    user = make_user()
    _token, secret = tokens.create_token(user, "overal")
    out = io.BytesIO()
    Image.new("RGB", (100, 100), (10, 200, 10)).save(out, "PNG")
    photos.set_photo(user, out.getvalue())
    post = posts.create_post(
        user,
        {"type": "update", "body": "Bijlage"},
        attachments.judge([attachments.Upload("a.png", out.getvalue())]),
    )
    db.session.commit()
    photo = f"/people/{user.id}/photo/{user.photo}-96.webp"
    [attached] = post.attachments
    file = f"/posts/{post.id}/files/{attached.key}"
    for header, works in (
        (f"bearer  {secret} ", True),
        (f"BEARER {secret}", True),
        (f"Basic {secret}", False),
        ("Bearer kr_niet-echt", False),
    ):
        sent = {"Authorization": header}
        assert (browser(app).get("/api/v1/me", headers=sent).status_code == 200) is works
        assert (browser(app).get(photo, headers=sent).status_code == 200) is works
        assert (browser(app).get(file, headers=sent).status_code == 200) is works
        assert tokens.bearer_user(header) == (user if works else None)


# --- the users CLI -------------------------------------------------------------------------


def test_cli_creates_a_user_and_a_working_token(app, ctx):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Kees.Klant@brugwerk.example",
            "--name",
            "Kees Klant",
            "--password",
            PASSWORD,
            "--role",
            "recruiter",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "kees.klant@brugwerk.example"))
    assert (user.name, user.handle, user.role) == ("Kees Klant", "kees.klant", "recruiter")
    assert PASSWORD not in user.password_hash

    result = runner.invoke(args=["users", "token", "kees.klant@brugwerk.example"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1].strip()
    me = browser(app).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.get_json()["handle"] == "kees.klant"
    assert (
        db.session.scalar(select(ApiToken.token_hash))
        == hashlib.sha256(secret.encode()).hexdigest()
    )


def test_cli_handle_option(app, ctx):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "a@brugwerk.example",
            "--name",
            "A",
            "--password",
            PASSWORD,
            "--handle",
            "anna",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.handle)) == "anna"


def _message(check, value) -> str:
    """The message a service gives for `value`, in the language the CLI speaks."""
    with pytest.raises(ValidationError) as error:
        check(value)
    return str(error.value.message)


@pytest.mark.parametrize(
    "args, check, bad",
    [
        (["geen-email", "--name", "X", "--password", PASSWORD], "normalise_email", "geen-email"),
        (["x@brugwerk.example", "--name", "X", "--password", "kort"], "check_password", "kort"),
        (
            ["x@brugwerk.example", "--name", "X", "--password", PASSWORD, "--role", "baas"],
            None,
            "baas",
        ),
    ],
)
def test_cli_refuses_bad_input_with_a_message(app, ctx, args, check, bad):
    result = app.test_cli_runner().invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    message = _message(getattr(people, check), bad) if check else bad
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert count(User) == 0


def test_cli_token_for_unknown_or_deactivated_user_fails(app, make_user):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "token", "niemand@brugwerk.example"])
    assert result.exit_code != 0 and "niemand@brugwerk.example" in result.output
    admin, leaver = make_user("admin"), make_user()
    people.set_active(admin, leaver, False)
    result = runner.invoke(args=["users", "token", leaver.email])
    assert result.exit_code != 0 and leaver.email in result.output
    assert count(ApiToken) == 0


def test_cli_duplicate_email_fails(app, make_user):
    user = make_user()
    result = app.test_cli_runner().invoke(
        args=["users", "create", user.email.upper(), "--name", "Dubbel", "--password", PASSWORD]
    )
    assert result.exit_code != 0 and user.email in result.output, result.output
    assert "Traceback" not in result.output
    assert count(User) == 1


# --- attacks on the login page -------------------------------------------------------------


def _lines(name: str) -> list[str]:
    text = (CORPORA / "xss_payloads" / name).read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


REDIRECTS = sorted(
    {
        payload
        for name in (
            "Open_Redirect__Intruder__Open-Redirect-payloads.txt",
            "Open_Redirect__Intruder__open_redirect_wordlist.txt",
            "Open_Redirect__Intruder__openredirects.txt",
        )
        for payload in _lines(name)
    }
)
EXTRA_REDIRECTS = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://localhost.evil.example/",
]


def is_local(location: str) -> bool:
    """Would a browser stay on this site when following `location`?"""
    seen = re.sub(r"[\t\n\r]", "", location).strip("\x00 ").replace("\\", "/")
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc:  # an absolute URL must be this very site
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    return seen.startswith("/") and not seen.startswith("//")


def test_is_local_can_fail():
    assert is_local("/posts/1") and is_local("/") and is_local("/%2f%2fevil.example")
    for far in (
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http://localhost.evil.example",
    ):
        assert not is_local(far), far


def test_redirect_corpus_is_there():
    assert len(REDIRECTS) > 250


def test_login_never_redirects_off_site(app, make_user):
    user = make_user()
    off_site = []
    for payload in REDIRECTS + EXTRA_REDIRECTS:
        client = browser(app)
        response = submit_login(client, user.email, PASSWORD, next_url=payload)
        assert response.status_code == 303, (payload, response.status_code)
        if not is_local(response.headers["Location"]):
            off_site.append((payload, response.headers["Location"]))
    assert not off_site, off_site[:10]


def test_logged_in_visit_to_login_never_redirects_off_site(app, make_user, login):
    client = login(make_user()).client
    off_site = []
    for payload in REDIRECTS + EXTRA_REDIRECTS:
        response = client.get("/login", query_string={"next": payload})
        assert response.status_code in (302, 303), (payload, response.status_code)
        if not is_local(response.headers["Location"]):
            off_site.append((payload, response.headers["Location"]))
    assert not off_site, off_site[:10]


def test_local_next_is_followed(app, make_user):
    user = make_user()
    response = submit_login(browser(app), user.email, PASSWORD, next_url="/tags/java?scope=all")
    assert response.headers["Location"] == "/tags/java?scope=all"


def test_login_without_or_with_forged_csrf_token_is_refused(app, make_user):
    user = make_user()
    other_browser = csrf_from(browser(app).get("/login"))
    for token in (None, "", "forged", other_browser):
        client = browser(app)
        client.get("/login")
        data = {"email": user.email, "password": PASSWORD}
        if token is not None:
            data["csrf_token"] = token
        response = client.post("/login", data=data)
        assert response.status_code == 400, token
        assert not is_logged_in(client)


def test_post_without_or_with_forged_csrf_token_stores_nothing(app, make_user, login):
    web = login(make_user())
    other_browser = login(make_user()).token()
    for token in (None, "", "forged", other_browser):
        data = {"type": "update", "body": "Vervalst bericht"}
        if token is not None:
            data["csrf_token"] = token
        response = web.client.post("/posts", data=data)
        assert response.status_code == 400, token
    assert count(Post) == 0
    # the same browser with its own token can post
    assert web.post("/posts", {"type": "update", "body": "Echt bericht"}).status_code == 303
    assert count(Post) == 1


def test_sql_injection_never_logs_anyone_in(app, make_user):
    admin = make_user("admin", email="admin@brugwerk.example")
    make_user()
    client = browser(app)
    token = csrf_from(client.get("/login"))
    let_in = []
    for payload in _lines("SQL_Injection__Intruder__Auth_Bypass.txt"):
        for email, password in (
            (payload, payload),
            (admin.email, payload),
            (payload, PASSWORD),
            (admin.email + payload, PASSWORD),
        ):
            response = client.post(
                "/login", data={"email": email, "password": password, "csrf_token": token}
            )
            if response.status_code != 200 or LOGIN_FAILED not in text_of(response):
                let_in.append((email, password, response.status_code))
    assert not let_in, let_in[:10]
    assert not is_logged_in(client)
    assert count(User) == 2


# --- language ------------------------------------------------------------------------------


def _dutch_catalogue() -> Path:
    import intranet

    return Path(intranet.__file__).parent / "translations" / "nl" / "LC_MESSAGES" / "messages.mo"


def test_language_follows_the_browser(app):
    if not _dutch_catalogue().exists():
        pytest.skip(
            "no compiled Dutch catalogue (intranet/translations/nl/LC_MESSAGES/"
            "messages.mo); run `make translations` once messages.po has entries"
        )
    client = app.test_client()
    dutch = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="nl">' in dutch.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Log in to Kring" in text_of(english)
    assert "Log in to Kring" not in text_of(dutch), "the Dutch page is still in English"
