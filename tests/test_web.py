"""The HTML pages: every page renders for every role, posting works without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import func, select

from intranet.clients import directory
from intranet.extensions import db
from intranet.models import Post
from intranet.platform.clock import local_today
from intranet.posting import groups, posts

SOON = (local_today() + timedelta(days=30)).isoformat()


@pytest.fixture
def agency(make_user):
    """A small agency with a post of every type, a reply, likes and two groups."""
    admin = make_user("admin", name="Femke Jansen", handle="femke")
    recruiter = make_user(
        "recruiter",
        name="Sanne de Vries",
        handle="sanne",
        job_title="Recruiter",
        department="Recruitment",
        location="Utrecht",
    )
    employee = make_user("employee", name="Jan Bakker", handle="jan")
    team = groups.create_group(recruiter, "Team Recruitment", True, "Kandidaten bespreken")
    open_group = groups.create_group(admin, "Regio Utrecht", False, "")
    client = directory.create_client(
        admin, "Van der Berg Logistiek", ["VDB Logistiek"], [recruiter.id]
    )
    made = [
        posts.create_post(employee, {"type": "update", "body": "Hallo @sanne, zie #utrecht"}),
        posts.create_post(
            recruiter,
            {
                "type": "vacancy",
                "body": "Wie kent iemand?",
                "title": "Recruiter IT",
                "department": "Recruitment",
                "location": "Utrecht",
                "hours": 32,
                "closes_on": SOON,
                "referral_bonus": 500,
            },
        ),
        posts.create_post(
            recruiter,
            {
                "type": "candidate_offer",
                "body": "Sterk profiel",
                "headline": "Java developer",
                "skills": "Java, Spring",
                "availability": "per direct",
                "location": "Utrecht",
                "candidate_name": "Piet Geheim",
                "candidate_contact": "piet@geheim.example",
                "consent": True,
                "group": team.id,
            },
        ),
        posts.create_post(
            employee,
            {
                "type": "client_signal",
                "body": "Inkoper weg",
                "client": client.id,
                "kind": "contact_leaving",
                "source_url": "https://example.com/x",
            },
        ),
        posts.create_post(
            employee,
            {
                "type": "reputation_alert",
                "body": "Review",
                "source": "Indeed",
                "severity": "high",
                "url": "https://example.com/r",
                "assignee": admin.id,
                "group": open_group.id,
            },
        ),
    ]
    posts.create_reply(recruiter, made[0], "Dank je @jan!")
    posts.like(recruiter, made[0])
    return {
        "admin": admin,
        "recruiter": recruiter,
        "employee": employee,
        "posts": made,
        "team": team,
        "open_group": open_group,
    }


PAGES = [
    "/",
    "/?scope=all",
    "/?scope=all&type=vacancy",
    "/tags",
    "/tags/utrecht",
    "/people",
    "/people?q=sanne",
    "/u/sanne",
    "/u/jan",
    "/groups",
    "/groups/regio-utrecht",
    "/groups/new",
    "/posts/new",
    "/posts/new?type=vacancy",
    "/settings/",
    "/settings/tokens",
    "/search",
    "/search?q=utrecht",
    "/search?q=sanne&kind=person",
    "/search?q=%22unbalanced",
    "/notifications",
    "/notifications?kind=alert",
    "/notifications?unread=1",
    "/notifications/settings",
    "/alerts",
    "/alerts?preview=1&term=utrecht",
    "/alerts?preview=1&term=a*",
]


@pytest.mark.parametrize("role", ["admin", "recruiter", "employee"])
def test_every_page_renders(agency, login, role, run_jobs):
    run_jobs()
    web = login(agency[role])
    readable = [
        p for p in agency["posts"] if role == "recruiter" or p.group_id != agency["team"].id
    ]  # only the recruiter is in the team
    for url in (
        PAGES
        + [f"/posts/{p.id}" for p in readable]
        + [f"/groups/{agency['team'].handle}" if role == "recruiter" else "/"]
    ):
        response = web.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert b"<main" in response.data
    assert web.get("/admin/users").status_code == (200 if role == "admin" else 403)


def test_post_page_shows_type_fields_and_badges(agency, login):
    web = login(agency["employee"])
    vacancy = agency["posts"][1]
    page = web.get(f"/posts/{vacancy.id}").get_data(as_text=True)
    assert "Recruiter IT" in page and "32" in page and "badge--vacancy" in page
    assert "badge--status-open" in page


def test_error_pages_are_in_house_style(agency, login, app):
    web = login(agency["employee"])
    missing = web.get("/posts/999999")
    assert missing.status_code == 404 and b'class="card errorcard"' in missing.data
    forbidden = web.get("/admin/users")
    assert forbidden.status_code == 403 and b"errorcard" in forbidden.data
    anonymous = app.test_client().get("/nowhere")
    assert anonymous.status_code == 404 and b"errorcard" in anonymous.data


def test_login_required(app):
    response = app.test_client().get("/?scope=all")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def composer_form(post_type: str, fields: dict, **extra) -> dict:
    data = {"type": post_type, "body": extra.pop("body", "Tekst"), "group": ""}
    data.update({f"{post_type}.{k}": v for k, v in fields.items()})
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "post_type, fields",
    [
        ("update", {}),
        (
            "vacancy",
            {
                "title": "Accountmanager",
                "department": "Sales",
                "location": "Zwolle",
                "hours": "40",
                "closes_on": SOON,
                "referral_bonus": "",
            },
        ),
        (
            "candidate_offer",
            {
                "headline": "Planner",
                "skills": "SAP",
                "availability": "maart",
                "location": "Ede",
                "candidate_name": "Kees",
                "candidate_contact": "06-12345678",
                "consent": "1",
            },
        ),
        ("client_signal", {"client": "Nieuwe Klant BV", "kind": "expansion", "source_url": ""}),
        ("reputation_alert", {"source": "Glassdoor", "url": "", "severity": "low", "assignee": ""}),
    ],
)
def test_composer_posts_each_type_without_javascript(agency, login, post_type, fields, app):
    web = login(agency["recruiter"])
    response = web.post("/posts", composer_form(post_type, fields))
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    post_id = int(re.search(r"/posts/(\d+)", response.headers["Location"]).group(1))
    with app.app_context():
        assert db.session.get(Post, post_id).type == post_type


def test_composer_shows_errors_and_keeps_input(agency, login, app):
    web = login(agency["employee"])
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Post))
    response = web.post(
        "/posts",
        composer_form(
            "vacancy",
            {"title": "Mijn titel", "hours": "999", "closes_on": "2001-01-01"},
            body="Mijn tekst",
        ),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Mijn titel" in page and "Mijn tekst" in page
    assert page.count('class="field__error"') >= 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post)) == before


def test_employee_has_no_candidate_type_in_composer(agency, login):
    page = login(agency["employee"]).get("/").get_data(as_text=True)
    assert 'value="candidate_offer"' not in page
    page = login(agency["recruiter"]).get("/").get_data(as_text=True)
    assert 'value="candidate_offer"' in page


def test_reply_like_edit_status_delete(agency, login, app):
    web = login(agency["employee"])
    post = agency["posts"][0]
    assert web.post(f"/posts/{post.id}/replies", {"body": "Mee eens"}).status_code == 303
    assert web.post(f"/posts/{post.id}/like", {"next": "/"}).status_code == 303
    edited = web.post(f"/posts/{post.id}/edit", {"body": "Aangepast #zwolle"})
    assert edited.status_code == 303
    history = web.get(f"/posts/{post.id}/history").get_data(as_text=True)
    assert "Hallo @sanne" in history
    signal_alert = agency["posts"][4]
    assert (
        web.post(f"/posts/{signal_alert.id}/status", {"status": "acknowledged"}).status_code == 303
    )
    post_id, alert_id = post.id, signal_alert.id
    assert web.post(f"/posts/{post_id}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(Post, post_id) is None
        # Triage is a recruiter's move, even on an alert one reported oneself.
        assert db.session.get(Post, alert_id).status == "open"


def test_like_with_htmx_returns_the_actions_fragment(agency, login):
    web = login(agency["employee"])
    post = agency["posts"][1]
    response = web.post(f"/posts/{post.id}/like", {}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<footer class="post__actions"')
    assert 'aria-pressed="true"' in fragment


def test_reactions_without_javascript_and_in_place(agency, login):
    """The picker is a plain form: any of the six reactions posts and comes back to the
    page; each given kind shows its count and who gave it, and can be taken back."""
    web = login(agency["employee"])
    post = agency["posts"][1]
    assert web.post(f"/posts/{post.id}/like", {"reaction": "tada", "next": "/"}).status_code == 303
    fragment = web.post(
        f"/posts/{post.id}/like",
        {"reaction": "pray"},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    ).get_data(as_text=True)
    assert fragment.count('class="reaction reaction--mine"') == 2
    name = agency["employee"].name
    assert f'aria-label="Well done, 1: {name}"' in fragment
    assert f'title="Thank you: {name}"' in fragment
    assert 'name="remove" value="tada"' in fragment  # the picker takes it back
    refused = web.post(
        f"/posts/{post.id}/like",
        {"reaction": "poop", "next": "/"},
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 303
    assert "Unknown reaction" in web.get("/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    web.post(f"/posts/{post.id}/like", {"remove": "tada", "next": "/"})
    shown = web.get(f"/posts/{post.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'aria-label="Well done,' not in shown and 'aria-label="Thank you, 1' in shown


def test_language_per_user_and_browser(agency, login):
    web = login(agency["employee"])
    dutch = web.get("/", headers={"Accept-Language": "nl-NL,nl;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nl">' in dutch
    english = web.get("/", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert '<html lang="en">' in english
    web.post("/settings/", {"name": "Jan Bakker", "language": "nl"})
    chosen = web.get("/", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert '<html lang="nl">' in chosen


def test_words_follow_a_language_switched_within_a_request(app):
    """Templates look a request's catalogue up once (i18n.translations), and a mail
    composed in another language (force_locale) still gets that language's words."""
    say = (
        "{{ _('Feed') }} · {{ REACTION_LABELS['joy'] }} · "
        "{{ ngettext('%(num)d new reply', '%(num)d new replies', 2) }}"
    )
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert render_template_string(say) == "Tijdlijn · Grappig · 2 nieuwe reacties"
        with force_locale("en"):
            assert render_template_string(say) == "Feed · Funny · 2 new replies"
        assert render_template_string(say) == "Tijdlijn · Grappig · 2 nieuwe reacties"


