"""Sharing vacancies: preferences, the share queue, personal links, the public page,
applications with a CV, counting without bots or reloads, resurfacing and the digest."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from support import until_they_wait
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from intranet import tasks
from intranet.extensions import db
from intranet.models import (
    Notification,
    Referral,
    ReferralEvent,
    ShareEvent,
    SharePreference,
    ShareSlot,
    User,
    Vacancy,
)
from intranet.notifying import digests, mailings, notifications
from intranet.platform.clock import local_today, utcnow
from intranet.posting import groups, posts
from intranet.recruiting import applications, privacy, share_links, sharing

SOON = (local_today() + timedelta(days=30)).isoformat()
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
    "Accept-Language": "nl-NL,nl;q=0.9",
}


def vacancy(author, title="Planner", group=None, **fields):
    data = {
        "type": "vacancy",
        "body": f"Wie kent een goede **{title}**? #logistiek",
        "title": title,
        "department": "Logistiek",
        "location": "Ede",
        "hours": 32,
        "closes_on": SOON,
        **fields,
    }
    if group is not None:
        data["group"] = group.id
    return posts.create_post(author, data)


def past_closing(post):
    db.session.execute(
        update(Vacancy)
        .where(Vacancy.id == post.id)
        .values(closes_on=local_today() - timedelta(days=1))
    )
    db.session.commit()


@pytest.fixture
def people(make_user):
    return {
        "recruiter": make_user("recruiter", name="Bram Recruiter", handle="bram"),
        "eva": make_user(name="Eva Medewerker", handle="eva"),
        "lies": make_user(name="Lies Collega", handle="lies"),
    }


def code_of(url: str) -> str:
    return re.search(r"[?&]r=([^&]+)", url).group(1)


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def apply_form(client, post_id, code="", headers=BROWSER, **fields):
    page = client.get(f"/jobs/{post_id}" + (f"?r={code}" if code else ""), headers=headers)
    data = {
        "csrf_token": csrf_of(page.get_data(as_text=True)),
        "name": "Anna Sollicitant",
        "email": "anna@example.nl",
        "motivation": "Ik plan graag.",
        "consent": "1",
        **fields,
    }
    data = {k: v for k, v in data.items() if v is not None}
    if "cv" in data:  # a FileStorage: encoded in memory (the test client spools big bodies
        content, name = data.pop("cv")  # to a temporary file it leaves open)
        data["cv"] = FileStorage(io.BytesIO(content), name, "cv", "application/octet-stream")
    boundary, body = encode_multipart(data)
    return client.post(
        f"/jobs/{post_id}/apply" + (f"?r={code}" if code else ""),
        data=body,
        headers=headers,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# Preferences --------------------------------------------------------------------------------


def test_preferences_are_validated_and_saved(people, api):
    eva = people["eva"]
    assert sharing.as_dict(sharing.preference(eva))["saved"] is False
    for bad, field in [
        ({"channels": ["fax"]}, "channels"),
        ({"channels": []}, "channels"),
        ({"rhythm": "daily"}, "rhythm"),
        ({"departments": "Logistiek"}, "departments"),
        ({"tags": ["x" * 121]}, "tags"),
        ({"locations": [""]}, "locations"),
        ({"locations": [f"plaats {n}" for n in range(31)]}, "locations"),
    ]:
        with pytest.raises(Exception) as caught:
            sharing.save_preferences(eva, bad)
        assert field in caught.value.fields, bad
    assert sharing.preference(eva) is None  # nothing saved by a refused attempt
    saved = sharing.save_preferences(
        eva,
        {"tags": ["#Logistiek", "logistiek"], "channels": ["x", "linkedin"], "rhythm": "weekly"},
    )
    assert saved.tags == ["logistiek"] and saved.channels == ["linkedin", "x"]

    client = api(people["lies"])
    assert client.get("/me/sharing").get_json() == {
        "departments": [],
        "locations": [],
        "tags": [],
        "rhythm": "monthly",
        "saved": False,
        "channels": ["linkedin", "email", "whatsapp", "x", "link"],
    }
    answer = client.patch("/me/sharing", json={"rhythm": "never", "channels": ["sms"]})
    assert answer.status_code == 422 and "channels" in answer.get_json()["error"]["fields"]
    answer = client.patch("/me/sharing", json={"rhythm": "weekly", "departments": ["ICT"]})
    assert answer.status_code == 200
    assert answer.get_json()["rhythm"] == "weekly" and answer.get_json()["saved"] is True
    assert client.patch("/me/sharing", json={"colour": "red"}).status_code == 422


def test_the_queue_asks_once_then_shows_what_is_due(people, login):
    vacancy(people["recruiter"], "Planner")
    web = login(people["eva"])
    page = web.get("/sharing").get_data(as_text=True)
    assert 'action="/sharing/preferences"' in page and "Planner" not in page
    answer = web.post(
        "/sharing/preferences", {"channels": ["linkedin", "link"], "rhythm": "monthly"}
    )
    assert answer.status_code == 303
    page = web.get("/sharing").get_data(as_text=True)
    assert 'action="/sharing/preferences"' not in page and "Planner" in page
    assert "share-offsite" not in page  # the channel is reached through our own POST
    for far in ("99999999999999999999999", "-5", "0", "abc"):
        assert web.get(f"/sharing?page={far}").status_code == 200, far
    assert web.post("/sharing/preferences", {"rhythm": "hourly"}).status_code == 422


def test_the_choices_name_only_shareable_vacancies(people, login, make_user):
    insider = make_user("recruiter", name="Insider")
    secret = groups.create_group(insider, "Directie", private=True)
    vacancy(
        insider,
        "Geheime CFO",
        group=secret,
        department="Overname BV",
        location="Geheimstad",
        body="Zoek een CFO #fusiegeheim",
    )
    closed = vacancy(
        insider, "Dicht", department="Oud vak", location="Oudstad", body="Dicht #oudtag"
    )
    posts.change_status(insider, closed, "closed")
    vacancy(insider, "Planner")
    assert sharing.options() == {
        "departments": ["Logistiek"],
        "locations": ["Ede"],
        "tags": ["logistiek"],
    }
    web = login(people["eva"])
    for url in ("/sharing", "/sharing/preferences"):
        page = web.get(url).get_data(as_text=True)
        assert "Logistiek" in page
        for word in ("Overname BV", "Geheimstad", "fusiegeheim", "Oud vak", "oudtag"):
            assert word not in page, (url, word)


# Share links --------------------------------------------------------------------------------


def test_share_link_signature(people, api, app):
    recruiter, eva = people["recruiter"], people["eva"]
    one, other = vacancy(recruiter, "Planner"), vacancy(recruiter, "Chauffeur")
    url = api(eva).get(f"/vacancies/{one.id}/share").get_json()["url"]
    assert url.startswith(f"http://kring.test/jobs/{one.id}?r=")
    code = code_of(url)
    assert len(code) < 40
    assert share_links.read_code(code, one.id).sharer.id == eva.id
    forged = code[:-3] + ("aaa" if not code.endswith("aaa") else "bbb")
    assert share_links.read_code(forged, one.id).invalid
    assert share_links.read_code("garbage", one.id).invalid
    assert share_links.read_code(code, other.id).invalid  # a code for another vacancy
    mine = share_links.make_code(recruiter.id, one.id)
    assert share_links.read_code(mine.replace(mine.split("-")[0], "zz", 1), one.id).invalid
    db.session.execute(update(User).where(User.id == eva.id).values(deactivated_at=utcnow()))
    db.session.commit()
    arrival = share_links.read_code(code, one.id)
    assert arrival.sharer is None and not arrival.invalid  # no credit, no alarm


def test_share_link_api_refuses_closed_private_and_other_posts(people, api):
    recruiter, eva = people["recruiter"], people["eva"]
    team = groups.create_group(recruiter, "Team", True)
    secret = vacancy(recruiter, "Geheim", group=team)
    closed = vacancy(recruiter, "Dicht")
    posts.change_status(recruiter, closed, "closed")
    past = vacancy(recruiter, "Verlopen")
    past_closing(past)
    update_post = posts.create_post(recruiter, {"type": "update", "body": "Hallo"})
    client = api(eva)
    for post_id, status in [
        (secret.id, 404),
        (update_post.id, 404),
        (999999, 404),
        (closed.id, 409),
        (past.id, 409),
    ]:
        answer = client.get(f"/vacancies/{post_id}/share")
        assert answer.status_code == status, post_id
        assert answer.get_json()["error"]["message"]
    # A member may read the private one, but it can't go outside the group.
    answer = api(recruiter).get(f"/vacancies/{secret.id}/share")
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "not_public"


# The public page ----------------------------------------------------------------------------


def test_public_page_without_login_with_open_graph_tags(people, app):
    post = vacancy(people["recruiter"], "Planner <Ede>")
    answer = app.test_client().get(f"/jobs/{post.id}", headers=BROWSER)
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert '<meta property="og:title" content="Planner &lt;Ede&gt;">' in page
    assert f'<meta property="og:url" content="http://kring.test/jobs/{post.id}">' in page
    assert 'property="og:type" content="website"' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    image = "http://kring.test/static/img/og-vacancy.png"
    for tag in (
        f'<meta property="og:image" content="{image}">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="630">',
        f'<meta name="twitter:image" content="{image}">',
    ):
        assert tag in page
    picture = app.test_client().get("/static/img/og-vacancy.png")
    assert picture.mimetype == "image/png" and len(picture.data) < 100_000
    assert picture.data[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")
    picture.close()
    # No public text written yet: the facts, never the internal post.
    assert (
        'og:description" content="Planner &lt;Ede&gt; · Logistiek · Ede · 32 uur per week"' in page
    )
    assert "Wie kent" not in page and "#logistiek" not in page
    assert "Logistiek" in page and "Ede" in page and "32" in page
    assert "Solliciteer" in page and 'lang="nl"' in page  # Dutch for a Dutch browser
    english = (
        app.test_client()
        .get(f"/jobs/{post.id}", headers={**BROWSER, "Accept-Language": "en-GB,en;q=0.8"})
        .get_data(as_text=True)
    )
    assert "Apply" in english and 'lang="en"' in english
    assert 'class="topbar"' not in page and "/notifications" not in page


def test_public_page_for_a_logged_in_colleague_has_no_app_header(people, login):
    post = vacancy(people["recruiter"])
    page = login(people["eva"]).get(f"/jobs/{post.id}").get_data(as_text=True)
    assert 'class="topbar"' not in page and "usermenu" not in page


def test_private_deleted_and_non_vacancies_are_404(people, app):
    recruiter = people["recruiter"]
    team = groups.create_group(recruiter, "Team", True)
    secret = vacancy(recruiter, "Geheim", group=team)
    gone = vacancy(recruiter, "Weg")
    posts.delete_post(recruiter, gone)
    update_post = posts.create_post(recruiter, {"type": "update", "body": "Hallo"})
    client = app.test_client()
    for post_id in (secret.id, gone.id, update_post.id):
        answer = client.get(f"/jobs/{post_id}", headers=BROWSER)
        assert answer.status_code == 404
        assert "Geheim" not in answer.get_data(as_text=True)
        assert client.post(f"/jobs/{post_id}/apply", data={}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ShareEvent)) == 0


def test_closed_vacancy_shows_no_form_and_refuses_applications(people, app, login):
    recruiter, eva = people["recruiter"], people["eva"]
    closed, past = vacancy(recruiter, "Dicht"), vacancy(recruiter, "Verlopen")
    client = app.test_client()
    token = csrf_of(client.get(f"/jobs/{closed.id}", headers=BROWSER).get_data(as_text=True))
    posts.change_status(recruiter, closed, "closed")
    past_closing(past)
    data = {"csrf_token": token, "name": "Anna", "email": "anna@example.nl", "consent": "1"}
    for post in (closed, past):
        # by its number alone a closed vacancy is nobody's to read, nor its thanks page
        for path in (f"/jobs/{post.id}", f"/jobs/{post.id}/thanks"):
            hidden = client.get(path, headers=BROWSER)
            assert hidden.status_code == 404 and post.title not in hidden.get_data(as_text=True)
        assert client.post(f"/jobs/{post.id}/apply", headers=BROWSER, data=data).status_code == 404
        forged = share_links.make_code(eva.id, post.id + 1000)
        assert client.get(f"/jobs/{post.id}?r={forged}", headers=BROWSER).status_code == 404
        # through a genuine share link (or for a colleague) it says it closed
        link = f"/jobs/{post.id}?r={share_links.make_code(eva.id, post.id)}"
        page = client.get(link, headers=BROWSER).get_data(as_text=True)
        assert "Deze vacature is gesloten" in page and 'name="consent"' not in page
        assert login(eva).get(f"/jobs/{post.id}").status_code == 200
        answer = client.post(
            link.replace(f"/jobs/{post.id}", f"/jobs/{post.id}/apply"), headers=BROWSER, data=data
        )
        assert answer.status_code == 409
        assert "gesloten" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_forged_code_shows_a_notice_and_credits_nobody(people, app):
    post = vacancy(people["recruiter"])
    code = share_links.make_code(people["eva"].id, post.id)
    forged = code.replace(code.split("-")[0], "3", 1)
    client = app.test_client()
    page = client.get(f"/jobs/{post.id}?r={forged}", headers=BROWSER).get_data(as_text=True)
    assert "niet geldig" in page and 'name="consent"' in page
    answer = apply_form(client, post.id, forged)
    assert answer.status_code == 303
    referral = db.session.scalar(select(Referral))
    assert referral.referrer_id is None and referral.source == "application"
    assert not db.session.scalar(
        select(func.count()).select_from(ShareEvent).where(ShareEvent.sharer_id.is_not(None))
    )


# Applying -----------------------------------------------------------------------------------


def test_apply_without_consent_is_refused(people, app):
    post = vacancy(people["recruiter"])
    answer = apply_form(app.test_client(), post.id, consent=None)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Vink aan" in page and 'value="Anna Sollicitant"' in page  # kept what was typed
    bad = apply_form(app.test_client(), post.id, email="geen-adres", name="")
    assert bad.status_code == 422 and bad.get_data(as_text=True).count("field__error") == 2
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_apply_needs_the_csrf_token(people, app):
    post = vacancy(people["recruiter"])
    answer = app.test_client().post(
        f"/jobs/{post.id}/apply",
        headers=BROWSER,
        data={"name": "Anna", "email": "anna@example.nl", "consent": "1"},
    )
    assert answer.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_an_executable_renamed_pdf_is_refused(people, app):
    post = vacancy(people["recruiter"])
    program = b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    answer = apply_form(app.test_client(), post.id, cv=(program, "cv.pdf"))
    assert answer.status_code == 422
    assert "een pdf of een Word-document" in answer.get_data(as_text=True)
    fake_zip = apply_form(app.test_client(), post.id, cv=(b"PK\x03\x04 not really", "cv.docx"))
    assert fake_zip.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


@pytest.mark.parametrize("size", [5 * 1024 * 1024 + 10, 7 * 1024 * 1024])
def test_a_cv_over_5_mb_is_refused_clearly(people, app, size):
    post = vacancy(people["recruiter"])
    big = b"%PDF-1.7\n" + b"0" * size
    answer = apply_form(app.test_client(), post.id, cv=(big, "cv.pdf"))
    assert answer.status_code in (413, 422)
    page = answer.get_data(as_text=True)
    assert "groter dan 5 MB" in page and "Solliciteer" in page
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_an_oversized_form_without_a_cv_is_not_called_a_cv(people, app):
    post = vacancy(people["recruiter"])
    answer = apply_form(app.test_client(), post.id, motivation="x" * (6 * 1024 * 1024))
    assert answer.status_code == 413
    page = answer.get_data(as_text=True)
    assert "Je cv is groter" not in page and "groter dan 5 MB" in page
    assert "formulier" in page and "Solliciteer" in page


def test_a_failed_commit_leaves_no_cv_file(people, app, monkeypatch):
    post = vacancy(people["recruiter"])
    folder = Path(app.instance_path) / "uploads" / "cv"
    before = set(folder.glob("*")) if folder.exists() else set()

    def fail():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        applications.apply(
            post,
            {"name": "Anna", "email": "anna@example.nl", "consent": "1"},
            applications.Upload("cv.docx", docx_bytes()),
            share_links.read_code("", post.id),
        )
    monkeypatch.undo()
    assert (set(folder.glob("*")) if folder.exists() else set()) == before
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


@pytest.mark.parametrize(
    "name,content,ext",
    [
        ("Mijn CV.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "pdf"),
        ("Anna cv.docx", docx_bytes(), "docx"),
    ],
)
def test_a_pdf_or_docx_is_stored(people, app, name, content, ext):
    post = vacancy(people["recruiter"])
    answer = apply_form(app.test_client(), post.id, cv=(content, name))
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/jobs/{post.id}/thanks")
    referral = db.session.scalar(select(Referral))
    assert referral.cv_filename == name
    assert re.fullmatch(rf"cv/[0-9a-f]{{32}}\.{ext}", referral.cv_path)
    stored = Path(app.instance_path) / "uploads" / referral.cv_path
    assert stored.read_bytes() == content


def test_application_through_a_share_link_is_a_referral_of_the_sharer(people, app, api, run_jobs):
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    code = code_of(api(eva).get(f"/vacancies/{post.id}/share").get_json()["url"])
    client = app.test_client()
    answer = apply_form(client, post.id, code, email=" Anna@Example.NL ")
    assert answer.status_code == 303
    thanks = client.get(answer.headers["Location"], headers=BROWSER).get_data(as_text=True)
    assert "Bedankt" in thanks
    referral = db.session.scalar(select(Referral))
    assert (referral.referrer_id, referral.source, referral.status) == (
        eva.id,
        "application",
        "referred",
    )
    assert referral.contact_key == "anna@example.nl" and referral.name == "Anna Sollicitant"
    event = db.session.scalar(select(ReferralEvent))
    assert event.referral_id == referral.id and event.status == "referred"
    kinds = dict(db.session.execute(select(ShareEvent.kind, ShareEvent.sharer_id)).all())
    assert kinds == {"view": eva.id, "click": eva.id, "application": eva.id}
    note = db.session.scalar(
        select(Notification).where(
            Notification.user_id == recruiter.id, Notification.post_id == post.id
        )
    )
    assert [r["kind"] for r in note.reasons] == ["referral"]
    assert "Anna" not in str(note.reasons) and "example" not in str(note.reasons)


def test_the_sharer_sees_the_status_of_an_application_never_the_applicant(people, app, api, login):
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    code = code_of(api(eva).get(f"/vacancies/{post.id}/share").get_json()["url"])
    apply_form(
        app.test_client(),
        post.id,
        code,
        name="Anna Geheim",
        email="anna.geheim@example.nl",
        motivation="Ik zoek werk na ziekte",
    )
    referral = db.session.scalar(select(Referral))
    listed = api(eva).get("/referrals").get_json()["items"]
    one = api(eva).get(f"/referrals/{referral.id}").get_json()
    for shown in (listed[0], one):
        assert shown["status"] == "referred" and shown["vacancy"]["id"] == post.id
        assert shown["name"] is None and shown["contact"] is None
        assert shown["motivation"] is None
    for page in (login(eva).get(f"/referrals/{referral.id}"), login(eva).get("/referrals")):
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and "Planner" in text
        assert "Geheim" not in text and "anna.geheim" not in text and "ziekte" not in text
    seen = api(recruiter).get(f"/referrals/{referral.id}").get_json()
    assert seen["name"] == "Anna Geheim" and seen["contact"] == "anna.geheim@example.nl"


def test_only_recruiters_download_an_applicants_cv(people, app, api, login):
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    code = code_of(api(eva).get(f"/vacancies/{post.id}/share").get_json()["url"])
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
    apply_form(app.test_client(), post.id, code, cv=(content, "Anna CV.pdf"))
    referral = db.session.scalar(select(Referral))
    url = f"/referrals/{referral.id}/cv"
    for user in (eva, people["lies"]):  # the sharer, and anyone else
        assert login(user).get(url).status_code == 404
        assert api(user).get(f"/referrals/{referral.id}").get_json().get("cv_url") is None
    answer = login(recruiter).get(url)
    assert answer.status_code == 200 and answer.data == content
    assert answer.mimetype == "application/pdf"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Disposition"].startswith("attachment")
    assert api(recruiter).get(f"/referrals/{referral.id}").get_json()["cv_url"] == url
    assert f'href="{url}"' in login(recruiter).get(f"/referrals/{referral.id}").get_data(
        as_text=True
    )
    assert f'href="{url}"' in login(recruiter).get("/referrals/pipeline").get_data(as_text=True)
    db.session.execute(update(Referral).values(cv_path="../../etc/passwd.pdf"))
    db.session.commit()
    assert login(recruiter).get(url).status_code == 404


def test_an_application_with_a_candidates_address_changes_nothing_of_theirs(
    people, app, api, login
):
    """Anyone can type an address: a second application adds a CV version beside the
    first (never instead) and touches nothing stored about the candidate."""
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    original = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
    apply_form(app.test_client(), post.id, cv=(original, "Anna CV.pdf"))
    apply_form(
        app.test_client(),
        post.id,
        name="Iemand Anders",
        email=" Anna@Example.nl",
        motivation="Vervangen!",
        cv=(docx_bytes(), "vals.docx"),
    )
    [referral] = db.session.scalars(select(Referral)).all()
    uploads = Path(app.instance_path) / "uploads"
    assert (referral.name, referral.contact, referral.motivation) == (
        "Anna Sollicitant",
        "anna@example.nl",
        "Ik plan graag.",
    )
    assert referral.cv_filename == "Anna CV.pdf"
    assert (uploads / referral.cv_path).read_bytes() == original
    [later] = [e for e in referral.events if e.cv_path]
    assert later.cv_filename == "vals.docx" and (uploads / later.cv_path).is_file()
    # the recruiter sees both, on the page and in the API; nobody else gets either
    first_url = f"/referrals/{referral.id}/cv"
    later_url = f"/referrals/{referral.id}/cv/{later.id}"
    page = login(recruiter).get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert f'href="{first_url}"' in page and f'href="{later_url}"' in page
    assert login(recruiter).get(first_url).data == original
    assert login(recruiter).get(later_url).data == (uploads / later.cv_path).read_bytes()
    events = api(recruiter).get(f"/referrals/{referral.id}").get_json()["events"]
    assert [e["cv_url"] for e in events if e["cv_url"]] == [later_url]
    assert login(eva).get(later_url).status_code == 404
    assert api(eva).get(f"/referrals/{referral.id}").status_code == 403  # not hers to see
    assert login(recruiter).get(f"{first_url}/{later.id + 1000}").status_code == 404
    # erasing the candidate takes every version
    files = [uploads / referral.cv_path, uploads / later.cv_path]
    privacy.erase_referrals([referral])
    db.session.commit()
    assert not any(f.exists() for f in files)
    assert db.session.scalar(select(func.count()).where(ReferralEvent.cv_path.is_not(None))) == 0


def test_applying_twice_or_after_a_referral_adds_a_note_not_a_second_candidate(people, app, api):
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    client = app.test_client()
    first = apply_form(client, post.id, motivation="Eerste keer.")
    again = apply_form(
        client,
        post.id,
        email="ANNA@example.nl",
        motivation="Nog steeds zin!",
        cv=(docx_bytes(), "cv-nieuw.docx"),
    )
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"].endswith(f"/jobs/{post.id}/thanks")
    [referral] = db.session.scalars(select(Referral)).all()
    assert referral.motivation == "Eerste keer." and referral.cv_filename is None
    [sent] = [e for e in referral.events if e.cv_path]
    assert sent.cv_filename == "cv-nieuw.docx"
    assert (Path(app.instance_path) / "uploads" / sent.cv_path).is_file()
    assert (
        db.session.scalar(
            select(func.count()).select_from(ShareEvent).where(ShareEvent.kind == "application")
        )
        == 1
    )
    notes = [
        e["note"]
        for e in api(recruiter).get(f"/referrals/{referral.id}").get_json()["events"]
        if e["note"]
    ]
    assert len(notes) == 1 and "Nog steeds zin!" in notes[0] and "cv-nieuw.docx" in notes[0]
    other = vacancy(recruiter, "Chauffeur")
    assert (
        api(eva)
        .post(
            f"/vacancies/{other.id}/referrals",
            json={"name": "Bo", "contact": "bo@example.nl", "consent": True},
        )
        .status_code
        == 201
    )
    assert apply_form(client, other.id, name="Bo B.", email="bo@example.nl").status_code == 303
    assert (
        db.session.scalar(
            select(func.count()).select_from(Referral).where(Referral.vacancy_id == other.id)
        )
        == 1
    )


# Counting -----------------------------------------------------------------------------------


def test_bots_and_reloads_are_not_counted(people, app, login):
    post = vacancy(people["recruiter"])
    code = share_links.make_code(people["eva"].id, post.id)
    client = app.test_client()
    for agent in [
        "facebookexternalhit/1.1",
        "WhatsApp/2.23",
        "LinkedInBot/1.0",
        "Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0",
        "curl/8.5",
        "python-requests/2.32",
        "Googlebot/2.1",
        "Mozilla/5.0 SomeCrawler",
        "",
    ]:
        answer = client.get(f"/jobs/{post.id}?r={code}", headers={"User-Agent": agent})
        assert answer.status_code == 200 and "og:title" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ShareEvent)) == 0
    for _ in range(3):  # a reload, and another
        client.get(f"/jobs/{post.id}?r={code}", headers=BROWSER)
        client.get(f"/jobs/{post.id}", headers=BROWSER)
    counted = sorted(
        db.session.execute(select(ShareEvent.kind, ShareEvent.sharer_id)).all(), key=str
    )  # the bare page later that day is the same view
    assert counted == sorted([("view", people["eva"].id), ("click", people["eva"].id)], key=str)
    own = login(people["eva"])  # the sharer checking their own link counts for nothing
    own.get(f"/jobs/{post.id}?r={code}", headers={**BROWSER, "User-Agent": "Own/1"})
    assert db.session.scalar(select(func.count()).select_from(ShareEvent)) == 2
    other = {**BROWSER, "User-Agent": BROWSER["User-Agent"] + " Edg/131"}
    client.get(f"/jobs/{post.id}?r={code}", headers=other)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ShareEvent)
            .where(ShareEvent.kind == "view", ShareEvent.sharer_id == people["eva"].id)
        )
        == 2
    )
    # Tomorrow, the same visitor counts again.
    assert share_links.visitor("1.2.3.4", "x") != share_links.visitor(
        "1.2.3.4", "x", local_today() + timedelta(days=1)
    )


def test_heads_prefetches_headless_browsers_and_colleagues_are_not_counted(people, app, login):
    post = vacancy(people["recruiter"])
    url = f"/jobs/{post.id}?r={share_links.make_code(people['eva'].id, post.id)}"
    client = app.test_client()
    assert client.head(url, headers=BROWSER).status_code == 200
    for header, value in [
        ("Sec-Purpose", "prefetch"),
        ("Sec-Purpose", "prefetch;prerender"),
        ("Purpose", "prefetch"),
        ("X-Moz", "prefetch"),
        ("X-Purpose", "preview"),
    ]:
        assert client.get(url, headers={**BROWSER, header: value}).status_code == 200
    for agent in [
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36",
        "Go-http-client/2.0",
        "okhttp/4.12.0",
        "axios/1.7.2",
        "node-fetch/1.0",
    ]:
        assert client.get(url, headers={"User-Agent": agent}).status_code == 200
    colleague = login(people["lies"])  # any colleague, not only the sharer
    assert colleague.get(url, headers=BROWSER).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(ShareEvent)) == 0


def test_one_visitor_is_one_view_whichever_link_they_came_by(people, app):
    eva, lies = people["eva"], people["lies"]
    post = vacancy(people["recruiter"])
    client = app.test_client()
    for code in (
        share_links.make_code(eva.id, post.id),
        share_links.make_code(lies.id, post.id),
        "",
    ):
        client.get(f"/jobs/{post.id}" + (f"?r={code}" if code else ""), headers=BROWSER)
    counted = db.session.execute(
        select(ShareEvent.kind, ShareEvent.sharer_id).order_by(ShareEvent.id)
    ).all()
    # The view stays with the first sharer; each link that brought them is a click.
    assert [tuple(row) for row in counted] == [
        ("view", eva.id),
        ("click", eva.id),
        ("click", lies.id),
    ]


@pytest.fixture
def behind_a_proxy(app):
    """The app as KRING_PROXY_FIX = 1 sets it up, for one test."""
    from intranet.app import _trust_proxies

    plain = app.wsgi_app
    app.config["KRING_PROXY_FIX"] = 1
    _trust_proxies(app)
    yield app
    app.wsgi_app = plain
    app.config["KRING_PROXY_FIX"] = 0


def visitors_counted(app, post, addresses) -> int:
    client = app.test_client()
    for address in addresses:
        client.get(f"/jobs/{post.id}", headers={**BROWSER, "X-Forwarded-For": address})
    return db.session.scalar(select(func.count()).select_from(ShareEvent))


def test_behind_a_proxy_the_forwarded_address_is_the_visitor(people, behind_a_proxy):
    from intranet.config import from_environment

    assert from_environment({"KRING_PROXY_FIX": "2"}) == {"KRING_PROXY_FIX": 2}
    post = vacancy(people["recruiter"])
    assert (
        visitors_counted(behind_a_proxy, post, ["203.0.113.7", "198.51.100.2", "203.0.113.7"]) == 2
    )


def counted(kind: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(ShareEvent).where(ShareEvent.kind == kind)
    )


def test_rotating_the_user_agent_does_not_inflate_the_figures(people, app, api, behind_a_proxy):
    post = vacancy(people["recruiter"])
    code = code_of(api(people["eva"]).get(f"/vacancies/{post.id}/share").get_json()["url"])
    client = behind_a_proxy.test_client()
    for n in range(12):  # one address, a new browser every time
        agent = f"Mozilla/5.0 (Windows NT 10.0) Chrome/{100 + n}.0 Safari/537.36"
        for _again in range(2):
            answer = client.get(
                f"/jobs/{post.id}?r={code}",
                headers={"User-Agent": agent, "X-Forwarded-For": "203.0.113.9"},
            )
            assert answer.status_code == 200
    limit = share_links.MANY_AGENTS + 1  # a few browsers, then the address is one visitor
    assert (counted("view"), counted("click")) == (limit, limit)
    # another address is another visitor, and each of a few browsers in an office counts
    for agent in ("Firefox/133.0", "Safari/605.1"):
        client.get(
            f"/jobs/{post.id}?r={code}",
            headers={"User-Agent": f"Mozilla/5.0 {agent}", "X-Forwarded-For": "198.51.100.4"},
        )
    assert (counted("view"), counted("click")) == (limit + 2, limit + 2)


def test_without_the_proxy_setting_a_forwarded_address_is_not_believed(people, app):
    post = vacancy(people["recruiter"])  # one address, whatever the header claims
    assert visitors_counted(app, post, ["203.0.113.7", "198.51.100.2"]) == 1


def test_the_database_keeps_views_once_without_looking_first(people, app):
    post = vacancy(people["recruiter"])
    with app.test_request_context():
        assert share_links.count_event(post.id, None, "view", "visitor-1")
        assert not share_links.count_event(post.id, None, "view", "visitor-1")
        assert not share_links.count_event(post.id, people["eva"].id, "view", "visitor-1")
        assert share_links.count_event(post.id, None, "view", "visitor-2")
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ShareEvent)) == 2


def test_sharing_on_a_channel_records_and_redirects(people, login):
    eva = people["eva"]
    post = vacancy(people["recruiter"], "Planner & Chauffeur")
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    web = login(eva)
    answer = web.post(f"/sharing/{post.id}/share/linkedin")
    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert location.startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert f"jobs%2F{post.id}%3Fr%3D" in location
    mail = web.post(f"/sharing/{post.id}/share/email").headers["Location"]
    assert mail.startswith("mailto:?subject=") and "%26" in mail and "+" not in mail
    assert (
        web.post(f"/sharing/{post.id}/share/whatsapp")
        .headers["Location"]
        .startswith("https://wa.me/?text=")
    )
    assert (
        web.post(f"/sharing/{post.id}/share/x")
        .headers["Location"]
        .startswith("https://twitter.com/intent/tweet?url=")
    )
    assert web.post(f"/sharing/{post.id}/share/fax").status_code == 404
    copied = web.post(f"/sharing/{post.id}/share/link")
    assert copied.headers["Location"] == "/sharing"
    assert f"/jobs/{post.id}?r=" in web.get("/sharing").get_data(as_text=True)  # flashed
    assert web.post(f"/sharing/{post.id}/share/link", {"copied": "1"}).status_code == 204
    slot = db.session.get(ShareSlot, (eva.id, post.id))
    assert slot.shared_at is not None
    channels = set(db.session.scalars(select(ShareEvent.channel).where(ShareEvent.kind == "share")))
    assert channels == {"linkedin", "email", "whatsapp", "x", "link"}
    page = web.get("/sharing").get_data(as_text=True)
    assert "Planner &amp; Chauffeur</a></th>" in page  # in the results, off the queue
    assert f'id="v{post.id}"' not in page


def test_not_now_dismisses_until_the_next_turn(people, login):
    eva = people["eva"]
    post = vacancy(people["recruiter"])
    sharing.save_preferences(eva, {"rhythm": "weekly"})
    web = login(eva)
    assert f'id="v{post.id}"' in web.get("/sharing").get_data(as_text=True)
    assert web.post(f"/sharing/{post.id}/dismiss").status_code == 303
    assert f'id="v{post.id}"' not in web.get("/sharing").get_data(as_text=True)
    db.session.execute(
        update(ShareSlot).values(
            surfaced_at=utcnow() - timedelta(days=8), dismissed_at=utcnow() - timedelta(days=8)
        )
    )
    db.session.commit()
    assert sharing.resurface() == 1
    assert f'id="v{post.id}"' in web.get("/sharing").get_data(as_text=True)


# Resurfacing and the digest ------------------------------------------------------------------


def came_up(when):
    """Pretend everything last came up `when`: every slot and every person's turn."""
    db.session.execute(update(ShareSlot).values(surfaced_at=when))
    db.session.execute(update(SharePreference).values(last_surfaced_at=when))
    db.session.commit()


