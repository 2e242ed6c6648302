"""Edge cases found in review: huge ids, odd digits, half-saved settings, stale dates,
private group handles, retention, token revival, catching up on notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from intranet.accounts import people
from intranet.errors import ValidationError
from intranet.extensions import db
from intranet.models import CandidateOffer, CandidatePrivate, Notification, Post, Vacancy
from intranet.notifying import alerts, notifications
from intranet.platform.clock import local_today
from intranet.posting import groups, posts
from intranet.recruiting import retention

HUGE = "99999999999999999999"


def test_huge_and_odd_ids_are_clean_errors(make_user, api, login):
    user = make_user()
    client, web = api(user), login(user)
    assert web.get(f"/posts/{HUGE}").status_code == 404
    assert web.get(f"/notifications?before={HUGE}").status_code == 200
    assert client.get(f"/posts/{HUGE}").status_code == 404
    assert client.get(f"/feed?author={HUGE}").status_code == 422
    assert client.get(f"/notifications?after_id={HUGE}").status_code == 422
    for group in (HUGE, "²", "-1"):
        response = client.post("/posts", json={"type": "update", "body": "x", "group": group})
        assert response.status_code == 422, (group, response.get_json())
    assert client.get("/search?q=x&until=9999-12-31").status_code in (200, 503)
    assert client.post("/notifications/read", json={"ids": [int(HUGE)]}).status_code == 422


def test_settings_are_all_or_nothing(make_user, api):
    user = make_user()
    response = api(user).patch(
        "/me/settings", json={"notifications": {"mention": "off"}, "language": "xx"}
    )
    assert response.status_code == 422
    assert notifications.settings_for(user)["mention"] == "app"


def test_only_recruiters_keep_the_client_directory(make_user, api):
    employee, recruiter = make_user(), make_user("recruiter")
    assert api(employee).post("/clients", json={"name": "Acme"}).status_code == 403
    short = api(recruiter).post("/clients", json={"name": "Acme", "aliases": ["de"]})
    assert short.status_code == 422
    assert (
        api(recruiter).post("/clients", json={"name": "Acme", "aliases": ["Acme BV"]}).status_code
        == 201
    )


def test_a_private_group_handle_is_nobody_to_outsiders(make_user, run_jobs):
    owner, member, outsider = make_user(), make_user(), make_user()
    board = groups.create_group(owner, "Board", True)
    groups.add_member(owner, board, member)
    with pytest.raises(ValidationError) as error:
        posts.create_post(outsider, {"type": "update", "body": f"Hallo @{board.handle}"})
    assert f"@{board.handle}" in str(error.value.message)
    post = posts.create_post(owner, {"type": "update", "body": f"Hallo @{board.handle}"})
    run_jobs()
    assert notifications.list_notifications(member)[0].post_id == post.id


def test_a_private_group_does_not_exist_for_outsiders_anywhere(make_user, login, api):
    owner, outsider = make_user(), make_user()
    board = groups.create_group(owner, "Board", True)
    web = login(outsider)
    # its handle leads where an unknown handle does, not to the group
    hidden, unknown = web.get(f"/@{board.handle}"), web.get("/@niemand-bekend")
    assert hidden.status_code == unknown.status_code == 302
    assert hidden.headers["Location"] == unknown.headers["Location"].replace(
        "niemand-bekend", board.handle
    )
    assert (
        login(owner)
        .get(f"/@{board.handle}")
        .headers["Location"]
        .endswith(f"/groups/{board.handle}")
    )
    # its name is free to outsiders: trying it tells nothing
    page = web.post("/groups/new", {"name": "BOARD", "private": "y"})
    assert page.status_code == 303, page.get_data(as_text=True)[:300]
    made = api(make_user()).post("/groups", json={"name": "board", "private": False})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["handle"] != board.handle
    assert api(owner).post("/groups", json={"name": "Board"}).status_code == 409
    listed = [g["name"] for g in api(outsider).get("/groups").get_json()["items"]]
    assert sorted(listed) == ["BOARD", "board"]


def test_a_private_groups_handle_is_in_nobody_elses_way(make_user, api, login, run_jobs):
    """Handles stay unique, but a private group's lives apart (its name's and its number):
    whatever an outsider makes or tries comes out as if the group weren't there."""
    owner, member, outsider = make_user(), make_user(), make_user()
    board = groups.create_group(owner, "Directie", True)
    groups.add_member(owner, board, member)
    assert board.handle == f"directie.{board.id}"
    # a public group, a person and another private group get what they would get anyway
    theirs = api(outsider).post("/groups", json={"name": "Directie", "private": True})
    assert theirs.get_json()["handle"] == f"directie.{theirs.get_json()['id']}"
    made = api(make_user()).post("/groups", json={"name": "Directie", "private": False})
    assert made.status_code == 201 and made.get_json()["handle"] == "directie"
    person = people.create_user("directie.3@brugwerk.example", "Dir Ectie", "x" * 12)
    assert person.handle == "directie3"
    # a handle in the private groups' form is nobody's to choose, whether a group has it
    refusals = []
    for handle in (board.handle, "directie.99999"):
        with pytest.raises(ValidationError) as error:
            people.check_handle(handle)
        refusals.append({k: str(v) for k, v in error.value.fields.items()})
    assert refusals[0] == refusals[1] and list(refusals[0]) == ["handle"]
    # naming it, suggesting it, following its link: as for a handle nobody has
    client, web = api(outsider), login(outsider)
    said = []
    for unknown in (board.handle, "directie.99999"):
        refused = client.post("/posts", json={"type": "update", "body": f"Hoi @{unknown}"})
        assert refused.status_code == 422
        said.append(refused.get_json()["error"]["fields"]["body"].replace(unknown, "…"))
        assert web.get(f"/@{unknown}").headers["Location"].endswith(f"/u/{unknown}")
    assert said[0] == said[1] and f"@{board.handle} " not in said[0]
    for typed in ("@dir", f"@{board.handle}", "@directie."):
        found = client.get("/suggestions", query_string={"q": typed}).get_json()["items"]
        assert board.handle not in [i["handle"] for i in found], typed
    # its members still name it, and hear of it
    post = posts.create_post(owner, {"type": "update", "body": f"Let op @{board.handle}"})
    run_jobs()
    assert notifications.list_notifications(member)[0].post_id == post.id
    assert (
        login(member)
        .get(f"/@{board.handle}")
        .headers["Location"]
        .endswith(f"/groups/{board.handle}")
    )


