"""Private groups and candidates' personal data, through every read path: web pages, the
JSON API and the write endpoints that first have to find the post.

A private group's posts (and their replies) exist only for its members: everyone else,
admins included, gets exactly what they would get for a post that never existed (404,
never 403), and feeds, tag pages, tag counts and profiles leave them out. Candidates'
names and contacts reach recruiters and admins only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intranet.extensions import db
from intranet.models import Follow, Group, Post, PostRevision, Reaction
from intranet.platform.clock import local_today
from intranet.posting import follows, groups, posts, visibility

SOON = (local_today() + timedelta(days=30)).isoformat()

# Strings that only occur in the private group's posts (and its name): a non-member's
# responses must contain none of them, whatever the page or endpoint.
SECRET_UPDATE = "GEHEIMUPDATE7731"
SECRET_VACANCY = "GEHEIMVACATURE4412"
SECRET_REPLY = "GEHEIMREACTIE9090"
SECRET_OLD_BODY = "GEHEIMOUDEVERSIE5150"
GROUP_NAME = "Fusieoverleg Zevenster"
SECRETS = (SECRET_UPDATE, SECRET_VACANCY, SECRET_REPLY, SECRET_OLD_BODY, GROUP_NAME)
PUBLIC_POST = "OPENBAARBERICHT1234"
PUBLIC_GROUP_POST = "OPENBAREGROEP5678"

CANDIDATE_NAME = "Wilhelmina Kandidaatsma"
CANDIDATE_CONTACT = "w.kandidaatsma@example.org"
CANDIDATE_NEW_CONTACT = "kandidaatsma.nieuw@example.org"


@dataclass
class World:
    owner: object
    insider: object
    group: Group
    public_group: Group
    update: Post
    vacancy: Post
    reply: Post
    public_post: Post
    public_group_post: Post


@pytest.fixture
def world(make_user) -> World:
    """A private group with an update (edited, so it has a history), a vacancy and a reply,
    next to a public post and a public group's post, all by the group's owner. The
    update mentions @buiten and every post is tagged, so that following, mentions and tags
    would all pull the private posts into an outsider's feeds if visibility were forgotten."""
    owner = make_user(name="Olga Eigenaar", handle="olga")
    insider = make_user(name="Ids Binnen", handle="ids")
    make_user(name="Bart Buiten", handle="buiten")
    group = groups.create_group(owner, GROUP_NAME, True, "Alleen voor de directie")
    groups.add_member(owner, group, insider)
    public_group = groups.create_group(owner, "Vrijdagborrel", False)
    update = posts.create_post(
        owner,
        {
            "type": "update",
            "group": group.id,
            "body": f"{SECRET_OLD_BODY} #geheim #gedeeld @buiten",
        },
    )
    posts.edit_post(owner, update, {"body": f"{SECRET_UPDATE} #geheim #gedeeld @buiten"})
    vacancy = posts.create_post(
        owner,
        {
            "type": "vacancy",
            "group": group.id,
            "body": "Stille vacature #geheim #gedeeld",
            "title": SECRET_VACANCY,
            "department": "Directie",
            "location": "Utrecht",
            "hours": 36,
            "closes_on": SOON,
        },
    )
    reply = posts.create_reply(insider, update, f"{SECRET_REPLY} #reactiegeheim @buiten")
    public_post = posts.create_post(owner, {"type": "update", "body": f"{PUBLIC_POST} #gedeeld"})
    public_group_post = posts.create_post(
        owner, {"type": "update", "group": public_group.id, "body": f"{PUBLIC_GROUP_POST} #borrel"}
    )
    return World(
        owner, insider, group, public_group, update, vacancy, reply, public_post, public_group_post
    )


ALL_ROLES = pytest.mark.parametrize("outsider", ["employee", "recruiter", "admin"], indirect=True)