def slots(user):
    return {
        s.vacancy_id: s
        for s in db.session.scalars(select(ShareSlot).where(ShareSlot.user_id == user.id))
    }


def test_resurfacing_follows_the_rhythm_never_closed_never_private(people, make_user):
    recruiter, eva, lies = people["recruiter"], people["eva"], people["lies"]
    never = make_user(name="Nooit Delen")
    team = groups.create_group(recruiter, "Team", True)
    groups.add_member(recruiter, team, eva)
    open_one = vacancy(recruiter, "Planner")
    vacancy(recruiter, "Geheim", group=team)
    closed = vacancy(recruiter, "Dicht")
    posts.change_status(recruiter, closed, "closed")
    past_closing(vacancy(recruiter, "Verlopen"))
    vacancy(recruiter, "Ander vak", department="ICT")
    sharing.save_preferences(eva, {"rhythm": "weekly", "departments": ["logistiek"]})
    sharing.save_preferences(lies, {"rhythm": "monthly"})
    sharing.save_preferences(never, {"rhythm": "never"})

    assert sharing.resurface() == 3  # eva: Planner; lies: Planner and Ander vak
    assert set(slots(eva)) == {open_one.id} and slots(never) == {}
    assert sharing.resurface() == 0  # idempotent
    assert tasks.resurface.call_local() == 0  # the periodic task does the same
    note = db.session.scalar(
        select(Notification).where(
            Notification.user_id == eva.id, Notification.post_id == open_one.id
        )
    )
    assert note.reasons == [{"kind": "share"}] and note.read_at is None
    note.read_at = utcnow()
    db.session.commit()

    eight_days_ago = utcnow() - timedelta(days=8)
    came_up(eight_days_ago)
    assert sharing.resurface() == 1  # weekly comes back; monthly not yet
    assert slots(eva)[open_one.id].surfaced_at > eight_days_ago
    assert slots(lies)[open_one.id].surfaced_at == eight_days_ago
    again = db.session.scalar(
        select(Notification).where(
            Notification.user_id == eva.id, Notification.post_id == open_one.id
        )
    )
    assert again.read_at is None and again.id > note.id  # rings again

    came_up(utcnow() - timedelta(days=31))
    posts.change_status(recruiter, open_one, "filled")
    assert sharing.resurface() == 1  # only lies's Ander vak; the filled one never again
    assert sharing.queue(eva)[0] == []


