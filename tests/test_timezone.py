"""KRING_TIMEZONE is the agency's zone everywhere: closing dates, the calendar year of
referral counts, working hours for reminders, digest periods, the vacancy calendar,
analytics days and how pages show times. Each test sets another zone than the default
(Europe/Amsterdam) and checks that the outcome follows it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from servers import ROOT
from sqlalchemy import update

from intranet.analytics import engagement, figures, referral_stats
from intranet.extensions import db
from intranet.models import Post, Referral, ShareEvent, User, Vacancy
from intranet.notifying import digests, mailings
from intranet.platform import clock
from intranet.posting import posts
from intranet.recruiting import vacancies


@pytest.fixture
def agency_in(app):
    """Move the agency to another zone for one test."""
    before = app.config["KRING_TIMEZONE"]

    def move(name: str) -> ZoneInfo:
        app.config["KRING_TIMEZONE"] = name
        return ZoneInfo(name)

    yield move
    app.config["KRING_TIMEZONE"] = before


def utc(moment: datetime, zone: str) -> datetime:
    """A local moment in `zone` as the naive UTC time Kring stores."""
    return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)


def vacancy(author, closes_on: date, title="Planner") -> Post:
    return posts.create_post(
        author,
        {
            "type": "vacancy",
            "body": f"Wie kent iemand? {title}",
            "title": title,
            "department": "Logistiek",
            "location": "Zwolle",
            "hours": 36,
            "closes_on": closes_on.isoformat(),
        },
    )


def test_the_clock_uses_the_configured_zone(app, ctx, agency_in):
    zone = agency_in("Pacific/Auckland")
    assert clock.agency_zone() == zone
    assert clock.local_today() == datetime.now(zone).date()
    assert clock.local_date(datetime(2025, 12, 31, 11, 30)) == date(2026, 1, 1)
    assert clock.year_bounds(2026) == (datetime(2025, 12, 31, 11), datetime(2026, 12, 31, 11))


def test_a_vacancy_closing_today_there_stays_open_and_yesterday_closes(
    app, ctx, agency_in, make_user, login
):
    # A zone whose date differs from UTC's right now, whatever hour the test runs at.
    hour = datetime.now(UTC).hour
    zone = agency_in("Pacific/Kiritimati" if hour >= 11 else "Pacific/Pago_Pago")  # +14, -11
    today = datetime.now(zone).date()
    assert today != datetime.now(UTC).date()
    recruiter = make_user("recruiter")
    closing_today = vacancy(recruiter, today, "Vandaag")  # a closing date from today on
    closed_yesterday = vacancy(recruiter, today, "Gisteren")
    db.session.execute(
        update(Vacancy)
        .where(Vacancy.id == closed_yesterday.id)
        .values(closes_on=today - timedelta(days=1))
    )
    db.session.commit()

    assert vacancies.close_expired() == 1
    db.session.expire_all()
    assert db.session.get(Vacancy, closing_today.id).status == "open"
    assert db.session.get(Vacancy, closed_yesterday.id).status == "closed"
    board = login(recruiter).get("/vacancies").get_data(as_text=True)
    assert "Vandaag" in board and "Gisteren" not in board


def test_a_referral_at_half_past_midnight_on_new_years_day_counts_in_the_new_year(
    app, ctx, agency_in, make_user
):
    agency_in("Pacific/Auckland")
    recruiter, referrer = make_user("recruiter"), make_user()
    post = vacancy(recruiter, clock.local_today() + timedelta(days=30))
    new_year = utc(datetime(2026, 1, 1, 0, 30), "Pacific/Auckland")
    assert new_year == datetime(2025, 12, 31, 11, 30)  # still 2025 in UTC and in Amsterdam
    db.session.add(
        Referral(
            vacancy_id=post.id,
            referrer_id=referrer.id,
            source="referral",
            name="Kandidaat",
            contact="k@example.com",
            contact_key="k@example.com",
            status="referred",
            created_at=new_year,
        )
    )
    db.session.commit()
    assert referral_stats.year_stats(referrer, 2026).referrals == 1
    assert referral_stats.year_stats(referrer, 2025).referrals == 0
    assert engagement.yearly_target(2026, referrer.id).own == 1


def test_a_reminder_after_four_working_hours_there(app, ctx, agency_in, make_user):
    reader = make_user(handle="lezer")
    post = posts.create_post(
        make_user(), {"type": "update", "body": "Lezen @lezer", "must_read": True}
    )
    friday_nine = utc(datetime(2026, 11, 20, 9, 0), "America/New_York")  # 14:00 UTC
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=friday_nine))
    db.session.commit()
    half_past_one = utc(datetime(2026, 11, 20, 13, 30), "America/New_York")  # 18:30 UTC
    # In Amsterdam 14:00 UTC is 15:00: two working hours by then, no reminder yet.
    assert mailings.send_reminders(now=half_past_one).sent == []
    agency_in("America/New_York")
    assert mailings.send_reminders(now=half_past_one - timedelta(hours=1)).sent == []  # 3½
    assert mailings.send_reminders(now=half_past_one).sent == [f"{reader.email} p{post.id}"]


def test_digest_periods_of_people_without_a_zone_follow_the_agency(app, ctx, agency_in, make_user):
    reader = make_user()
    reader.digest, reader.digest_day, reader.digest_hour = "weekly", 0, 8
    reader.created_at = datetime(2026, 1, 1)
    monday = datetime(2026, 11, 23, 14, 0)  # 09:00 in New York, 15:00 in Amsterdam
    assert digests.period(reader, monday)[2] == datetime(2026, 11, 23, 7, 0)  # 8:00 Amsterdam
    agency_in("America/New_York")
    key, since, until = digests.period(reader, monday)
    assert (key, since, until) == (
        "w20261123",
        datetime(2026, 11, 16, 13),
        datetime(2026, 11, 23, 13),
    )
    reader.timezone = "Asia/Tokyo"  # their own zone still wins
    assert digests.period(reader, monday)[2] == datetime(2026, 11, 22, 23, 0)


def test_the_vacancy_calendar_shows_the_local_day(app, ctx, agency_in, make_user):
    agency_in("America/New_York")
    recruiter = make_user("recruiter")
    post = vacancy(recruiter, clock.local_today() + timedelta(days=30))
    opened = datetime(2026, 3, 1, 3, 0)  # Saturday 28 February, 22:00 in New York
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=opened))
    db.session.commit()
    events = vacancies.calendar_events(recruiter, date(2026, 2, 1))
    assert [(kind, v.id) for kind, v in events[date(2026, 2, 28)]] == [("opens", post.id)]
    assert vacancies.calendar_events(recruiter, date(2026, 3, 1)) == {}


def test_analytics_days_are_local_across_summer_time(app, ctx, agency_in, make_user):
    """New York moves to summer time on 8 March 2026 at 07:00 UTC: an event at 04:30 UTC
    is a Sunday evening before that and a Monday night after it."""
    agency_in("America/New_York")
    recruiter = make_user("recruiter")
    post = vacancy(recruiter, clock.local_today() + timedelta(days=30))
    moments = {
        "before the period": datetime(2026, 2, 23, 4, 30),  # Sun 22 Feb 23:30 EST
        "week of 23 Feb": datetime(2026, 3, 2, 4, 30),  # Sun 1 Mar 23:30 EST
        "week of 16 Mar": datetime(2026, 3, 16, 4, 30),  # Mon 16 Mar 00:30 EDT
        "last minute": datetime(2026, 3, 23, 3, 59),  # Sun 22 Mar 23:59 EDT
        "after the period": datetime(2026, 3, 23, 4, 0),  # Mon 23 Mar 00:00 EDT
    }
    for n, moment in enumerate(moments.values()):
        db.session.add(
            ShareEvent(
                vacancy_id=post.id,
                sharer_id=recruiter.id,
                kind="view",
                channel="link",
                visitor=f"v{n}",
                created_at=moment,
            )
        )
    db.session.commit()
    period = figures.Period(date(2026, 2, 23), date(2026, 3, 22))
    assert period.since == datetime(2026, 2, 23, 5) and period.until == datetime(2026, 3, 23, 4)
    views = {w.monday: w.counts["view"] for w in figures.weekly(period, figures.Scope())}
    assert views == {
        date(2026, 2, 23): 1,
        date(2026, 3, 2): 0,
        date(2026, 3, 9): 0,
        date(2026, 3, 16): 2,
    }
    assert clock.offsets(datetime(2026, 1, 1), datetime(2027, 1, 1)) == [
        (datetime(2026, 1, 1), -5 * 3600),
        (datetime(2026, 3, 8, 7), -4 * 3600),
        (datetime(2026, 11, 1, 6), -5 * 3600),
    ]


def test_pages_show_times_in_the_agency_zone(app, ctx, agency_in, make_user, login):
    author = make_user()
    post = posts.create_post(author, {"type": "update", "body": "Hoe laat is het?"})
    db.session.execute(
        update(Post).where(Post.id == post.id).values(created_at=datetime(2025, 11, 20, 14, 0))
    )
    db.session.commit()
    web = login(author)
    assert db.session.get(User, author.id).timezone is None
    assert "20 november 2025, 15:00" in web.get(f"/posts/{post.id}").get_data(as_text=True)
    agency_in("America/New_York")
    assert "20 november 2025, 09:00" in web.get(f"/posts/{post.id}").get_data(as_text=True)


def _start(tmp_path, zone: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "zone-test",
        "KRING_TIMEZONE": zone,
    }
    env.pop("TEST_DATABASE_URL", None)
    script = (
        "from flask_babel import get_babel\n"
        "from intranet import create_app\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    print(get_babel().default_timezone)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_babels_default_zone_is_the_agency_zone_and_a_wrong_zone_stops_the_start(tmp_path):
    started = _start(tmp_path, "Pacific/Auckland")
    assert started.returncode == 0, started.stderr[-2000:]
    assert started.stdout.strip().splitlines()[-1] == "Pacific/Auckland"
    wrong = _start(tmp_path, "Europe/Atlantis")
    assert wrong.returncode != 0
    assert "'Europe/Atlantis' is not a time zone" in wrong.stderr


def test_a_time_tag_follows_the_clock_the_language_and_the_zone(app, agency_in, monkeypatch):
    """Time tags are kept by what they say: a later clock, another language or another
    zone is another tag, never the one kept for the first."""
    from intranet import i18n

    moment = datetime(2026, 3, 2, 9, 30)
    now = [moment + timedelta(minutes=2)]
    monkeypatch.setattr(i18n, "utcnow", lambda: now[0])

    def tag(language: str) -> str:
        with app.test_request_context(headers={"Accept-Language": language}):
            return str(i18n.time_tag(moment))

    assert ">2 minuten geleden<" in tag("nl") and "maandag 2 maart 2026, 10:30" in tag("nl")
    assert ">2 minutes ago<" in tag("en") and "Monday 2 March 2026, 10:30" in tag("en")
    now[0] = moment + timedelta(hours=3)
    assert ">3 uur geleden<" in tag("nl")
    now[0] = moment + timedelta(days=30)
    assert ">2 mrt<" in tag("nl")
    agency_in("America/New_York")
    assert "maandag 2 maart 2026, 04:30" in tag("nl")
