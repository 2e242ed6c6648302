"""A vacancy's public text: drafted from the internal post without what colleagues say to
each other, approved by its author or a recruiter, the only text the public page and its
link previews show; and the agency's name from KRING_AGENCY_NAME."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from intranet.extensions import db
from intranet.models import Vacancy
from intranet.platform.clock import local_today
from intranet.posting import groups, posts
from intranet.text.outsiders import draft, names_insiders

SOON = (local_today() + timedelta(days=30)).isoformat()
BROWSER = {"User-Agent": "Mozilla/5.0 Chrome/131.0", "Accept-Language": "nl-NL,nl;q=0.9"}
INTERNAL = (
    "Nog even voor de groep: Van der Berg Logistiek zoekt tien heftruckchauffeurs voor het DC "
    "in Zwolle, samen met @sanne. Ken jij iemand? #vacature #zwolle\n\n"
    "Intern: de klant betaalt pas na 60 dagen.\nNiet doorvertellen.\n\n"
    "@lars bel jij de aannemers?\n\n"
    "- Certificaat heftruck\n- VCA #vca"
)


@pytest.mark.parametrize(
    ("internal", "public"),
    [
        ("Wij zoeken een planner. #logistiek #ede", "Wij zoeken een planner."),
        ("We zoeken iemand die samen met @noor werft.", "We zoeken iemand die werft."),
        ("@sophie heeft het druk: we zoeken een accountmanager.", "We zoeken een accountmanager."),
        ("@tim top, ik bel hem morgen.", ""),
        ("Nog even voor de groep: tien chauffeurs gezocht.", "Tien chauffeurs gezocht."),
        ("FYI: 40 uur per week.", "40 uur per week."),
        ("Een planner. Ken jij iemand?", "Een planner."),
        ("A planner. Do you know someone? Referral bonus € 500.", "A planner."),
        ("Intern: klant betaalt slecht.\nNiet delen.\n\nEen planner.", "Een planner."),
        ("Internal only - do not share.", ""),
        (
            "Kennis van C# en .NET, mail jobs@example.nl",
            "Kennis van C# en .NET, mail jobs@example.nl",
        ),
        ("- Rijbewijs B\n- @lars regelt de auto", "- Rijbewijs B"),
        ("Zie https://example.nl/#werken", "Zie https://example.nl/#werken"),
    ],
)
def test_the_draft_leaves_out_what_colleagues_say_to_each_other(internal, public):
    assert draft(internal) == public


def test_names_insiders():
    assert names_insiders("Bel @bram") and names_insiders("Een #tag")
    assert not names_insiders("Mail jobs@example.nl over C# en https://x.nl/#a")


def vacancy(author, body=INTERNAL, group=None):
    data = {
        "type": "vacancy",
        "body": body,
        "title": "Heftruckchauffeur",
        "department": "Warehouse",
        "location": "Zwolle",
        "hours": 40,
        "closes_on": SOON,
    }
    if group is not None:
        data["group"] = group.id
    return posts.create_post(author, data)


@pytest.fixture
def people(make_user):
    return {
        "recruiter": make_user("recruiter", name="Bram Recruiter", handle="bram"),
        "eva": make_user(name="Eva Medewerker", handle="eva"),
        "sanne": make_user(name="Sanne Auteur", handle="sanne"),
        "lars": make_user(name="Lars Collega", handle="lars"),
    }


def public_page(app, post_id):
    answer = app.test_client().get(f"/jobs/{post_id}", headers=BROWSER)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def og_description(page):
    return re.search(r'property="og:description" content="([^"]*)"', page).group(1)


FORBIDDEN = ("@", "#vacature", "#vca", "Nog even voor de groep", "Ken jij", "60 dagen", "aannemers")


def test_the_public_page_never_shows_the_internal_post(people, app, login):
    post = vacancy(people["sanne"])
    page = public_page(app, post.id)
    main = page.split('<main id="main"', 1)[1]
    for word in (*FORBIDDEN, "Van der Berg"):  # nothing of the body until one is approved
        assert word not in main, word
    assert og_description(page) == "Heftruckchauffeur · Warehouse · Zwolle · 40 uur per week"

    web = login(people["recruiter"])
    form = web.get(f"/vacancies/{post.id}/public").get_data(as_text=True)
    prefilled = re.search(r"<textarea[^>]*>([^<]*)</textarea>", form).group(1)
    assert prefilled.startswith("Van der Berg Logistiek zoekt tien heftruckchauffeurs")
    for word in FORBIDDEN:
        assert word not in prefilled, word
    assert (
        web.post(f"/vacancies/{post.id}/public", data={"public_text": prefilled}).status_code == 303
    )

    page = public_page(app, post.id)
    assert "Van der Berg Logistiek zoekt tien heftruckchauffeurs" in page
    assert "<li>Certificaat heftruck</li>" in page
    assert og_description(page).startswith("Van der Berg Logistiek zoekt tien")
    for word in FORBIDDEN:
        assert word not in page.split("<body", 1)[1] or word == "@", word
    # The search engines' data names its own keys with an @ (@context, @type): apart
    # from those, no @ at all, and its description is the public text too.
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert data and "Van der Berg Logistiek zoekt tien" in data.group(1)
    for word in FORBIDDEN:
        assert word == "@" or word not in data.group(1), word
    assert not re.search(r"@(?!context|type)\w", page)


def test_who_may_write_it_and_what_it_may_say(people, app, login):
    post = vacancy(people["sanne"])
    assert login(people["eva"]).get(f"/vacancies/{post.id}/public").status_code == 403
    author = login(people["sanne"])
    assert author.get(f"/vacancies/{post.id}/public").status_code == 200
    for text, message in (
        ("", "Schrijf eerst de tekst"),
        ("Bel @lars voor details", "Laat @vermeldingen en #tags weg"),
        ("Een baan #zwolle", "Laat @vermeldingen en #tags weg"),
        ("x" * 5001, "hoogstens 5000 tekens"),
    ):
        answer = author.post(f"/vacancies/{post.id}/public", data={"public_text": text})
        assert answer.status_code == 422
        assert message in answer.get_data(as_text=True)
    assert db.session.get(Vacancy, post.id).public_text is None
    answer = author.post(
        f"/vacancies/{post.id}/public", data={"public_text": "Een **mooie** baan."}
    )
    assert answer.status_code == 303
    saved = db.session.get(Vacancy, post.id)
    assert saved.public_html == "<p>Een <strong>mooie</strong> baan.</p>"
    assert saved.public_at is not None
    # The card shows the way to it, to whom it may.
    assert "Openbare tekst" in author.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "Openbare tekst" not in login(people["eva"]).get(f"/posts/{post.id}").get_data(
        as_text=True
    )


def test_a_private_groups_vacancy_has_no_public_text(people, login):
    team = groups.create_group(people["recruiter"], "Team", True)
    post = vacancy(people["recruiter"], group=team)
    assert login(people["recruiter"]).get(f"/vacancies/{post.id}/public").status_code == 409


def test_the_agency_is_named_by_the_setting_never_kring(people, app, monkeypatch):
    post = vacancy(people["recruiter"])
    page = public_page(app, post.id)
    assert "Kring" not in page and "og:site_name" not in page
    monkeypatch.setitem(app.config, "KRING_AGENCY_NAME", "Brugwerk Recruitment")  # shared app
    page = public_page(app, post.id)
    assert '<meta property="og:site_name" content="Brugwerk Recruitment">' in page
    assert "<title>Heftruckchauffeur · Brugwerk Recruitment</title>" in page
    assert "Brugwerk Recruitment mag mijn gegevens bewaren" in page
    assert "Kring" not in page


def test_the_demo_vacancies_draft_without_insiders():
    from intranet.demo.vacancies import VACANCIES

    for item in VACANCIES:
        text = draft(item["body"])
        assert text and not names_insiders(text), item["title"]
        for word in ("Nog even voor de groep", "Ken jij", "referral"):
            assert word not in text, item["title"]