@pytest.mark.parametrize("action", ["share", "dismiss"])
def test_a_vacancy_shared_or_put_off_lately_does_not_come_back_yet(people, action):
    eva = people["eva"]
    post = vacancy(people["recruiter"])
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    sharing.resurface(utcnow() - timedelta(days=29))  # it came up 29 days ago
    if action == "share":
        sharing.record_share(eva, post, "link")
    else:
        sharing.dismiss(eva, post)
    assert sharing.queue(eva)[0] == []
    assert sharing.resurface(utcnow() + timedelta(days=1, hours=1)) == 0
    assert sharing.queue(eva)[0] == []
    assert sharing.resurface(utcnow() + timedelta(days=31)) == 1  # a month after sharing
    assert [v.id for v in sharing.queue(eva)[0]] == [post.id]


def test_the_rhythm_is_the_persons_not_each_vacancys(people):
    eva, recruiter = people["eva"], people["recruiter"]
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    start = utcnow()
    first = vacancy(recruiter, "Eerste")
    assert sharing.resurface(start) == 1  # the first time: at once
    later = [vacancy(recruiter, f"Nieuw {day}") for day in range(1, 4)]
    for day in range(1, 4):  # new vacancies every day: no new notification for a month
        assert sharing.resurface(start + timedelta(days=day)) == 0
    assert sharing.resurface(start + timedelta(days=29, hours=23)) == 0
    notes = db.session.scalars(select(Notification).where(Notification.user_id == eva.id))
    assert [n.post_id for n in notes] == [first.id]
    # They are in the queue meanwhile, and come up together when the month is over.
    assert len(sharing.queue(eva)[0]) == 4
    assert sharing.resurface(start + timedelta(days=30)) == 4
    assert {
        n.post_id
        for n in db.session.scalars(select(Notification).where(Notification.user_id == eva.id))
    } == {first.id, *(v.id for v in later)}
    assert sharing.preference(eva).last_surfaced_at == start + timedelta(days=30)
    assert sharing.resurface(start + timedelta(days=31)) == 0


