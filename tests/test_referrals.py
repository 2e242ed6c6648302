"""The vacancy board, its calendar and auto-close, and referrals through service, web and API."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, update

from intranet.analytics import referral_stats
from intranet.errors import Conflict, Forbidden, NotFound, ValidationError
from intranet.extensions import db
from intranet.models import (
    IndexQueue,
    Notification,
    Referral,
    ReferralEvent,
    SearchDocument,
    Vacancy,
)
from intranet.platform.clock import local_today, utcnow
from intranet.posting import groups, posts
from intranet.recruiting import referrals, vacancies
from intranet.recruiting.referrals import ReferralQuery

SOON = local_today() + timedelta(days=30)


def vacancy(author, **changes):
    data = {
        "type": "vacancy",
        "body": "Wie kent iemand? #java",
        "title": "Java-developer",
        "department": "Development",
        "location": "Utrecht",
        "hours": 40,
        "closes_on": SOON.isoformat(),
        "referral_bonus": 500,
        **changes,
    }
    return posts.create_post(author, data)


def refer(referrer, post, name="Piet Pieters", contact="piet@example.com", **kw):
    kw.setdefault("consent", True)
    return referrals.create_referral(
        referrer, post, name, contact, kw.pop("motivation", "Sterke developer"), **kw
    )


def past_closing(post, days=1):
    db.session.execute(
        update(Vacancy)
        .where(Vacancy.id == post.id)
        .values(closes_on=local_today() - timedelta(days=days))
    )
    db.session.commit()


@pytest.fixture
def login(login):
    """Logged in, reading English (the texts asserted here), whatever the catalogue says."""

    def do(user):
        web = login(user)
        web.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return web

    return do


@pytest.fixture
def people(make_user):
    return {
        "recruiter": make_user("recruiter", name="Rita Recruiter"),
        "eva": make_user(name="Eva Medewerker"),
        "lies": make_user(name="Lies Collega"),
    }


# Creating a referral ----------------------------------------------------------------------


def test_referral_is_stored_with_key_event_and_notifies_the_author(people):
    post = vacancy(people["recruiter"])
    referral = refer(people["eva"], post, contact=" Piet@Example.COM ")
    db.session.expire_all()
    stored = db.session.get(Referral, referral.id)
    assert (stored.status, stored.contact_key, stored.referrer_id) == (
        "referred",
        "piet@example.com",
        people["eva"].id,
    )
    assert [e.status for e in stored.events] == ["referred"]
    note = db.session.scalar(
        select(Notification).where(Notification.user_id == people["recruiter"].id)
    )
    assert note.post_id == post.id
    assert note.reasons == [{"kind": "referral", "referral_id": referral.id}]
    assert "Piet" not in str(note.reasons)


def test_a_hiring_managers_vacancy_brings_new_referrals_to_the_recruiters(people, make_user):
    eva, lies, rita = people["eva"], people["lies"], people["recruiter"]
    other = make_user("recruiter", name="Olaf Recruiter")
    make_user("recruiter", name="Weg Recruiter").deactivated_at = utcnow()
    db.session.commit()

    def told(post):
        return {
            n.user_id: n.reasons
            for n in db.session.scalars(select(Notification).where(Notification.post_id == post.id))
        }

    open_post = vacancy(eva)
    referral = refer(lies, open_post)
    heard = told(open_post)
    assert set(heard) == {eva.id, rita.id, other.id}
    for reasons in heard.values():
        assert reasons == [{"kind": "referral", "referral_id": referral.id}]
    group = groups.create_group(eva, "Team", private=True)
    groups.add_member(eva, group, lies)
    groups.add_member(eva, group, other)
    private = vacancy(eva, group=group.id)
    refer(lies, private)
    assert set(told(private)) == {eva.id, other.id}
    own = vacancy(rita)  # a recruiter's own vacancy: the recruiter hears, as before
    refer(lies, own)
    assert set(told(own)) == {rita.id}


def test_referral_without_consent_is_refused(people):
    post = vacancy(people["recruiter"])
    with pytest.raises(ValidationError) as caught:
        refer(people["eva"], post, consent=False)
    with force_locale("en"):
        assert "Ask the person first" in str(caught.value.fields["consent"])
    assert not db.session.scalar(select(func.count()).select_from(Referral))


@pytest.mark.parametrize(
    "field,changes",
    [
        ("name", {"name": ""}),
        ("name", {"name": "x" * 201}),
        ("contact", {"contact": "geen adres"}),
        ("contact", {"contact": "06-1234"}),
        ("contact", {"contact": "piet@"}),
        ("motivation", {"motivation": "x" * 2001}),
    ],
)
def test_bad_fields_are_named(people, field, changes):
    post = vacancy(people["recruiter"])
    with pytest.raises(ValidationError) as caught:
        refer(people["eva"], post, **changes)
    assert field in caught.value.fields


@pytest.mark.parametrize(
    "contact",
    [
        "piet@example.com",
        " Piet.de-Vries+werk@Bureau-Noord.nl ",
        "+31 (0)6 1234 5678",
        "06-12345678",
        "geen adres",
        "06-1234",
        "0612 3456",
        "0612 345",
        "piet@",
        "@bureau.nl",
        "piet..pieters@bureau.nl",
        "piet@-bureau.nl",
        "piet@bureau",
    ],
)
def test_the_documented_contact_pattern_says_what_the_check_takes(app, contact):
    """An API client can check a contact before sending it: the document's pattern takes
    what the service takes, and refuses what it refuses (these ordinary cases)."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    pattern = document["components"]["schemas"]["ReferralIn"]["properties"]["contact"]["pattern"]
    try:
        referrals.clean_contact(contact)
        taken = True
    except ValidationError:
        taken = False
    assert bool(re.search(pattern, contact)) is taken