def test_editing_a_vacancy_whose_closing_date_passed(make_user, login, app):
    author = make_user()
    vacancy = posts.create_post(
        author,
        {
            "type": "vacancy",
            "body": "Tekst met tipfout",
            "title": "Planner",
            "department": "Logistiek",
            "location": "Tiel",
            "hours": 40,
            "closes_on": (local_today() + timedelta(days=3)).isoformat(),
        },
    )
    past = local_today() - timedelta(days=2)
    db.session.execute(update(Vacancy).where(Vacancy.id == vacancy.id).values(closes_on=past))
    db.session.commit()
    web = login(author)
    form = {
        "body": "Tekst zonder tipfout",
        "vacancy.title": "Planner",
        "vacancy.department": "Logistiek",
        "vacancy.location": "Tiel",
        "vacancy.hours": "40",
        "vacancy.closes_on": past.isoformat(),
    }
    assert web.post(f"/posts/{vacancy.id}/edit", form).status_code == 303
    with app.app_context():
        assert db.session.get(Post, vacancy.id).body == "Tekst zonder tipfout"


def test_reassigning_a_reputation_alert_notifies_the_new_assignee(make_user):
    author, first, second = make_user(), make_user(), make_user()
    alert = posts.create_post(
        author,
        {
            "type": "reputation_alert",
            "body": "Review",
            "source": "Indeed",
            "severity": "low",
            "assignee": first.id,
        },
    )
    posts.edit_post(author, alert, {"assignee": second.id})
    mine = notifications.list_notifications(second)
    assert [n.reasons for n in mine] == [[{"kind": "assigned", "by": author.handle}]]


def test_deactivation_revokes_tokens_for_good(make_user, api, app):
    admin, leaver = make_user("admin"), make_user()
    client = api(leaver)
    assert client.get("/me").status_code == 200
    people.set_active(admin, leaver, False)
    people.set_active(admin, leaver, True)
    assert client.get("/me").status_code == 401


def test_retention_erases_personal_data_and_expires_the_offer(make_user, login):
    recruiter = make_user("recruiter")
    offer = posts.create_post(
        recruiter,
        {
            "type": "candidate_offer",
            "body": "Goede planner",
            "headline": "Planner",
            "skills": "SAP",
            "availability": "direct",
            "location": "Ede",
            "candidate_name": "Vera Verborgen",
            "candidate_contact": "vera@example.com",
            "consent": True,
        },
    )
    assert retention.erase_expired_candidates() == 0
    db.session.execute(
        update(CandidateOffer)
        .where(CandidateOffer.id == offer.id)
        .values(retain_until=local_today() - timedelta(days=1))
    )
    db.session.commit()
    assert retention.erase_expired_candidates() == 1
    assert retention.erase_expired_candidates() == 0
    assert db.session.scalar(select(CandidatePrivate)) is None
    db.session.expire_all()
    assert db.session.get(Post, offer.id).status == "expired"
    page = login(recruiter).get(f"/posts/{offer.id}", headers={"Accept-Language": "en"})
    assert "Vera" not in page.get_data(as_text=True)
    assert "personal data was erased" in page.get_data(as_text=True)


def test_after_id_catches_up_oldest_first_and_kind_filters_in_sql(make_user):
    author, reader = make_user(), make_user(handle="lezer")
    alerts.create_alert(reader, {"term": "zeldzaam"})
    made = [
        posts.create_post(author, {"type": "update", "body": f"{n} voor @lezer"}) for n in range(5)
    ]
    special = posts.create_post(author, {"type": "update", "body": "zeldzaam woord"})
    from intranet.notifying.fanout import drain

    drain()
    ids = [n.id for n in db.session.scalars(select(Notification).order_by(Notification.id))]
    first = notifications.list_notifications(reader, after_id=ids[0], limit=2)
    assert [n.id for n in first] == ids[1:3]
    only = notifications.list_notifications(reader, kind="alert", limit=1)
    assert [n.post_id for n in only] == [special.id] and len(made) == 5