def test_nothing_due_keeps_the_turn_open_for_the_next_vacancy(people):
    eva = people["eva"]
    sharing.save_preferences(eva, {"rhythm": "weekly"})
    assert sharing.resurface() == 0
    assert sharing.preference(eva).last_surfaced_at is None
    vacancy(people["recruiter"])
    assert sharing.resurface() == 1


def test_resurfacing_respects_the_notification_setting(people):
    from intranet.notifying import notifications

    eva = people["eva"]
    vacancy(people["recruiter"])
    notifications.set_channels(eva, {"share": "off"})
    sharing.save_preferences(eva, {"rhythm": "weekly"})
    assert sharing.resurface() == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == eva.id)
        )
        == 0
    )


def test_the_digest_includes_due_vacancies_once(people):
    eva = people["eva"]
    db.session.execute(
        update(User).where(User.id == eva.id).values(created_at=utcnow() - timedelta(days=30))
    )
    db.session.commit()
    planner = vacancy(people["recruiter"], "Planner")
    db.session.execute(update(Vacancy).values(created_at=utcnow() - timedelta(days=20)))
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    sharing.resurface()
    since, until = utcnow() - timedelta(days=7), utcnow() + timedelta(minutes=1)
    digest = digests.compose(eva, since, until)
    composed = mailings._digest(digest)
    assert [i.post.id for i in digest.sections["share"]] == [planner.id]
    text = composed.message.text
    assert "Planner" in text and "http://kring.test/sharing" in text
    digests.mark_sent(digest)
    db.session.commit()
    assert "share" not in digests.compose(eva, since, until).sections
    # It comes back into the digest only when it comes up again.
    came_up(utcnow() - timedelta(days=31))
    sharing.resurface()
    assert "share" in digests.compose(eva, since, until).sections


