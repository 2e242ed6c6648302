"""Analytics: exact weekly figures, the funnel, per vacancy and colleague, the yearly target,
mails avoided, the funnel calculator, who sees what, CSV export, and a fixed query count."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from intranet.analytics import figures as analytics
from intranet.analytics import funnel
from intranet.config import Defaults
from intranet.errors import Forbidden, NotFound, ValidationError
from intranet.extensions import db
from intranet.models import Notification, Referral, ShareEvent
from intranet.posting import groups, posts

SOON = (date.today() + timedelta(days=60)).isoformat()
# ISO weeks 2, 3 and 4 of 2026: Monday 5 January to Sunday 25 January.
PERIOD = analytics.Period(date(2026, 1, 5), date(2026, 1, 25))
QUERY = "from=2026-01-05&to=2026-01-25"
AMP_QUERY = QUERY.replace("&", "&amp;")  # as it stands in HTML
W2, W3, W4 = date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def local(*parts: int, zone: str = Defaults.KRING_TIMEZONE) -> datetime:
    """A moment on the agency's clock, stored as naive UTC: days are the agency's days."""
    return datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)


def vacancy(author, title, **extra):
    return posts.create_post(
        author,
        {
            "type": "vacancy",
            "body": f"Wie kent iemand? {title}",
            "title": title,
            "department": "Recruitment",
            "location": "Utrecht",
            "hours": 32,
            "closes_on": SOON,
            **extra,
        },
    )


def events(vacancy_id, sharer_id, kind, count, when, channel="linkedin"):
    db.session.add_all(
        ShareEvent(
            vacancy_id=vacancy_id,
            sharer_id=sharer_id,
            kind=kind,
            channel=channel,
            visitor=f"{kind}-{when}-{n}",
            created_at=when + timedelta(minutes=n),
        )
        for n in range(count)
    )


_candidates = itertools.count()


def referral(
    vacancy_id, referrer_id, created, source="referral", status="referred", hired=None, bonus=None
):
    contact = f"k{next(_candidates)}@example.com"  # one person is in the running once
    row = Referral(
        vacancy_id=vacancy_id,
        referrer_id=referrer_id,
        source=source,
        name="Kandidaat",
        contact=contact,
        contact_key=contact,
        status=status,
        created_at=created,
        hired_at=hired,
        bonus=bonus,
    )
    db.session.add(row)
    return row


@pytest.fixture
def figures(make_user):
    """A small known data set over ISO weeks 2–4 of 2026, with rows just outside it."""
    recruiter = make_user("recruiter", name="Sanne de Vries", handle="sanne")
    admin = make_user("admin", name="Femke Jansen", handle="femke")
    eva = make_user(name="Eva Smit", handle="eva")
    bas = make_user(name="Bas Kok", handle="bas")
    ten = make_user(name="Tien Referrals", handle="tien")
    v1, v2 = vacancy(recruiter, "Planner"), vacancy(recruiter, "Controller")
    # Eva's link for v1: two weeks of activity; Bas's link for v2: one week.
    for kind, n in (("view", 10), ("click", 4), ("share", 2), ("application", 1)):
        events(v1.id, eva.id, kind, n, at(W2 + timedelta(days=1)))
    for kind, n in (("view", 6), ("click", 3), ("share", 1)):
        events(v1.id, eva.id, kind, n, at(W3 + timedelta(days=2)))
    for kind, n in (("view", 4), ("click", 1), ("share", 1), ("application", 1)):
        events(v2.id, bas.id, kind, n, at(W3 + timedelta(days=4)))
    events(v1.id, None, "view", 4, at(W4))  # the public page without a link
    events(v1.id, None, "view", 1, local(2026, 1, 25, 23, 59))  # last minute: in
    events(v1.id, None, "application", 1, at(W4 + timedelta(days=3)))
    events(v1.id, eva.id, "view", 100, at(date(2026, 1, 4)))  # the Sunday before: out
    events(v1.id, eva.id, "view", 7, local(2026, 1, 26))  # the Monday after: out
    referral(
        v1.id,
        eva.id,
        at(W2 + timedelta(days=1)),
        status="hired",
        hired=at(W4 + timedelta(days=1)),
        bonus=500,
    )
    referral(v2.id, eva.id, at(W3 + timedelta(days=1)), status="interviewing")
    referral(
        v2.id,
        bas.id,
        at(W3 + timedelta(days=2)),
        source="application",
        status="hired",
        hired=at(W4 + timedelta(days=2)),
    )
    referral(v1.id, bas.id, at(W4 + timedelta(days=3)))
    referral(v1.id, eva.id, datetime(2025, 12, 20), status="rejected")  # last year
    for n in range(10):  # outside the period, inside the year
        referral(v2.id, ten.id, datetime(2026, 3, 2 + n))
    db.session.commit()
    return {
        "recruiter": recruiter,
        "admin": admin,
        "eva": eva,
        "bas": bas,
        "ten": ten,
        "v1": v1,
        "v2": v2,
    }


EXPECTED_WEEKS = [  # view, click, share, application, referral, hire
    (W2, [10, 4, 2, 1, 1, 0]),
    (W3, [10, 4, 2, 1, 1, 0]),
    (W4, [5, 0, 0, 1, 1, 2]),
]


def _counts(row) -> list[int]:
    return [row.counts[m] for m in analytics.METRICS]


def test_weekly_figures_are_exact_per_iso_week(figures):
    weeks = analytics.weekly(PERIOD, analytics.Scope())
    assert [(w.monday, _counts(w)) for w in weeks] == EXPECTED_WEEKS
    assert [w.number for w in weeks] == [2, 3, 4]
    assert [w.bonus for w in weeks] == [0, 0, 500]
    assert analytics.totals(weeks) == {
        "view": 25,
        "click": 8,
        "share": 4,
        "application": 3,
        "referral": 3,
        "hire": 2,
    }


def test_weekly_figures_per_vacancy_and_per_person(figures):
    v2 = analytics.weekly(PERIOD, analytics.Scope(vacancy_id=figures["v2"].id))
    assert [_counts(w) for w in v2] == [[0] * 6, [4, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 1]]
    eva = analytics.weekly(PERIOD, analytics.Scope(person_id=figures["eva"].id))
    assert [_counts(w) for w in eva] == [
        [10, 4, 2, 1, 1, 0],
        [6, 3, 1, 0, 1, 0],
        [0, 0, 0, 0, 0, 1],
    ]


def test_a_period_that_starts_mid_week_keeps_whole_week_rows():
    period = analytics.Period(date(2026, 1, 7), date(2026, 1, 13))
    assert period.weeks() == [W2, W3]


def test_funnel_stages_and_conversion_rates(figures):
    total = analytics.totals(analytics.weekly(PERIOD, analytics.Scope()))
    stages = analytics.funnel(total)
    assert [(s.key, s.count) for s in stages] == [("see", 25), ("think", 8), ("do", 6), ("care", 2)]
    assert stages[0].rate is None
    assert [round(s.rate, 2) for s in stages[1:]] == [32.0, 75.0, 33.33]


def test_funnel_guards_against_division_by_zero():
    stages = analytics.funnel(dict.fromkeys(analytics.METRICS, 0) | {"hire": 1})
    assert [s.rate for s in stages] == [None, None, None, None]
    assert analytics.rate(3, 0) is None and analytics.rate(1, 4) == 25.0


def test_totals_per_colleague_and_per_vacancy(figures):
    people, count = analytics.by_person(PERIOD, analytics.Scope())
    assert count == 2
    assert [(r.subject.handle, _counts(r), r.bonus) for r in people] == [
        ("eva", [16, 7, 3, 1, 2, 1], 500),
        ("bas", [4, 1, 1, 1, 1, 1], 0),
    ]
    vacancies, count = analytics.by_vacancy(figures["recruiter"], PERIOD, analytics.Scope())
    assert [(r.subject.title, _counts(r)) for r in vacancies] == [
        ("Planner", [21, 7, 3, 2, 2, 1]),
        ("Controller", [4, 1, 1, 1, 1, 1]),
    ]
    top, count = analytics.by_vacancy(figures["recruiter"], PERIOD, analytics.Scope(), limit=1)
    assert len(top) == 1 and count == 2


def test_yearly_target_reached_average_distribution_and_repeat_referrers(figures):
    target = analytics.yearly_target(2026)
    assert target.people == 5  # sanne, femke, eva, bas, tien
    assert target.referrals == 14  # eva 2, bas 2 (one an application), tien 10
    assert (target.reached, target.repeat) == (1, 3)
    assert target.average == pytest.approx(2.8)
    assert target.distribution == [
        ((0, 0), 2),
        ((1, 1), 0),
        ((2, 4), 2),
        ((5, 9), 0),
        ((10, None), 1),
    ]
    own = analytics.yearly_target(2026, person_id=figures["eva"].id)
    assert (own.own, own.reached, own.repeat) == (2, 0, 1)
    assert analytics.yearly_target(2025, person_id=figures["eva"].id).own == 1


def _notify(user, post, kinds, created, read=True, emailed=False):
    db.session.add(
        Notification(
            user_id=user.id,
            post_id=post.id,
            kinds=kinds,
            reasons=[],
            created_at=created,
            read_at=created + timedelta(hours=1) if read else None,
            emailed_at=created if emailed else None,
        )
    )


def test_mails_avoided_counts_read_never_mailed_notifications_mentions_apart(figures):
    eva, bas, v1, v2 = figures["eva"], figures["bas"], figures["v1"], figures["v2"]
    extra = vacancy(figures["recruiter"], "Derde")
    _notify(eva, v1, ",mention,", at(W2 + timedelta(days=2)))
    _notify(eva, v2, ",tag,", at(W3))
    _notify(eva, extra, ",mention,", at(W3), emailed=True)  # went out by mail: not avoided
    _notify(bas, v1, ",reply,", at(W3), read=False)  # never read: not avoided
    _notify(bas, v2, ",group_mention,reply,", at(W4 + timedelta(days=1)))
    _notify(bas, extra, ",alert,", at(W4 + timedelta(days=6)))
    db.session.commit()
    weeks = analytics.mails_avoided(PERIOD)
    assert [(w.monday, w.mentions, w.other) for w in weeks] == [(W2, 1, 0), (W3, 0, 1), (W4, 1, 1)]
    own = analytics.mails_avoided(PERIOD, person_id=eva.id)
    assert [(w.mentions, w.other, w.total) for w in own] == [(1, 0, 1), (0, 1, 1), (0, 0, 0)]


def test_mails_avoided_leaves_out_hits_kept_for_the_digest(figures, ctx):
    from intranet.analytics.engagement import mails_avoided
    from intranet.notifying import notifications

    eva, bas = figures["eva"], figures["bas"]
    quiet = [{"kind": "alert", "term": "planner", "delivery": "digest"}]
    notifications.notify(figures["v1"], {eva.id: quiet, bas.id: quiet})
    db.session.commit()
    today = analytics.default_period()
    assert sum(w.total for w in mails_avoided(today)) == 0  # nobody read anything
    notifications.mark_read(bas, everything=True)  # already read: opening changes nothing
    assert sum(w.total for w in mails_avoided(today)) == 0
    notifications.notify(figures["v1"], {eva.id: [{"kind": "mention"}]})
    db.session.commit()
    notifications.mark_read(eva, everything=True)  # a mention she read in Kring
    assert [w.total for w in mails_avoided(today) if w.total] == [1]


# The period -----------------------------------------------------------------------------------


def test_default_period_is_twelve_iso_weeks_up_to_today():
    period = analytics.default_period(date(2026, 11, 19))  # a Thursday
    assert period == analytics.Period(date(2026, 8, 31), date(2026, 11, 19))
    assert len(period.weeks()) == 12 and period.weeks()[0].weekday() == 0


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-13-01", "", "from"),
        ("31-01-2026", "", "from"),
        ("", "gisteren", "to"),
        ("2026-02-01", "2026-01-01", "from"),
        ("2020-01-01", "2026-01-01", "from"),
        ("9999-12-01", "9999-12-31", "from"),
        ("0001-01-01", "0001-01-02", "to"),
        ("2101-01-01", "", "from"),
        ("1999-12-31", "2000-01-01", "from"),
    ],
)
def test_bad_periods_are_refused_with_a_clear_message(app, start, end, field):
    with app.test_request_context(), pytest.raises(ValidationError) as problem:
        analytics.parse_period(start, end, today=date(2026, 11, 19))
    assert field in problem.value.fields


def test_either_end_of_the_period_may_be_left_out():
    today = date(2026, 11, 19)
    assert analytics.parse_period("2026-10-01", None, today) == analytics.Period(
        date(2026, 10, 1), today
    )
    assert analytics.parse_period(None, None, today) == analytics.default_period(today)


# The funnel calculator -------------------------------------------------------------------------


def _rates(click, do, hire):
    return {"rate_click": Fraction(click), "rate_do": Fraction(do), "rate_hire": Fraction(hire)}


def test_calculator_works_back_from_the_target_rounding_up():
    assert funnel.plan(10, _rates(5, 10, 20)) == funnel.Plan(10_000, 500, 50, 10)
    # 10 hires at exactly 10 % need exactly 100 (floats would say 101).
    assert funnel.plan(10, _rates(10, 10, 10)).applications == 100
    # 3 hires at 7 %: 42.86 → 43; 43 at 7 % → 614.3 → 615; 615 at 7 % → 8785.7 → 8786.
    assert funnel.plan(3, _rates(7, 7, 7)) == funnel.Plan(8786, 615, 43, 3)
    assert funnel.plan(1, _rates(100, 100, 100)) == funnel.Plan(1, 1, 1, 1)
    assert funnel.plan(7, _rates(Fraction(5, 2), 50, 100)).impressions == 560


def test_calculator_reads_percentages_with_a_comma_or_a_point(app):
    with app.test_request_context():
        target, rates = funnel.parse(
            {"target": " 12 ", "rate_click": "2,5", "rate_do": "10.0", "rate_hire": "33%"}
        )
    assert target == 12
    assert rates == _rates(Fraction(5, 2), 10, 33)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target", "0"),
        ("target", "10001"),
        ("target", "2.5"),
        ("target", "-3"),
        ("target", "veel"),
        ("rate_click", "0"),
        ("rate_click", "100.1"),
        ("rate_do", "-5"),
        ("rate_do", "abc"),
        ("rate_hire", ""),
        ("rate_hire", "nan"),
        ("rate_hire", "1e3"),
    ],
)
def test_calculator_refuses_bad_input_naming_the_field(app, field, value):
    values = {"target": "5", "rate_click": "5", "rate_do": "10", "rate_hire": "20"}
    values[field] = value
    with app.test_request_context(), pytest.raises(ValidationError) as problem:
        funnel.parse(values)
    assert list(problem.value.fields) == [field]


def test_calculator_defaults_come_from_measured_rates_where_they_can_be_rates():
    rates = funnel.default_rates({"rate_click": 32.0, "rate_do": 175.0, "rate_hire": None})
    assert rates == {
        "rate_click": 32,
        "rate_do": funnel.FALLBACK_RATES["rate_do"],
        "rate_hire": funnel.FALLBACK_RATES["rate_hire"],
    }
    assert (
        funnel.default_rates({"rate_click": 0.01})["rate_click"]
        == funnel.FALLBACK_RATES["rate_click"]
    )  # rounds to 0: no use for dividing


# Who sees what -------------------------------------------------------------------------------


def test_scope_employees_see_their_own_figures_only(figures, ctx):
    eva = figures["eva"]
    assert analytics.scope_for(eva) == analytics.Scope(person_id=eva.id)
    assert analytics.scope_for(eva, person_id=eva.id) == analytics.Scope(person_id=eva.id)
    with pytest.raises(Forbidden):
        analytics.scope_for(eva, person_id=figures["bas"].id)
    with pytest.raises(Forbidden):
        analytics.scope_for(eva, vacancy_id=figures["v1"].id)
    assert analytics.scope_for(figures["recruiter"]) == analytics.Scope()
    with pytest.raises(NotFound):
        analytics.scope_for(figures["admin"], person_id=999_999)


def test_employee_page_shows_their_own_figures_and_nobody_elses(figures, login):
    web = login(figures["bas"])
    page = web.get(f"/analytics?{QUERY}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Eva Smit" not in html and "Tien Referrals" not in html
    assert "Controller" in html and "Planner" in html  # Bas's own referral for the planner
    assert 'href="/analytics/vacancies/' not in html
    assert web.get(f"/analytics?employee={figures['eva'].id}").status_code == 403
    assert web.get(f"/analytics?employee={figures['bas'].id}").status_code == 200
    assert web.get(f"/analytics/vacancies/{figures['v2'].id}").status_code == 403
    assert web.get(f"/analytics/vacancies/{figures['v2'].id}.csv").status_code == 403
    assert web.get(f"/analytics.csv?table=people&{QUERY}").status_code == 404
    rows = _csv(web.get(f"/analytics.csv?table=weekly&{QUERY}"))
    # His application came through his link: an application, not again a referral.
    assert [r[2:] for r in rows[1:]] == [
        ["0"] * 6,
        ["4", "1", "1", "1", "0", "0"],
        ["0", "0", "0", "0", "1", "1"],
    ]


@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_recruiters_and_admins_see_everyone(figures, login, role):
    web = login(figures[role])
    html = web.get(f"/analytics?{QUERY}").get_data(as_text=True)
    assert "Eva Smit" in html and "Bas Kok" in html
    assert f'href="/analytics/vacancies/{figures["v1"].id}?{AMP_QUERY}"' in html
    assert f'href="/analytics?employee={figures["eva"].id}&amp;{AMP_QUERY}"' in html
    page = web.get(f"/analytics/vacancies/{figures['v2'].id}?{QUERY}")
    assert page.status_code == 200 and "Bas Kok" in page.get_data(as_text=True)
    one = web.get(f"/analytics?employee={figures['eva'].id}&{QUERY}")
    assert one.status_code == 200 and "Eva Smit" in one.get_data(as_text=True)
    assert "Bas Kok" not in one.get_data(as_text=True)


def test_a_vacancy_in_a_private_group_stays_hidden_from_non_members(figures, make_user, login):
    other = make_user("recruiter", name="Ander Team")
    team = groups.create_group(other, "Geheim team", True, "")
    hidden = vacancy(other, "Geheime functie", group=team.id)
    events(hidden.id, figures["eva"].id, "view", 3, at(W2))
    db.session.commit()
    web = login(figures["recruiter"])
    assert web.get(f"/analytics/vacancies/{hidden.id}").status_code == 404
    assert "Geheime functie" not in web.get(f"/analytics?{QUERY}").get_data(as_text=True)
    update = posts.create_post(other, {"type": "update", "body": "Geen vacature"})
    assert web.get(f"/analytics/vacancies/{update.id}").status_code == 404


def test_the_menu_links_to_the_dashboard(figures, login):
    assert 'href="/analytics"' in login(figures["eva"]).get("/").get_data(as_text=True)


# Pages ----------------------------------------------------------------------------------------


def test_dashboard_renders_charts_data_and_tables(figures, login):
    html = login(figures["recruiter"]).get(f"/analytics?{QUERY}").get_data(as_text=True)
    for name in ("reach", "results", "funnel", "target", "mails"):
        assert f'data-chart="{name}"' in html
        assert f'<script type="application/json" id="chart-{name}">' in html
    assert html.count("<caption>") >= 6
    assert "vendor/chart.umd.min.js" in html and "js/analytics.js" in html
    assert "<script>" not in html  # the CSP allows no inline scripts
    assert '"data": [10, 10, 5]' in html  # views per week in the chart data


def test_numbers_are_formatted_for_the_reader(figures, login):
    html = login(figures["recruiter"]).get(f"/analytics?{QUERY}").get_data(as_text=True)
    assert "33,3%" in html  # Dutch decimal comma
    assert "€&nbsp;500" in html


def test_empty_dashboard_renders_with_an_empty_state(make_user, login):
    web = login(make_user("admin"))
    page = web.get("/analytics")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="card empty"' in html
    assert html.count("<tr>") >= 12  # twelve weeks of zeros still render
    assert login(make_user()).get("/analytics").status_code == 200


def test_a_vacancy_without_any_activity_renders_its_empty_state(figures, login):
    quiet = vacancy(figures["recruiter"], "Stille functie")
    page = login(figures["admin"]).get(f"/analytics/vacancies/{quiet.id}?{QUERY}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="card empty"' in html and "Stille functie" in html


def test_bad_dates_show_a_message_and_the_default_period(figures, login):
    web = login(figures["recruiter"])
    page = web.get("/analytics?from=2026-02-30&to=2026-01-01")
    assert page.status_code == 422
    assert 'role="alert"' in page.get_data(as_text=True)
    assert web.get("/analytics.csv?from=morgen").status_code == 422
    for far in ("from=9999-12-01&to=9999-12-31", "from=0001-01-01&to=0001-01-02"):
        page = web.get(f"/analytics?{far}")
        assert page.status_code == 422 and "tussen 2000 en 2100" in page.get_data(as_text=True)
        assert web.get(f"/analytics.csv?table=weekly&{far}").status_code == 422


def test_an_employee_id_that_cannot_be_one_is_not_found(figures, login, make_user):
    big = "99999999999999999999"
    for web in (login(figures["recruiter"]), login(make_user("admin"))):
        assert web.get(f"/analytics?employee={big}").status_code == 404
        assert web.get(f"/analytics.csv?table=people&employee={big}").status_code == 404
        assert web.get("/analytics?employee=-3").status_code == 404
        assert web.get("/analytics?employee=").status_code == 200


def test_calculator_form_works_without_javascript(figures, login):
    web = login(figures["recruiter"])
    page = web.get(f"/analytics?{QUERY}&target=10&rate_click=5&rate_do=10&rate_hire=20")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "10.000" in html and ">500<" in html and ">50<" in html
    # The defaults are the rates measured in the period: 32 %, 75 %, 33.3 %.
    html = web.get(f"/analytics?{QUERY}").get_data(as_text=True)
    assert 'value="32"' in html and 'value="75"' in html and 'value="33,3"' in html
    assert "Nodig voor 5 aannames" in html  # worked out for the defaults straight away
    assert ">2,8<" in html
    only_target = web.get(f"/analytics?{QUERY}&target=20").get_data(as_text=True)
    assert "Nodig voor 20 aannames" in only_target and "field__error" not in only_target
    bad = web.get(f"/analytics?{QUERY}&target=0&rate_click=5&rate_do=200&rate_hire=20")
    assert bad.status_code == 422
    assert 'id="calc-err-target"' in bad.get_data(as_text=True)
    assert 'id="calc-err-rate_do"' in bad.get_data(as_text=True)


def test_dashboard_query_count_does_not_grow_with_the_data(
    figures, make_user, login, count_queries
):
    web = login(figures["recruiter"])
    web.get(f"/analytics?{QUERY}")  # warm up
    with count_queries() as small:
        assert web.get(f"/analytics?{QUERY}").status_code == 200
    for n in range(6):
        person = make_user(name=f"Extra {n}")
        extra = vacancy(figures["recruiter"], f"Extra {n}")
        events(extra.id, person.id, "view", 5, at(W2 + timedelta(days=n)))
        referral(extra.id, person.id, at(W3), status="hired", hired=at(W4), bonus=100)
    db.session.commit()
    with count_queries() as large:
        assert web.get(f"/analytics?{QUERY}").status_code == 200
    assert len(large) == len(small)
    with count_queries() as one:
        assert web.get(f"/analytics/vacancies/{figures['v1'].id}?{QUERY}").status_code == 200
    assert len(one) <= len(small)


# CSV ----------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_of_every_table(figures, login):
    web = login(figures["recruiter"])
    response = web.get(f"/analytics.csv?table=weekly&{QUERY}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="kring-weekly-2026-01-05-2026-01-25.csv"'
    )
    rows = _csv(response)
    assert len(rows[0]) == 8
    assert rows[1:] == [
        [w.isoformat(), str(w.isocalendar().week)] + [str(n) for n in c] for w, c in EXPECTED_WEEKS
    ]
    funnel_rows = _csv(web.get(f"/analytics.csv?table=funnel&{QUERY}"))
    assert [r[2:] for r in funnel_rows[1:]] == [
        ["25", ""],
        ["8", "32,0"],
        ["6", "75,0"],
        ["2", "33,3"],
    ]
    people = _csv(web.get(f"/analytics.csv?table=people&{QUERY}"))
    assert people[1] == ["Eva Smit", "eva", "16", "7", "3", "1", "2", "1", "500"]
    assert [r[0] for r in _csv(web.get(f"/analytics.csv?table=vacancies&{QUERY}"))[1:]] == [
        "Planner",
        "Controller",
    ]
    target = _csv(web.get(f"/analytics.csv?table=target&{QUERY}"))
    assert [r[1] for r in target[1:]] == ["2", "0", "2", "0", "1"]
    assert len(_csv(web.get(f"/analytics.csv?table=mails&{QUERY}"))) == 4
    per_vacancy = _csv(web.get(f"/analytics/vacancies/{figures['v2'].id}.csv?table=people&{QUERY}"))
    assert per_vacancy[1][:2] == ["Bas Kok", "bas"]
    assert web.get(f"/analytics.csv?table=secrets&{QUERY}").status_code == 404


def test_csv_of_the_calculator_with_the_same_target_and_rates(figures, login):
    web = login(figures["recruiter"])
    html = web.get(
        f"/analytics?{QUERY}&target=10&rate_click=5&rate_do=10&rate_hire=20"
        f"&employee={figures['eva'].id}"
    ).get_data(as_text=True)
    link = re.search(r'href="(/analytics\.csv\?table=calculator[^"]*)"', html).group(1)
    link = link.replace("&amp;", "&")
    for part in (
        "from=2026-01-05",
        "to=2026-01-25",
        "target=10",
        "rate_click=5",
        "rate_do=10",
        "rate_hire=20",
        f"employee={figures['eva'].id}",
    ):
        assert part in link
    rows = _csv(web.get(link))
    assert rows[0] == ["Fase", "Wat", "Nodig", "Conversie (%)"]
    assert [r[2:] for r in rows[1:]] == [
        ["10000", ""],
        ["500", "5,0"],
        ["50", "10,0"],
        ["10", "20,0"],
    ]
    vacancy_page = web.get(f"/analytics/vacancies/{figures['v1'].id}?{QUERY}")
    assert "table=calculator" in vacancy_page.get_data(as_text=True)
    bad = web.get(f"/analytics.csv?table=calculator&{QUERY}&rate_do=200")
    assert bad.status_code == 422


def test_csv_of_vacancies_names_the_status_in_the_readers_language(figures, login):
    posts.change_status(figures["recruiter"], figures["v2"], "filled")
    web = login(figures["recruiter"])
    rows = _csv(web.get(f"/analytics.csv?table=vacancies&{QUERY}"))
    assert [r[:2] for r in rows[1:]] == [["Planner", "Open"], ["Controller", "Vervuld"]]
    english = web.get(
        f"/analytics.csv?table=vacancies&{QUERY}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Controller,Filled" in english


def test_the_yearly_target_counts_the_local_calendar_year(figures):
    from intranet.analytics import engagement, referral_stats

    ten, v2 = figures["ten"], figures["v2"]
    # Half past midnight on New Year's Day in Amsterdam is still the old year in UTC.
    referral(v2.id, ten.id, datetime(2026, 12, 31, 23, 30))  # 1 January 2027, local
    referral(v2.id, ten.id, datetime(2025, 12, 31, 23, 30))  # 1 January 2026, local
    db.session.commit()
    assert engagement.yearly_target(2026, ten.id).own == 11
    assert engagement.yearly_target(2027, ten.id).own == 1
    assert referral_stats.year_stats(ten, 2026).referrals == 11


def test_csv_cells_that_look_like_formulas_are_defused(figures, make_user, login):
    for n, name in enumerate(('=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)")):
        person = make_user(name=name, handle=f"evil{n}")
        events(figures["v1"].id, person.id, "share", 1, at(W2))
    evil = vacancy(figures["recruiter"], "=cmd|' /C calc'!A0")
    events(evil.id, figures["eva"].id, "view", 1, at(W2))
    db.session.commit()
    web = login(figures["admin"])
    names = {r[0] for r in _csv(web.get(f"/analytics.csv?table=people&{QUERY}"))[1:]}
    assert {'\'=HYPERLINK("http://x")', "'+31 6 1234", "'-2+3", "'@SUM(A1)"} <= names
    titles = [r[0] for r in _csv(web.get(f"/analytics.csv?table=vacancies&{QUERY}"))[1:]]
    assert "'=cmd|' /C calc'!A0" in titles
    assert analytics_tables_cell(-5) == -5  # numbers are left alone


def analytics_tables_cell(value):
    from intranet.web.analytics_tables import csv_cell

    return csv_cell(value)


def test_csv_in_english_uses_commas(figures, login):
    web = login(figures["recruiter"])
    web.post("/settings/", data={"name": "Sanne de Vries", "language": "en"})
    text = web.get(f"/analytics.csv?table=funnel&{QUERY}").get_data().decode("utf-8")
    assert text.splitlines()[0] == "\ufeffStage,What,Number,Conversion (%)"
    assert "Think,Clicks,8,32.0" in text


# Demo data ------------------------------------------------------------------------------------


def test_demo_share_events_fill_the_dashboard_within_each_vacancys_life(make_user):
    from sqlalchemy import func, select

    from intranet.demo.analytics import seed_share_events
    from intranet.platform.clock import utcnow

    recruiter = make_user("recruiter")
    for n in range(3):
        make_user()
        vacancy(recruiter, f"Demo {n}")
    now = utcnow() + timedelta(days=1)  # a day after the vacancies were posted
    count = seed_share_events(now)
    kinds = dict(
        db.session.execute(select(ShareEvent.kind, func.count()).group_by(ShareEvent.kind)).all()
    )
    assert count == sum(kinds.values()) > 0
    assert kinds["view"] > kinds["click"] > 0 and kinds["share"] > 0
    first, last = db.session.execute(
        select(func.min(ShareEvent.created_at), func.max(ShareEvent.created_at))
    ).one()
    posted = db.session.scalar(select(func.min(analytics.Vacancy.created_at)))
    assert posted <= first and last < now
