"""The composer's inside, kept per language and per what it offers (web/composer.py): a
kept form is the form rendered afresh, and a new group, colleague or client, another
role's types or another language is another form at once; a form sent back with what was
written keeps it."""

from __future__ import annotations

import re

from intranet.accounts import people
from intranet.clients import directory
from intranet.extensions import db
from intranet.posting import groups


def composer(html: str) -> str:
    found = re.search(r'<form class="card composer".*?</form>', html, re.S)
    assert found, "no composer"
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', found.group(0))


def options(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S)
    assert found, select_id
    return re.findall(r"<option[^>]*>([^<]*)</option>", found.group(0))


def test_a_kept_composer_is_the_composer_rendered_afresh(app, make_user, login):
    web = login(make_user())
    first = web.get("/").get_data(as_text=True)
    kept = len(app.extensions["kring.composer"])
    second = web.get("/").get_data(as_text=True)
    assert len(app.extensions["kring.composer"]) == kept
    assert composer(second) == composer(first)
    app.extensions["kring.composer"].clear()
    assert composer(web.get("/").get_data(as_text=True)) == composer(first)


def test_what_the_composer_offers_is_never_stale(app, make_user, login):
    me = make_user("recruiter", name="Eva Smit")
    web = login(me)
    assert "Teamoverleg" not in options(web.get("/").get_data(as_text=True), "composer-group")
    secret = groups.create_group(make_user(), "Teamoverleg", private=True)
    public = groups.create_group(make_user(), "Borrel")
    page = web.get("/").get_data(as_text=True)
    assert "Borrel" in options(page, "composer-group")
    assert "(besloten) Borrel" not in options(page, "composer-group")
    assert "(besloten) Teamoverleg" not in options(page, "composer-group")
    groups.add_member(secret.owner, secret, me)
    assert "(besloten) Teamoverleg" in options(
        web.get("/").get_data(as_text=True), "composer-group"
    )
    newcomer = make_user(name="Nieuwe Collega")
    assignee = "f-reputation_alert-assignee"
    assert f"Nieuwe Collega (@{newcomer.handle})" in options(
        web.get("/").get_data(as_text=True), assignee
    )
    people.update_profile(newcomer, {"name": "Hernoemde Collega"})
    db.session.commit()
    picked = options(web.get("/").get_data(as_text=True), assignee)
    assert f"Hernoemde Collega (@{newcomer.handle})" in picked
    assert f"Nieuwe Collega (@{newcomer.handle})" not in picked
    directory.create_client(me, "Datastroom", industry="ICT")
    assert '<option value="Datastroom">ICT</option>' in web.get("/").get_data(as_text=True)
    # A group's own page chooses that group in its composer.
    own = composer(web.get(f"/groups/{public.handle}").get_data(as_text=True))
    assert f'<option value="{public.id}" selected>Borrel</option>' in own


def test_each_role_and_language_has_its_own_composer(app, make_user, login):
    employee = composer(login(make_user(language="en")).get("/").get_data(as_text=True))
    recruiter = composer(
        login(make_user("recruiter", language="en")).get("/").get_data(as_text=True)
    )
    dutch = composer(login(make_user("recruiter", language="nl")).get("/").get_data(as_text=True))
    assert 'value="candidate_offer"' in recruiter and 'value="candidate_offer"' not in employee
    assert "Kind of post" in recruiter and "Soort bericht" in dutch


def test_a_composer_sent_back_keeps_what_was_written(app, make_user, login):
    web = login(make_user(language="en"))
    web.get("/")  # the empty composer is kept
    sent = web.post(
        "/posts",
        {
            "type": "vacancy",
            "body": "Wie kent iemand?",
            "vacancy.title": "",
            "vacancy.hours": "veel",
        },
    )
    assert sent.status_code == 422
    form = composer(sent.get_data(as_text=True))
    assert "Wie kent iemand?" in form and 'value="veel"' in form
    assert 'value="vacancy" id="type-vacancy" checked' in form
    assert "Wie kent iemand?" not in composer(web.get("/").get_data(as_text=True))
