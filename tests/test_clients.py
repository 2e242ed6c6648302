"""Clients: the directory, keeping it, following, a client's page (through the matcher),
what a reader may see there, and who hears of posts that name a client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from intranet.clients import directory, mentions
from intranet.errors import Conflict, Forbidden, ValidationError
from intranet.extensions import db
from intranet.models import Client, ClientFollow, ClientMention, Notification, Post
from intranet.notifying import alerts, notifications
from intranet.posting import groups, posts


@pytest.fixture(autouse=True)
def _fresh_matcher():
    """Every test empties the tables, so the matcher's version number starts again: a
    matcher cached by an earlier test could carry the same number."""
    alerts._cache.matcher = None


def reasons_of(user, post):
    db.session.expire_all()
    row = db.session.scalar(
        select(Notification).where(Notification.user_id == user.id, Notification.post_id == post.id)
    )
    return row.reasons if row else None


def mentions_of(client) -> set[int]:
    return set(
        db.session.scalars(
            select(ClientMention.post_id).where(ClientMention.client_id == client.id)
        )
    )


@pytest.fixture
def vdb(make_user):
    owner = make_user("recruiter", name="Lisa van Dijk", handle="lisa")
    client = directory.create_client(
        owner, "Van der Berg Logistiek", ["VDB Logistiek", "VdB"], [owner.id], "Logistiek"
    )
    return client, owner


def update(author, body, **extra):
    return posts.create_post(author, {"type": "update", "body": body, **extra})


# Keeping the directory ----------------------------------------------------------------------


def test_only_recruiters_and_admins_add_and_edit_clients(make_user):
    employee, recruiter, admin = make_user(), make_user("recruiter"), make_user("admin")
    with pytest.raises(Forbidden):
        directory.create_client(employee, "Acme")
    client = directory.create_client(recruiter, "Acme", ["Acme BV"])
    with pytest.raises(Forbidden):
        directory.update_client(employee, client, {"name": "Overgenomen"})
    directory.update_client(
        admin, client, {"name": "Acme Zorg", "industry": "Zorg", "owners": [recruiter.id]}
    )
    db.session.expire_all()
    client = db.session.get(Client, client.id)
    assert (client.name, client.industry, client.alias_list) == ("Acme Zorg", "Zorg", ["Acme BV"])
    assert [u.id for u in client.owners] == [recruiter.id]


def test_client_fields_are_checked_all_at_once(make_user):
    recruiter = make_user("recruiter")
    directory.create_client(recruiter, "Acme")
    beta = directory.create_client(recruiter, "Beta")
    with pytest.raises(Conflict):
        directory.update_client(recruiter, beta, {"name": "  ACME "})
    with pytest.raises(ValidationError) as error:
        directory.update_client(
            recruiter,
            beta,
            {"name": "", "aliases": ["ab"], "owners": [999_999], "industry": "x" * 121},
        )
    assert set(error.value.fields) == {"name", "aliases", "owners", "industry"}
    directory.update_client(recruiter, beta, {"name": "Beta", "aliases": "Beta BV\n\nBeta BV"})
    assert db.session.get(Client, beta.id).alias_list == ["Beta BV"]


def test_new_alias_is_matched_in_new_posts_and_older_ones(make_user, run_jobs, vdb, monkeypatch):
    from intranet import tasks

    client, owner = vdb
    author = make_user()
    older = update(author, "Bergvervoer zoekt chauffeurs")
    run_jobs()
    triggered = []
    monkeypatch.setattr(directory, "trigger", triggered.append)
    directory.update_client(owner, client, {"industry": "Transport"})
    assert triggered == []  # the names did not change: nothing to match again
    directory.update_client(owner, client, {"aliases": ["VDB Logistiek", "Bergvervoer"]})
    assert triggered == ["kring.client_mentions"]
    newer = update(author, "Bergvervoer zoekt planners")
    run_jobs()
    assert mentions_of(client) == {newer.id}
    db.session.commit()  # the job runs in its own session
    assert tasks.match_clients.call_local() == 2
    db.session.commit()
    assert mentions_of(client) == {older.id, newer.id}


# Following --------------------------------------------------------------------------------


def test_follow_and_unfollow_on_the_web(make_user, login, vdb):
    client, _owner = vdb
    reader = make_user()
    web = login(reader)
    assert web.post(f"/clients/{client.id}/follow", {"next": "/clients"}).status_code == 303
    assert web.post(f"/clients/{client.id}/follow").status_code == 303  # again: no error
    assert db.session.scalar(select(func.count()).select_from(ClientFollow)) == 1
    page = web.get(f"/clients/{client.id}").get_data(as_text=True)
    assert "1 volger" in page
    assert web.post(f"/clients/{client.id}/follow", {"undo": "1"}).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ClientFollow)) == 0
    assert web.post("/clients/999999/follow").status_code == 404


def test_follow_and_unfollow_through_the_api(make_user, api, vdb):
    client, _owner = vdb
    reader = api(make_user())
    followed = reader.post(f"/clients/{client.id}/follow").get_json()
    assert followed["following"] is True and followed["follower_count"] == 1
    unfollowed = reader.delete(f"/clients/{client.id}/follow").get_json()
    assert unfollowed["following"] is False and unfollowed["follower_count"] == 0
    assert reader.post("/clients/999999/follow").get_json()["error"]["code"] == "not_found"


# The client page: signals and posts naming the client, through the matcher --------------


def test_client_page_shows_signals_and_posts_naming_an_alias(make_user, login, run_jobs, vdb):
    client, _owner = vdb
    java = directory.create_client(make_user("recruiter"), "Java")
    author = make_user()
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Inkoper vertrekt",
            "client": client.id,
            "kind": "contact_leaving",
        },
    )
    named = update(author, "Morgen langs bij VDB Logistiek in Tiel")
    elsewhere = update(author, "De Van der Bergen Logistiekgroep is iets anders")
    script = update(author, "Wie kent een javascript developer?")
    run_jobs()
    assert mentions_of(client) == {signal.id, named.id}
    assert mentions_of(java) == set()  # whole words only: "javascript" is not "Java"
    page = login(make_user()).get(f"/clients/{client.id}").get_data(as_text=True)
    assert f'id="p{signal.id}"' in page and f'id="p{named.id}"' in page
    assert f'id="p{elsewhere.id}"' not in page and f'id="p{script.id}"' not in page
    assert page.index(f'id="p{named.id}"') < page.index(f'id="p{signal.id}"')  # newest first
    only = login(make_user()).get(f"/clients/{client.id}?show=signals").get_data(as_text=True)
    assert f'id="p{signal.id}"' in only and f'id="p{named.id}"' not in only


def test_private_group_posts_are_shown_to_members_only(make_user, login, api, run_jobs, vdb):
    client, _owner = vdb
    member, outsider = make_user(), make_user()
    team = groups.create_group(member, "Directie", True)
    secret = update(member, "VDB Logistiek wil het contract opzeggen", group=team.id)
    public = update(member, "VDB Logistiek breidt uit")
    run_jobs()
    seen = login(member).get(f"/clients/{client.id}").get_data(as_text=True)
    assert f'id="p{secret.id}"' in seen and f'id="p{public.id}"' in seen
    hidden = login(outsider).get(f"/clients/{client.id}").get_data(as_text=True)
    assert f'id="p{secret.id}"' not in hidden and f'id="p{public.id}"' in hidden
    items = api(outsider).get(f"/clients/{client.id}/posts").get_json()["items"]
    assert [p["id"] for p in items] == [public.id]


def test_private_signals_are_not_counted_for_outsiders(make_user, login, api, run_jobs, vdb):
    client, owner = vdb
    member, outsider = make_user(), make_user()
    team = groups.create_group(member, "Directie", True)
    posts.create_post(
        member,
        {
            "type": "client_signal",
            "body": "Opzegging op komst",
            "client": client.id,
            "kind": "other",
            "group": team.id,
        },
    )
    run_jobs()
    for person, n in ((member, 1), (outsider, 0)):
        assert api(person).get(f"/clients/{client.id}").get_json()["signal_count"] == n
        for url in ("/clients", f"/clients/{client.id}"):
            page = login(person).get(url).get_data(as_text=True)
            assert f"{n} signa" in page, (url, n)


def test_odd_ids_and_pages_in_urls_are_not_errors(make_user, login, api, vdb):
    client, owner = vdb
    web, token = login(owner), api(owner)
    for url in ("/clients/99999999999999999999", "/clients/99999999999999999999/edit"):
        assert web.get(url).status_code == 404
    assert web.post("/clients/99999999999999999999/follow").status_code == 404
    for url in ("/clients?page=99999999999999999999", "/clients?page=-1", "/clients?page=x"):
        assert web.get(url).status_code == 200
    assert web.get(f"/clients/{client.id}?cursor=garbage").status_code == 400
    assert token.get("/clients/99999999999999999999").status_code == 404
    for query in ("cursor=garbage", "cursor=99999999999999999999", "cursor=1-9999999999999999999"):
        answer = token.get(f"/clients/{client.id}/posts?{query}")
        assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_cursor"
    for limit in ("-1", "0", str(10**9), "x"):
        assert token.get(f"/clients/{client.id}/posts?limit={limit}").status_code == 422


def test_edit_and_delete_keep_the_mentions_right(make_user, run_jobs, vdb):
    client, _owner = vdb
    author = make_user()
    post = update(author, "Gesprek bij VDB Logistiek")
    run_jobs()
    assert mentions_of(client) == {post.id}
    posts.edit_post(author, post, {"body": "Gesprek bij een andere klant"})
    assert mentions_of(client) == set()  # gone with the edit, before the fan-out runs
    run_jobs()
    assert mentions_of(client) == set()
    posts.edit_post(author, post, {"body": "Toch bij VdB"})
    run_jobs()
    assert mentions_of(client) == {post.id}
    posts.delete_post(author, post)
    assert mentions_of(client) == set()


def test_backfill_finds_older_posts_and_can_run_again(make_user, app, run_jobs):
    author, recruiter = make_user(), make_user("recruiter")
    older = update(author, "Nieuwe vestiging van Kempen Precisietechniek in Eindhoven")
    run_jobs()
    client = directory.create_client(recruiter, "Kempen Precisietechniek", ["KPT"])
    assert mentions_of(client) == set()
    assert mentions.backfill(batch=1) == 1
    assert mentions.backfill() == 1  # idempotent
    assert mentions_of(client) == {older.id}
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["clients", "backfill", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "1 mentions" in result.output


# Who is notified ------------------------------------------------------------------------


def test_owners_and_followers_hear_of_signals_and_posts_naming_the_client(make_user, run_jobs, vdb):
    client, owner = vdb
    follower, stranger = make_user(), make_user()
    directory.follow_client(follower, client)
    signal = posts.create_post(
        stranger,
        {
            "type": "client_signal",
            "body": "Reorganisatie",
            "client": client.id,
            "kind": "reorganisation",
        },
    )
    named = update(stranger, "Vacature bij VDB Logistiek")
    own = update(follower, "Ik was vandaag bij VDB Logistiek")
    run_jobs()
    reason = {"kind": "client", "client": "Van der Berg Logistiek"}
    assert reasons_of(owner, signal) == [{**reason, "owner": True}]  # always told
    for post in (signal, named):
        assert reasons_of(follower, post) == [reason]
    assert reasons_of(owner, named) == [reason]
    assert reasons_of(follower, own) is None  # never the author
    assert reasons_of(owner, own) == [reason]


def test_switching_clients_off_does_not_silence_signals_to_their_owners(
    make_user, run_jobs, login, vdb
):
    client, owner = vdb
    follower, author = make_user(), make_user()
    directory.follow_client(follower, client)
    directory.follow_client(owner, client)  # owner and follower: the owner reason wins
    for person in (owner, follower):
        notifications.set_channels(person, {"client": "off"})
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Nieuwe directeur",
            "client": client.id,
            "kind": "contact_joining",
        },
    )
    named = update(author, "Koffie gedronken bij VdB")
    run_jobs()
    assert reasons_of(owner, signal) == [
        {"kind": "client", "client": "Van der Berg Logistiek", "owner": True}
    ]
    assert reasons_of(owner, named) is None  # a name in a post may be switched off
    assert reasons_of(follower, signal) is None and reasons_of(follower, named) is None
    page = login(owner).get("/notifications/settings").get_data(as_text=True)
    assert "Signalen over een klant van wie je eigenaar bent krijg je altijd" in page
    english = login(make_user(language="en")).get("/notifications/settings")
    assert "Signals about a client you own always reach you" in english.get_data(as_text=True)


def test_a_signal_moved_to_another_client_tells_that_clients_people(make_user, run_jobs, vdb):
    client, owner = vdb
    other_owner, other_follower, author = make_user("recruiter"), make_user(), make_user()
    other = directory.create_client(other_owner, "Hoekstra Bouw", [], [other_owner.id])
    directory.follow_client(other_follower, other)
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Nieuw project",
            "client": client.id,
            "kind": "new_project",
        },
    )
    run_jobs()
    assert reasons_of(other_owner, signal) is None
    posts.edit_post(author, db.session.get(Post, signal.id), {"body": "Nieuw project (typo)"})
    run_jobs()
    assert reasons_of(other_owner, signal) is None  # an edit that keeps the client
    posts.edit_post(author, db.session.get(Post, signal.id), {"client": other.id})
    run_jobs()
    assert reasons_of(other_owner, signal) == [
        {"kind": "client", "client": "Hoekstra Bouw", "owner": True}
    ]
    assert reasons_of(other_follower, signal) == [{"kind": "client", "client": "Hoekstra Bouw"}]
    assert reasons_of(owner, signal) == [  # told once, of the first client
        {"kind": "client", "client": "Van der Berg Logistiek", "owner": True}
    ]


def test_followers_outside_a_private_group_are_not_notified(make_user, run_jobs, vdb):
    client, _owner = vdb
    member, outsider = make_user(), make_user()
    team = groups.create_group(member, "Sales Noord", True)
    inside = make_user()
    groups.add_member(member, team, inside)
    for person in (outsider, inside):
        directory.follow_client(person, client)
    post = update(member, "VDB Logistiek zegt op", group=team.id)
    run_jobs()
    assert reasons_of(outsider, post) is None
    assert reasons_of(inside, post) == [{"kind": "client", "client": "Van der Berg Logistiek"}]


# The directory and the pages -----------------------------------------------------------


def test_a_client_first_named_in_a_private_group_is_its_members_alone(
    make_user, login, api, run_jobs
):
    member, outsider, recruiter = make_user(), make_user(), make_user("recruiter")
    board = groups.create_group(member, "Directie", True)
    signal = posts.create_post(
        member,
        {
            "type": "client_signal",
            "group": board.id,
            "body": "Overname op komst",
            "client": "Geheime Overname BV",
            "kind": "reorganisation",
        },
    )
    client = signal.client
    run_jobs()
    for person in (outsider, recruiter):
        web, client_api = login(person), api(person)
        assert "Geheime Overname" not in web.get("/clients").get_data(as_text=True)
        assert "Geheime Overname" not in web.get("/clients?q=geheim").get_data(as_text=True)
        assert "Geheime Overname" not in web.get("/posts/new?type=client_signal").get_data(
            as_text=True
        )
        assert web.get(f"/clients/{client.id}").status_code == 404
        assert "Geheime" not in str(client_api.get("/clients").get_json())
        assert client_api.get(f"/clients/{client.id}").status_code == 404
        assert client_api.post(f"/clients/{client.id}/follow").status_code == 404
        # its number is no way in: a signal can't name it by id
        by_id = client_api.post(
            "/posts",
            json={"type": "client_signal", "body": "x", "client": client.id, "kind": "other"},
        )
        assert by_id.status_code == 422 and "client" in by_id.get_json()["error"]["fields"]
    web = login(member)
    assert "Geheime Overname" in web.get("/clients").get_data(as_text=True)
    assert api(member).get(f"/clients/{client.id}").status_code == 200
    # a recruiter adding it to the directory brings it out, without a "name taken" hint
    added = api(recruiter).post("/clients", json={"name": "geheime overname bv"})
    assert added.status_code == 201 and added.get_json()["id"] == client.id
    assert api(outsider).get(f"/clients/{client.id}").status_code == 200


def test_a_hidden_client_named_where_everyone_reads_joins_the_directory(make_user, api):
    member, outsider = make_user(), make_user()
    board = groups.create_group(member, "Directie", True)
    signal = {"type": "client_signal", "body": "x", "kind": "other", "client": "Stil BV"}
    hidden = posts.create_post(member, {**signal, "group": board.id}).client
    other_private = groups.create_group(outsider, "Anders", True)
    posts.create_post(outsider, {**signal, "group": other_private.id})
    assert api(outsider).get(f"/clients/{hidden.id}").status_code == 404
    public = posts.create_post(outsider, signal)
    assert public.client_id == hidden.id  # one client, not a second by the same name
    assert api(outsider).get(f"/clients/{hidden.id}").status_code == 200


def test_renaming_a_client_as_a_hidden_one_is_called_takes_it_in(make_user, login, api, run_jobs):
    """A rename to a name only a private group knows is not "taken": the client takes the
    hidden one in (its signals and followers), and the recruiter learns nothing of it."""
    member, recruiter = make_user(), make_user("recruiter")
    board = groups.create_group(member, "Directie", True)
    signal = {"type": "client_signal", "body": "Overname", "kind": "other", "group": board.id}
    secret = posts.create_post(member, {**signal, "client": "Özdemir Transport"})
    hidden_id, secret_id = secret.client_id, secret.id
    directory.follow_client(member, secret.client)
    acme = directory.create_client(recruiter, "Acme", industry="Logistiek")
    other = directory.create_client(recruiter, "Bekend BV")
    db.session.commit()
    acme_id, other_id = acme.id, other.id
    run_jobs()
    client = api(recruiter)
    # a name everyone can see is taken, whatever its case
    taken = client.patch(f"/clients/{acme_id}", json={"name": "BEKEND bv"})
    assert taken.status_code == 409
    # the hidden one's name, written otherwise: the same answer as any free name
    renamed = client.patch(f"/clients/{acme_id}", json={"name": "ÖZDEMIR TRANSPORT"})
    assert renamed.status_code == 200, renamed.get_json()
    body = renamed.get_json()
    assert (body["id"], body["name"], body["industry"]) == (
        acme_id,
        "ÖZDEMIR TRANSPORT",
        "Logistiek",
    )
    db.session.expire_all()
    assert db.session.get(Client, hidden_id) is None  # one client per name
    assert db.session.get(Post, secret_id).client_id == acme_id
    assert directory.followed_ids(member) == {acme_id}
    # the private signal stays the members': on the page, in the counts, in the API
    page = login(recruiter).get(f"/clients/{acme_id}").get_data(as_text=True)
    assert f'id="p{secret_id}"' not in page
    posts_api = client.get(f"/clients/{acme_id}/posts").get_json()["items"]
    assert secret_id not in [p["id"] for p in posts_api]
    mine = login(member).get(f"/clients/{acme_id}").get_data(as_text=True)
    assert f'id="p{secret_id}"' in mine
    # on the web form too
    web = login(recruiter)
    hidden_too = posts.create_post(member, {**signal, "client": "Stille Vennoot"}).client_id
    form = web.post(f"/clients/{other_id}/edit", {"name": "stille vennoot", "industry": ""})
    assert form.status_code == 303, form.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert db.session.get(Client, hidden_too) is None


def test_directory_searches_by_name_alias_and_pages(make_user, login):
    recruiter = make_user("recruiter")
    for n in range(33):
        directory.create_client(recruiter, f"Klant {n:02d}", [f"Bijnaam {n:02d}"])
    web = login(make_user())
    first = web.get("/clients").get_data(as_text=True)
    assert "Klant 00" in first and "Klant 29" in first and "Klant 30" not in first
    second = web.get("/clients?page=2").get_data(as_text=True)
    assert "Klant 30" in second and "Klant 32" in second and "Klant 29" not in second
    found = web.get("/clients?q=bijnaam+07").get_data(as_text=True)
    assert "Klant 07" in found and "Klant 08" not in found
    nothing = web.get("/clients?q=zzz%25").get_data(as_text=True)
    assert "Klant 00" not in nothing


def test_web_keeping_is_for_recruiters(make_user, login):
    employee, recruiter = make_user(), make_user("recruiter")
    assert login(employee).get("/clients/new").status_code == 403
    assert login(employee).post("/clients/new", {"name": "Acme"}).status_code == 403
    web = login(recruiter)
    assert 'type="checkbox" name="owners"' in web.get("/clients/new").get_data(as_text=True)
    bad = web.post("/clients/new", {"name": "", "aliases": "ab"})
    assert bad.status_code == 422 and "field__error" in bad.get_data(as_text=True)
    made = web.post(
        "/clients/new",
        {
            "name": "Acme",
            "aliases": "Acme BV\nAcme Groep",
            "industry": "Bouw",
            "owners": [str(recruiter.id)],
        },
    )
    assert made.status_code == 303
    client = db.session.scalar(select(Client).where(Client.name == "Acme"))
    assert client.alias_list == ["Acme BV", "Acme Groep"] and client.owners[0].id == recruiter.id
    assert login(employee).get(f"/clients/{client.id}/edit").status_code == 403
    edited = web.post(
        f"/clients/{client.id}/edit", {"name": "Acme Bouw", "aliases": "", "industry": "Bouw"}
    )
    assert edited.status_code == 303
    db.session.expire_all()
    assert db.session.get(Client, client.id).name == "Acme Bouw"
    assert db.session.get(Client, client.id).owners == []


def test_list_pages_cost_a_fixed_number_of_queries(make_user, login, run_jobs, count_queries):
    recruiter = make_user("recruiter")
    web = login(make_user())

    def directory_cost() -> int:
        with count_queries() as statements:
            assert web.get("/clients").status_code == 200
        return len(statements)

    def page_cost(client) -> int:
        with count_queries() as statements:
            assert web.get(f"/clients/{client.id}").status_code == 200
        return len(statements)

    first = directory.create_client(recruiter, "Klant Een", owners=[recruiter.id])

    def add(n: int) -> None:
        other = directory.create_client(recruiter, f"Klant {n + 2}", owners=[recruiter.id])
        directory.follow_client(make_user(), other)
        posts.create_post(
            make_user(),
            {"type": "client_signal", "body": f"Nieuws #{n}", "client": first.id, "kind": "other"},
        )
        update(make_user(), f"Klant Een en #tag{n} @{recruiter.handle}")

    add(0)
    run_jobs()
    small = (directory_cost(), page_cost(first))
    for n in range(1, 12):
        add(n)
    run_jobs()
    assert (directory_cost(), page_cost(first)) == small
    page = web.get(f"/clients/{first.id}").get_data(as_text=True)
    assert page.count('class="card post ') == 20 and "cursor=" in page  # a full page, more


# Composer -----------------------------------------------------------------------------


def test_composer_picks_a_client_by_alias_and_offers_the_directory(make_user, login, vdb):
    client, _owner = vdb
    author = make_user()
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Nieuw project",
            "client": "vdb logistiek",
            "kind": "new_project",
        },
    )
    assert signal.client_id == client.id
    assert db.session.scalar(select(func.count()).select_from(Client)) == 1
    page = login(author).get("/posts/new?type=client_signal&client=Van+der+Berg+Logistiek")
    html = page.get_data(as_text=True)
    assert re.search(
        r'<option value="Van der Berg Logistiek">VDB Logistiek · VdB · Logistiek', html
    )
    assert 'name="client_signal.client" value="Van der Berg Logistiek"' in html


# API ------------------------------------------------------------------------------------


def test_api_client_read_edit_and_posts(make_user, api, run_jobs, vdb):
    client, owner = vdb
    author = make_user()
    employee = api(author)
    recruiter = api(owner)
    other = directory.create_client(owner, "Datastroom")
    detail = employee.get(f"/clients/{client.id}").get_json()
    assert detail["aliases"] == ["VDB Logistiek", "VdB"] and detail["owners"][0]["id"] == owner.id
    assert employee.get("/clients/999999").status_code == 404
    refused = employee.patch(f"/clients/{client.id}", json={"industry": "Transport"})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "recruiters_only"
    changed = recruiter.patch(f"/clients/{client.id}", json={"industry": "Transport"})
    assert changed.status_code == 200 and changed.get_json()["industry"] == "Transport"
    taken = recruiter.patch(f"/clients/{other.id}", json={"name": "van der berg logistiek"})
    assert taken.status_code == 409
    wrong = recruiter.patch(f"/clients/{client.id}", json={"aliases": ["x"], "colour": "red"})
    assert wrong.status_code == 422
    invalid = recruiter.patch(f"/clients/{client.id}", json={"aliases": ["x"]})
    assert invalid.status_code == 422 and "aliases" in invalid.get_json()["error"]["fields"]
    made = [update(author, f"Bericht {n} over VDB Logistiek").id for n in range(5)]
    run_jobs()
    first = employee.get(f"/clients/{client.id}/posts?limit=3").get_json()
    assert [p["id"] for p in first["items"]] == made[::-1][:3]
    rest = employee.get(f"/clients/{client.id}/posts?limit=3&cursor={first['next_cursor']}")
    assert [p["id"] for p in rest.get_json()["items"]] == made[::-1][3:]
    assert rest.get_json()["next_cursor"] is None
    assert employee.get(f"/clients/{client.id}/posts?cursor=zz").status_code == 400
    assert employee.get(f"/clients/{client.id}/posts?signals=1").get_json()["items"] == []


def test_a_matcher_a_moment_behind_the_directory_breaks_nothing(make_user, run_jobs, vdb):
    client, _owner = vdb
    alerts.current_matcher()  # built while the client exists
    db.session.delete(db.session.get(Client, client.id))  # gone, without a new version
    db.session.commit()
    post = update(make_user(), "Nieuws van VDB Logistiek")
    run_jobs()
    assert db.session.scalar(select(func.count()).select_from(ClientMention)) == 0
    assert mentions.backfill() == 0
    assert db.session.get(ClientMention, (post.id, client.id)) is None


def test_openapi_documents_the_client_routes(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    for path, methods in {
        "/api/v1/clients/{client_id}": {"get", "patch"},
        "/api/v1/clients/{client_id}/follow": {"post", "delete"},
        "/api/v1/clients/{client_id}/posts": {"get"},
    }.items():
        assert methods <= set(spec["paths"][path])
    update_schema = spec["components"]["schemas"]["PostUpdate"]["properties"]
    assert "resolution_note" in update_schema