def test_the_queue_page_has_a_fixed_number_of_queries(people, login, count_queries):
    eva = people["eva"]
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    web = login(eva)
    sharing.record_share(eva, vacancy(people["recruiter"], "Een"), "x")
    web.get("/sharing")
    with count_queries() as few:
        web.get("/sharing")
    for n in range(5):
        post = vacancy(people["recruiter"], f"Nummer {n}")
        sharing.record_share(eva, post, "x")
    with count_queries() as many:
        assert web.get("/sharing").status_code == 200
    assert len(many) == len(few)


def test_the_feed_asks_until_preferences_are_saved_and_can_be_hidden(people, login):
    web = login(people["eva"])
    assert "sharenotice" in web.get("/").get_data(as_text=True)
    assert "sharenotice" not in web.get("/").get_data(as_text=True)  # once per session
    assert 'action="/sharing/preferences"' in web.get("/sharing").get_data(as_text=True)
    hidden = login(people["eva"])
    assert hidden.post("/sharing/notice", {"next": "/"}).headers["Location"] == "/"
    assert "sharenotice" not in hidden.get("/").get_data(as_text=True)
    other = login(people["lies"])
    sharing.save_preferences(people["lies"], {"rhythm": "never"})
    assert "sharenotice" not in other.get("/").get_data(as_text=True)


