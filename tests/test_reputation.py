"""Reputation triage: the board, who may triage, assign/acknowledge/resolve (web and API),
and the escalation of severe alerts left open to admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update
from support import form_as_drawn

from intranet.accounts import people as accounts
from intranet.clients import triage
from intranet.errors import Forbidden, ValidationError
from intranet.extensions import db
from intranet.models import Notification, Post, ReputationAlert
from intranet.platform.clock import utcnow
from intranet.posting import groups, posts


def reasons_of(user, post):
    db.session.expire_all()
    row = db.session.scalar(
        select(Notification).where(Notification.user_id == user.id, Notification.post_id == post.id)
    )
    return row.reasons if row else None


def alert(author, severity="high", **extra):
    return posts.create_post(
        author,
        {
            "type": "reputation_alert",
            "body": "Slechte review",
            "source": "Indeed",
            "severity": severity,
            **extra,
        },
    )


def age(post, **delta) -> None:
    db.session.execute(
        update(Post).where(Post.id == post.id).values(created_at=utcnow() - timedelta(**delta))
    )
    db.session.commit()


def fresh(post) -> ReputationAlert:
    db.session.expire_all()
    return db.session.get(ReputationAlert, post.id)


@pytest.fixture
def team(make_user):
    return {
        "employee": make_user(name="Jan Bakker"),
        "recruiter": make_user("recruiter", name="Sanne de Vries"),
        "admin": make_user("admin", name="Femke Jansen"),
    }


# The moves ----------------------------------------------------------------------------


def test_triage_moves_set_their_times_and_the_note(team):
    post = alert(team["employee"])
    triage.acknowledge(team["recruiter"], post)
    assert fresh(post).status == "acknowledged" and fresh(post).acknowledged_at is not None
    with pytest.raises(ValidationError) as error:
        triage.resolve(team["recruiter"], fresh(post), "   ")
    assert error.value.fields == {"resolution_note": error.value.message}
    with pytest.raises(ValidationError):
        triage.resolve(team["recruiter"], fresh(post), "x" * 2001)
    assert fresh(post).status == "acknowledged"
    triage.resolve(team["admin"], fresh(post), "Gebeld en openbaar gereageerd.")
    done = fresh(post)
    assert (done.status, done.resolution_note) == ("resolved", "Gebeld en openbaar gereageerd.")
    assert done.resolved_at >= done.acknowledged_at


def test_a_note_only_goes_with_resolving(team):
    post = alert(team["employee"])
    with pytest.raises(ValidationError):
        posts.change_status(team["recruiter"], post, "acknowledged", "te vroeg")
    vacancy_like = posts.create_post(team["recruiter"], {"type": "update", "body": "Hallo"})
    with pytest.raises(ValidationError):
        posts.change_status(team["recruiter"], vacancy_like, "resolved", "nee")


def test_employees_do_not_triage_even_their_own_alert(team):
    post = alert(team["employee"])
    for move in (
        lambda: triage.acknowledge(team["employee"], post),
        lambda: triage.resolve(team["employee"], post, "Opgelost"),
        lambda: triage.assign(team["employee"], post, team["employee"].id),
    ):
        with pytest.raises(Forbidden):
            move()
    assert fresh(post).status == "open"


def test_assignment_notifies_the_assignee_and_is_no_edit(team, make_user, run_jobs):
    colleague = make_user()
    post = alert(team["employee"])
    run_jobs()
    triage.assign(team["recruiter"], post, colleague.id)
    assert reasons_of(colleague, post) == [{"kind": "assigned", "by": team["recruiter"].handle}]
    assert fresh(post).assignee_id == colleague.id and fresh(post).edited_at is None
    triage.assign(team["recruiter"], fresh(post), team["recruiter"].id)  # oneself: no bell
    assert reasons_of(team["recruiter"], post) is None
    triage.assign(team["recruiter"], fresh(post), "")
    assert fresh(post).assignee_id is None
    with pytest.raises(ValidationError):
        triage.assign(team["recruiter"], fresh(post), 999_999)


# The web ------------------------------------------------------------------------------


def test_board_columns_filters_and_age(team, make_user, login):
    recruiter = team["recruiter"]
    old_high = alert(team["employee"], body="Oude klacht")
    age(old_high, days=3)
    low = alert(team["employee"], "low", body="Kleine klacht", assignee=recruiter.id)
    handled = alert(team["employee"], "medium")
    triage.acknowledge(recruiter, handled)
    solved = alert(team["employee"], "medium")
    triage.resolve(recruiter, solved, "Review beantwoord & kandidaat gebeld")
    ancient = alert(team["employee"], "low")
    triage.resolve(recruiter, ancient, "Lang geleden")
    db.session.execute(
        update(ReputationAlert)
        .where(ReputationAlert.id == ancient.id)
        .values(resolved_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    web = login(recruiter)
    html = web.get("/reputation").get_data(as_text=True)
    columns = {c: html.split(f'id="col-{c}"')[1] for c in ("open", "acknowledged", "resolved")}
    assert f'id="a{old_high.id}"' in columns["open"].split('id="col-acknowledged"')[0]
    assert f'id="a{handled.id}"' in columns["acknowledged"].split('id="col-resolved"')[0]
    assert f'id="a{solved.id}"' in columns["resolved"]
    assert f'id="a{ancient.id}"' not in html  # resolved more than 30 days ago
    assert "3 dagen open" in html
    assert "Review beantwoord &amp; kandidaat gebeld" in html
    assert html.index(f'id="a{old_high.id}"') < html.index(f'id="a{low.id}"')  # high first
    only_low = web.get("/reputation?severity=low").get_data(as_text=True)
    assert f'id="a{low.id}"' in only_low and f'id="a{old_high.id}"' not in only_low
    mine = web.get(f"/reputation?assignee={recruiter.id}").get_data(as_text=True)
    assert f'id="a{low.id}"' in mine and f'id="a{old_high.id}"' not in mine
    nobody = web.get("/reputation?assignee=none").get_data(as_text=True)
    assert f'id="a{old_high.id}"' in nobody and f'id="a{low.id}"' not in nobody
    assert web.get("/reputation?severity=huge").status_code == 200  # reset, with a message
    assert web.get("/reputation?assignee=99999999999999999999").status_code == 200


def test_employees_see_the_board_but_cannot_triage(team, login):
    post = alert(team["employee"])
    web = login(team["employee"])
    board = web.get("/reputation").get_data(as_text=True)
    assert f'id="a{post.id}"' in board and "/acknowledge" not in board
    assert 'href="/reputation"' not in board  # not in their menu
    assert web.post(f"/reputation/{post.id}/acknowledge").status_code == 403
    assert web.post(f"/reputation/{post.id}/resolve", {"resolution_note": "x"}).status_code == 403
    assert web.post(f"/reputation/{post.id}/assign", {"assignee": "1"}).status_code == 403
    assert fresh(post).status == "open"
    page = web.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "/acknowledge" not in page and 'name="status"' not in page


def test_triage_without_javascript(team, make_user, login, run_jobs):
    colleague = make_user(name="Kees Kandidaat")
    post = alert(team["employee"])
    run_jobs()
    web = login(team["recruiter"])
    page = web.get(f"/posts/{post.id}").get_data(as_text=True)
    assert f"/reputation/{post.id}/acknowledge" in page
    assigned = web.post(
        f"/reputation/{post.id}/assign",
        {"assignee": str(colleague.id), "next": f"/posts/{post.id}"},
    )
    assert assigned.status_code == 303 and assigned.headers["Location"] == f"/posts/{post.id}"
    assert reasons_of(colleague, post) == [{"kind": "assigned", "by": team["recruiter"].handle}]
    assert web.post(f"/reputation/{post.id}/acknowledge").status_code == 303
    refused = web.post(f"/reputation/{post.id}/resolve", {"resolution_note": ""})
    assert refused.status_code == 303 and fresh(post).status == "acknowledged"
    assert "flash--error" in web.get("/reputation").get_data(as_text=True)
    assert (
        web.post(
            f"/reputation/{post.id}/resolve", {"resolution_note": "Kandidaat gebeld"}
        ).status_code
        == 303
    )
    assert fresh(post).status == "resolved"
    shown = web.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "Kandidaat gebeld" in shown
    again = web.post(f"/reputation/{post.id}/acknowledge")  # a second click: a message
    assert again.status_code == 303 and fresh(post).status == "resolved"
    update_post = posts.create_post(team["employee"], {"type": "update", "body": "x"})
    assert web.post(f"/reputation/{update_post.id}/acknowledge").status_code == 404


def _assignee_options(page: str, post_type: str = "reputation_alert") -> list[tuple[str, bool]]:
    picker = BeautifulSoup(page, "html.parser").select_one(f"select[name='{post_type}.assignee']")
    return [(o["value"], o.has_attr("selected")) for o in picker.find_all("option")]


def test_editing_an_alert_keeps_its_assignee(team, make_user, login):
    """The edit form draws the colleagues from a list shared between requests; the alert's
    own assignee must still be the one selected, or saving the edit unchanged drops it."""
    author, colleague, other = team["employee"], make_user(name="Kees Klant"), make_user()
    link = "https://example.com/review"
    post = alert(author, assignee=colleague.id, url=link)
    elsewhere = alert(author, assignee=other.id)
    web = login(author)
    web.get("/")  # the composer draws the shared list first, with nobody chosen

    page = web.get(f"/posts/{post.id}/edit").get_data(as_text=True)
    options = _assignee_options(page)
    assert (str(colleague.id), True) in options
    assert [value for value, selected in options if selected] == [str(colleague.id)]
    other_page = web.get(f"/posts/{elsewhere.id}/edit").get_data(as_text=True)
    assert [v for v, selected in _assignee_options(other_page) if selected] == [str(other.id)]
    again = web.get(f"/posts/{post.id}/edit").get_data(as_text=True)  # nothing stuck from before
    assert [v for v, selected in _assignee_options(again) if selected] == [str(colleague.id)]
    composer = web.get("/posts/new?type=reputation_alert").get_data(as_text=True)
    assert [v for v, selected in _assignee_options(composer) if selected] == []

    sent = dict(form_as_drawn(page, "main form"))
    assert web.post(f"/posts/{post.id}/edit", data=sent).status_code == 303
    kept = fresh(post)
    assert kept.assignee_id == colleague.id
    assert (kept.source, kept.severity, kept.url) == ("Indeed", "high", link)

    sent["body"] = "Slechte review, al gebeld"  # a real edit leaves the assignee alone too
    assert web.post(f"/posts/{post.id}/edit", data=sent).status_code == 303
    assert fresh(post).assignee_id == colleague.id and fresh(post).body.endswith("gebeld")
    sent["reputation_alert.assignee"] = ""  # and taking them off still takes them off
    assert web.post(f"/posts/{post.id}/edit", data=sent).status_code == 303
    assert fresh(post).assignee_id is None


def test_a_refused_alert_comes_back_with_its_assignee_chosen(team, make_user, login):
    colleague = make_user()
    web = login(team["employee"])
    web.get("/")
    refused = web.post(
        "/posts",
        {
            "type": "reputation_alert",
            "reputation_alert.source": "",
            "reputation_alert.severity": "high",
            "reputation_alert.assignee": str(colleague.id),
            "body": "Slechte review",
        },
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert [v for v, selected in _assignee_options(page) if selected] == [str(colleague.id)]


def test_a_private_groups_alert_is_assigned_only_to_a_member(team, make_user, login):
    owner, outsider = make_user("recruiter"), make_user(name="Buiten Staander")
    club = groups.create_group(owner, "Vestiging Ede", True)
    with pytest.raises(ValidationError) as error:
        alert(owner, group=club.id, assignee=outsider.id)
    assert "assignee" in error.value.fields
    post = alert(owner, group=club.id, body="Alleen voor Ede")
    web = login(owner)
    refused = web.post(f"/reputation/{post.id}/assign", {"assignee": str(outsider.id)})
    assert refused.status_code == 303 and fresh(post).assignee_id is None
    shown = web.get("/reputation").get_data(as_text=True)
    assert "Buiten Staander is geen lid van Vestiging Ede" in shown
    groups.add_member(owner, club, outsider)
    triage.assign(owner, fresh(post), outsider.id)
    assert fresh(post).assignee_id == outsider.id
    assert reasons_of(outsider, post) == [{"kind": "assigned", "by": owner.handle}]


def test_board_lists_the_colleagues_once_however_many_cards(team, make_user, login):
    people = [make_user(name=f"Collega {i:03d}") for i in range(40)]
    for i in range(20):
        alert(
            people[i],
            ("low", "medium", "high")[i % 3],
            **({"assignee": people[0].id} if i == 0 else {}),
        )
    web = login(team["recruiter"])
    page = web.get("/reputation").get_data(as_text=True)
    assert page.count('<datalist id="triage-people">') == 1
    assert page.count("Collega 039") == 2  # the filter and the one list to assign from
    assert page.count('list="triage-people"') == 20
    assert f'value="@{people[0].handle}"' in page  # the current assignee, filled in
    assert len(page) < 80_000  # 20 cards, 43 people; each card repeating them made 150 kB
    post = db.session.scalar(
        select(ReputationAlert).where(ReputationAlert.author_id == people[5].id)
    )
    picked = web.post(f"/reputation/{post.id}/assign", {"assignee": f"@{people[7].handle}"})
    assert picked.status_code == 303 and fresh(post).assignee_id == people[7].id
    unknown = web.post(f"/reputation/{post.id}/assign", {"assignee": "@niemand-bekend"})
    assert unknown.status_code == 303 and fresh(post).assignee_id == people[7].id
    assert "geen actieve collega met die naam" in web.get("/reputation").get_data(as_text=True)
    assert web.post(f"/reputation/{post.id}/assign", {"assignee": ""}).status_code == 303
    assert fresh(post).assignee_id is None
    shown = web.get(f"/posts/{post.id}").get_data(as_text=True)  # the alert's own page
    assert shown.count('<datalist id="triage-people">') == 1


def test_triage_refusals_say_what_is_wrong_in_dutch_and_english(team, make_user, login, api):
    english = make_user("recruiter", language="en")
    post = alert(team["employee"])
    triage.resolve(team["admin"], post, "Al geregeld")
    cases = [  # (url, form, Dutch, English)
        (
            f"/reputation/{post.id}/acknowledge",
            {},
            "Deze melding is al opgelost.",
            "This alert is already resolved.",
        ),
        (
            f"/reputation/{post.id}/assign",
            {"assignee": "99999999999999999999"},
            "Er is geen actieve collega met die naam.",
            "There is no active colleague by that name.",
        ),
        (
            f"/reputation/{post.id}/resolve",
            {"resolution_note": "  "},
            "Schrijf op hoe de melding is opgelost.",
            "Say how the alert was resolved.",
        ),
    ]
    for person, column in ((team["recruiter"], 2), (english, 3)):
        web = login(person)
        for case in cases:
            refused = web.post(case[0], case[1])
            assert refused.status_code == 303
            shown = web.get("/reputation").get_data(as_text=True)
            assert case[column] in shown, case[column]
    assert fresh(post).status == "resolved" and fresh(post).assignee_id is None
    assert fresh(post).resolution_note == "Al geregeld"
    for status in ("acknowledged", "open"):  # the API says it in words too
        for who, said in (
            (english, "This alert is already resolved."),
            (team["recruiter"], "Deze melding is al opgelost."),
        ):
            refused = api(who).patch(f"/posts/{post.id}", json={"status": status})
            assert refused.status_code == 409 and refused.get_json()["error"]["message"] == said
    handled = alert(team["employee"], body="In behandeling")
    triage.acknowledge(team["recruiter"], handled)
    back = api(team["recruiter"]).patch(f"/posts/{handled.id}", json={"status": "open"})
    assert back.get_json()["error"]["message"] == (
        "Een melding die in behandeling is, kan niet terug naar open."
    )
    with pytest.raises(ValidationError):
        triage.board(team["recruiter"], triage.BoardQuery(assignee="99999999999999999999"))
    with pytest.raises(ValidationError):
        triage.board(team["recruiter"], triage.BoardQuery(severity="bogus"))
    web = login(team["recruiter"])
    odd = web.get("/reputation?assignee=99999999999999999999&severity=bogus&page=99999999")
    assert odd.status_code == 200 and "flash--error" in odd.get_data(as_text=True)


def test_board_costs_a_fixed_number_of_queries(team, make_user, login, count_queries):
    web = login(team["recruiter"])

    def cost() -> int:
        with count_queries() as statements:
            assert web.get("/reputation").status_code == 200
        return len(statements)

    def add(n: int) -> None:
        author, assignee = make_user(), make_user()
        for status in ("open", "acknowledged", "resolved"):
            post = alert(author, ("low", "medium", "high")[n % 3], assignee=assignee.id)
            if status != "open":
                triage.acknowledge(team["recruiter"], post)
            if status == "resolved":
                triage.resolve(team["recruiter"], post, f"Opgelost {n}")

    add(0)
    small = cost()
    for n in range(1, 10):
        add(n)
    assert cost() == small


# The API ------------------------------------------------------------------------------


def test_api_resolves_with_a_note(team, api):
    post = alert(team["employee"])
    recruiter, employee = api(team["recruiter"]), api(team["employee"])
    refused = employee.patch(f"/posts/{post.id}", json={"status": "acknowledged"})
    assert refused.status_code == 403
    missing = recruiter.patch(f"/posts/{post.id}", json={"status": "resolved"})
    assert missing.status_code == 422
    assert "resolution_note" in missing.get_json()["error"]["fields"]
    too_long = recruiter.patch(
        f"/posts/{post.id}", json={"status": "resolved", "resolution_note": "x" * 2001}
    )
    assert too_long.status_code == 422
    wrong_type = recruiter.patch(
        f"/posts/{post.id}", json={"status": "resolved", "resolution_note": 5}
    )
    assert wrong_type.status_code == 422
    done = recruiter.patch(
        f"/posts/{post.id}", json={"status": "resolved", "resolution_note": "Gereageerd."}
    )
    body = done.get_json()
    assert done.status_code == 200
    assert (body["status"], body["resolution_note"]) == ("resolved", "Gereageerd.")
    assert body["resolved_at"] and body["acknowledged_at"] is None
    back = recruiter.patch(f"/posts/{post.id}", json={"status": "open"})
    assert back.status_code == 409
    assigned = recruiter.patch(f"/posts/{post.id}", json={"assignee": team["recruiter"].id})
    assert assigned.status_code == 200  # a recruiter assigns without being the author
    edit = recruiter.patch(f"/posts/{post.id}", json={"body": "overgenomen"})
    assert edit.status_code == 403


# Escalation ---------------------------------------------------------------------------


def test_escalation_tells_admins_once_and_only_about_overdue_severe_alerts(
    team, make_user, run_jobs
):
    other_admin, leaver = make_user("admin"), make_user("admin")
    accounts.set_active(team["admin"], leaver, False)
    overdue = alert(team["employee"], body="Al twee dagen open")
    handled = alert(team["employee"], body="Wel opgepakt, niet opgelost")
    triage.acknowledge(team["recruiter"], handled)
    young = alert(team["employee"], body="Net binnen")
    low = alert(team["employee"], "low", body="Klein")
    solved = alert(team["employee"], body="Opgelost")
    triage.resolve(team["recruiter"], solved, "Klaar")
    secret_group = groups.create_group(other_admin, "Directie", True)
    private = alert(other_admin, body="Alleen voor de directie", group=secret_group.id)
    for post in (overdue, handled, low, solved, private):
        age(post, hours=25)
    age(young, hours=23)
    run_jobs()
    assert triage.escalate_overdue() == 3
    assert triage.escalate_overdue() == 0  # once
    for post in (overdue, handled):
        assert reasons_of(team["admin"], post) == [{"kind": "escalation"}]
        assert reasons_of(other_admin, post) == [{"kind": "escalation"}]
        assert reasons_of(leaver, post) is None
        assert reasons_of(team["recruiter"], post) is None
    for post in (young, low, solved):
        assert reasons_of(team["admin"], post) is None
        assert fresh(post).escalated_at is None
    # The private group's alert is escalated, but only to the admin who may read it (who
    # posted it: the escalation is nobody's doing, so the author hears of it too).
    assert fresh(private).escalated_at is not None
    assert reasons_of(other_admin, private) == [{"kind": "escalation"}]
    assert reasons_of(team["admin"], private) is None


def test_escalation_without_a_reading_admin_tells_the_group_owner_or_waits(
    team, make_user, run_jobs, caplog, monkeypatch
):
    monkeypatch.setattr(triage.log, "disabled", False)  # Alembic's log set-up turns it off
    owner, member = make_user(name="Groepseigenaar"), make_user("recruiter")
    club = groups.create_group(owner, "Vestiging Zwolle", True)
    groups.add_member(owner, club, member)
    told_owner = alert(member, body="Alleen in Zwolle", group=club.id)
    orphan_group = groups.create_group(owner, "Zonder eigenaar", True)
    groups.add_member(owner, orphan_group, member)
    orphan = alert(member, body="Niemand leest mee", group=orphan_group.id)
    groups.remove_member(owner, orphan_group, owner)
    for post in (told_owner, orphan):
        age(post, hours=25)
    run_jobs()
    assert triage.escalate_overdue() == 1
    assert reasons_of(owner, told_owner) == [{"kind": "escalation"}]
    assert reasons_of(team["admin"], told_owner) is None  # may not read it
    assert fresh(told_owner).escalated_at is not None
    # Nobody may read the other one: it stays unclaimed, said in the log, tried again.
    assert fresh(orphan).escalated_at is None
    assert "nobody may read" in caplog.text
    assert triage.escalate_overdue() == 0
    groups.add_member(owner, orphan_group, team["admin"])
    assert triage.escalate_overdue() == 1
    assert reasons_of(team["admin"], orphan) == [{"kind": "escalation"}]
    assert fresh(orphan).escalated_at is not None
    assert triage.escalate_overdue() == 0


def test_escalation_by_three_consumers_at_once_tells_each_admin_once(team, make_user, app):
    import threading

    overdue = [alert(team["employee"], body=f"Review {n}") for n in range(5)]
    ids = [p.id for p in overdue]
    for post in overdue:
        age(post, hours=30)
    admin_id = team["admin"].id
    db.session.remove()
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                results.append(triage.escalate_overdue())
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and sum(results) == 5  # each alert claimed by one of them
    for post_id in ids:
        row = db.session.scalar(
            select(Notification).where(
                Notification.user_id == admin_id, Notification.post_id == post_id
            )
        )
        assert row.reasons == [{"kind": "escalation"}]
        assert db.session.get(ReputationAlert, post_id).escalated_at is not None
    assert triage.escalate_overdue() == 0


def test_escalation_job_runs_hourly(app):
    from intranet import tasks

    assert tasks.escalation.name == "kring.escalation"
    with app.app_context():
        assert tasks.escalation.call_local() == 0
