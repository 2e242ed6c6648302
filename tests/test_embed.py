"""The intranet widget, the careers site's JSON and the JobPosting data search engines read:
the company-wide open vacancies only, nobody's personal data, framed only by the origins in
KRING_EMBED_ORIGINS. (tests/browser/test_embed_frame.py has Chromium enforce the framing.)"""

from __future__ import annotations

import html
import json
import re

import pytest
from test_sharing import past_closing, vacancy

from intranet.extensions import db
from intranet.links import embed_origins
from intranet.posting import groups
from intranet.recruiting import public_text

INTRANET = "https://intranet.brugwerk.example"


@pytest.fixture
def origins(app, monkeypatch):
    monkeypatch.setitem(app.config, "KRING_EMBED_ORIGINS", f"{INTRANET}, https://werkenbij.example")


@pytest.fixture
def board(make_user):
    recruiter = make_user("recruiter", name="Bram Geheimnaam", handle="bram")
    public_group = groups.create_group(recruiter, "Logistiek team")
    private_group = groups.create_group(recruiter, "Directie", private=True)
    found = {
        "planner": vacancy(recruiter, title="Planner", department="Logistiek", location="Ede"),
        "chauffeur": vacancy(
            recruiter,
            title="Chauffeur",
            department="Transport",
            location="Zwolle",
            body="Rijden #rijbewijs-c",
        ),
        "group": vacancy(recruiter, title="Teamleider", group=public_group),
        "private": vacancy(recruiter, title="Directeur", group=private_group),
        "closed": vacancy(recruiter, title="Oude baan"),
    }
    past_closing(found["closed"])
    db.session.commit()
    return found


def titles(page: str) -> list[str]:
    return re.findall(r'class="embed__title"[^>]*>([^<]+)<', page)


def test_the_widget_lists_company_wide_open_vacancies_without_personal_data(app, board, origins):
    response = app.test_client().get("/embed/vacancies", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(titles(page)) == ["Chauffeur", "Planner"]
    assert "Geheimnaam" not in page and "bram" not in page
    planner = board["planner"]
    assert f'href="http://kring.test/jobs/{planner.id}#apply"' in page
    assert f'href="http://kring.test/vacancies/{planner.id}/refer"' in page
    assert "<script" not in page
    policy = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {INTRANET} https://werkenbij.example" in policy
    assert "X-Frame-Options" not in response.headers
    # Every other page still refuses to be framed.
    assert app.test_client().get("/login").headers["X-Frame-Options"] == "DENY"


def test_without_origins_only_kring_may_frame_it(app, board):
    policy = app.test_client().get("/embed/vacancies").headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors 'self'")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=Transport", ["Chauffeur"]),
        ("location=Ede", ["Planner"]),
        ("tag=rijbewijs-c", ["Chauffeur"]),
        ("tag=%23rijbewijs-c&department=Logistiek", []),
    ],
)
def test_the_widget_filters(app, board, query, expected):
    page = app.test_client().get(f"/embed/vacancies?{query}").get_data(as_text=True)
    assert titles(page) == expected


def test_a_bad_filter_is_said_in_the_pages_language(app, board):
    response = app.test_client().get("/embed/vacancies?tag=no such&lang=nl")
    assert response.status_code == 422
    assert "Een tag is één woord" in html.unescape(response.get_data(as_text=True))
    response = app.test_client().get("/embed/vacancies?limit=0&lang=en")
    assert response.status_code == 422 and "embed__error" in response.get_data(as_text=True)


def test_the_careers_json(app, board):
    response = app.test_client().get("/jobs.json?location=Zwolle")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    [item] = response.json["items"]
    chauffeur = board["chauffeur"]
    assert item["id"] == chauffeur.id and item["title"] == "Chauffeur"
    # Tags are colleagues' words (a client's name, often): filter by them, never listed.
    assert "tags" not in item and item["hours"] == 32
    assert item["url"] == f"http://kring.test/jobs/{chauffeur.id}"
    assert "author" not in item and "Geheimnaam" not in response.get_data(as_text=True)
    bad = app.test_client().get("/jobs.json?tag=@@")
    assert bad.status_code == 422 and bad.json["error"]["message"]


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_the_public_page_carries_a_job_posting_for_search_engines(app, board, monkeypatch):
    planner = board["planner"]
    unnamed = json_ld(app.test_client().get(f"/jobs/{planner.id}").get_data(as_text=True))
    # No agency name set: no employer named; no public text yet: the facts, not the post.
    assert "hiringOrganization" not in unnamed[0]
    assert unnamed[0]["description"] == "Planner · Logistiek · Ede"
    monkeypatch.setitem(app.config, "KRING_AGENCY_NAME", "Brugwerk Recruitment")  # shared app
    public_text.save(planner, "**Planner** gezocht in Ede.")
    page = app.test_client().get(f"/jobs/{planner.id}").get_data(as_text=True)
    [posting] = json_ld(page)
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Planner"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Brugwerk Recruitment",
    }
    assert posting["jobLocation"]["address"]["addressLocality"] == "Ede"
    assert posting["jobLocation"]["address"]["addressCountry"] == "NL"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["validThrough"].endswith("+00:00") and posting["datePosted"]
    assert "<strong>Planner</strong>" in posting["description"]
    assert posting["url"] == f"http://kring.test/jobs/{planner.id}"
    # Markup in a vacancy can't close the data block.
    assert "</script" not in json.dumps(posting).lower()


def test_a_closed_vacancy_is_not_offered_to_search_engines(app, board):
    page = app.test_client().get(f"/jobs/{board['closed'].id}").get_data(as_text=True)
    assert json_ld(page) == []


def test_the_admin_page_makes_the_snippet(app, board, origins, make_user, login):
    admin = login(make_user("admin"))
    page = admin.get("/admin/embed?department=Transport&height=400&lang=nl")
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    url = "http://kring.test/embed/vacancies?department=Transport&lang=nl"
    assert f'<iframe src="{url}"' in text and "height:400px" in text
    assert INTRANET in text and "/jobs.json?department=Transport" in text
    wrong = admin.get("/admin/embed?height=5")
    assert wrong.status_code == 422 and "err-height" in wrong.get_data(as_text=True)
    assert login(make_user()).get("/admin/embed").status_code == 403


def test_origins_must_be_origins():
    assert embed_origins(" https://a.example, http://b.example:8080/ ") == [
        "https://a.example",
        "http://b.example:8080",
    ]
    for bad in ("intranet.example", "ftp://a.example", "https://a.example/path", "https://"):
        with pytest.raises(ValueError, match="KRING_EMBED_ORIGINS"):
            embed_origins(bad)
