"""Card faces kept per version (web/cards.py): a page served from kept faces is the page
rendered afresh, and no change (edit, status, like, deletion, a renamed author or
assignee, leaving a private group, another language) ever shows stale or forbidden
content; what is the reader's own (liked, follow, a candidate's personal data) stays
theirs."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import update

from intranet import i18n
from intranet.accounts import people
from intranet.extensions import db
from intranet.models import CandidateInterest, CandidateOffer, CandidatePrivate
from intranet.platform.clock import local_today
from intranet.posting import follows, groups, posts
from intranet.web import cards

SOON = (local_today() + timedelta(days=30)).isoformat()
VACANCY = {
    "title": "Planner",
    "department": "Logistiek",
    "location": "Zwolle",
    "hours": 32,
    "closes_on": SOON,
}


def post(author, body="Gewoon een bericht", post_type="update", **fields):
    return posts.create_post(author, {"type": post_type, "body": body, **fields})


def card(html: str, post_id: int) -> str:
    found = re.search(
        rf'<article class="card post[^"]*" id="p{post_id}">(.*?)</article>', html, re.S
    )
    assert found, f"no card p{post_id}"
    return found.group(1)


def tokenless(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', html)


def everyone(web) -> str:
    response = web.get("/?scope=all")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def kept(app) -> int:
    return len(app.extensions.get("kring.cards", ({},))[0])


def test_a_page_from_kept_faces_is_the_page_rendered_afresh(app, make_user, login):
    author = make_user(name="Sanne de Vries")
    made = [post(author, f"Bericht {i} #team") for i in range(3)]
    web = login(make_user())
    first = everyone(web)
    before = kept(app)
    assert before >= len(made)
    second = everyone(web)
    assert kept(app) == before  # nothing new to render
    # The same cards, but for the form's token (signed with the second it was made in).
    assert [tokenless(card(second, p.id)) for p in made] == [
        tokenless(card(first, p.id)) for p in made
    ]


def test_an_edit_a_status_and_a_like_show_at_once(app, make_user, login):
    author = make_user("recruiter")
    reader = make_user()
    vacancy = post(author, "Wie kent iemand?", "vacancy", **VACANCY)
    web = login(reader)
    assert "Planner" in card(everyone(web), vacancy.id)
    posts.edit_post(author, vacancy, {"title": "Senior planner", "body": "Nog steeds open"})
    posts.change_status(author, db.session.get(type(vacancy), vacancy.id), "filled")
    posts.like(author, vacancy)
    face = card(everyone(web), vacancy.id)
    assert "Senior planner" in face and "Nog steeds open" in face
    assert "Wie kent iemand?" not in face
    assert "badge--status-filled" in face
    assert '<span class="count">1</span>' in face
    # The like is the author's: the reader's button is not pressed.
    assert 'aria-pressed="false"' in face
    author_face = card(everyone(login(author)), vacancy.id)
    assert 'aria-pressed="true"' in author_face


def test_a_deleted_post_is_gone_and_a_renamed_person_is_renamed(app, make_user, login):
    author = make_user(name="Sanne de Vries")
    assignee = make_user("recruiter", name="Joost Bakker")
    gone = post(author, "Dit verdwijnt")
    alert = post(
        assignee,
        "Slechte review",
        "reputation_alert",
        source="Google Reviews",
        severity="high",
        assignee=assignee.id,
    )
    web = login(make_user("recruiter"))
    page = everyone(web)
    assert "Dit verdwijnt" in page and "Joost Bakker" in card(page, alert.id)
    posts.delete_post(author, gone)
    people.update_profile(author, {"name": "Sanne Jansen"})
    people.update_profile(assignee, {"name": "Joost de Boer"})
    db.session.commit()
    page = everyone(web)
    assert f'id="p{gone.id}"' not in page and "Dit verdwijnt" not in page
    assert "Joost de Boer" in card(page, alert.id) and "Joost Bakker" not in page


def test_leaving_a_private_group_hides_its_posts(app, make_user, login):
    owner = make_user()
    member = make_user()
    team = groups.create_group(owner, "Geheim team", private=True)
    groups.add_member(owner, team, member)
    secret = post(owner, "Alleen voor het team", group=str(team.id))
    web = login(member)
    assert "Alleen voor het team" in card(everyone(web), secret.id)
    groups.remove_member(owner, team, member)
    page = everyone(web)
    assert "Alleen voor het team" not in page and f'id="p{secret.id}"' not in page


def test_each_language_has_its_own_face(app, make_user, login):
    author = make_user()
    vacancy = post(author, "Wie kent iemand?", "vacancy", **VACANCY)
    dutch = login(make_user(language="nl"))
    english = login(make_user(language="en"))
    assert "32 uur per week" in card(everyone(dutch), vacancy.id)
    assert "32 hours a week" in card(everyone(english), vacancy.id)
    assert "32 uur per week" in card(everyone(dutch), vacancy.id)


def test_a_candidates_personal_data_stays_with_recruiters(app, make_user, login):
    recruiter = make_user("recruiter")
    offer = post(
        recruiter,
        "Sterke developer",
        "candidate_offer",
        headline="Java developer",
        skills=["Java"],
        availability="direct",
        location="Utrecht",
        candidate_name="Kandidaat Geheimnaam",
        candidate_contact="geheim@example.org",
        consent=True,
    )
    employee = login(make_user())
    colleague = login(make_user("recruiter"))
    for _ in range(2):  # rendered, then kept: each reader still sees only their own part
        employee_face = card(everyone(employee), offer.id)
        assert "Java developer" in employee_face
        assert "Geheimnaam" not in employee_face and "geheim@example.org" not in employee_face
        assert "Geheimnaam" in card(everyone(login(recruiter)), offer.id)
        assert "geheim@example.org" in card(everyone(colleague), offer.id)
    kept_before = kept(app)
    everyone(employee)
    assert kept(app) == kept_before
    # The candidate's own row changed, the post's not: recruiters read the new contact.
    db.session.execute(
        update(CandidatePrivate)
        .where(CandidatePrivate.post_id == offer.id)
        .values(contact="nieuw@example.org")
    )
    db.session.commit()
    assert "nieuw@example.org" in card(everyone(colleague), offer.id)
    assert "nieuw@example.org" not in card(everyone(employee), offer.id)
    # Interest counted without a reply in the thread: the post's own row stays the same.
    db.session.add(CandidateInterest(post_id=offer.id, user_id=make_user().id))
    db.session.commit()
    assert "1 collega geïnteresseerd" in card(everyone(employee), offer.id)
    assert "Geheimnaam" not in card(everyone(employee), offer.id)
    # Past its retention date recruiters read that the data was erased; others read nothing.
    db.session.execute(
        update(CandidateOffer)
        .where(CandidateOffer.id == offer.id)
        .values(retain_until=local_today() - timedelta(days=2))
    )
    db.session.commit()
    assert "persoonsgegevens van de kandidaat zijn op" in card(everyone(colleague), offer.id)
    assert "persoonsgegevens van de kandidaat zijn op" not in card(everyone(employee), offer.id)


def test_the_links_on_a_card_are_the_addresses_url_for_makes(app):
    for base in ("http://localhost/", "http://localhost/kring/"):
        with app.test_request_context("/?scope=all", base_url=base):
            follow = cards.Link("people.follow", "handle", str)
            tag = cards.Link("feed.tag", "name", str)
            like = cards.Link("posts.like", "post_id")
            for value in ("anna", "zoë-öz", "a b", "50%", "a/b", "x?y#z", "kring-marker"):
                assert follow(value) == url_for("people.follow", handle=value)
                assert tag(value) == url_for("feed.tag", name=value)
            for number in (1, 918273645, 2**31 - 1):
                assert like(number) == url_for("posts.like", post_id=number)
    assert like(7).startswith("/kring/")


def test_a_card_answered_to_its_form_leads_back_to_the_post(app, make_user, login):
    author = make_user(name="Sanne de Vries")
    made = post(author, "Wie helpt? #team")
    web = login(make_user())
    on_page = card(everyone(web), made.id)
    assert f'name="next" value="/?scope=all#p{made.id}"' in on_page
    assert '<input type="hidden" name="next" value="/?scope=all">' in on_page  # follow
    fragment = web.post(
        f"/posts/{made.id}/like", {"reaction": "tada"}, headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert f'action="/posts/{made.id}/like"' in fragment
    assert f'name="next" value="/posts/{made.id}#p{made.id}"' in fragment
    assert f'action="/u/{author.handle}/follow"' in fragment
    assert '<input type="hidden" name="next" value="/">' in fragment
    assert 'href="/tags/team"' in fragment and f'href="/posts/{made.id}#reply"' in fragment
    assert 'name="remove" value="tada" aria-pressed="true"' in fragment


def test_the_reaction_pickers_are_kept_per_language_and_choice(app, make_user, login):
    made = post(make_user(), "Goed nieuws")
    dutch = login(make_user(language="nl"))
    english = login(make_user(language="en"))
    dutch.post(f"/posts/{made.id}/like", {"reaction": "joy", "next": "/"})
    for _ in range(2):  # drawn, then kept
        mine = card(everyone(dutch), made.id)
        assert 'name="remove" value="joy" aria-pressed="true" title="Grappig"' in mine
        assert 'name="reaction" value="tada" aria-pressed="false" title="Goed gedaan"' in mine
        theirs = card(everyone(english), made.id)
        assert 'name="reaction" value="joy" aria-pressed="false" title="Funny"' in theirs
        assert 'aria-label="Funny, 1: ' in theirs


def test_the_time_key_of_a_face_changes_whenever_its_words_do(app, monkeypatch):
    """A face is kept by `ago_key`, not by the words `ago` makes (Babel's are the costly
    part of a kept face): as the clock moves on, one key of a post's moment must never
    stand for two different words."""
    clock = {"now": None}
    monkeypatch.setattr(i18n, "utcnow", lambda: clock["now"])
    seconds = [*range(-5, 4000), *range(84000, 88000, 7), *range(6 * 86400, 7 * 86400 + 90, 61)]
    posted = (datetime(2026, 3, 14, 12, 0, 0, 250000), datetime(2025, 12, 31, 23, 59, 59))
    for language in ("nl", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            for moment in posted:
                said: dict = {}
                for s in seconds:
                    for late in (0, 400000):
                        clock["now"] = moment + timedelta(seconds=s, microseconds=late)
                        words = said.setdefault(i18n.ago_key(moment), i18n.ago(moment))
                        assert words == i18n.ago(moment), (clock["now"], words)
                assert len(said) < len(seconds) / 10  # and not a key per second
                clock["now"] = moment + timedelta(days=400)  # another year: another key
                assert i18n.ago_key(moment) not in said


def test_the_readers_part_is_kept_but_stays_each_readers_own(app, make_user, login):
    """The reader's part of a card (reactions, follow, tags) is kept by what it shows, so
    two readers may share it: each gets their own form token in it, and what is theirs
    (a follow, a followed tag, their reaction) gives them their own."""
    author = make_user(name="Sanne de Vries")
    made = post(author, "Wie helpt? #team")
    one, other = make_user(), make_user()
    first, second = login(one), login(other)
    tokens = {}
    for name, web in (("one", first), ("other", second)):
        mine = card(everyone(web), made.id)
        found = set(re.findall(r'name="csrf_token" value="([^"]+)"', mine))
        assert len(found) == 1 and cards.TOKEN not in mine
        tokens[name] = found.pop()
        assert f'action="/u/{author.handle}/follow"' in mine
    assert tokens["one"] != tokens["other"]
    # Each token is its reader's: it sends their form, and not the other's.
    sent = {"reaction": "tada", "next": "/"}
    assert (
        first.client.post(
            f"/posts/{made.id}/like", data={**sent, "csrf_token": tokens["other"]}
        ).status_code
        == 400
    )
    assert (
        first.client.post(
            f"/posts/{made.id}/like", data={**sent, "csrf_token": tokens["one"]}
        ).status_code
        == 303
    )
    follows.follow_user(one, author)
    follows.follow_tag(one, "team")
    db.session.commit()
    mine, theirs = card(everyone(first), made.id), card(everyone(second), made.id)
    assert f'action="/u/{author.handle}/follow"' not in mine
    assert "tagchip--followed" in mine and 'value="tada" aria-pressed="true"' in mine
    assert f'action="/u/{author.handle}/follow"' in theirs
    assert "tagchip--followed" not in theirs and 'value="tada" aria-pressed="false"' in theirs
    assert 'aria-label="Goed gedaan, 1: ' in theirs
    # What was kept is what is rendered afresh.
    app.extensions["kring.footers"][0].clear()
    assert tokenless(card(everyone(second), made.id)) == tokenless(theirs)


def test_a_vacancys_buttons_are_each_readers_and_follow_its_status(app, make_user, login):
    """A vacancy's buttons are kept by what decides them (Actions.vacancy_buttons): the
    public text is for its author and recruiters, and a filled vacancy asks for nobody."""
    author = make_user()
    vacancy = post(author, "Wie kent iemand?", "vacancy", **VACANCY)
    recruiter, employee = login(make_user("recruiter")), login(make_user())
    for _ in range(2):  # drawn, then kept
        theirs, mine = card(everyone(recruiter), vacancy.id), card(everyone(employee), vacancy.id)
        assert "Openbare tekst schrijven" in theirs and "Openbare tekst schrijven" not in mine
        assert f'href="/vacancies/{vacancy.id}/refer"' in mine
    posts.change_status(author, db.session.get(type(vacancy), vacancy.id), "filled")
    db.session.commit()
    assert "Iemand aanbrengen" not in card(everyone(employee), vacancy.id)
    assert "Iemand aanbrengen" not in card(everyone(recruiter), vacancy.id)