def test_a_phone_number_is_a_contact(people):
    post = vacancy(people["recruiter"])
    referral = refer(people["eva"], post, contact="+31 (0)6 1234 5678")
    assert referral.contact_key == "31612345678"


def test_closed_vacancy_refuses_referrals(people):
    post = vacancy(people["recruiter"])
    posts.change_status(people["recruiter"], post, "closed")
    with pytest.raises(Conflict) as caught:
        refer(people["eva"], post)
    with force_locale("en"):
        assert "This vacancy is closed" in str(caught.value.message)


def test_vacancy_past_its_closing_date_refuses_referrals_before_the_sweep(people):
    post = vacancy(people["recruiter"])
    past_closing(post)
    assert post.status == "open"
    with pytest.raises(Conflict) as caught:
        refer(people["eva"], post)
    with force_locale("en"):
        assert "This vacancy is closed" in str(caught.value.message)


def test_closing_today_still_takes_referrals(people):
    post = vacancy(people["recruiter"])
    past_closing(post, days=0)
    assert refer(people["eva"], post).status == "referred"


def test_the_same_person_twice_in_progress_conflicts(people):
    post = vacancy(people["recruiter"])
    first = refer(people["eva"], post, contact="0612345678")
    with pytest.raises(Conflict) as caught:
        refer(people["lies"], post, contact="+31 6 1234 5678")
    assert caught.value.code == "already_referred"
    referrals.change_status(people["recruiter"], first, "rejected")
    assert refer(people["lies"], post, contact="+31 6 1234 5678").id != first.id


def test_the_database_keeps_one_person_in_the_running_per_vacancy(people, monkeypatch):
    """Two colleagues referring the same person at the same moment both pass the check
    before either commits; the unique index turns the second into the same clear 409."""
    post = vacancy(people["recruiter"])
    first = refer(people["eva"], post, contact="0612345678")
    monkeypatch.setattr(referrals, "in_progress", lambda *args: None)  # the race
    with pytest.raises(Conflict) as caught:
        refer(people["lies"], post, contact="+31 6 1234 5678")
    assert caught.value.code == "already_referred"
    assert (
        db.session.scalar(
            select(func.count()).select_from(Referral).where(Referral.vacancy_id == post.id)
        )
        == 1
    )
    assert first.status == "referred"


def test_back_in_the_running_twice_is_refused(people):
    post = vacancy(people["recruiter"])
    first = refer(people["eva"], post, contact="0612345678")
    referrals.change_status(people["recruiter"], first, "rejected")
    second = refer(people["lies"], post, contact="0612345678")
    with pytest.raises(Conflict) as caught:
        referrals.change_status(people["recruiter"], first, "contacted")
    assert caught.value.code == "already_referred"
    db.session.expire_all()
    assert (first.status, second.status) == ("rejected", "referred")


