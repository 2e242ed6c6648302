"""Feeds: what Following and Everyone contain, filters, newest first, keyset pagination
(API cursors and the web's "Older posts" links), broken cursors, a fixed number of queries
per page, and following people and tags through the web and the API."""

from __future__ import annotations

import base64
import html as htmllib
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select, update

from intranet.extensions import db
from intranet.models import Follow, Post, Tag, TagFollow
from intranet.platform.clock import local_today, utcnow
from intranet.posting import follows, groups, posts
from intranet.posting.feeds import FeedQuery, list_feed

SOON = (local_today() + timedelta(days=30)).isoformat()


# --- helpers ------------------------------------------------------------------------------


def post(author, body="Gewoon een bericht", post_type="update", **fields):
    return posts.create_post(author, {"type": post_type, "body": body, **fields})


def vacancy(author, body="Wie kent iemand? #vacature", **fields):
    return post(
        author,
        body,
        "vacancy",
        title="Recruiter IT",
        department="Recruitment",
        location="Utrecht",
        hours=32,
        closes_on=SOON,
        **fields,
    )


def set_times(stamps: dict[int, object]) -> None:
    """Give posts explicit creation times (post id → naive UTC datetime)."""
    for post_id, stamp in stamps.items():
        db.session.execute(update(Post).where(Post.id == post_id).values(created_at=stamp))
    db.session.commit()