@pytest.fixture(params=["employee", "admin"])
def outsider(request, make_user, world):
    """Someone who is not in the private group but follows its owner and its tags: an
    employee, and an admin (who manages groups but does not read private ones). Tests where
    a recruiter's extra rights matter (status changes) add the recruiter with ALL_ROLES."""
    user = make_user(request.param, name=f"Buitenstaander {request.param}", language="en")
    follows.follow_user(user, world.owner)
    follows.follow_tag(user, "geheim")
    follows.follow_tag(user, "gedeeld")
    follows.follow_tag(user, "reactiegeheim")
    return user


def text_of(response) -> str:
    return response.get_data(as_text=True)


def assert_no_secrets(response, url=""):
    body = text_of(response)
    for secret in SECRETS:
        assert secret not in body, f"{secret} leaks through {url or response.request.path}"


def card_ids(html: str) -> set[int]:
    """Ids of the post cards on a page."""
    return {int(n) for n in re.findall(r'<article class="card post[^"]*" id="p(\d+)"', html)}


def tag_counts(html: str) -> dict[str, int]:
    return {
        name: int(n) for name, n in re.findall(r'>#([\w-]+) <span class="count">(\d+)</span>', html)
    }


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def feed_pages(world: World) -> list[str]:
    return [
        "/",
        "/?scope=following",
        "/?scope=all",
        "/?scope=all&type=update",
        "/?scope=all&type=vacancy",
        "/?scope=following&type=vacancy",
        "/?type=update",
        "/tags/geheim",
        "/tags/gedeeld",
        "/tags/reactiegeheim",
        "/tags/GEHEIM",
        f"/u/{world.owner.handle}",
        f"/u/{world.insider.handle}",
        "/tags",
        "/groups",
        "/people",
        "/posts/new",
        "/posts/new?type=vacancy",
    ]


# --- non-members: web ---------------------------------------------------------------------


def test_non_member_pages_leave_private_posts_out(world, outsider, login):
    # The outsider's follows are real, so what is hidden below is visibility's work.
    assert db.session.get(Follow, (outsider.id, world.owner.id)) is not None
    assert follows.follows_tag(outsider, "geheim")
    web = login(outsider)
    for url in feed_pages(world):
        response = web.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response, url)
    # The same pages do show what the outsider may read: the pages render posts at all.
    for url in ("/", "/?scope=all", "/tags/gedeeld", f"/u/{world.owner.handle}"):
        assert PUBLIC_POST in text_of(web.get(url)), url
    assert card_ids(text_of(web.get("/?scope=all"))) == {
        world.public_post.id,
        world.public_group_post.id,
    }
    # Tag counts on /tags count only what the reader may read.
    counts = tag_counts(text_of(web.get("/tags")))
    assert counts.get("gedeeld") == 1  # the public post only
    assert counts.get("borrel") == 1
    assert "geheim" not in counts
    assert "reactiegeheim" not in counts


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (signed with a timestamp, so they differ)."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken"', html)


def test_non_member_gets_404_not_403_for_private_pages(world, outsider, login):
    """The private group's page and its posts' pages (post, reply link, history, edit)
    answer exactly like ones that never existed."""
    web = login(outsider)
    group_page = web.get(f"/groups/{world.group.handle}")
    assert group_page.status_code == 404
    assert_no_secrets(group_page)
    missing_group = web.get("/groups/bestaat-niet")
    assert _without_tokens(text_of(group_page)) == _without_tokens(text_of(missing_group))
    assert web.get(f"/groups/{world.public_group.handle}").status_code == 200
    for path in ("/posts/{id}", "/posts/{id}/history", "/posts/{id}/edit"):
        missing = web.get(path.format(id=999_999))
        assert missing.status_code == 404
        for post in (world.update, world.vacancy, world.reply):
            response = web.get(path.format(id=post.id))
            assert response.status_code == 404, (path, post)
            assert "Location" not in response.headers  # a reply link must not redirect
            assert_no_secrets(response)
            assert _without_tokens(text_of(response)) == _without_tokens(text_of(missing))