def test_a_vacancy_in_a_private_group_is_not_found_for_outsiders(people, make_user):
    owner = people["recruiter"]
    group = groups.create_group(owner, "Geheim team", True, "")
    post = vacancy(owner, group=group.id)
    with pytest.raises(NotFound):
        refer(people["eva"], post)
    with pytest.raises(NotFound):
        referrals.create_referral(people["eva"], 999999, "A", "a@example.com", "", True)


# Moving along -----------------------------------------------------------------------------


def test_only_recruiters_change_status_or_add_notes(people):
    referral = refer(people["eva"], vacancy(people["recruiter"]))
    with pytest.raises(Forbidden):
        referrals.change_status(people["eva"], referral, "contacted")
    with pytest.raises(Forbidden):
        referrals.add_note(people["lies"], referral, "Gebeld")
    with pytest.raises(ValidationError) as caught:
        referrals.change_status(people["recruiter"], referral, "gebeld")
    assert caught.value.details["valid_statuses"][0] == "referred"


def test_status_changes_notify_the_referrer_only_and_again_for_each_status(people):
    post = vacancy(people["recruiter"])
    referral = refer(people["eva"], post)
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    referrals.change_status(people["recruiter"], referral, "contacted", "Gebeld")
    first = db.session.scalars(select(Notification)).all()
    assert [(n.user_id, n.post_id) for n in first] == [(people["eva"].id, post.id)]
    assert [{k: v for k, v in r.items() if k != "event_id"} for r in first[0].reasons] == [
        {
            "kind": "referral",
            "status": "contacted",
            "referral_id": referral.id,
            "by": people["recruiter"].handle,
        }
    ]
    first_id = first[0].id
    referrals.change_status(people["recruiter"], referral, "interviewing")
    again = db.session.scalars(select(Notification)).all()
    assert len(again) == 1 and again[0].id > first_id and again[0].read_at is None
    assert [r["status"] for r in again[0].reasons] == ["contacted", "interviewing"]
    statuses = [
        e.status
        for e in db.session.scalars(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id == referral.id)
            .order_by(ReferralEvent.id)
        )
    ]
    assert statuses == ["referred", "contacted", "interviewing"]


def test_a_status_it_had_before_notifies_the_referrer_again(people):
    post = vacancy(people["recruiter"])
    referral = refer(people["eva"], post)
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    seen = []
    for status in ("contacted", "referred", "contacted"):
        note = db.session.scalar(select(Notification))
        if note is not None:  # the referrer read what they had
            note.read_at = utcnow()
            db.session.commit()
        referrals.change_status(people["recruiter"], referral, status)
        note = db.session.scalar(
            select(Notification).where(Notification.user_id == people["eva"].id)
        )
        assert note.read_at is None and note.id not in seen, status
        seen.append(note.id)
    assert [r["status"] for r in note.reasons] == ["contacted", "referred", "contacted"]


def test_hire_fixes_the_bonus_and_counts_for_the_year(people):
    post = vacancy(people["recruiter"], referral_bonus=750)
    hired = refer(people["eva"], post)
    refer(people["eva"], post, name="Anna", contact="anna@example.com")
    before = referrals.utcnow()
    referrals.change_status(people["recruiter"], hired, "hired")
    assert hired.bonus == 750 and hired.hired_at >= before
    assert hired.status_changed_at >= before
    stats = referral_stats.year_stats(people["eva"], local_today().year)
    assert (stats.referrals, stats.hires, stats.bonus, stats.target) == (2, 1, 750, 10)
    last_year = referral_stats.year_stats(people["eva"], local_today().year - 1)
    assert (last_year.referrals, last_year.hires) == (0, 0)
    referrals.change_status(people["recruiter"], hired, "offered")  # taken back
    assert hired.bonus is None and hired.hired_at is None


