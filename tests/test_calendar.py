"""The vacancy calendar as iCalendar: a personal secret address (renewable, dead on
deactivation) with only what its owner may read, and a vacancy's .ics. Each calendar is
parsed back with icalendar and imported into a second, independent calendar library
(vobject), recurrences expanded, as a calendar program would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject
from test_sharing import SOON, vacancy

from intranet.accounts import people as accounts
from intranet.accounts import subscriptions
from intranet.errors import Forbidden
from intranet.extensions import db
from intranet.platform.clock import local_today
from intranet.posting import groups
from intranet.recruiting import referrals, sharing


@pytest.fixture
def staff(make_user):
    return {
        "recruiter": make_user("recruiter", name="Bram Recruiter", handle="bram"),
        "eva": make_user(name="Eva Medewerker", handle="eva"),
        "piet": make_user(name="Piet Buiten", handle="piet"),
        "admin": make_user("admin", handle="beheer"),
    }


def address(app, user) -> str:
    with app.test_request_context():
        return "/s/" + subscriptions.secret_for(db.session.merge(user)) + "/calendar.ics"


def fetch(app, user, **headers):
    return app.test_client().get(address(app, user), headers=headers)


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_holds_readable_open_vacancies_interviews_and_the_sharing_rhythm(app, staff):
    eva, recruiter = staff["eva"], staff["recruiter"]
    public = vacancy(recruiter, title="Planner")
    secret_group = groups.create_group(recruiter, "Directie", private=True)
    hidden = vacancy(recruiter, title="Geheime directeur", group=secret_group)
    referral = referrals.create_referral(
        eva, public, name="Anna Kandidaat", contact="anna@example.com", consent=True
    )
    referrals.schedule_interview(recruiter, referral, datetime(2031, 3, 4, 14, 30))
    sharing.save_preferences(eva, {"rhythm": "weekly"})
    db.session.commit()

    response = fetch(app, eva)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    found = events(response.data)
    summaries = [str(e["summary"]) for e in found.values()]
    assert any("Planner" in s for s in summaries)
    assert not any("Geheime" in s for s in summaries) and hidden.id
    assert "Anna" not in response.data.decode()  # no candidate's name leaves Kring
    closes = next(e for uid, e in found.items() if uid.startswith(f"vacancy-closes-{public.id}@"))
    assert closes.decoded("dtstart") == date.fromisoformat(SOON)
    opens = next(e for uid, e in found.items() if uid.startswith(f"vacancy-opens-{public.id}@"))
    assert opens.decoded("dtstart") == local_today()
    interview = next(e for uid, e in found.items() if uid.startswith("interview-"))
    # 14:30 in Amsterdam in March is 13:30 UTC
    assert interview.decoded("dtstart") == datetime(2031, 3, 4, 13, 30, tzinfo=UTC)
    assert f"/referrals/{referral.id}" in str(interview["url"])
    reminder = next(e for uid, e in found.items() if uid.startswith("share-reminder-"))
    assert reminder["rrule"]["FREQ"] == ["DAILY"] and reminder["rrule"]["INTERVAL"] == [7]

    # The recruiter who may read the private group sees its vacancy, and no interview of
    # someone else's referral.
    theirs = events(fetch(app, recruiter).data)
    assert any(uid.startswith(f"vacancy-opens-{hidden.id}@") for uid in theirs)
    assert not any(uid.startswith("interview-") for uid in theirs)


def test_a_second_calendar_library_imports_the_feed_and_expands_the_rhythm(app, staff):
    eva = staff["eva"]
    vacancy(staff["recruiter"], title="Heftruckchauffeur")
    sharing.save_preferences(eva, {"rhythm": "monthly"})
    db.session.commit()

    calendar = vobject.readOne(fetch(app, eva).data.decode())
    assert calendar.name == "VCALENDAR" and calendar.version.value == "2.0"
    titles = [e.summary.value for e in calendar.vevent_list]
    assert any("Heftruckchauffeur" in t for t in titles)
    reminder = next(e for e in calendar.vevent_list if e.uid.value.startswith("share-reminder"))
    first, second = list(reminder.getrruleset())[:2]
    assert second - first == timedelta(days=30)


def test_titles_are_in_the_owners_language(app, staff):
    eva = staff["eva"]
    accounts.update_profile(eva, {"language": "nl"})
    vacancy(staff["recruiter"], title="Planner")
    db.session.commit()
    found = events(fetch(app, eva, **{"Accept-Language": "en"}).data)
    assert "Vacature sluit: Planner" in [str(e["summary"]) for e in found.values()]


def test_an_unchanged_calendar_costs_a_poller_nothing(app, staff):
    vacancy(staff["recruiter"])
    db.session.commit()
    first = fetch(app, staff["eva"])
    assert first.headers["ETag"]
    again = fetch(app, staff["eva"], **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    vacancy(staff["recruiter"], title="Nieuwe planner")
    db.session.commit()
    assert fetch(app, staff["eva"], **{"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_renewing_and_deactivation_end_the_old_address(app, staff):
    eva = staff["eva"]
    old = address(app, eva)
    assert app.test_client().get(old).status_code == 200
    with app.test_request_context():
        subscriptions.renew(db.session.merge(eva))
    db.session.commit()
    assert app.test_client().get(old).status_code == 404
    new = address(app, eva)
    assert app.test_client().get(new).status_code == 200
    accounts.set_active(staff["admin"], db.session.merge(eva), False)
    db.session.commit()
    assert app.test_client().get(new).status_code == 404
    # A forged or altered address reads nothing either.
    assert app.test_client().get(new.replace("/s/W", "/s/X")).status_code == 404


def test_only_recruiters_plan_interviews_and_a_time_with_an_offset_is_kept(app, staff, api):
    public = vacancy(staff["recruiter"])
    referral = referrals.create_referral(
        staff["eva"], public, name="Anna", contact="anna@example.com", consent=True
    )
    db.session.commit()
    with pytest.raises(Forbidden):
        referrals.schedule_interview(staff["eva"], referral, datetime(2031, 1, 1, 9))
    response = api(staff["recruiter"]).put(
        f"/referrals/{referral.id}/interview", json={"at": "2031-06-01T09:00:00+02:00"}
    )
    assert response.status_code == 200, response.json
    assert response.json["interview_at"].startswith("2031-06-01T07:00:00")
    bad = api(staff["recruiter"]).put(f"/referrals/{referral.id}/interview", json={"at": "soon"})
    assert bad.status_code == 422 and "at" in bad.json["error"]["fields"]
    cleared = api(staff["recruiter"]).put(f"/referrals/{referral.id}/interview", json={"at": None})
    assert cleared.json["interview_at"] is None


def test_the_page_form_sets_the_interview_in_the_agencys_time(app, staff, login):
    public = vacancy(staff["recruiter"])
    referral = referrals.create_referral(
        staff["eva"], public, name="Anna", contact="anna@example.com", consent=True
    )
    db.session.commit()
    web = login(staff["recruiter"])
    response = web.post(f"/referrals/{referral.id}/interview", {"at": "2031-03-04T14:30"})
    assert response.status_code == 303
    page = web.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert 'value="2031-03-04T14:30"' in page
    db.session.expire_all()
    assert db.session.get(type(referral), referral.id).interview_at == datetime(2031, 3, 4, 13, 30)


def test_one_vacancy_downloads_as_ics_for_those_who_may_read_it(app, staff, login):
    secret_group = groups.create_group(staff["recruiter"], "Directie", private=True)
    hidden = vacancy(staff["recruiter"], title="Directeur", group=secret_group)
    open_one = vacancy(staff["recruiter"], title="Planner")
    db.session.commit()
    web = login(staff["eva"])
    card = web.get(f"/posts/{open_one.id}").get_data(as_text=True)
    assert f'href="/vacancies/{open_one.id}.ics" download' in card
    response = web.get(f"/vacancies/{open_one.id}.ics")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert len(events(response.data)) == 2
    assert vobject.readOne(response.data.decode()).vevent_list[0].summary.value
    assert web.get(f"/vacancies/{hidden.id}.ics").status_code == 404
    assert app.test_client().get(f"/vacancies/{open_one.id}.ics").status_code == 302


def test_the_settings_page_lists_the_address_and_renews_it(app, staff, login):
    web = login(staff["eva"])
    page = web.get("/settings/subscriptions").get_data(as_text=True)
    old = address(app, staff["eva"])
    assert "http://kring.test" + old in page and "webcal://kring.test" + old in page
    assert web.post("/settings/subscriptions/renew").status_code == 303
    assert old not in web.get("/settings/subscriptions").get_data(as_text=True)