@ALL_ROLES
def test_non_member_writes_to_a_private_post_are_404_and_change_nothing(world, outsider, login):
    web = login(outsider)
    update_id, vacancy_id = world.update.id, world.vacancy.id
    posts_before, revisions_before = count(Post), count(PostRevision)
    attempts = [
        (f"/posts/{update_id}/like", {}),
        (f"/posts/{update_id}/like", {"undo": "1"}),
        (f"/posts/{update_id}/replies", {"body": "Ik lees mee"}),
        (f"/posts/{world.reply.id}/replies", {"body": "Ik lees mee"}),
        (f"/posts/{update_id}/edit", {"body": "Overgenomen"}),
        (f"/posts/{vacancy_id}/edit", {"body": "Overgenomen", "vacancy.title": "Weg"}),
        (f"/posts/{vacancy_id}/status", {"status": "filled"}),
        (f"/posts/{vacancy_id}/delete", {}),
        (f"/posts/{world.reply.id}/delete", {}),
        (f"/posts/{world.reply.id}/like", {}),
    ]
    for url, data in attempts:
        response = web.post(url, data)
        assert response.status_code == 404, url
        assert_no_secrets(response, url)
    assert count(Reaction) == 0
    assert (count(Post), count(PostRevision)) == (posts_before, revisions_before)
    update, vacancy = db.session.get(Post, update_id), db.session.get(Post, vacancy_id)
    assert (update.like_count, update.reply_count) == (0, 1)
    assert SECRET_UPDATE in update.body
    assert (vacancy.status, vacancy.title) == ("open", SECRET_VACANCY)


def test_non_member_cannot_post_in_a_private_group_on_the_web(world, outsider, login):
    """The composer does not offer the group, and posting to it anyway is refused with a
    message, nothing stored."""
    web = login(outsider)
    for url in ("/", "/posts/new", f"/groups/{world.public_group.handle}"):
        html = text_of(web.get(url))
        options = re.search(r'<select[^>]*name="group".*?</select>', html, re.S).group(0)
        assert f'<option value="{world.group.id}"' not in options, url
        assert f'<option value="{world.public_group.id}"' in options, url
        assert GROUP_NAME not in html
    before = count(Post)
    for value in (str(world.group.id), world.group.handle):
        response = web.post(
            "/posts", {"type": "update", "body": "Ik post stiekem mee", "group": value}
        )
        assert response.status_code in (403, 404, 422), value
        html = text_of(response)
        assert (
            "There is no such group." in html or "Only members can post in this group." in html
        ), value
        assert 'class="field__error"' in html or "flash--error" in html
        assert_no_secrets(response)
    assert count(Post) == before


# --- non-members: API ---------------------------------------------------------------------