def ids_of(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [item["id"] for item in response.get_json()["items"]]


def card_ids(html: str) -> list[int]:
    """The post cards on a page, in order (replies on a post page are not cards)."""
    return [int(n) for n in re.findall(r'<article class="card post[^"]*" id="p(\d+)"', html)]


def older_link(html: str) -> str | None:
    match = re.search(r'<nav class="pager"[^>]*>\s*<a [^>]*href="([^"]+)"', html)
    return htmllib.unescape(match.group(1)) if match else None


def page_ids(web, url) -> list[int]:
    response = web.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return card_ids(response.get_data(as_text=True))


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    return body["error"]


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- what the feeds contain ---------------------------------------------------------------


@pytest.fixture
def town(make_user):
    """A reader (me) and the posts that should and should not reach their Following feed."""
    me = make_user(name="Mies Lezer", handle="mies")
    friend = make_user(name="Frits Vriend", handle="frits")
    stranger = make_user(name="Sien Vreemd", handle="sien")
    club = groups.create_group(stranger, "Hardloopclub", False)
    other_club = groups.create_group(stranger, "Schaakclub", False)
    groups.add_member(me, club, me)
    follows.follow_user(me, friend)
    follows.follow_tag(me, "Logistiek")
    p = {
        "mine": post(me, "Mijn eigen bericht"),
        "friend": post(friend, "Van een vriend"),
        "tagged": post(stranger, "Nieuws over #logistiek"),
        "tagged_upper": vacancy(stranger, "Chauffeur gezocht #LOGISTIEK"),
        "mention": post(stranger, "Vraag voor @mies"),
        "club": post(stranger, "Training dinsdag", group=club.id),
        "other_club": post(stranger, "Toernooi zaterdag", group=other_club.id),
        "plain": post(stranger, "Niets voor jou"),
        "other_tag": post(stranger, "Over #zorg"),
    }
    # A reply that ticks every box (followed author, followed tag, mentions me, in my club):
    # replies are never feed items.
    p["reply"] = posts.create_reply(friend, p["club"], "Ik doe mee #logistiek @mies")
    p["reply_to_plain"] = posts.create_reply(friend, p["plain"], "Eens #logistiek @mies")
    base = utcnow() - timedelta(hours=1)
    set_times({x.id: base + timedelta(minutes=i) for i, x in enumerate(p.values())})
    return me, friend, stranger, club, other_club, p


FOLLOWING = ("mine", "friend", "tagged", "tagged_upper", "mention", "club")
EVERYONE = FOLLOWING + ("other_club", "plain", "other_tag")


def newest_first(p, names) -> list[int]:
    """The ids of the named posts, newest first (the fixture made them in order)."""
    return [p[n].id for n in reversed([n for n in p if n in names])]


def test_following_feed_contents(town, api, login):
    me, _friend, _stranger, _club, _other, p = town
    expected = newest_first(p, FOLLOWING)
    assert [x.id for x in list_feed(me, FeedQuery(scope="following")).items] == expected
    assert ids_of(api(me).get("/feed?scope=following")) == expected
    web = login(me)
    assert page_ids(web, "/") == expected
    assert page_ids(web, "/?scope=following") == expected


def test_everyone_feed_contents(town, api, login):
    me, *_rest, p = town
    expected = newest_first(p, EVERYONE)
    assert ids_of(api(me).get("/feed?scope=all")) == expected
    assert page_ids(login(me), "/?scope=all") == expected


def test_following_feed_follows_membership_and_follows(town, api):
    me, friend, stranger, club, _other, p = town
    client = api(me)
    groups.remove_member(me, db.session.merge(club), me)
    follows.unfollow_user(me, friend)
    follows.unfollow_tag(me, "logistiek")
    assert ids_of(client.get("/feed?scope=following")) == newest_first(p, ("mine", "mention"))
    follows.follow_user(me, stranger)
    assert ids_of(client.get("/feed?scope=following")) == newest_first(
        p, ("mine", "mention", "tagged", "tagged_upper", "club", "other_club", "plain", "other_tag")
    )


def test_replies_are_never_feed_items(town, api, login):
    me, friend, _stranger, club, _other, p = town
    replies = {p["reply"].id, p["reply_to_plain"].id}
    client, web = api(me), login(me)
    for url in (
        "/feed",
        "/feed?scope=all",
        "/feed?scope=following",
        "/feed?tag=logistiek",
        f"/feed?author={friend.id}",
        f"/feed?group={club.id}",
        "/feed?scope=following&tag=logistiek",
    ):
        assert not replies & set(ids_of(client.get(url))), url
    for url in ("/", "/?scope=all", "/tags/logistiek", "/u/frits", f"/groups/{club.handle}"):
        assert not replies & set(page_ids(web, url)), url
    assert ids_of(client.get(f"/feed?author={friend.id}")) == [p["friend"].id]
    response = client.get("/feed?type=reply")
    assert response.status_code == 400
    assert error_of(response)["code"] == "unknown_type"


# --- filters and order --------------------------------------------------------------------


def test_filters_by_type_tag_author_and_group(town, api, login):
    me, friend, stranger, club, _other, p = town
    client, web = api(me), login(me)
    cases = {
        "/feed?scope=all&type=vacancy": ["tagged_upper"],
        "/feed?scope=following&type=vacancy": ["tagged_upper"],
        "/feed?scope=all&type=update": [n for n in EVERYONE if n != "tagged_upper"],
        "/feed?scope=all&tag=logistiek": ["tagged", "tagged_upper"],
        "/feed?scope=all&tag=LogisTiek": ["tagged", "tagged_upper"],
        "/feed?scope=all&tag=zorg": ["other_tag"],
        "/feed?scope=all&tag=nergens": [],
        "/feed?scope=following&tag=zorg": [],
        f"/feed?scope=all&author={friend.id}": ["friend"],
        f"/feed?scope=all&author={stranger.id}&type=vacancy": ["tagged_upper"],
        f"/feed?scope=all&group={club.id}": ["club"],
        f"/feed?scope=all&tag=logistiek&author={stranger.id}&type=update": ["tagged"],
    }
    for url, names in cases.items():
        assert ids_of(client.get(url)) == newest_first(p, names), url
    web_cases = {
        "/?scope=all&type=vacancy": ["tagged_upper"],
        "/?type=update": [n for n in FOLLOWING if n != "tagged_upper"],
        "/tags/logistiek": ["tagged", "tagged_upper"],
        "/tags/Logistiek": ["tagged", "tagged_upper"],
        "/tags/logistiek?type=vacancy": ["tagged_upper"],
        "/u/frits": ["friend"],
        "/u/sien?type=vacancy": ["tagged_upper"],
        f"/groups/{club.handle}": ["club"],
    }
    for url, names in web_cases.items():
        assert page_ids(web, url) == newest_first(p, names), url


def test_bad_filters_are_clear_errors(town, api, login):
    me, *_rest = town
    client = api(me)
    for url, status, code in [
        ("/feed?type=poll", 400, "unknown_type"),
        ("/feed?scope=friends", 400, "unknown_scope"),
        ("/feed?tag=twee%20woorden", 422, "bad_tag"),
        ("/feed?author=999999", 404, "not_found"),
        ("/feed?group=999999", 404, "not_found"),
        ("/feed?limit=0", 422, "validation_error"),
        ("/feed?limit=101", 422, "validation_error"),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert error_of(response)["code"] == code, url
    web = login(me)
    assert web.get("/?type=poll").status_code == 400
    assert web.get("/?scope=friends").status_code == 400
    assert web.get("/tags/twee%20woorden").status_code == 422


def test_newest_first_by_time_then_id(make_user, api, login):
    """Order is by creation time, not by id; posts made in the same instant go by id."""
    author = make_user()
    a, b, c, d = (post(author, f"Bericht {n}") for n in "abcd")
    base = utcnow() - timedelta(hours=1)
    set_times(
        {
            a.id: base + timedelta(minutes=3),
            b.id: base + timedelta(minutes=1),
            c.id: base + timedelta(minutes=2),
            d.id: base + timedelta(minutes=2),
        }
    )
    expected = [a.id, d.id, c.id, b.id]
    assert ids_of(api(author).get("/feed?scope=all")) == expected
    assert page_ids(login(author), "/?scope=all") == expected


# --- keyset pagination --------------------------------------------------------------------


@pytest.fixture
def many(make_user):
    """45 posts (every third a vacancy, all tagged #stapel), in threes that share a creation
    time, so page boundaries fall inside a tie; newest first."""
    author = make_user(name="Paula Pagina", handle="paula")
    made = [
        vacancy(author, f"Vacature {i} #stapel")
        if i % 3 == 0
        else post(author, f"Bericht {i} #stapel")
        for i in range(45)
    ]
    base = utcnow() - timedelta(days=1)
    set_times({p.id: base + timedelta(minutes=i // 3) for i, p in enumerate(made)})
    return author, [p.id for p in reversed(made)]


def walk_api(client, url, limit=20) -> tuple[list[list[int]], list]:
    pages, cursors, cursor = [], [], None
    while True:
        sep = "&" if "?" in url else "?"
        full = f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(full)
        pages.append(ids_of(response))
        cursor = response.get_json()["next_cursor"]
        cursors.append(cursor)
        if not cursor:
            return pages, cursors
        assert len(pages) < 10, "the cursor does not move on"


def test_api_pages_through_45_posts(many, api):
    """limit=20: pages of 20, 20 and 5, in order, none twice, none missed (page boundaries
    fall inside groups of posts made in the same instant); filters page the same way; a
    post that arrives between two pages does not shift the later pages."""
    author, expected = many
    client = api(author)
    pages, cursors = walk_api(client, "/feed?scope=all")
    assert [len(page) for page in pages] == [20, 20, 5]
    assert cursors[-1] is None and all(cursors[:-1])
    assert [i for page in pages for i in page] == expected

    vacancies = [i for n, i in enumerate(expected) if (44 - n) % 3 == 0]
    pages, _ = walk_api(client, "/feed?scope=all&type=vacancy", limit=4)
    assert [i for page in pages for i in page] == vacancies
    pages, _ = walk_api(client, f"/feed?tag=stapel&author={author.id}", limit=7)
    assert [i for page in pages for i in page] == expected

    first = client.get("/feed?scope=all&limit=20").get_json()
    newcomer = post(author, "Net binnen")
    second = client.get(f"/feed?scope=all&limit=20&cursor={first['next_cursor']}").get_json()
    third = client.get(f"/feed?scope=all&limit=20&cursor={second['next_cursor']}").get_json()
    assert [p["id"] for page in (first, second, third) for p in page["items"]] == expected
    assert third["next_cursor"] is None
    assert ids_of(client.get("/feed?scope=all&limit=20"))[0] == newcomer.id


def walk_web(web, url, htmx=False) -> tuple[list[list[int]], list[str]]:
    """Follow the "Older posts" links from `url` (as htmx requests, after the first page,
    when `htmx`); the card ids of each page and the links followed."""
    pages, links = [], []
    while url:
        headers = {"HX-Request": "true"} if htmx and links else {}
        response = web.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        html = response.get_data(as_text=True)
        pages.append(card_ids(html))
        url = older_link(html)
        if url:
            links.append(url)
        assert len(pages) < 10, "the Older posts link does not move on"
    return pages, links


def test_web_older_posts_links_walk_45_posts(many, login):
    author, expected = many
    web = login(author)
    for htmx in (False, True):
        pages, links = walk_web(web, "/?scope=all", htmx=htmx)
        assert [len(page) for page in pages] == [20, 20, 5], htmx
        assert [i for page in pages for i in page] == expected, htmx
        assert all("scope=all" in link and "cursor=" in link for link in links)

    vacancies = [i for n, i in enumerate(expected) if (44 - n) % 3 == 0]
    for url, wanted in (
        ("/tags/stapel", expected),
        ("/u/paula", expected),
        ("/?scope=all&type=vacancy", vacancies),
        ("/", expected),
    ):
        pages, links = walk_web(web, url)
        assert [i for page in pages for i in page] == wanted, url
        for link in links:  # the same page, its filters kept
            assert link.split("?")[0] == url.split("?")[0], link
            assert "type=vacancy" in link or "type=" not in url, link

    first = web.get("/?scope=all").get_data(as_text=True)
    newcomer = post(author, "Net binnen")
    second = web.get(older_link(first)).get_data(as_text=True)
    third = web.get(older_link(second)).get_data(as_text=True)
    assert card_ids(first) + card_ids(second) + card_ids(third) == expected
    assert older_link(third) is None
    assert page_ids(web, "/?scope=all")[0] == newcomer.id


def with_cursor(url: str, cursor: str) -> str:
    return url + ("&" if "?" in url else "?") + urlencode({"cursor": cursor})


def _b64(raw: str | bytes) -> str:
    raw = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BROKEN_CURSORS = {
    "garbage": "garbage!!",
    "no_separator": _b64("hello"),
    "bad_id": _b64("2024-05-01T10:00:00|abc"),
    "bad_time": _b64("1 mei|5"),
    "three_parts": _b64("2024-05-01T10:00:00|5|6"),
    "not_utf8": _b64(b"\xff\xfe\xfd"),
    "non_ascii": "caf\u00e9",
    "huge_id": _b64("2024-05-01T10:00:00|" + "9" * 30),
    "long": "A" * 5000,
}


@pytest.mark.parametrize("cursor", list(BROKEN_CURSORS.values()), ids=list(BROKEN_CURSORS))
def test_broken_cursor_is_a_400(make_user, api, login, cursor):
    """API: 400 with code bad_cursor. Web: a friendly 400 page that leads back to the top."""
    user = make_user(handle="kapot", language="en")  # the messages below are checked
    post(user, "Er is iets #stapel")
    client, web = api(user), login(user)
    for url in ("/feed", "/feed?scope=following", "/feed?tag=stapel"):
        response = client.get(with_cursor(url, cursor))
        assert response.status_code == 400, (url, response.status_code)
        assert error_of(response)["code"] == "bad_cursor"
        assert "broken" in error_of(response)["message"]
    for url in ("/", "/?scope=all&type=update", "/tags/stapel", "/u/kapot"):
        response = web.get(with_cursor(url, cursor))
        assert response.status_code == 400, (url, response.status_code)
        html = response.get_data(as_text=True)
        assert "This page link is broken; start again from the top." in html
        assert 'href="/"' in html  # a way back to the feed
        assert "Traceback" not in html


ODD_CURSORS = {
    "id_beyond_32_bits": _b64("2024-05-01T10:00:00|3000000000"),
    "negative_id": _b64("2024-05-01T10:00:00|-5"),
    "with_time_zone": _b64("2024-05-01T10:00:00+02:00|5"),
    "date_only": _b64("2024-05-01|5"),
    "far_future": _b64("9999-12-31T23:59:59.999999|5"),
}


def test_odd_but_readable_cursors_never_fail(make_user, api):
    """Cursors the app never makes but that do decode: a page (perhaps empty) or a
    bad_cursor 400, never a server error, on every database."""
    user = make_user()
    post(user, "Er is iets")
    client, wrong = api(user), {}
    for name, cursor in ODD_CURSORS.items():
        try:
            response = client.get(with_cursor("/feed?scope=all", cursor))
        except Exception as error:  # TESTING propagates what would be a 500
            wrong[name] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
            continue
        if response.status_code == 400 and error_of(response)["code"] == "bad_cursor":
            continue
        if response.status_code != 200:
            wrong[name] = response.status_code
    assert not wrong, wrong


# --- a fixed number of queries per page ---------------------------------------------------


@pytest.fixture
def rich(make_user):
    """50 posts of every type, each with tags, a mention, likes (one by the viewer) and a
    reply; client signals with a client, reputation alerts with an assignee, candidate
    offers with personal data. The viewer is a recruiter, who sees that data."""
    viewer = make_user("recruiter", handle="kijker")
    authors = [make_user("recruiter", handle=f"auteur{n}") for n in range(3)]
    fan = make_user(handle="fan")
    follows.follow_user(viewer, authors[0])
    follows.follow_tag(viewer, "zorg")
    kinds = [
        lambda a, i: post(a, f"Update {i} #zorg #utrecht @kijker"),
        lambda a, i: vacancy(a, f"Vacature {i} #zorg @fan"),
        lambda a, i: post(
            a,
            f"Kandidaat {i} #java @kijker",
            "candidate_offer",
            headline=f"Developer {i}",
            skills=["Java"],
            availability="direct",
            location="Utrecht",
            candidate_name=f"Kandidaat Naam{i}",
            candidate_contact=f"kandidaat{i}@example.org",
            consent=True,
        ),
        lambda a, i: post(
            a,
            f"Signaal {i} #klant @fan",
            "client_signal",
            client=f"Klant {i % 7}",
            kind="reorganisation",
            source_url="https://example.com/nieuws",
        ),
        lambda a, i: post(
            a,
            f"Review {i} #reputatie @kijker",
            "reputation_alert",
            source="Google Reviews",
            url="https://example.com/r",
            severity="high",
            assignee=authors[(i + 1) % 3].id,
        ),
    ]
    for i in range(50):
        made = kinds[i % 5](authors[i % 3], i)
        posts.create_reply(fan, made, f"Reactie {i} #zorg @kijker")
        posts.like(fan, made)
        if i % 2:
            posts.like(viewer, made)
    return viewer


def _statements_for(count_queries, call) -> tuple[list[str], object]:
    with count_queries() as statements:
        response = call()
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return list(statements), response


def _check_api_page(response) -> None:
    """The page really carries everything whose loading is being counted."""
    items = response.get_json()["items"]
    assert len(items) == 50
    by_type = {}
    for item in items:
        by_type.setdefault(item["type"], item)
    assert by_type["candidate_offer"]["candidate_name"].startswith("Kandidaat Naam")
    assert by_type["candidate_offer"]["headline"].startswith("Developer")
    assert by_type["client_signal"]["client"]["name"].startswith("Klant")
    assert by_type["reputation_alert"]["assignee"]["handle"].startswith("auteur")
    assert by_type["vacancy"]["title"] == "Recruiter IT"
    assert all(
        i["tags"] and i["mentions"] and i["reply_count"] == 1 and i["like_count"] >= 1
        for i in items
    )
    assert any(i["liked"] for i in items)


def _extra(small: list[str], large: list[str]) -> str:
    """What the larger page ran more of: the first line of each statement, counted."""
    from collections import Counter

    more = Counter(" ".join(s.split())[:120] for s in large)
    more.subtract(" ".join(s.split())[:120] for s in small)
    return "; ".join(f"{n}x {s}" for s, n in more.items() if n > 0)


def test_feed_page_costs_the_same_queries_for_5_and_50_posts(
    rich, app, api, login, count_queries, monkeypatch
):
    """API /feed?limit=5 and 50, and the web's Everyone page at page sizes 5 and 50: the
    same number of SQL statements, and no more than 17 (the new replies since the reader's
    last visit are one of them, the posts' attachments another). The web page reads plain
    columns and loads ORM posts only to draw card faces not kept (web.cards): both sizes
    are measured with every face to draw, and a page whose faces are kept costs less."""
    client, web = api(rich), login(rich)
    client.get("/feed?limit=1")  # warm up whatever is cached per process
    web.get("/?scope=all")
    measured = {}
    measured["api 5"], _ = _statements_for(
        count_queries, lambda: client.get("/feed?scope=all&limit=5")
    )
    measured["api 50"], response = _statements_for(
        count_queries, lambda: client.get("/feed?scope=all&limit=50")
    )
    _check_api_page(response)
    measured["api following 50"], _ = _statements_for(
        count_queries, lambda: client.get("/feed?scope=following&limit=50")
    )
    faces, _lock = app.extensions["kring.cards"]
    monkeypatch.setitem(app.config, "KRING_PAGE_SIZE", 5)
    faces.clear()
    measured["web 5"], _ = _statements_for(count_queries, lambda: web.get("/?scope=all"))
    monkeypatch.setitem(app.config, "KRING_PAGE_SIZE", 50)
    faces.clear()
    measured["web 50"], response = _statements_for(count_queries, lambda: web.get("/?scope=all"))
    measured["web 50 kept"], kept = _statements_for(count_queries, lambda: web.get("/?scope=all"))
    token = re.compile(r'(csrf_token" value="|"X-CSRFToken": ")[^"]+"')
    drawn, again = (token.sub(r'\1"', r.get_data(as_text=True)) for r in (response, kept))
    assert again == drawn  # the kept faces are the faces drawn from the ORM posts
    html = response.get_data(as_text=True)
    assert len(card_ids(html)) == 50
    assert "Kandidaat Naam" in html and "Recruiter IT" in html and "Klant " in html
    counts = {name: len(statements) for name, statements in measured.items()}
    assert counts["api 5"] == counts["api 50"], (
        counts,
        _extra(measured["api 5"], measured["api 50"]),
    )
    assert counts["web 5"] == counts["web 50"], (
        counts,
        _extra(measured["web 5"], measured["web 50"]),
    )
    assert counts["web 50 kept"] < counts["web 50"], counts
    assert max(counts.values()) <= 17, counts


# --- following people and tags ------------------------------------------------------------


def test_follow_and_unfollow_a_person_on_the_web(make_user, login):
    me, other = make_user(), make_user(handle="gevolgd")
    post(other, "Iets van de gevolgde")
    web = login(me)
    assert page_ids(web, "/") == []
    assert 'name="undo" value="1"' not in web.get("/u/gevolgd").get_data(as_text=True)
    for _ in range(2):  # idempotent
        response = web.post("/u/gevolgd/follow", {"next": "/u/gevolgd"})
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/u/gevolgd")
    assert count(Follow, Follow.follower_id == me.id) == 1
    assert 'name="undo" value="1"' in web.get("/u/gevolgd").get_data(as_text=True)
    assert len(page_ids(web, "/")) == 1
    for _ in range(2):
        assert web.post("/u/gevolgd/follow", {"undo": "1"}).status_code == 303
    assert count(Follow) == 0
    assert page_ids(web, "/") == []
    assert web.post("/u/niemand/follow").status_code == 404


def test_follow_and_unfollow_a_tag_on_the_web(make_user, login):
    me, other = make_user(), make_user()
    post(other, "Nieuws #Techniek")
    web = login(me)
    assert 'name="undo" value="1"' not in web.get("/tags/techniek").get_data(as_text=True)
    for _ in range(2):
        response = web.post("/tags/Techniek/follow", {"next": "/tags/techniek"})
        assert response.status_code == 303
    assert follows.followed_tags(me) == ["techniek"]
    assert count(TagFollow) == 1
    assert 'name="undo" value="1"' in web.get("/tags/techniek").get_data(as_text=True)
    assert len(page_ids(web, "/")) == 1
    for _ in range(2):
        assert web.post("/tags/techniek/follow", {"undo": "1"}).status_code == 303
    assert count(TagFollow) == 0
    assert page_ids(web, "/") == []


def test_follow_and_unfollow_through_the_api(make_user, api):
    me, other = make_user(), make_user()
    post(other, "Nieuws #techniek")
    client = api(me)
    for _ in range(2):
        response = client.post(f"/users/{other.id}/follow")
        assert response.status_code == 200 and response.get_json() == {"ok": True}
    assert count(Follow, Follow.follower_id == me.id, Follow.followed_id == other.id) == 1
    assert len(ids_of(client.get("/feed?scope=following"))) == 1
    for _ in range(2):
        assert client.delete(f"/users/{other.id}/follow").status_code == 200
    assert count(Follow) == 0
    for _ in range(2):
        assert client.post("/tags/Techniek/follow").get_json() == {"ok": True}
    assert follows.followed_tags(me) == ["techniek"]
    assert len(ids_of(client.get("/feed?scope=following"))) == 1
    for _ in range(2):
        assert client.delete("/tags/techniek/follow").status_code == 200
    assert count(TagFollow) == 0
    assert client.delete("/tags/nooitgevolgd/follow").status_code == 200
    missing = client.post("/users/999999/follow")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


BAD_TAGS = {
    "spaces": "twee woorden",
    "long_200": "a" * 200,
    "long_51": "a" * 51,
    "dot": "a.b",
    "underscore_start": "_x",
    "dash_start": "-x",
}


def test_bad_tag_names_are_422_bad_tag(make_user, api, login):
    """Following (or unfollowing) a tag that is not one word of at most 50 letters, digits
    and dashes: 422 with code bad_tag in the API, a 422 page on the web, nothing stored."""
    me = make_user()
    client, web, wrong = api(me), login(me), []
    for label, name in BAD_TAGS.items():
        for method in ("post", "delete"):
            response = getattr(client, method)(f"/tags/{name}/follow")
            body = response.get_json() or {}
            code = body.get("error", {}).get("code")
            if response.status_code != 422 or code != "bad_tag" or not body["error"]["message"]:
                wrong.append((label, method, response.status_code, code))
        status = web.post(f"/tags/{name}/follow").status_code
        if status != 422:
            wrong.append((label, "web", status))
    assert not wrong, wrong
    assert count(TagFollow) == 0
    assert count(Tag) == 0


def test_longest_tag_is_fine(make_user, api):
    me = make_user()
    assert api(me).post(f"/tags/{'a' * 50}/follow").status_code == 200
    assert follows.followed_tags(me) == ["a" * 50]


def test_following_yourself_is_refused(make_user, api, login):
    me = make_user(handle="ikzelf", language="en")
    response = api(me).post(f"/users/{me.id}/follow")
    assert 400 <= response.status_code < 500
    assert error_of(response)["message"]
    web_response = login(me).post("/u/ikzelf/follow")
    assert 400 <= web_response.status_code < 500
    assert "You always see your own posts." in web_response.get_data(as_text=True)
    assert count(Follow) == 0


def test_a_post_deleted_while_its_page_is_drawn_keeps_its_face_from_the_page_read(app, make_user):
    """A page is read as plain columns, and ORM posts are loaded only when a face must be
    drawn (web.cards): a post deleted in between still gets its card, drawn from what the
    page read, and the other cards are drawn from their ORM posts as usual."""
    from intranet.posting.feeds import feed_rows
    from intranet.web.cards import card_face

    author, reader = make_user(), make_user()
    kept = posts.create_post(author, {"type": "update", "body": "Blijft staan"})
    gone = posts.create_post(author, {"type": "update", "body": "Wordt zo verwijderd"})
    with app.test_request_context("/"):
        page = feed_rows(reader, FeedQuery(scope="all"), cards=True)
        assert {p.id for p in page.items} == {kept.id, gone.id}
        posts.delete_post(author, db.session.get(Post, gone.id))
        assert db.session.get(Post, gone.id) is None
        if "kring.cards" in app.extensions:  # every face must be drawn now
            app.extensions["kring.cards"][0].clear()
        faces = {p.id: str(card_face(p, page)) for p in page.items}
        assert "Wordt zo verwijderd" in faces[gone.id]
        assert "Blijft staan" in faces[kept.id]
        drawn = {p.id: page.model(p) for p in page.items}
        assert isinstance(drawn[kept.id], Post) and not isinstance(drawn[gone.id], Post)


def test_a_page_loads_orm_posts_only_for_the_faces_it_must_draw(app, make_user):
    """Faces are kept per version: on a page where one post is new, only that post is
    loaded as an ORM object to draw its face, not the whole page; on a cold page, all of
    them, in one load."""
    from intranet.posting.feeds import feed_rows
    from intranet.web.cards import card_face

    author, reader = make_user(), make_user()
    for n in range(3):
        posts.create_post(author, {"type": "update", "body": f"Bericht {n}"})

    def drawn_page() -> list[set[int]]:
        page = feed_rows(reader, FeedQuery(scope="all"), cards=True)
        load, batches = page.load_models, []

        def recorded(items):
            batches.append({p.id for p in items})
            return load(items)

        page.load_models = recorded
        faces = [str(card_face(p, page)) for p in page.items]
        assert all("Bericht" in face for face in faces)
        return batches

    with app.test_request_context("/"):
        if "kring.cards" in app.extensions:
            app.extensions["kring.cards"][0].clear()
        assert [len(batch) for batch in drawn_page()] == [3]  # cold: all, at once
        assert drawn_page() == []  # every face kept
    new = posts.create_post(author, {"type": "update", "body": "Bericht 3"})
    with app.test_request_context("/"):
        assert drawn_page() == [{new.id}]
