"""Atom feeds on personal secret addresses: a tag, an alert, a client, a group, the
Following feed and the open vacancies; only what the owner may read, sanitised, and free
for a poller when nothing changed. Every feed is read back with feedparser."""

from __future__ import annotations

import feedparser
import test_calendar
from test_candidates import NAME, SECRETS, offer_data
from test_sharing import past_closing, vacancy

from intranet.accounts import subscriptions
from intranet.clients import directory
from intranet.extensions import db
from intranet.notifying import alerts, fanout
from intranet.posting import follows, groups, posts

staff = test_calendar.staff  # the same colleagues


def update(author, body, **data):
    return posts.create_post(author, {"type": "update", "body": body, **data})


def feed_url(app, user, path: str) -> str:
    with app.test_request_context():
        return f"/s/{subscriptions.secret_for(db.session.merge(user))}/feeds/{path}"


def read(app, user, path, status=200, **headers):
    headers.setdefault("Accept-Language", "en")  # the owner has no language of their own
    response = app.test_client().get(feed_url(app, user, path), headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if status != 200:
        return response
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def titles(parsed) -> list[str]:
    return [entry.title for entry in parsed.entries]


def test_a_tag_feed_holds_what_its_owner_may_read_sanitised(app, staff):
    eva, recruiter = staff["eva"], staff["recruiter"]
    secret_group = groups.create_group(recruiter, "Directie", private=True)
    update(recruiter, "Geheim overleg #java", group=secret_group.id)
    update(
        recruiter,
        "Nieuwe klant voor #java <script>alert(1)</script> [klik](javascript:alert(2)) **vet**",
    )
    db.session.commit()

    parsed = read(app, eva, "tags/java.atom")
    assert parsed.feed.title == "Kring: #java"
    assert parsed.feed.link.endswith("/tags/java")
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.title.startswith("Nieuwe klant voor #java")
    assert entry.author == "Bram Recruiter"
    assert entry.link.startswith("http://kring.test/posts/")
    assert [t.term for t in entry.tags] == ["java"]
    html = entry.content[0].value
    assert "<strong>vet</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert "Geheim" not in str(parsed)
    # The recruiter, a member of the private group, reads both.
    assert len(read(app, recruiter, "tags/java.atom").entries) == 2


def test_an_unchanged_feed_is_a_304_by_etag_and_by_date(app, staff, count_queries):
    update(staff["recruiter"], "Eerste #planning")
    db.session.commit()
    first = app.test_client().get(
        feed_url(app, staff["eva"], "tags/planning.atom"), headers={"Accept-Language": "en"}
    )
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    url, client = feed_url(app, staff["eva"], "tags/planning.atom"), app.test_client()
    with count_queries() as statements:
        again = client.get(url, headers={"If-None-Match": etag, "Accept-Language": "en"})
    assert again.status_code == 304 and again.data == b""
    assert len(statements) == 2  # the owner, and the feed's version: nothing is loaded
    read(app, staff["eva"], "tags/planning.atom", 304, **{"If-Modified-Since": modified})
    update(staff["recruiter"], "Tweede #planning")
    db.session.commit()
    changed = read(app, staff["eva"], "tags/planning.atom", **{"If-None-Match": etag})
    assert len(changed.entries) == 2


def test_following_and_vacancies_feeds(app, staff):
    eva, recruiter, piet = staff["eva"], staff["recruiter"], staff["piet"]
    follows.follow_user(eva, recruiter)
    update(recruiter, "Goedemorgen allemaal")
    update(piet, "Iets van Piet")
    open_one = vacancy(recruiter, title="Planner")
    closed = vacancy(recruiter, title="Oude vacature")
    past_closing(closed)
    db.session.commit()

    following = read(app, eva, "following.atom")
    assert "Goedemorgen allemaal" in titles(following)
    assert "Iets van Piet" not in titles(following)
    assert titles(read(app, eva, "vacancies.atom")) == [f"Internal vacancy: {open_one.title}"]


def test_group_feed_for_members_only(app, staff):
    secret_group = groups.create_group(staff["recruiter"], "Directie", private=True)
    update(staff["recruiter"], "Alleen voor de directie", group=secret_group.id)
    db.session.commit()
    path = f"groups/{secret_group.id}.atom"
    assert titles(read(app, staff["recruiter"], path)) == ["Alleen voor de directie"]
    read(app, staff["eva"], path, 404)


def test_client_feed(app, staff):
    client = directory.create_client(staff["recruiter"], "Bakkerij Brood", aliases="Brood BV")
    update(staff["recruiter"], "Brood BV zoekt drie bakkers")
    update(staff["recruiter"], "Niets over klanten")
    db.session.commit()
    fanout.drain()  # the matcher records which clients a post names
    parsed = read(app, staff["eva"], f"clients/{client.id}.atom")
    assert titles(parsed) == ["Brood BV zoekt drie bakkers"]
    assert parsed.feed.title == "Kring: Bakkerij Brood"


def test_alert_feed_is_its_owners_only(app, staff):
    alert = alerts.create_alert(staff["eva"], {"term": "heftruck"})
    update(staff["recruiter"], "Wie rijdt er heftruck?")
    update(staff["recruiter"], "Over iets anders")
    db.session.commit()
    fanout.drain()
    assert titles(read(app, staff["eva"], f"alerts/{alert.id}.atom")) == ["Wie rijdt er heftruck?"]
    read(app, staff["piet"], f"alerts/{alert.id}.atom", 404)


def test_no_candidates_personal_data_even_for_a_recruiter(app, staff):
    posts.create_post(staff["recruiter"], offer_data())
    db.session.commit()
    parsed = read(app, staff["recruiter"], "following.atom")
    assert titles(parsed) == ["Candidate offer: Logistiek planner, Zwolle"]
    body = app.test_client().get(feed_url(app, staff["recruiter"], "following.atom")).data
    assert NAME.encode() not in body and not any(s.encode() in body for s in SECRETS)


def test_a_feed_speaks_its_owners_language(app, staff):
    staff["eva"].language = "nl"
    vacancy(staff["recruiter"], title="Planner")
    db.session.commit()
    parsed = read(app, staff["eva"], "vacancies.atom")
    assert parsed.feed.title == "Kring: Open vacatures"
    assert titles(parsed) == ["Interne vacature: Planner"]


def test_renewed_or_bad_addresses_and_bad_tags(app, staff):
    old = feed_url(app, staff["eva"], "following.atom")
    subscriptions.renew(staff["eva"])
    db.session.commit()
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get("/s/nonsense/feeds/following.atom").status_code == 404
    read(app, staff["eva"], "tags/no%20such.atom", 422)


def test_the_settings_page_lists_each_feed(app, staff, login):
    eva = staff["eva"]
    follows.follow_tag(eva, "java")
    alert = alerts.create_alert(eva, {"term": "heftruck"})
    db.session.commit()
    page = login(eva).get("/settings/subscriptions").get_data(as_text=True)
    for path in ("following.atom", "vacancies.atom", "tags/java.atom", f"alerts/{alert.id}.atom"):
        assert "http://kring.test" + feed_url(app, eva, path) in page