def test_non_member_api_gets_404_for_private_posts_and_group(world, outsider, api):
    client = api(outsider)
    for post in (world.update, world.vacancy, world.reply):
        for url in (f"/posts/{post.id}", f"/posts/{post.id}/replies"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.get_json()["error"]["code"] == "not_found"
            assert_no_secrets(response, url)
    missing = client.get("/posts/999999")
    assert missing.get_json() == client.get(f"/posts/{world.update.id}").get_json()
    # The group's feed is as unknown as a group that does not exist, and it is not listed.
    for url in (
        f"/feed?group={world.group.id}",
        f"/feed?scope=following&group={world.group.id}",
        "/feed?group=999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["code"] == "not_found"
        assert_no_secrets(response, url)
    names = [g["name"] for g in client.get("/groups").get_json()["items"]]
    assert names == ["Vrijdagborrel"]


@ALL_ROLES
def test_non_member_api_feeds_leave_private_posts_out(world, outsider, api):
    client = api(outsider)
    private = {world.update.id, world.vacancy.id, world.reply.id}
    urls = [
        "/feed",
        "/feed?scope=all",
        "/feed?scope=following",
        "/feed?scope=all&type=vacancy",
        "/feed?scope=all&type=update",
        "/feed?tag=geheim",
        "/feed?tag=gedeeld",
        "/feed?tag=reactiegeheim",
        "/feed?scope=following&tag=geheim",
        f"/feed?author={world.owner.id}",
        f"/feed?author={world.insider.id}",
        f"/feed?scope=all&group={world.public_group.id}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response, url)
        assert not {item["id"] for item in response.get_json()["items"]} & private, url
    everyone = client.get("/feed?scope=all").get_json()["items"]
    assert {p["id"] for p in everyone} == {world.public_post.id, world.public_group_post.id}
    following = client.get("/feed?scope=following").get_json()["items"]
    assert {p["id"] for p in following} == {world.public_post.id, world.public_group_post.id}


@ALL_ROLES
def test_non_member_api_writes_to_a_private_post_are_404(world, outsider, api):
    client = api(outsider)
    before = count(Post)
    calls = [
        ("post", f"/posts/{world.update.id}/like", None),
        ("delete", f"/posts/{world.update.id}/like", None),
        ("post", f"/posts/{world.update.id}/replies", {"body": "Ik lees mee"}),
        ("post", f"/posts/{world.reply.id}/replies", {"body": "Ik lees mee"}),
        ("patch", f"/posts/{world.update.id}", {"body": "Overgenomen"}),
        ("patch", f"/posts/{world.vacancy.id}", {"status": "filled"}),
        ("delete", f"/posts/{world.vacancy.id}", None),
        ("delete", f"/posts/{world.reply.id}", None),
        ("post", f"/groups/{world.group.id}/members/{outsider.id}", None),
    ]
    for method, url, payload in calls:
        response = getattr(client, method)(url, json=payload)
        assert response.status_code == 404, (method, url)
        assert_no_secrets(response, url)
    assert count(Post) == before
    assert count(Reaction) == 0
    vacancy = db.session.get(Post, world.vacancy.id)
    assert vacancy.status == "open"
    assert not visibility.is_member(outsider, world.group)


def test_non_member_cannot_post_in_a_private_group_through_the_api(world, outsider, api):
    client = api(outsider)
    before = count(Post)
    for value in (world.group.id, world.group.handle):
        response = client.post(
            "/posts", json={"type": "update", "body": "Ik post stiekem mee", "group": value}
        )
        assert response.status_code in (403, 404, 422), response.get_json()
        error = response.get_json()["error"]
        assert error["code"] in ("not_a_member", "unknown_group")
        assert error["message"]
        assert_no_secrets(response)
    assert count(Post) == before


# --- members ------------------------------------------------------------------------------


@pytest.fixture
def member(world):
    """A member who is not the owner: membership alone must be enough."""
    return world.insider


def test_members_see_private_posts_on_every_page(world, member, login):
    web = login(member)
    expected = {
        "/": {SECRET_UPDATE, SECRET_VACANCY},
        "/?scope=all": {SECRET_UPDATE, SECRET_VACANCY},
        "/?scope=all&type=vacancy": {SECRET_VACANCY},
        "/?scope=all&type=update": {SECRET_UPDATE},
        "/tags/geheim": {SECRET_UPDATE, SECRET_VACANCY},
        f"/u/{world.owner.handle}": {SECRET_UPDATE, SECRET_VACANCY},
        f"/groups/{world.group.handle}": {SECRET_UPDATE, SECRET_VACANCY, GROUP_NAME},
        f"/posts/{world.update.id}": {SECRET_UPDATE, SECRET_REPLY},
        f"/posts/{world.vacancy.id}": {SECRET_VACANCY},
        f"/posts/{world.update.id}/history": {SECRET_UPDATE, SECRET_OLD_BODY},
        "/groups": {GROUP_NAME},
    }
    for url, wanted in expected.items():
        response = web.get(url)
        assert response.status_code == 200, url
        for text in wanted:
            assert text in text_of(response), (url, text)
    assert SECRET_VACANCY not in text_of(web.get("/?scope=all&type=update"))
    redirect = web.get(f"/posts/{world.reply.id}")
    assert redirect.status_code in (301, 302, 303)
    assert redirect.headers["Location"].endswith(f"/posts/{world.update.id}#p{world.reply.id}")
    counts = tag_counts(text_of(web.get("/tags")))
    assert counts["geheim"] == 2
    assert counts["gedeeld"] == 3


def test_members_see_private_posts_through_the_api(world, member, api):
    client = api(member)
    private = {world.update.id, world.vacancy.id}
    post = client.get(f"/posts/{world.update.id}")
    assert post.status_code == 200
    assert post.get_json()["group"]["private"] is True
    replies = client.get(f"/posts/{world.update.id}/replies").get_json()["items"]
    assert [r["id"] for r in replies] == [world.reply.id]
    for url in (
        "/feed?scope=all",
        "/feed?scope=following",
        "/feed?tag=geheim",
        f"/feed?author={world.owner.id}",
        f"/feed?group={world.group.id}",
    ):
        ids = {item["id"] for item in client.get(url).get_json()["items"]}
        assert private <= ids, url
    vacancies = client.get("/feed?scope=all&type=vacancy").get_json()["items"]
    assert [v["id"] for v in vacancies] == [world.vacancy.id]
    listed = {g["name"]: g for g in client.get("/groups").get_json()["items"]}
    assert listed[GROUP_NAME]["member"] is True and listed[GROUP_NAME]["private"] is True


def test_members_can_post_reply_and_like_in_a_private_group(world, api, login):
    insider = api(world.insider)
    created = insider.post(
        "/posts", json={"type": "update", "body": "Binnenskamers", "group": world.group.id}
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["group"]["id"] == world.group.id
    assert insider.post(f"/posts/{world.update.id}/like").status_code == 200
    web = login(world.insider)
    response = web.post(
        "/posts", {"type": "update", "body": "Ook via het web", "group": str(world.group.id)}
    )
    assert response.status_code == 303
    stored = db.session.scalar(select(Post).where(Post.body == "Ook via het web"))
    assert stored.group_id == world.group.id
    assert db.session.get(Post, world.update.id).like_count == 1


def test_admin_who_is_not_a_member_sees_nothing(world, make_user, login, api):
    admin = make_user("admin")
    web, client = login(admin), api(admin)
    assert web.get(f"/posts/{world.update.id}").status_code == 404
    assert web.get(f"/groups/{world.group.handle}").status_code == 404
    assert_no_secrets(web.get("/?scope=all"))
    assert client.get(f"/posts/{world.update.id}").status_code == 404
    assert_no_secrets(client.get("/feed?scope=all"))
    # Adding themselves (admins manage groups) is what makes the posts readable.
    groups.add_member(admin, db.session.merge(world.group), admin)
    assert web.get(f"/posts/{world.update.id}").status_code == 200
    assert client.get(f"/posts/{world.update.id}").status_code == 200


# --- membership changes -------------------------------------------------------------------


def _insider_sees(web, client, world) -> dict:
    return {
        "post": web.get(f"/posts/{world.update.id}").status_code,
        "reply": web.get(f"/posts/{world.reply.id}").status_code,
        "group": web.get(f"/groups/{world.group.handle}").status_code,
        "all": SECRET_UPDATE in text_of(web.get("/?scope=all")),
        "api_post": client.get(f"/posts/{world.update.id}").status_code,
        "api_feed": SECRET_UPDATE in text_of(client.get("/feed?scope=all")),
        "api_group": client.get(f"/feed?group={world.group.id}").status_code,
    }


HIDDEN = {
    "post": 404,
    "reply": 404,
    "group": 404,
    "all": False,
    "api_post": 404,
    "api_feed": False,
    "api_group": 404,
}


def test_removed_member_loses_sight_at_once_web(world, login, api):
    web, client = login(world.insider), api(world.insider)
    assert _insider_sees(web, client, world) == {
        "post": 200,
        "reply": 302,
        "group": 200,
        "all": True,
        "api_post": 200,
        "api_feed": True,
        "api_group": 200,
    }
    owner_web = login(world.owner)
    response = owner_web.post(
        f"/groups/{world.group.handle}/members", {"handle": world.insider.handle, "remove": "1"}
    )
    assert response.status_code == 303
    assert _insider_sees(web, client, world) == HIDDEN


def test_removed_member_loses_sight_at_once_api(world, login, api):
    web, client = login(world.insider), api(world.insider)
    assert client.get(f"/posts/{world.update.id}").status_code == 200
    response = api(world.owner).delete(f"/groups/{world.group.id}/members/{world.insider.id}")
    assert response.status_code == 200
    assert _insider_sees(web, client, world) == HIDDEN
    # Re-adding brings everything back.
    groups.add_member(world.owner, db.session.merge(world.group), world.insider)
    assert client.get(f"/posts/{world.update.id}").status_code == 200


def test_member_who_leaves_loses_sight(world, login, api):
    web, client = login(world.insider), api(world.insider)
    response = web.post(f"/groups/{world.group.handle}/members", {"remove": "1"})
    assert response.status_code == 303
    assert _insider_sees(web, client, world) == HIDDEN


# --- public groups ------------------------------------------------------------------------


def test_public_group_posts_are_visible_to_everyone(world, make_user, login, api):
    stranger = make_user()
    web, client = login(stranger), api(stranger)
    post_id = world.public_group_post.id
    for url in (
        "/?scope=all",
        f"/groups/{world.public_group.handle}",
        f"/posts/{post_id}",
        "/tags/borrel",
        f"/u/{world.owner.handle}",
    ):
        response = web.get(url)
        assert response.status_code == 200, url
        assert PUBLIC_GROUP_POST in text_of(response), url
    assert client.get(f"/posts/{post_id}").status_code == 200
    ids = [p["id"] for p in client.get(f"/feed?group={world.public_group.id}").get_json()["items"]]
    assert ids == [post_id]
    # Anyone may reply to and like it, and post in the group.
    assert client.post(f"/posts/{post_id}/replies", json={"body": "Ik kom!"}).status_code == 201
    assert client.post(f"/posts/{post_id}/like").status_code == 200
    created = client.post(
        "/posts",
        json={"type": "update", "body": "Ik neem taart mee", "group": world.public_group.id},
    )
    assert created.status_code == 201


# --- candidates' personal data ------------------------------------------------------------


@pytest.fixture
def offer(make_user):
    """A candidate offer, edited once (so there is a history), with a reply."""
    author = make_user("recruiter", name="Renske Recruiter", handle="renske")
    post = posts.create_post(
        author,
        {
            "type": "candidate_offer",
            "body": "Sterke kandidaat #javakandidaat",
            "headline": "Senior Java developer, Utrecht",
            "skills": ["Java", "Spring"],
            "availability": "per direct",
            "location": "Utrecht",
            "candidate_name": CANDIDATE_NAME,
            "candidate_contact": CANDIDATE_CONTACT,
            "consent": True,
        },
    )
    posts.edit_post(
        author,
        post,
        {
            "body": "Zeer sterke kandidaat #javakandidaat",
            "candidate_contact": CANDIDATE_NEW_CONTACT,
        },
    )
    posts.create_reply(make_user(), post, "Ik ken wel een klant")
    return post


def _offer_urls(offer) -> tuple[list[str], list[str]]:
    web = [
        "/",
        "/?scope=all",
        "/?scope=all&type=candidate_offer",
        f"/posts/{offer.id}",
        "/tags/javakandidaat",
        "/u/renske",
    ]
    api_urls = [
        f"/posts/{offer.id}",
        "/feed?scope=all",
        "/feed?scope=all&type=candidate_offer",
        "/feed?tag=javakandidaat",
        f"/feed?author={offer.author_id}",
        f"/posts/{offer.id}/replies",
    ]
    return web, api_urls


def test_employees_never_see_candidate_personal_data(offer, make_user, login, api):
    employee = make_user("employee")
    follows.follow_user(employee, offer.author)
    web_urls, api_urls = _offer_urls(offer)
    web, client = login(employee), api(employee)
    for url in web_urls:
        response = web.get(url)
        assert response.status_code == 200, url
        for secret in (CANDIDATE_NAME, CANDIDATE_CONTACT, CANDIDATE_NEW_CONTACT):
            assert secret not in text_of(response), (url, secret)
    assert "Senior Java developer, Utrecht" in text_of(web.get(f"/posts/{offer.id}"))
    for url in api_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in (CANDIDATE_NAME, CANDIDATE_CONTACT, CANDIDATE_NEW_CONTACT):
            assert secret not in text_of(response), (url, secret)
    post = client.get(f"/posts/{offer.id}").get_json()
    assert post["headline"] == "Senior Java developer, Utrecht"
    assert not {"candidate_name", "candidate_contact", "consent"} & set(post)
    item = client.get("/feed?scope=all").get_json()["items"][0]
    assert item["id"] == offer.id
    assert not {"candidate_name", "candidate_contact", "consent"} & set(item)
    # Answers that carry the offer back after an action are filtered the same way.
    for response in (
        client.post(f"/posts/{offer.id}/like"),
        client.delete(f"/posts/{offer.id}/like"),
        web.post(f"/posts/{offer.id}/like", headers={"HX-Request": "true"}),
    ):
        assert response.status_code == 200
        for secret in (CANDIDATE_NAME, CANDIDATE_CONTACT, CANDIDATE_NEW_CONTACT):
            assert secret not in text_of(response), secret


@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_recruiters_and_admins_see_candidate_personal_data(offer, make_user, login, api, role):
    viewer = make_user(role)
    client, web = api(viewer), login(viewer)
    expected = {
        "candidate_name": CANDIDATE_NAME,
        "candidate_contact": CANDIDATE_NEW_CONTACT,
        "consent": True,
    }
    post = client.get(f"/posts/{offer.id}").get_json()
    assert {k: post.get(k) for k in expected} == expected
    for url in (
        "/feed?scope=all",
        "/feed?scope=all&type=candidate_offer",
        "/feed?tag=javakandidaat",
    ):
        item = client.get(url).get_json()["items"][0]
        assert {k: item.get(k) for k in expected} == expected, url
    for url in (
        "/?scope=all",
        "/?scope=all&type=candidate_offer",
        f"/posts/{offer.id}",
        "/tags/javakandidaat",
    ):
        html = text_of(web.get(url))
        assert CANDIDATE_NAME in html and CANDIDATE_NEW_CONTACT in html, url


def test_candidate_personal_data_stays_out_of_the_edit_history(offer, make_user, login):
    """An edit may have taken a candidate's details out of the text: a candidate offer's
    history is for recruiters (and its author) only, and never holds the private fields."""
    assert login(make_user("employee")).get(f"/posts/{offer.id}/history").status_code == 404
    html = text_of(login(make_user("recruiter")).get(f"/posts/{offer.id}/history"))
    assert "Sterke kandidaat" in html  # the old body is there
    assert CANDIDATE_CONTACT not in html


def test_the_groups_one_may_post_in_are_those_can_post_in_allows(make_user):
    owner, member, outsider, admin = make_user(), make_user(), make_user(), make_user("admin")
    closed = groups.create_group(owner, "Besloten kring", private=True)
    groups.create_group(owner, "Open kring")
    groups.add_member(owner, closed, member)
    every = db.session.scalars(select(Group)).all()
    for person in (owner, member, outsider, admin):
        allowed = set(db.session.scalars(visibility.postable_group_ids(person)))
        assert allowed == {g.id for g in every if visibility.can_post_in(person, g)}
    assert closed.id not in set(db.session.scalars(visibility.postable_group_ids(outsider)))
