"""Input that never becomes a 500: names that differ only in non-ASCII case, control
characters in any text field, a Conflict on a page, query strings that clash with
url_for, JSON out of bounds, and CV file names that would break a header."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from test_sharing import SOON, apply_form, csrf_of, vacancy

from intranet.extensions import db
from intranet.models import Alert, Client, Group, Referral, User, Vacancy
from intranet.notifying import alerts
from intranet.platform.inputs import attachment, safe_filename
from intranet.posting import posts

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


# Unique names, compared by a key made in Python --------------------------------------------


@pytest.mark.parametrize(
    "first, again",
    [("Özdemir Transport", "Özdemir Transport"), ("Özdemir Transport", "ÖZDEMIR  transport")],
)
def test_a_client_name_with_a_non_ascii_capital_is_taken_once(make_user, api, first, again):
    recruiter = make_user("recruiter")
    client = api(recruiter)
    assert client.post("/clients", json={"name": first}).status_code == 201
    answer = client.post("/clients", json={"name": again})
    assert answer.status_code == 409, answer.get_json()
    assert answer.get_json()["error"]["code"] == "name_taken"
    assert db.session.scalar(select(func.count()).select_from(Client)) == 1


def test_a_signal_about_a_client_by_another_case_or_alias_finds_it(make_user, api):
    recruiter = make_user("recruiter")
    client = api(recruiter)
    made = client.post("/clients", json={"name": "Één Logistiek", "aliases": ["ÅSTRÖM GROEP"]})
    assert made.status_code == 201
    for name in ("Één Logistiek", "één logistiek", "åström groep"):
        signal = client.post(
            "/posts",
            json={
                "type": "client_signal",
                "body": "Nieuw project",
                "client": name,
                "kind": "new_project",
            },
        )
        assert signal.status_code == 201, signal.get_json()
        assert signal.get_json()["client"]["id"] == made.get_json()["id"]
    assert db.session.scalar(select(func.count()).select_from(Client)) == 1
    found = client.get("/clients?q=ÅSTRÖM").get_json()
    assert [c["name"] for c in found["items"]] == ["Één Logistiek"]


def test_a_group_name_with_a_non_ascii_capital_is_taken_once(make_user, api, login):
    user = make_user()
    assert api(user).post("/groups", json={"name": "Één Team"}).status_code == 201
    for name in ("Één Team", "ÉÉN TEAM"):
        answer = api(user).post("/groups", json={"name": name})
        assert answer.status_code == 409, answer.get_json()
    page = login(user).post("/groups/new", {"name": "één team"}, headers={"Accept-Language": "en"})
    assert page.status_code in (409, 422)
    assert "There is already a group called" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Group)) == 1


def test_tags_and_handles_compare_by_their_key(make_user, api):
    author = make_user(handle="sven")
    client = api(author)
    made = client.post("/posts", json={"type": "update", "body": "#STRASSE en #Straße met @ſven"})
    assert made.status_code == 201
    body = made.get_json()
    assert body["tags"] == ["strasse"] and body["mentions"] == ["sven"]
    assert client.post("/tags/STRAẞE/follow").status_code in (200, 201, 204)
    assert client.get("/feed?tag=Straße").get_json()["items"][0]["id"] == body["id"]


# Control characters at the boundary --------------------------------------------------------


def _no_control(text: str) -> bool:
    return not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def test_nul_and_control_characters_never_reach_the_database(make_user, api, login):
    recruiter = make_user("recruiter")
    client = api(recruiter)
    made = client.post(
        "/posts",
        json={
            "type": "vacancy",
            "body": "Tekst\x00 met nul",
            "title": "Plan\x00ner\x07",
            "department": "Log\x00",
            "location": "Ede",
            "hours": 32,
            "closes_on": SOON,
        },
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["title"] == "Planner"
    assert client.post("/groups", json={"name": "Nul\x00groep"}).status_code == 201
    assert client.post("/clients", json={"name": "Nul\x00 BV"}).status_code == 201
    assert client.patch("/me/settings", json={"bio": "Hoi\x00 daar\x1b"}).status_code == 200
    assert client.post("/alerts", json={"term": "ja\x00va"}).status_code == 201
    web = login(recruiter)
    assert web.post("/alerts", {"term": "py\x00thon"}).status_code == 303
    assert web.post("/groups/new", {"name": "Web\x00groep"}).status_code in (302, 303)
    assert web.get("/search?q=nul\x00").status_code in (200, 503)
    assert web.get("/tags/ja%00va").status_code in (404, 422)
    assert web.get("/@nie%00mand").status_code < 500
    texts = [
        *db.session.scalars(select(Vacancy.title)),
        *db.session.scalars(select(Group.name)),
        *db.session.scalars(select(Client.name)),
        *db.session.scalars(select(Alert.term)),
        *db.session.scalars(select(User.bio)),
    ]
    assert all(_no_control(t or "") for t in texts), texts
    assert {"Nulgroep", "Webgroep"} <= set(db.session.scalars(select(Group.name)))


def test_nul_in_the_public_application_form(make_user, app):
    recruiter = make_user("recruiter")
    post = vacancy(recruiter)
    answer = apply_form(
        app.test_client(),
        post.id,
        name="Anna\x00 Sol",
        motivation="Graag\x00!",
        email="anna@example.nl",
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
    referral = db.session.scalar(select(Referral))
    assert referral.name == "Anna Sol" and referral.motivation == "Graag!"


# A Conflict on a page ----------------------------------------------------------------------


def test_an_alert_you_have_or_one_too_many_is_said_on_the_page(make_user, login):
    user = make_user()
    web = login(user)
    assert web.post("/alerts", {"term": "logistiek"}).status_code == 303
    again = web.post("/alerts", {"term": "logistiek"}, headers={"Accept-Language": "en"})
    assert again.status_code == 409
    assert "You already have this alert." in again.get_data(as_text=True)
    for n in range(alerts.MAX_ALERTS - 1):
        alerts.create_alert(user, {"term": f"woord{n}"})
    db.session.commit()
    past = web.post("/alerts", {"term": "eenteveel"}, headers={"Accept-Language": "en"})
    assert past.status_code == 409
    assert f"at most {alerts.MAX_ALERTS} alerts" in past.get_data(as_text=True)


# Next-page links ---------------------------------------------------------------------------


def test_query_keys_that_clash_with_url_for_keep_the_next_page_link(make_user, login):
    user = make_user()
    for n in range(45):
        posts.create_post(user, {"type": "update", "body": f"Bericht {n} #planning"})
    db.session.commit()
    web = login(user)
    for url in (
        "/?endpoint=x",
        "/?_method=x&_external=1&_anchor=y",
        "/tags/planning?name=y",
        "/?scope=all&scope=following&values=1",
    ):
        page = web.get(url)
        assert page.status_code == 200, url
        assert "cursor=" in page.get_data(as_text=True), url
    page = web.get("/tags/planning?name=y").get_data(as_text=True)
    assert 'href="/tags/planning?name=y&amp;cursor=' in page


# JSON out of bounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "update", "body": "\\ud800"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"type": "update", "body": "x", "group": ' + b"9" * 5000 + b"}",
        b'{"type": "update", "body": "x", "group": NaN}',
        b'{"type": "update", "body": "x", "group": 1e999}',
        b'{"type": "update", "body": "\xff\xfe"}',
    ],
)
def test_json_out_of_bounds_is_a_400_with_a_message(make_user, api, body):
    client = api(make_user())
    for method, url in (("post", "/posts"), ("post", "/alerts"), ("patch", "/me/settings")):
        answer = getattr(client, method)(url, data=body, content_type="application/json")
        assert answer.status_code in (400, 422), (url, answer.status_code)
        assert answer.get_json()["error"]["message"]


# CV file names -----------------------------------------------------------------------------


def test_file_names_are_cleaned_and_sent_in_a_header_that_cannot_break():
    assert safe_filename("C:\\Users\\anna\\cv.pdf") == "cv.pdf"
    assert safe_filename("cv\r\nX-Evil: 1\x00.pdf") == "cv X-Evil: 1 .pdf"
    assert safe_filename("cv\u202efdp.exe") == "cv fdp.exe"
    assert safe_filename("\x00\u202e") == ""
    header = attachment("Één cv\r\n.pdf")
    assert "\r" not in header and "\n" not in header
    assert header == (
        "attachment; filename=\"Een cv .pdf\"; filename*=UTF-8''%C3%89%C3%A9n%20cv%20.pdf"
    )


def _multipart_with(filename_star: str, csrf: str) -> tuple[bytes, str]:
    boundary = "kringgrens"
    fields = {"csrf_token": csrf, "name": "Anna", "email": "anna@example.nl", "consent": "1"}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="cv"; '
        f"filename=\"cv.pdf\"; filename*=UTF-8''{filename_star}\r\n"
        "Content-Type: application/pdf\r\n\r\n".encode()
        + PDF
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


@pytest.mark.parametrize(
    "raw", ["cv\r\nX-Evil: 1.pdf", "cv\x00nul.pdf", "cv\u202efdp.pdf", "Één\tcv.pdf"]
)
def test_a_cv_with_a_hostile_name_is_stored_clean_and_downloads(make_user, app, login, raw):
    recruiter = make_user("recruiter")
    post = vacancy(recruiter)
    browser = app.test_client()
    csrf = csrf_of(browser.get(f"/jobs/{post.id}").get_data(as_text=True))
    body, boundary = _multipart_with(quote(raw, safe=""), csrf)
    answer = browser.post(
        f"/jobs/{post.id}/apply",
        data=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
    referral = db.session.scalar(select(Referral))
    assert referral.cv_filename == safe_filename(raw) and _no_control(referral.cv_filename)
    assert "\u202e" not in referral.cv_filename
    download = login(recruiter).get(f"/referrals/{referral.id}/cv")
    assert download.status_code == 200 and download.data == PDF
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]


def test_a_cv_name_stored_before_cleaning_still_downloads(make_user, app, login):
    recruiter = make_user("recruiter")
    post = vacancy(recruiter)
    apply_form(app.test_client(), post.id, cv=(PDF, "cv.pdf"))
    referral = db.session.scalar(select(Referral))
    referral.cv_filename = "oud\r\nSet-Cookie: x=1.pdf"
    db.session.commit()
    download = login(recruiter).get(f"/referrals/{referral.id}/cv")
    assert download.status_code == 200
    assert "Set-Cookie" not in download.headers or "x=1" not in download.headers["Set-Cookie"]


def test_a_multipart_part_whose_name_cannot_be_read_is_left_out_not_a_500(make_user, app):
    """A part named with an unbalanced quote and control characters: the parser gives up
    on its name (None), and the form is read without it."""
    from intranet.accounts import tokens

    author = make_user()
    post = posts.create_post(author, {"type": "update", "body": "Met bijlage"})
    with app.app_context():
        _token, secret = tokens.create_token(db.session.merge(author), "test")
    boundary = "1b8e3573bdcd356808c11af44dabccca"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="\x1c劔<\\"\r\n\r\n'
        f"\x9c\x00\x7f\x8f\u00dd\r\n--{boundary}--\r\n"
    ).encode()
    answer = app.test_client().post(
        f"/api/v1/posts/{post.id}/attachments",
        data=body,
        headers={
            "Authorization": f"Bearer {secret}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.get_data(as_text=True))