def test_leaderboard_counts_per_person_without_candidates(people, login):
    post = vacancy(people["recruiter"], referral_bonus=300)
    for n in range(3):
        refer(people["lies"], post, name=f"Kandidaat {n}", contact=f"k{n}@example.com")
    hire = refer(people["eva"], post, name="Geheime Naam", contact="geheim@example.com")
    referrals.change_status(people["recruiter"], hire, "hired")
    rows = referral_stats.leaderboard(local_today().year)
    assert [(u.name, s.referrals, s.hires, s.bonus) for u, s in rows] == [
        ("Lies Collega", 3, 0, 0),
        ("Eva Medewerker", 1, 1, 300),
    ]
    page = login(people["lies"]).get(f"/referrals/leaderboard?year={local_today().year}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Eva Medewerker" in html and "Geheime Naam" not in html
    assert login(people["lies"]).get("/referrals/leaderboard?year=abc").status_code == 400


# Who sees what ------------------------------------------------------------------------------


def test_listing_recruiter_sees_all_employee_only_own(people):
    post = vacancy(people["recruiter"])
    eva = refer(people["eva"], post)
    lies = refer(people["lies"], post, name="Anna", contact="anna@example.com")
    referrals.change_status(people["recruiter"], lies, "contacted")
    everyone = referrals.list_referrals(people["recruiter"], ReferralQuery())
    assert [r.id for r in everyone.items] == [lies.id, eva.id]
    contacted = referrals.list_referrals(people["recruiter"], ReferralQuery(status="contacted"))
    assert [r.id for r in contacted.items] == [lies.id]
    own = referrals.list_referrals(people["eva"], ReferralQuery(status="contacted"))
    assert own.items == []
    assert [r.id for r in referrals.list_referrals(people["eva"], ReferralQuery()).items] == [
        eva.id
    ]
    with pytest.raises(Forbidden):
        referrals.get_referral(people["eva"], lies.id)
    assert referrals.get_referral(people["eva"], eva.id) is eva


def test_a_private_groups_referrals_stay_out_of_an_outsiders_lists(people, make_user, login, api):
    insider, outsider = make_user("recruiter"), people["recruiter"]
    group = groups.create_group(insider, "Directie", private=True)
    member = make_user(name="Mia Lid")
    groups.add_member(insider, group, member)
    secret = vacancy(insider, title="Geheime CFO", group=group.id)
    hidden = refer(member, secret, name="Kees Stil", contact="kees@example.com")
    refer(people["eva"], vacancy(outsider))
    board = referrals.pipeline(outsider)
    assert [r.id for r in board.columns["referred"]] != [hidden.id]
    assert hidden not in board.columns["referred"] and board.counts == {"referred": 1}
    page = login(outsider).get("/referrals/pipeline").get_data(as_text=True)
    assert "Geheime" not in page and "Kees Stil" not in page
    listed = api(outsider).get("/referrals").get_json()["items"]
    assert [r["vacancy"]["title"] for r in listed] == ["Java-developer"]
    assert api(outsider).get(f"/referrals/{hidden.id}").status_code == 404
    assert login(outsider).get(f"/referrals/{hidden.id}").status_code == 404
    assert len(referrals.pipeline(insider).columns["referred"]) == 2


def test_a_vacancy_with_referrals_cannot_be_deleted_only_closed(people, login, api):
    eva = people["eva"]
    post = vacancy(eva)
    refer(people["lies"], post)
    answer = api(eva).delete(f"/posts/{post.id}")
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "has_referrals"
    web = login(eva)
    web.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    page = web.post(f"/posts/{post.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "sluit" in page.lower()
    db.session.expire_all()
    assert db.session.get(Vacancy, post.id) is not None
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1
    empty = vacancy(eva)
    assert api(eva).delete(f"/posts/{empty.id}").status_code == 204


def test_cursor_pages_through_referrals(people):
    post = vacancy(people["recruiter"])
    made = [
        refer(people["eva"], post, name=f"K {n}", contact=f"k{n}@example.com").id for n in range(5)
    ]
    seen, cursor = [], None
    while True:
        page = referrals.list_referrals(people["recruiter"], ReferralQuery(cursor=cursor, limit=2))
        seen += [r.id for r in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == list(reversed(made))


def test_employee_sees_no_other_candidates_on_the_web(people, login):
    post = vacancy(people["recruiter"])
    refer(people["eva"], post, name="Eigen Kandidaat", contact="eigen@example.com")
    other = refer(people["lies"], post, name="Vreemde Kandidaat", contact="vreemd@example.com")
    web = login(people["eva"])
    mine = web.get("/referrals").get_data(as_text=True)
    assert "Eigen Kandidaat" in mine and "Vreemde Kandidaat" not in mine
    assert web.get(f"/referrals/{other.id}").status_code == 403
    pipeline = web.get("/referrals/pipeline")
    assert pipeline.status_code == 403
    assert "Vreemde" not in pipeline.get_data(as_text=True)
    assert web.post(f"/referrals/{other.id}/status", data={"status": "hired"}).status_code == 403
    for url in ("/vacancies", f"/posts/{post.id}", "/referrals/leaderboard"):
        assert "Vreemde" not in web.get(url).get_data(as_text=True)


def test_erased_referral_shows_a_note_instead_of_the_data(people, login, api):
    post = vacancy(people["recruiter"])
    referral = refer(people["eva"], post, name="Wis Mij", contact="wis@example.com")
    db.session.execute(
        update(Referral).where(Referral.id == referral.id).values(erased_at=utcnow())
    )
    db.session.commit()
    for user, url in (
        (people["eva"], "/referrals"),
        (people["eva"], f"/referrals/{referral.id}"),
        (people["recruiter"], f"/referrals/{referral.id}"),
    ):
        html = login(user).get(url).get_data(as_text=True)
        assert "(personal data erased)" in html and "Wis Mij" not in html
    html = login(people["recruiter"]).get("/referrals/pipeline").get_data(as_text=True)
    assert "(personal data erased)" in html and "wis@example.com" not in html
    body = api(people["recruiter"]).get(f"/referrals/{referral.id}").get_json()
    assert body["erased"] is True and body["name"] is None and body["contact"] is None


# The web forms ------------------------------------------------------------------------------


def test_refer_form_without_javascript(people, login):
    post = vacancy(people["recruiter"])
    web = login(people["eva"])
    form = web.get(f"/vacancies/{post.id}/refer")
    assert form.status_code == 200 and 'name="consent"' in form.get_data(as_text=True)
    refused = web.post(
        f"/vacancies/{post.id}/refer", data={"name": "Piet", "contact": "piet@example.com"}
    )
    assert refused.status_code == 422
    assert "Ask the person first" in refused.get_data(as_text=True)
    done = web.post(
        f"/vacancies/{post.id}/refer",
        data={"name": "Piet", "contact": "piet@example.com", "motivation": "Goed", "consent": "1"},
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("/referrals")
    assert "Piet" in web.get("/referrals").get_data(as_text=True)


def test_refer_form_for_a_closed_vacancy_says_so(people, login):
    post = vacancy(people["recruiter"])
    past_closing(post)
    web = login(people["eva"])
    assert "This vacancy is closed" in web.get(f"/vacancies/{post.id}/refer").get_data(as_text=True)
    response = web.post(
        f"/vacancies/{post.id}/refer",
        data={"name": "Piet", "contact": "piet@example.com", "consent": "1"},
    )
    assert response.status_code == 409
    assert "This vacancy is closed" in response.get_data(as_text=True)


def test_recruiter_moves_and_notes_without_javascript(people, login):
    referral = refer(people["eva"], vacancy(people["recruiter"]))
    web = login(people["recruiter"])
    board = web.get("/referrals/pipeline").get_data(as_text=True)
    assert "Piet Pieters" in board and "piet@example.com" in board
    moved = web.post(
        f"/referrals/{referral.id}/status", data={"status": "contacted", "next": "pipeline"}
    )
    assert moved.status_code == 303 and "/referrals/pipeline" in moved.headers["Location"]
    assert f'action="/referrals/{referral.id}/notes"' in board
    noted = web.post(
        f"/referrals/{referral.id}/notes", data={"note": "Belt vrijdag terug", "next": "pipeline"}
    )
    assert noted.status_code == 303 and "/referrals/pipeline" in noted.headers["Location"]
    detail = web.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Belt vrijdag terug" in detail
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).status == "contacted"
    own = login(people["eva"]).get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Belt vrijdag terug" not in own  # notes are for recruiters


# The board and the calendar -----------------------------------------------------------------


def test_board_lists_open_readable_vacancies_with_filters(people, make_user):
    author = people["recruiter"]
    java = vacancy(author)
    zorg = vacancy(
        author,
        title="Verpleegkundige",
        department="Zorg",
        location="Amsterdam",
        hours=24,
        body="Zorg #zorg",
    )
    closed = vacancy(author, title="Gesloten")
    posts.change_status(author, closed, "closed")
    expired = vacancy(author, title="Verlopen")
    past_closing(expired)
    group = groups.create_group(author, "Besloten", True, "")
    vacancy(author, title="Geheim", group=group.id)
    posts.create_post(author, {"type": "update", "body": "Geen vacature"})

    def ids(**filters):
        return [
            v.id for v in vacancies.list_board(people["eva"], vacancies.BoardQuery(**filters)).items
        ]

    assert ids() == [zorg.id, java.id]
    assert ids(department="Zorg") == [zorg.id]
    assert ids(location="Utrecht") == [java.id]
    assert ids(min_hours=30) == [java.id]
    assert ids(max_hours=30) == [zorg.id]
    assert ids(tag="java") == [java.id]
    board = vacancies.list_board(people["eva"], vacancies.BoardQuery(limit=1))
    assert [v.id for v in board.items] == [zorg.id] and board.next_cursor
    assert ids(limit=1, cursor=board.next_cursor) == [java.id]
    assert board.departments == ["Development", "Zorg"]


def test_board_page_and_its_filters(people, login):
    vacancy(people["recruiter"])
    web = login(people["eva"])
    page = web.get("/vacancies?department=Development&min_hours=32&tag=java")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Java-developer" in html and "Refer someone" in html
    assert "No open vacancies" in web.get("/vacancies?max_hours=8").get_data(as_text=True)
    assert web.get("/vacancies?min_hours=veel").status_code == 400
    swapped = web.get("/vacancies?min_hours=5&max_hours=2")
    assert swapped.status_code == 400
    assert "At least 5 hours is more than at most 2 hours" in swapped.get_data(as_text=True)


def test_board_and_pipeline_cost_a_fixed_number_of_queries(people, login, count_queries):
    def fill(n):
        post = vacancy(people["recruiter"], title=f"Vacature {n}", body=f"#tag{n} #java")
        for k in range(2):
            referral = refer(
                people["eva"] if k else people["lies"],
                post,
                name=f"K{n}{k}",
                contact=f"k{n}{k}@example.com",
            )
            referrals.change_status(people["recruiter"], referral, ("contacted", "hired")[k])

    fill(0)
    employee, recruiter = login(people["eva"]), login(people["recruiter"])

    def measure():
        counts = []
        for web, url in (
            (employee, "/vacancies"),
            (recruiter, "/referrals/pipeline"),
            (employee, "/referrals"),
            (employee, "/referrals/leaderboard"),
        ):
            with count_queries() as statements:
                assert web.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    few = measure()
    for n in range(1, 6):
        fill(n)
    assert measure() == few


def test_calendar_shows_openings_and_closings(people, login):
    post = vacancy(people["recruiter"], closes_on=SOON.isoformat())
    first = local_today().replace(day=1)
    days = vacancies.calendar_events(people["eva"], first)
    assert ("opens", post) in days[local_today()]
    closing = vacancies.calendar_events(people["eva"], SOON.replace(day=1))
    assert ("closes", post) in closing[SOON]
    web = login(people["eva"])
    page = web.get(f"/vacancies/calendar?month={SOON:%Y-%m}")
    assert page.status_code == 200 and "Java-developer" in page.get_data(as_text=True)
    assert web.get("/vacancies/calendar").status_code == 200
    assert web.get("/vacancies/calendar?month=2026-13").status_code == 400


# Closing by itself --------------------------------------------------------------------------


def test_auto_close_sweep_is_idempotent_and_queues_the_index(people):
    author = people["recruiter"]
    expired, current = vacancy(author), vacancy(author)
    past_closing(expired)
    db.session.execute(IndexQueue.__table__.delete())
    db.session.commit()
    assert vacancies.close_expired() == 1
    db.session.expire_all()
    assert db.session.get(Vacancy, expired.id).status == "closed"
    assert db.session.get(Vacancy, current.id).status == "open"
    if current_app.config["SEARCH_BACKEND"] == "postgres":  # the documents, at once
        status = {
            d.object_id: d.status
            for d in db.session.scalars(select(SearchDocument).where(SearchDocument.kind == "post"))
        }
        assert status[expired.id] == "closed" and status[current.id] == "open"
        assert vacancies.close_expired() == 0
        return
    queued = db.session.scalars(select(IndexQueue.object_id)).all()
    assert queued == [expired.id]
    assert vacancies.close_expired() == 0
    assert db.session.scalars(select(IndexQueue.object_id)).all() == [expired.id]


def test_a_closed_vacancy_opens_again_with_a_closing_date_from_today(people, api):
    author = people["recruiter"]
    post = vacancy(author)
    past_closing(post)
    assert vacancies.close_expired() == 1
    client = api(author)
    refused = client.patch(f"/posts/{post.id}", json={"status": "open"})
    assert refused.status_code == 422
    assert "closes_on" in refused.get_json()["error"]["fields"]
    new = (local_today() + timedelta(days=14)).isoformat()
    answer = client.patch(f"/posts/{post.id}", json={"closes_on": new, "status": "open"})
    assert answer.status_code == 200 and answer.get_json()["status"] == "open"
    assert vacancies.close_expired() == 0
    refer(people["eva"], db.session.get(Vacancy, post.id))  # takes referrals again
    filled = vacancy(author)
    posts.change_status(author, filled, "filled")
    with pytest.raises(Conflict):
        posts.change_status(author, filled, "open")


def test_the_periodic_job_closes_vacancies(people, app):
    from intranet import tasks

    post = vacancy(people["recruiter"])
    past_closing(post)
    assert tasks.close_vacancies.call_local() == 1
    db.session.expire_all()
    assert db.session.get(Vacancy, post.id).status == "closed"


# The API ------------------------------------------------------------------------------------


def test_api_refer_list_patch_and_get(people, api):
    post = vacancy(people["recruiter"])
    eva, lies, recruiter = api(people["eva"]), api(people["lies"]), api(people["recruiter"])
    created = eva.post(
        f"/vacancies/{post.id}/referrals",
        json={"name": "Piet", "contact": "piet@example.com", "motivation": "Goed", "consent": True},
    )
    assert created.status_code == 201, created.get_json()
    rid = created.get_json()["id"]
    assert created.get_json()["status"] == "referred"
    lies.post(
        f"/vacancies/{post.id}/referrals",
        json={"name": "Anna", "contact": "0612345678", "consent": True},
    )
    assert [i["name"] for i in eva.get("/referrals").get_json()["items"]] == ["Piet"]
    everyone = recruiter.get("/referrals").get_json()
    assert [i["name"] for i in everyone["items"]] == ["Anna", "Piet"]
    assert everyone["next_cursor"] is None
    assert len(recruiter.get(f"/referrals?vacancy={post.id}&limit=1").get_json()["items"]) == 1
    assert lies.get(f"/referrals/{rid}").status_code == 403
    refused = eva.patch(f"/referrals/{rid}", json={"status": "hired"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "recruiters_only"
    unknown = recruiter.patch(f"/referrals/{rid}", json={"status": "gebeld"})
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["valid_statuses"] == list(referrals.REFERRAL_STATUSES)
    moved = recruiter.patch(f"/referrals/{rid}", json={"status": "hired", "note": "Top"})
    assert moved.status_code == 200 and moved.get_json()["bonus"] == 500
    detail = eva.get(f"/referrals/{rid}").get_json()
    assert [e["status"] for e in detail["events"]] == ["referred", "hired"]
    assert detail["events"][1]["note"] == ""  # notes are for recruiters


def test_api_bad_input(people, api):
    post = vacancy(people["recruiter"])
    eva = api(people["eva"])
    url = f"/vacancies/{post.id}/referrals"
    no_consent = eva.post(url, json={"name": "Piet", "contact": "piet@example.com"})
    assert no_consent.status_code == 422
    assert "consent" in no_consent.get_json()["error"]["fields"]
    assert (
        eva.post(url, json={"name": "P", "contact": "x", "consent": True, "extra": 1}).status_code
        == 422
    )
    assert (
        eva.post(
            "/vacancies/999999/referrals",
            json={"name": "P", "contact": "p@example.com", "consent": True},
        ).status_code
        == 404
    )
    past_closing(post)
    closed = eva.post(url, json={"name": "P", "contact": "p@example.com", "consent": True})
    assert closed.status_code == 409
    assert closed.get_json()["error"]["code"] == "vacancy_closed"
    assert eva.get("/referrals?cursor=!!").status_code == 400
    assert eva.get("/referrals?status=gebeld").status_code == 422


def test_openapi_lists_the_referral_paths(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    for path in (
        "/api/v1/vacancies/{post_id}/referrals",
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}",
    ):
        assert path in spec["paths"]
    assert {"get", "patch"} <= set(spec["paths"]["/api/v1/referrals/{referral_id}"])


def test_the_referrer_reads_the_new_status_in_their_notifications(people, login):
    referral = refer(people["eva"], vacancy(people["recruiter"]))
    referrals.change_status(people["recruiter"], referral, "interviewing")
    html = login(people["eva"]).get("/notifications").get_data(as_text=True)
    said = f"<strong>{people['recruiter'].name}</strong> moved your referral to Interviewing"
    assert said in " ".join(html.split())
    assert f'href="/referrals/{referral.id}"' in html
    lies = login(people["lies"]).get("/notifications").get_data(as_text=True)
    assert "About your referral" not in lies