def test_the_templates_words_are_jinjas_own_gettext(app):
    """`_()` in templates keeps each catalogue's words (i18n.template_gettext): what it
    says is what Jinja's new-style gettext says, escaped or not, formatted or not, in
    either language and said twice."""
    from jinja2.ext import _make_new_gettext

    from intranet import i18n

    jinjas = _make_new_gettext(lambda s: i18n.translations().ugettext(s))
    say = (
        "{{ _('Feed') }}|{{ _('Follow %(name)s', name=who) }}|{{ _('100%% <sure>') }}|"
        "{{ gettext('Feed') }}|{% trans %}Feed{% endtrans %}"
    )
    for language in ("nl", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            for escaped in (True, False):
                env = app.jinja_env.overlay(autoescape=escaped)
                theirs = env.from_string(say, globals={"_": jinjas, "gettext": jinjas})
                expected = theirs.render(who="<b>Ann</b>")
                for _ in range(2):  # said, then kept
                    assert env.from_string(say).render(who="<b>Ann</b>") == expected
                assert ("&lt;b&gt;Ann" in expected) is escaped
                assert "100%" in expected and "100%%" not in expected


def test_the_kept_header_is_each_persons_own(app, make_user, login):
    """The logged-in header is kept by what it shows (web/cards.py, header_part): each
    person gets their own name, menu and form token in it, and a new notification, a new
    name or the search page's words show at once."""
    from intranet.accounts import people
    from intranet.notifying import notifications
    from intranet.web import cards

    ann = make_user(name="Ann Smit")
    bob = make_user(name="Bob Visser", role="recruiter")
    web = {"ann": login(ann), "bob": login(bob)}

    def header(who: str, url: str = "/?scope=all") -> str:
        page = web[who].get(url).get_data(as_text=True)
        return page[page.index('<header class="topbar">') : page.index("</header>")]

    for _ in range(2):  # rendered, then kept
        mine, theirs = header("ann"), header("bob")
        assert "Ann Smit" in mine and "Bob Visser" not in mine
        assert "Bob Visser" in theirs and "Ann Smit" not in theirs
        assert cards.TOKEN not in mine
        token = re.search(r'name="csrf_token" value="([^"]+)"', mine).group(1)
        assert token != re.search(r'name="csrf_token" value="([^"]+)"', theirs).group(1)
        assert "data-unread-count-box hidden" in mine
    said = posts.create_post(bob, {"type": "update", "body": "Voor Ann"})
    notifications.notify(said, {ann.id: [{"kind": "mention"}]})
    people.update_profile(bob, {"name": "Bob de Boer"})
    db.session.commit()
    assert "data-unread-count>1<" in header("ann")
    assert "Bob de Boer" in header("bob") and "Bob Visser" not in header("bob")
    assert 'value="planner"' in header("bob", "/search?q=planner")
    assert 'value="planner"' not in header("bob")
    # Looking at the Following feed writes when Ann last did: her header stays kept.
    web["ann"].get("/")
    before = len(app.extensions["kring.header"][0])
    header("ann")
    assert len(app.extensions["kring.header"][0]) == before
    # Ann's token logs Ann out.
    assert web["ann"].client.post("/logout", data={"csrf_token": token}).status_code in (302, 303)
    assert "Ann Smit" not in web["ann"].get("/").get_data(as_text=True)
