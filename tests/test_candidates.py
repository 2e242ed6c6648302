"""Candidate offers: who may see a candidate's personal data (through every path), the same
candidate offered twice, "interested", retention and erasure (index included), and the
admin's AVG/GDPR export and erasure with its audit trail."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale
from mailsink import SmtpServer
from sqlalchemy import func, select, update
from support import search_store

from intranet.extensions import db
from intranet.models import (
    AuditRecord,
    CandidateInterest,
    CandidateLink,
    CandidateOffer,
    CandidatePrivate,
    Notification,
    Post,
    PostRevision,
    Referral,
)
from intranet.notifying import alerts, digests, mailings, notifications
from intranet.notifying.fanout import drain as fanout
from intranet.platform.clock import local_today, utcnow
from intranet.posting import groups, posts
from intranet.recruiting import interest, privacy
from intranet.recruiting import retention as retention_service

NAME = "Vera Verborgenhuis"
CONTACT = "Vera.Verborgenhuis@Example.com"
KEY = "vera.verborgenhuis@example.com"
SECRETS = ("Verborgenhuis", "verborgenhuis")
EN = {"Accept-Language": "en"}


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def offer_data(**changes) -> dict:
    data = {
        "type": "candidate_offer",
        "body": "Sterke planner #planning",
        "headline": "Logistiek planner, Zwolle",
        "skills": "TMS, Excel",
        "availability": "per direct",
        "location": "Zwolle",
        "candidate_name": NAME,
        "candidate_contact": CONTACT,
        "consent": True,
    }
    data.update(changes)
    return data


@pytest.fixture
def recruiter(make_user):
    return make_user("recruiter", name="Renske Recruiter", handle="renske")


@pytest.fixture
def offer(recruiter):
    return posts.create_post(recruiter, offer_data())


def make_vacancy(author, title="Planner Zwolle"):
    return posts.create_post(
        author,
        {
            "type": "vacancy",
            "body": "Wie kent iemand?",
            "title": title,
            "location": "Zwolle",
            "department": "Logistiek",
            "hours": 32,
            "closes_on": (local_today() + timedelta(days=20)).isoformat(),
        },
    )


def make_referral(vacancy, contact=CONTACT, status="referred", cv_path=None, **extra):
    referral = Referral(
        vacancy_id=vacancy.id,
        name=NAME,
        contact=contact,
        contact_key=privacy.contact_key(contact),
        motivation="Kent de sector",
        status=status,
        cv_path=cv_path,
        cv_filename="cv-vera.pdf" if cv_path else None,
        **extra,
    )
    db.session.add(referral)
    db.session.commit()
    return referral


def index_bytes(app) -> bytes:
    return search_store(app)


def expire(post) -> None:
    db.session.execute(
        update(CandidateOffer)
        .where(CandidateOffer.id == post.id)
        .values(retain_until=local_today() - timedelta(days=1))
    )
    db.session.commit()


# --- contact key and retention date ------------------------------------------------------


def test_contact_key_is_kept_on_create_and_edit(offer, recruiter, api):
    assert db.session.get(CandidatePrivate, offer.id).contact_key == KEY
    response = api(recruiter).patch(
        f"/posts/{offer.id}", json={"candidate_contact": "+31 (0)6-1234 5678"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    private = db.session.get(CandidatePrivate, offer.id)
    assert (private.contact, private.contact_key) == ("+31 (0)6-1234 5678", "31612345678")


def test_retention_defaults_to_the_setting_and_can_be_given(app, recruiter):
    assert posts.create_post(recruiter, offer_data()).retain_until == (
        local_today() + timedelta(days=28)
    )
    app.config["KRING_CANDIDATE_RETENTION_DAYS"] = 7
    try:
        assert posts.create_post(recruiter, offer_data()).retain_until == (
            local_today() + timedelta(days=7)
        )
    finally:
        app.config["KRING_CANDIDATE_RETENTION_DAYS"] = 28
    chosen = local_today() + timedelta(days=60)
    assert (
        posts.create_post(recruiter, offer_data(retain_until=chosen.isoformat())).retain_until
        == chosen
    )
    with pytest.raises(posts.ValidationError) as error:
        posts.create_post(
            recruiter, offer_data(retain_until=(local_today() - timedelta(days=1)).isoformat())
        )
    assert "retain_until" in error.value.fields


def test_the_composer_explains_the_retention_date(recruiter, login):
    page = text_of(login(recruiter).get("/posts/new?type=candidate_offer", headers=EN))
    assert "Empty: 28 days after posting." in page


def test_emptying_the_retention_date_falls_back_to_the_default(offer, recruiter):
    posts.edit_post(recruiter, offer, {"retain_until": ""})
    assert offer.retain_until == local_today() + timedelta(days=28)


# --- the same candidate twice --------------------------------------------------------------


def test_same_contact_on_an_open_offer_warns_and_links(offer, make_user, api, login):
    other = make_user("recruiter", name="Otto Tweede")
    response = api(other).post(
        "/posts",
        json=offer_data(
            candidate_contact="  vera.verborgenhuis@EXAMPLE.com", headline="Planner, Ede"
        ),
    )
    assert response.status_code == 201
    second = response.get_json()
    assert any("Logistiek planner, Zwolle" in w for w in second["warnings"])
    link = db.session.scalar(select(CandidateLink))
    assert (link.post_id, link.other_post_id, link.kind) == (second["id"], offer.id, "offer")
    # Both pages show it to recruiters, with a link to the other offer.
    page = text_of(login(make_user("recruiter")).get(f"/posts/{offer.id}", headers=EN))
    assert "Same candidate as" in page and f'href="/posts/{second["id"]}"' in page
    assert "Planner, Ede" in page
    page = text_of(login(other).get(f"/posts/{second['id']}"))
    assert f'href="/posts/{offer.id}"' in page
    # Nobody else learns of it.
    employee = login(make_user())
    for post_id in (offer.id, second["id"]):
        page = text_of(employee.get(f"/posts/{post_id}"))
        assert "Same candidate" not in page and "Recruiters only" not in page


def test_a_duplicate_in_a_private_group_stays_unnamed(recruiter, make_user, login):
    team = groups.create_group(recruiter, "Zorgteam geheim", True)
    hidden = posts.create_post(recruiter, offer_data(group=team.id, headline="Geheime planner"))
    outsider = make_user("recruiter", language="en")
    second = posts.create_post(outsider, offer_data(headline="Planner, Ede"))
    with force_locale("en"):
        [warning] = [str(w) for w in second.warnings]
    assert "group you are not in" in warning and "Geheime planner" not in warning
    assert db.session.scalar(select(CandidateLink.other_post_id)) == hidden.id
    page = text_of(login(outsider).get(f"/posts/{second.id}"))
    assert "Same candidate" not in page and f"/posts/{hidden.id}" not in page
    page = text_of(login(recruiter).get(f"/posts/{hidden.id}", headers=EN))
    assert "Same candidate as" in page and "Planner, Ede" in page


def test_duplicate_warning_is_shown_after_posting_in_the_browser(offer, make_user, login):
    web = login(make_user("recruiter"))
    form = {
        f"candidate_offer.{k}": v
        for k, v in offer_data(headline="Planner, Ede").items()
        if k not in ("type", "body")
    }
    response = web.post(
        "/posts",
        data={"type": "candidate_offer", "body": "Dubbel?", **form},
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "The same candidate is already offered" in text_of(response)


def test_no_warning_for_offers_no_longer_available(offer, recruiter, make_user):
    posts.change_status(recruiter, offer, "placed")
    second = posts.create_post(make_user("recruiter"), offer_data())
    assert list(second.warnings) == []
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 0


def test_referral_in_progress_warns_and_links_closed_ones_do_not(recruiter, make_user, login):
    vacancy = make_vacancy(recruiter)
    open_one = make_referral(vacancy, contact="06 1234 5678")
    make_referral(vacancy, contact="0612345678", status="rejected")
    make_referral(vacancy, contact="06-12345678", erased_at=utcnow())
    offer = posts.create_post(recruiter, offer_data(candidate_contact="+31612345678"))
    assert len(offer.warnings) == 1 and "Planner Zwolle" in str(offer.warnings[0])
    [link] = db.session.scalars(select(CandidateLink)).all()
    assert (link.referral_id, link.kind) == (open_one.id, "referral")
    page = text_of(
        login(make_user("recruiter")).get(f"/posts/{offer.id}", headers={"Accept-Language": "en"})
    )
    assert "the referral for the vacancy “Planner Zwolle”" in page
    assert f'href="/posts/{vacancy.id}"' in page


def test_a_referral_to_a_private_groups_vacancy_stays_unnamed(recruiter, make_user, login):
    insider = make_user("recruiter", name="Ina Insider")
    group = groups.create_group(insider, "Directie", private=True)
    secret = posts.create_post(
        insider,
        {
            "type": "vacancy",
            "body": "Stil zoeken",
            "title": "Geheime CFO",
            "location": "Ede",
            "department": "Directie",
            "hours": 40,
            "group": group.id,
            "closes_on": (local_today() + timedelta(days=20)).isoformat(),
        },
    )
    make_referral(secret)
    offer = posts.create_post(recruiter, offer_data())
    assert len(offer.warnings) == 1 and "Geheime" not in str(offer.warnings[0])
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 1
    page = text_of(login(recruiter).get(f"/posts/{offer.id}", headers=EN))
    assert "Geheime" not in page and f'href="/posts/{secret.id}"' not in page


def test_editing_the_contact_finds_the_duplicate_once(offer, recruiter, make_user, api):
    second = posts.create_post(
        make_user("recruiter"), offer_data(candidate_contact="iemand.anders@example.com")
    )
    assert list(second.warnings) == []
    client = api(second.author)
    for _ in range(2):
        response = client.patch(f"/posts/{second.id}", json={"candidate_contact": CONTACT})
        assert response.status_code == 200 and response.get_json()["warnings"]
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 1


# --- interested ----------------------------------------------------------------------------


def test_interest_notifies_the_recruiter_and_starts_an_intro_thread(
    offer, recruiter, make_user, login
):
    manager = make_user(name="Hannah Manager", handle="hannah", language="nl")
    web = login(manager)
    for _ in range(2):  # a second press changes nothing
        response = web.post(f"/posts/{offer.id}/interest")
        assert response.status_code == 303
    [shown] = db.session.scalars(select(CandidateInterest)).all()
    assert shown.user_id == manager.id
    reply = db.session.get(Post, shown.reply_id)
    assert reply.parent_id == offer.id and reply.author_id == manager.id
    assert reply.body.startswith("@renske ") and "interesse" in reply.body
    assert [u.id for u in reply.mentioned_users] == [recruiter.id]
    assert (
        db.session.scalar(select(func.count()).select_from(Post).where(Post.parent_id == offer.id))
        == 1
    )
    note = db.session.scalar(
        select(Notification).where(
            Notification.user_id == recruiter.id, Notification.post_id == offer.id
        )
    )
    assert note.reasons == [{"kind": "interest", "by": "hannah"}]
    fanout()  # the reply's mention is notified like any other
    assert (
        db.session.scalar(
            select(Notification).where(
                Notification.user_id == recruiter.id, Notification.post_id == reply.id
            )
        )
        is not None
    )
    page = text_of(login(recruiter).get(f"/posts/{offer.id}"))
    assert "Hannah Manager" in page and "1 collega heeft interesse" in page
    assert "1 collega geïnteresseerd" in text_of(login(recruiter).get("/?scope=all"))
    inbox = text_of(login(recruiter).get("/notifications?kind=interest"))
    assert "<strong>Hannah Manager</strong> heeft interesse in je kandidaat" in " ".join(
        inbox.split()
    )
    # Withdrawn: the row goes, the conversation stays.
    web.post(f"/posts/{offer.id}/interest", data={"undo": "1"})
    assert db.session.scalar(select(func.count()).select_from(CandidateInterest)) == 0
    assert db.session.get(Post, reply.id) is not None


def test_interest_through_the_api_in_english(offer, make_user, api):
    manager = make_user("recruiter", handle="otto", language="en")
    client = api(manager)
    response = client.post(f"/posts/{offer.id}/interest")
    assert response.status_code == 200
    body = response.get_json()
    assert body["interested"] is True and body["people"][0]["user"]["handle"] == "otto"
    assert client.get("/feed?scope=all").get_json()["items"][0]["interest_count"] == 1
    reply = db.session.get(Post, body["reply_id"])
    assert reply.body == "@renske I'm interested in this candidate. Shall we have a quick call?"
    assert client.get(f"/posts/{offer.id}/interest").get_json()["interested"] is True
    gone = client.delete(f"/posts/{offer.id}/interest").get_json()
    assert gone["interested"] is False and gone["people"] == []


def test_interest_is_refused_with_a_clear_reason(offer, recruiter, make_user, api):
    assert (
        api(recruiter).post(f"/posts/{offer.id}/interest").get_json()["error"]["code"]
        == "own_offer"
    )
    update_post = posts.create_post(recruiter, {"type": "update", "body": "Hallo"})
    client = api(make_user())
    response = client.post(f"/posts/{update_post.id}/interest")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_a_candidate_offer"
    posts.change_status(recruiter, offer, "placed")
    response = client.post(f"/posts/{offer.id}/interest", headers=EN)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_available"
    assert "no longer available" in response.get_json()["error"]["message"]
    assert client.post("/posts/999999/interest").status_code == 404


# --- personal data through every other path -----------------------------------------------


def test_search_never_holds_personal_data(app, offer, make_user, api, login, run_jobs):
    run_jobs()
    assert b"logistiek" in index_bytes(app)  # the offer is indexed...
    assert b"erborgenhuis" not in index_bytes(app)  # ...without the name or contact
    assert b"example.com" not in index_bytes(app)
    for user in (make_user(), make_user("recruiter")):
        response = api(user).get("/search?q=Verborgenhuis")
        assert response.status_code == 200 and response.get_json()["items"] == []
        page = text_of(login(user).get("/search?q=Verborgenhuis"))
        assert f"/posts/{offer.id}" not in page and "Logistiek planner" not in page


def test_alerts_notifications_socket_and_mail_carry_no_personal_data(
    app, recruiter, make_user, api, monkeypatch
):
    from intranet.platform import push

    pushed = []
    monkeypatch.setattr(push, "after_commit", pushed.extend)
    watcher = make_user(handle="wachter")
    alerts.create_alert(watcher, {"term": "Verborgenhuis"})
    notifications.set_channels(watcher, {"mention": "email"})
    offer = posts.create_post(recruiter, offer_data(body="Voor @wachter: sterke planner"))
    fanout()
    notes = db.session.scalars(select(Notification).where(Notification.user_id == watcher.id)).all()
    assert [n.post_id for n in notes] == [offer.id]
    assert [r["kind"] for r in notes[0].reasons] == ["mention"]  # no alert hit on the name
    assert {event for event, _payload, _room in pushed} == {"post", "notification"}
    payload = json.dumps([p for _event, p, _room in pushed])  # what the sockets carry
    assert "sterke planner" in payload and not any(s in payload for s in SECRETS)
    listed = text_of(api(watcher).get("/notifications"))
    assert "sterke planner" in listed and not any(s in listed for s in SECRETS)
    digest = mailings._digest(
        digests.compose(watcher, utcnow() - timedelta(days=1), utcnow() + timedelta(minutes=20))
    )
    text = digest.message["Subject"] + digest.message.text + digest.message.html
    assert "Logistiek planner" in text and not any(s in text for s in SECRETS)
    server = SmtpServer()
    old = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        sent = mailings.send_notification_mail(now=utcnow() + timedelta(minutes=16)).sent
        assert sent == [watcher.email]
        received = server.sink.messages[0]  # its headers and its parts, decoded
        message = str(received["Subject"]) + "".join(
            part.get_content() for part in received.walk() if part.get_content_maintype() == "text"
        )
    finally:
        app.config.update(old)
        server.stop()
    assert "Logistiek planner" in message and not any(s in message for s in SECRETS)


def test_history_and_openapi_keep_personal_data_to_recruiters(
    offer, recruiter, make_user, login, api
):
    posts.edit_post(
        recruiter, offer, {"body": "Nieuwe tekst", "candidate_contact": "ander@example.com"}
    )
    revisions = db.session.scalars(select(PostRevision)).all()
    assert revisions and not any(s in json.dumps(r.fields) for r in revisions for s in SECRETS)
    assert login(make_user()).get(f"/posts/{offer.id}/history").status_code == 404
    spec = api(make_user()).get("/openapi.json").get_json()
    fields = spec["components"]["schemas"]["PostOut"]["properties"]
    for name in ("candidate_name", "candidate_contact", "personal_data_erased"):
        assert "recruiters only" in fields[name]["description"]


def test_recruiters_see_personal_data_in_page_and_api(offer, make_user, login, api):
    for role in ("recruiter", "admin"):
        user = make_user(role)
        assert NAME in text_of(login(user).get(f"/posts/{offer.id}"))
        post = api(user).get(f"/posts/{offer.id}").get_json()
        assert post["candidate_name"] == NAME and post["personal_data_erased"] is False
    employee = api(make_user()).get(f"/posts/{offer.id}").get_json()
    assert "candidate_name" not in employee and "personal_data_erased" not in employee


# --- retention -----------------------------------------------------------------------------


def test_an_ended_referrals_personal_data_goes_after_the_referral_retention(
    app, recruiter, run_jobs
):
    app.config["KRING_REFERRAL_RETENTION_DAYS"] = 10
    vacancy = make_vacancy(recruiter)
    folder = Path(app.instance_path) / "uploads" / "cv"
    folder.mkdir(parents=True, exist_ok=True)
    cv = folder / "vera-ended.pdf"
    cv.write_bytes(b"%PDF-1.4 Vera")
    old = utcnow() - timedelta(days=11)
    ended = make_referral(
        vacancy,
        status="rejected",
        cv_path="cv/vera-ended.pdf",
        source="application",
        status_changed_at=old,
    )
    recent = make_referral(
        vacancy,
        contact="vera@elders.nl",
        status="hired",
        status_changed_at=utcnow() - timedelta(days=9),
    )
    running = make_referral(vacancy, contact="vera@nogbezig.nl", status_changed_at=old)
    assert retention_service.erase_ended_referrals() == 1
    assert retention_service.erase_ended_referrals() == 0  # safe to run again
    db.session.expire_all()
    gone = db.session.get(Referral, ended.id)
    assert gone.erased_at is not None and gone.cv_path is None
    assert (gone.name, gone.contact, gone.motivation) == ("", "", "")
    assert not cv.exists()
    for kept in (recent, running):
        assert db.session.get(Referral, kept.id).name == NAME
    [record] = db.session.scalars(select(AuditRecord)).all()
    assert record.action == "retention" and record.details["referrals"] == 1
    assert not any(s in json.dumps(record.details) for s in SECRETS)
    app.config["KRING_REFERRAL_RETENTION_DAYS"] = 5
    db.session.rollback()  # end this session's read, to see what the job writes
    from intranet import tasks

    assert tasks.retention.call_local() == 1  # the hourly job runs it
    db.session.rollback()
    assert db.session.get(Referral, recent.id).erased_at is not None


def test_after_retention_the_data_is_gone_everywhere(
    app, recruiter, make_user, login, api, run_jobs
):
    """The name was once in the offer's text (so once in the index): after the retention
    date nothing in the database or any index file still holds it."""
    offer = posts.create_post(recruiter, offer_data(body=f"Gesprek met {NAME} #planning"))
    run_jobs()
    posts.edit_post(recruiter, offer, {"body": "Sterke planner #planning"})
    run_jobs()
    if app.config["SEARCH_BACKEND"] == "whoosh":
        assert b"verborgenhuis" in index_bytes(app)  # the old text is still in a segment
    other = posts.create_post(make_user("recruiter"), offer_data(headline="Planner, Ede"))
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 1
    expire(offer)
    assert retention_service.erase_expired_candidates() == 1
    assert retention_service.erase_expired_candidates() == 0  # safe to run again
    run_jobs()
    assert b"verborgenhuis" not in index_bytes(app).lower()
    assert db.session.get(CandidatePrivate, offer.id) is None
    assert db.session.get(CandidatePrivate, other.id) is not None  # not expired yet
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 0
    assert (
        db.session.scalar(
            select(func.count()).select_from(PostRevision).where(PostRevision.post_id == offer.id)
        )
        == 0
    )
    db.session.expire_all()
    assert db.session.get(Post, offer.id).status == "expired"
    [record] = db.session.scalars(select(AuditRecord)).all()
    assert record.action == "retention" and record.details["offers"] == 1
    assert not any(s in json.dumps(record.details) for s in SECRETS)
    viewer = make_user("recruiter")
    page = text_of(login(viewer).get(f"/posts/{offer.id}", headers={"Accept-Language": "en"}))
    erased_on = local_today().strftime("%-d %b %Y")
    assert f"personal data was erased on {erased_on}" in page and NAME not in page
    post = api(viewer).get(f"/posts/{offer.id}").get_json()
    assert post["personal_data_erased"] is True and post["candidate_name"] is None
    assert post["candidate_contact"] is None
    assert post["personal_data_erased_on"] == local_today().isoformat()


def test_data_past_its_retention_date_is_handled_with_a_clear_message(
    recruiter, offer, make_user, api, login
):
    expire(offer)
    viewer = make_user("recruiter")
    # Not shown even before the hourly job has run.
    assert NAME not in text_of(login(viewer).get(f"/posts/{offer.id}"))
    retention_service.erase_expired_candidates()
    response = api(recruiter).patch(f"/posts/{offer.id}", json={"candidate_name": NAME}, headers=EN)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "personal_data_erased" and "erased" in error["message"]
    assert db.session.get(CandidatePrivate, offer.id) is None
    response = api(make_user()).post(f"/posts/{offer.id}/interest", headers=EN)
    assert response.status_code == 409 and "no longer available" in text_of(response)
    held = login(make_user("admin")).post(
        "/admin/privacy", data={"contact": CONTACT}, headers={"Accept-Language": "en"}
    )
    assert "Kring holds no personal data for this contact." in text_of(held)


# --- the admin's AVG/GDPR page -------------------------------------------------------------


@pytest.fixture
def cv(app):
    folder = Path(app.instance_path) / "uploads" / "cv"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vera-123.pdf"
    path.write_bytes(b"%PDF-1.4 Vera")
    return path


@pytest.fixture
def held(offer, recruiter, make_user, cv):
    vacancy = make_vacancy(recruiter)
    referral = make_referral(vacancy, cv_path="cv/vera-123.pdf", source="application")
    second = posts.create_post(make_user("recruiter"), offer_data(headline="Planner, Ede"))
    interest.show_interest(make_user(name="Iris Interesse"), offer)
    return {"offer": offer, "second": second, "referral": referral, "vacancy": vacancy}


@pytest.mark.parametrize("role", ["employee", "recruiter"])
def test_privacy_page_is_for_admins_only(make_user, login, role):
    web = login(make_user(role))
    assert web.get("/admin/privacy").status_code == 403
    assert web.post("/admin/privacy", data={"contact": CONTACT}).status_code == 403
    assert web.post("/admin/privacy/export", data={"contact": CONTACT}).status_code == 403
    assert (
        web.post("/admin/privacy/erase", data={"contact": CONTACT, "confirm": "yes"}).status_code
        == 403
    )


def test_lookup_shows_everything_held(held, make_user, login):
    web = login(make_user("admin"))
    assert "/admin/privacy" in text_of(web.get("/admin/users"))
    page = text_of(
        web.post("/admin/privacy", data={"contact": KEY}, headers={"Accept-Language": "en"})
    )
    assert page.count(NAME) == 3  # two offers and the application
    assert "cv-vera.pdf" in page and "Planner Zwolle" in page and "Iris Interesse" in page
    assert "2 links between offers and referrals" in page
    bad = web.post("/admin/privacy", data={"contact": "x"}, headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "e-mail address or phone number" in text_of(bad)


def test_export_downloads_json_and_is_audited(app, held, make_user, login):
    admin = make_user("admin")
    response = login(admin).post("/admin/privacy/export", data={"contact": CONTACT})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.get_json()
    assert {o["post_id"] for o in data["candidate_offers"]} == {held["offer"].id, held["second"].id}
    assert data["candidate_offers"][0]["name"] == NAME
    [referral] = data["referrals"]
    assert referral["cv_filename"] == "cv-vera.pdf" and referral["source"] == "application"
    assert len(data["candidate_links"]) == 2 and data["interest"][0]["user"] == "Iris Interesse"
    [record] = db.session.scalars(select(AuditRecord)).all()
    assert (record.actor_id, record.action) == (admin.id, "export")
    assert record.subject == privacy.subject_of(KEY) and re.fullmatch(
        r"[0-9a-f]{64}", record.subject
    )
    assert record.details["offers"] == 2 and record.details["referrals"] == 1
    stored = json.dumps(record.details) + record.subject
    assert not any(s.lower() in stored.lower() for s in (NAME, KEY, "vera"))
    page = text_of(login(admin).get("/admin/privacy", headers={"Accept-Language": "en"}))
    assert "Export" in page and record.subject[:12] in page and admin.name in page
    for before in ("99999999999999999999", "abc", "-1"):  # no id: the first page
        later = login(admin).get(f"/admin/privacy?before={before}")
        assert later.status_code == 200 and record.subject[:12] in text_of(later)


def test_erase_asks_first_then_erases_everything(app, held, cv, make_user, login, run_jobs):
    run_jobs()
    admin = make_user("admin")
    web = login(admin)
    confirm = web.post(
        "/admin/privacy/erase", data={"contact": CONTACT}, headers={"Accept-Language": "en"}
    )
    assert confirm.status_code == 200 and "This can't be undone" in text_of(confirm)
    assert db.session.scalar(select(func.count()).select_from(CandidatePrivate)) == 2
    done = web.post("/admin/privacy/erase", data={"contact": CONTACT, "confirm": "yes"})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CandidatePrivate)) == 0
    assert db.session.scalar(select(func.count()).select_from(CandidateLink)) == 0
    referral = db.session.get(Referral, held["referral"].id)
    assert (referral.name, referral.contact, referral.contact_key, referral.motivation) == (
        "",
        "",
        "",
        "",
    )
    assert referral.erased_at is not None and referral.cv_path is None
    assert not cv.exists()
    run_jobs()
    assert b"verborgenhuis" not in index_bytes(app).lower()
    [record] = db.session.scalars(select(AuditRecord)).all()
    assert (record.action, record.actor_id) == ("erase", admin.id)
    assert record.details["offers"] == 2 and record.details["cv_files"] == 1
    assert not any(s.lower() in json.dumps(record.details).lower() for s in (NAME, KEY))
    again = text_of(
        web.post("/admin/privacy", data={"contact": CONTACT}, headers={"Accept-Language": "en"})
    )
    assert "Kring holds no personal data for this contact." in again
    page = text_of(
        login(make_user("recruiter")).get(
            f"/posts/{held['offer'].id}", headers={"Accept-Language": "en"}
        )
    )
    assert NAME not in page and "personal data was erased" in page


def test_cli_export_and_erase(app, held, cv):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["candidates", "export", CONTACT])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["candidate_offers"][0]["name"] == NAME
    refused = runner.invoke(args=["candidates", "erase", CONTACT], input="n\n")
    assert refused.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(CandidatePrivate)) == 2
    erased = runner.invoke(args=["candidates", "erase", CONTACT, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "Erased 2 offers, 1 referrals, 1 CV files." in erased.output
    assert db.session.scalar(select(func.count()).select_from(CandidatePrivate)) == 0
    assert not cv.exists()
    assert [r.action for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))] == [
        "export",
        "erase",
    ]
    assert runner.invoke(args=["candidates", "export", "x"]).exit_code != 0


def test_lookup_finds_a_phone_number_in_any_notation(recruiter, make_user, login):
    posts.create_post(recruiter, offer_data(candidate_contact="06-1234 5678"))
    page = text_of(
        login(make_user("admin")).post("/admin/privacy", data={"contact": "+31 6 12345678"})
    )
    assert NAME in page and "06-1234 5678" in page


def test_demo_adds_a_duplicate_pair_and_interest(make_user):
    from intranet.demo.candidates_extra import add_candidate_extras

    people = {
        h: make_user(
            "recruiter" if h.endswith(("bakker", "elamrani", "yilmaz")) else "employee", handle=h
        )
        for h in ("daan.bakker", "noor.elamrani", "mehmet.yilmaz", "ruben.smit", "martijn.kok")
    }
    fatima = posts.create_post(
        people["noor.elamrani"],
        offer_data(candidate_name="Fatima Bouzid", candidate_contact="f.bouzid@example.com"),
    )
    milan = posts.create_post(
        people["daan.bakker"],
        offer_data(candidate_name="Milan de Jong", candidate_contact="milan.dejong@example.com"),
    )
    add_candidate_extras(people, utcnow())
    [link] = db.session.scalars(select(CandidateLink)).all()
    assert link.other_post_id == fatima.id
    assert db.session.get(CandidatePrivate, link.post_id).contact_key == "f.bouzid@example.com"
    shown = {(i.post_id, i.user_id) for i in db.session.scalars(select(CandidateInterest))}
    assert shown == {
        (milan.id, people["ruben.smit"].id),
        (milan.id, people["mehmet.yilmaz"].id),
        (link.post_id, people["ruben.smit"].id),
    }