def test_share_from_the_card_and_find_the_link_again_under_my_links(people, login, app):
    eva, recruiter = people["eva"], people["recruiter"]
    post = vacancy(recruiter, "Planner")
    team = groups.create_group(recruiter, "Team", True)
    secret = vacancy(recruiter, "Geheim", group=team)
    web = login(eva)
    for where in ("/vacancies", f"/posts/{post.id}"):
        page = web.get(where).get_data(as_text=True)
        assert f'href="/sharing/{post.id}" data-share-button' in page, where
    assert "data-share-button" not in login(recruiter).get(f"/posts/{secret.id}").get_data(
        as_text=True
    )
    page = web.get(f"/sharing/{post.id}").get_data(as_text=True)  # no preferences needed
    link = re.search(r'value="(http://kring.test/jobs/[^"]+)" data-share-link', page).group(1)
    assert share_links.read_code(code_of(link), post.id).sharer.id == eva.id
    assert "Nog niets" in page
    assert web.get(f"/sharing/{secret.id}").status_code == 303  # not to be shared outside
    assert "Mijn links" in web.get("/sharing").get_data(as_text=True)
    assert "Nog geen links" in web.get("/sharing/links").get_data(as_text=True)

    shared = web.post(
        f"/sharing/{post.id}/share/link", data={"next": f"/sharing/{post.id}"}
    )  # without JavaScript: the form posts, and the page says the link
    assert shared.headers["Location"] == f"/sharing/{post.id}"
    app.test_client().get(link.replace("http://kring.test", ""), headers=BROWSER)
    mine = web.get("/sharing/links").get_data(as_text=True)
    assert link in mine and "1 keer gedeeld" in mine and "1 keer bekeken" in mine
    assert "1 klik" in mine and "0 sollicitaties" in mine
    past_closing(post)  # closed: still listed with its figures, no link to copy
    mine = web.get("/sharing/links").get_data(as_text=True)
    assert "1 keer bekeken" in mine and link not in mine and "Gesloten" in mine


def test_a_vacancy_coming_up_again_beside_another_notification_waits_its_turn(app, people):
    """Resurfacing drops the person's old "share" reason before it rings again. Beside a
    unit adding to the same row (a reply's fan-out), it takes its turn before touching the
    row: holding the row while waiting for the turn was a deadlock on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite writers take turns: no two touch the row at once")
    recruiter, eva = people["recruiter"], people["eva"]
    post = vacancy(recruiter)
    sharing.save_preferences(eva, {"rhythm": "weekly"})
    assert sharing.resurface() == 1
    came_up(utcnow() - timedelta(days=8))
    post_id, eva_id = post.id, eva.id
    # This unit takes Eva's turn on the vacancy and holds it...
    notifications.take_turns(post_id, [eva_id])
    failed, done = [], []

    def come_up_again():
        with app.app_context():
            try:
                done.append(sharing.resurface())
            except Exception as error:  # reported below, not lost in the thread
                failed.append(error)
            finally:
                db.session.remove()

    worker = threading.Thread(target=come_up_again)
    worker.start()
    until_they_wait(1)  # ...while resurfacing waits for it...
    reply = {eva_id: [{"kind": "thread"}]}  # ...and adds to the same row
    notifications.notify(db.session.get(Vacancy, post_id), reply, actor_id=recruiter.id)
    db.session.commit()
    worker.join(30)
    assert not failed and done == [1] and not worker.is_alive()
    db.session.expire_all()
    note = db.session.scalar(
        select(Notification).where(Notification.user_id == eva_id, Notification.post_id == post_id)
    )
    assert sorted(r["kind"] for r in note.reasons) == ["share", "thread"]
    assert note.read_at is None
