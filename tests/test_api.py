"""The JSON API as PRODUCT.md defines it: routes, shapes, and errors with codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intranet.extensions import db
from intranet.models import REACTIONS, Alert, Post
from intranet.notifying.alerts import ALERT_TYPES
from intranet.platform.clock import local_today

SOON = (local_today() + timedelta(days=20)).isoformat()
VACANCY = {
    "type": "vacancy",
    "body": "Wie kent iemand? #utrecht",
    "title": "Recruiter IT",
    "department": "Recruitment",
    "location": "Utrecht",
    "hours": 32,
    "closes_on": SOON,
}


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


def test_me(make_user, api):
    user = make_user("recruiter", name="Sanne de Vries", handle="sanne")
    body = api(user).get("/me").get_json()
    assert body["id"] == user.id and body["handle"] == "sanne"
    assert body["name"] == "Sanne de Vries" and body["role"] == "recruiter"
    assert body["email"] == user.email and "post_address" in body


def test_no_or_bad_token_is_401(app, make_user):
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer kr_nope"}, {"Authorization": "Basic eDp5"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_create_get_patch_delete(make_user, api):
    author = make_user()
    client = api(author)
    created = client.post("/posts", json=VACANCY)
    assert created.status_code == 201, created.get_json()
    post = created.get_json()
    assert post["type"] == "vacancy" and post["status"] == "open"
    assert post["title"] == "Recruiter IT" and post["hours"] == 32 and post["closes_on"] == SOON
    assert post["tags"] == ["utrecht"] and post["author"]["id"] == author.id
    assert post["created_at"].endswith("+00:00")
    fetched = client.get(f"/posts/{post['id']}").get_json()
    assert {"html", "tags", "mentions", "reply_count", "like_count"} <= set(fetched)
    patched = client.patch(f"/posts/{post['id']}", json={"hours": 36, "status": "filled"})
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["hours"] == 36 and patched.get_json()["status"] == "filled"
    assert patched.get_json()["edited_at"]
    conflict = client.patch(f"/posts/{post['id']}", json={"status": "open"})
    assert conflict.status_code == 409 and error_of(conflict)["code"] == "invalid_transition"
    assert client.delete(f"/posts/{post['id']}").status_code == 204
    assert client.get(f"/posts/{post['id']}").status_code == 404


def test_unknown_type_is_400_with_valid_types(make_user, api):
    response = api(make_user()).post("/posts", json={"type": "poll", "body": "x"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "unknown_type"
    assert error["valid_types"] == [
        "update",
        "vacancy",
        "candidate_offer",
        "client_signal",
        "reputation_alert",
    ]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**VACANCY, "title": ""}, "title"),
        ({**VACANCY, "closes_on": "2001-01-01"}, "closes_on"),
        ({**VACANCY, "hours": "veertig"}, "hours"),
        ({**VACANCY, "body": ""}, "body"),
        ({**VACANCY, "body": "Vraag aan @niemand"}, "body"),
        ({**VACANCY, "surprise": 1}, "surprise"),
        (
            {"type": "reputation_alert", "body": "x", "source": "Indeed", "severity": "rampzalig"},
            "severity",
        ),
    ],
)
def test_validation_errors_are_422_with_fields(make_user, api, payload, field):
    response = api(make_user()).post("/posts", json=payload)
    assert response.status_code == 422, response.get_json()
    error = error_of(response)
    assert error["code"] == "validation_error" and field in error["fields"]


def test_nothing_is_stored_on_error(app, make_user, api):
    client = api(make_user())
    client.post("/posts", json={**VACANCY, "closes_on": "2001-01-01"})
    client.post("/posts", json={**VACANCY, "body": "x" * 10_001})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_oversized_body_is_413(make_user, api):
    response = api(make_user()).post("/posts", json={"type": "update", "body": "x" * 10_001})
    assert response.status_code == 413 and error_of(response)["code"] == "body_too_long"


def test_employee_cannot_offer_candidates_403(make_user, api):
    response = api(make_user()).post(
        "/posts",
        json={
            "type": "candidate_offer",
            "body": "x",
            "headline": "Java dev",
            "skills": ["Java"],
            "availability": "direct",
            "location": "Utrecht",
            "candidate_name": "Piet",
            "candidate_contact": "piet@example.com",
            "consent": True,
        },
    )
    assert response.status_code == 403 and error_of(response)["code"] == "recruiters_only"


def test_candidate_offer_without_consent_is_422(make_user, api):
    response = api(make_user("recruiter")).post(
        "/posts",
        json={
            "type": "candidate_offer",
            "body": "x",
            "headline": "Java dev",
            "skills": "Java, Go",
            "availability": "direct",
            "location": "Utrecht",
            "candidate_name": "Piet",
            "candidate_contact": "piet@example.com",
            "consent": False,
        },
    )
    assert response.status_code == 422 and "consent" in error_of(response)["fields"]


def test_other_people_cannot_edit_or_delete(make_user, api):
    author, other = make_user(), make_user()
    post = api(author).post("/posts", json={"type": "update", "body": "Hallo"}).get_json()
    assert api(other).patch(f"/posts/{post['id']}", json={"body": "Gekaapt"}).status_code == 403
    assert api(other).delete(f"/posts/{post['id']}").status_code == 403
    assert api(other).get("/posts/999999").status_code == 404


def test_replies_and_likes(make_user, api):
    author, fan = make_user(), make_user()
    post = api(author).post("/posts", json={"type": "update", "body": "Hallo"}).get_json()
    reply = api(fan).post(f"/posts/{post['id']}/replies", json={"body": "Hoi"})
    assert reply.status_code == 201 and reply.get_json()["parent_id"] == post["id"]
    assert reply.get_json()["type"] == "reply"
    liked = api(fan).post(f"/posts/{post['id']}/like").get_json()
    assert liked["like_count"] == 1 and liked["liked"] is True
    again = api(fan).post(f"/posts/{post['id']}/like").get_json()
    assert again["like_count"] == 1
    unliked = api(fan).delete(f"/posts/{post['id']}/like").get_json()
    assert unliked["like_count"] == 0 and unliked["liked"] is False
    replies = api(author).get(f"/posts/{post['id']}/replies").get_json()["items"]
    assert [r["body"] for r in replies] == ["Hoi"]
    assert api(author).get(f"/posts/{post['id']}").get_json()["reply_count"] == 1


def test_reactions_beyond_the_heart(make_user, api):
    author, fan, other = make_user(), make_user(handle="daan"), make_user(handle="eva")
    post = api(author).post("/posts", json={"type": "update", "body": "Binnen!"}).get_json()
    api(fan).post(f"/posts/{post['id']}/like")
    api(fan).post(f"/posts/{post['id']}/reactions/tada")
    given = api(other).post(f"/posts/{post['id']}/reactions/tada").get_json()
    assert given["like_count"] == 3 and given["liked"] is False
    assert given["reactions"] == [
        {"kind": "heart", "emoji": "\u2764\ufe0f", "count": 1, "mine": False, "by": ["daan"]},
        {"kind": "tada", "emoji": "\U0001f389", "count": 2, "mine": True, "by": ["daan", "eva"]},
    ]
    wrong = api(other).post(f"/posts/{post['id']}/reactions/poop")
    assert wrong.status_code == 422 and "reaction" in error_of(wrong)["fields"]
    taken = api(fan).delete(f"/posts/{post['id']}/reactions/tada").get_json()
    assert [r["by"] for r in taken["reactions"]] == [["daan"], ["eva"]]
    feed = api(author).get("/feed?scope=all").get_json()["items"]
    assert [r["count"] for r in feed[0]["reactions"]] == [1, 1]


def test_groups_and_members(make_user, api):
    owner, other = make_user(), make_user()
    created = api(owner).post("/groups", json={"name": "Team Noord", "private": True})
    assert created.status_code == 201
    group = created.get_json()
    assert group["private"] is True and group["member"] is True
    assert api(other).get("/groups").get_json()["items"] == []
    # A private group does not exist for outsiders: its name is free to them, not to members.
    elsewhere = {"name": "team noord", "private": True}
    assert api(make_user()).post("/groups", json=elsewhere).status_code == 201
    duplicate = api(owner).post("/groups", json={"name": "TEAM NOORD"})
    assert duplicate.status_code == 409
    joined = api(other).post(f"/groups/{group['id']}/members/{other.id}")
    assert joined.status_code == 404  # a private group is invisible to outsiders
    added = api(owner).post(f"/groups/{group['id']}/members/{other.id}")
    assert added.status_code == 200
    listed = api(other).get("/groups").get_json()["items"]
    assert [g["name"] for g in listed] == ["Team Noord"] and listed[0]["member_count"] == 2
    bad = api(owner).post("/groups", json={"name": "", "private": "ja"})
    assert bad.status_code == 422


def test_clients(make_user, api):
    owner = make_user("recruiter")
    client = api(owner)
    created = client.post(
        "/clients",
        json={"name": "Van der Berg Logistiek", "aliases": ["VDB Logistiek"], "owners": [owner.id]},
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["aliases"] == ["VDB Logistiek"]
    assert created.get_json()["owners"][0]["id"] == owner.id
    assert client.post("/clients", json={"name": "van der berg logistiek"}).status_code == 409
    assert client.post("/clients", json={"name": "X", "owners": [424242]}).status_code == 422
    names = [c["name"] for c in client.get("/clients").get_json()["items"]]
    assert names == ["Van der Berg Logistiek"]


def test_settings(make_user, api):
    client = api(make_user())
    changed = client.patch("/me/settings", json={"language": "en", "job_title": "Recruiter"})
    assert changed.status_code == 200
    assert changed.get_json()["language"] == "en"
    assert client.get("/me/settings").get_json()["job_title"] == "Recruiter"
    assert client.patch("/me/settings", json={"language": "fr"}).status_code == 422


def test_errors_follow_the_language_setting(make_user, api):
    client = api(make_user())
    client.patch("/me/settings", json={"language": "en"})
    message = error_of(client.post("/posts", json={"type": "update", "body": ""}))["message"]
    assert "Write something" in message


def test_malformed_json_is_400(make_user, api):
    response = api(make_user()).post(
        "/posts", data="{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    error_of(response)


def test_unknown_route_is_json_404(make_user, api):
    response = api(make_user()).get("/nowhere")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_openapi_document(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    for path in (
        "/api/v1/me",
        "/api/v1/posts",
        "/api/v1/posts/{post_id}",
        "/api/v1/posts/{post_id}/replies",
        "/api/v1/posts/{post_id}/like",
        "/api/v1/feed",
        "/api/v1/tags/{name}/follow",
        "/api/v1/users/{user_id}/follow",
        "/api/v1/me/settings",
        "/api/v1/groups",
        "/api/v1/groups/{group_id}/members/{user_id}",
        "/api/v1/clients",
    ):
        assert path in paths, path
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


# Texts whose limits the services keep: (path, schema, field, the rest of a valid body).
LIMITED = [
    ("/groups", "GroupIn", "name", {"private": True}),
    ("/groups", "GroupIn", "description", {"name": "Lang verhaal"}),
    ("/clients", "ClientIn", "name", {}),
    ("/clients", "ClientIn", "industry", {"name": "Branche BV"}),
    ("/alerts", "AlertIn", "term", {}),
    ("/posts", "PostCreate", "body", {"type": "update"}),
]


def test_the_document_says_the_limits_the_api_keeps(app, make_user, api):
    """A text as long as the document allows is taken, one longer or blank is refused on
    that field, and the document's choices are the services' (Schemathesis's
    validation_mismatch came from limits and choices the document left out)."""
    schemas = app.test_client().get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    client, sent = api(make_user("admin")), iter(range(100))

    def send(path, rest, field, value):
        named = {"name": f"{rest['name']} {next(sent)}"} if "name" in rest else {}
        return client.post(path, json={**rest, **named, field: value})

    for path, schema, field, rest in LIMITED:
        documented = schemas[schema]["properties"][field]
        longest = "w" * documented["maxLength"]
        taken = send(path, rest, field, longest)
        assert taken.status_code in (200, 201), (path, field, taken.get_json())
        refused = [send(path, rest, field, longest + "w")]
        if "pattern" in documented:
            refused.append(send(path, rest, field, "  "))
        for response in refused:
            assert response.status_code in (413, 422), (path, field, response.get_json())
    alert = schemas["AlertIn"]["properties"]
    assert alert["delivery"]["enum"] == list(Alert.DELIVERIES)
    assert alert["types"]["items"]["enum"] == ALERT_TYPES
    settings = schemas["SettingsIn"]["properties"]
    assert (settings["digest_hour"]["minimum"], settings["digest_hour"]["maximum"]) == (0, 23)
    assert schemas["ReadIn"]["properties"]["ids"]["minItems"] == 1
    assert client.post("/notifications/read", json={"ids": []}).status_code == 422
    nothing = client.post("/notifications/read", json={})  # neither ids nor all: nothing
    assert nothing.status_code == 200 and nothing.get_json()["updated"] == 0
    assert sorted(schemas["ReferralIn"]["required"]) == ["contact", "name"]
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]

    def path_schema(path, name):
        return next(p["schema"] for p in paths[path]["parameters"] if p["name"] == name)

    kind = path_schema("/api/v1/posts/{post_id}/reactions/{kind}", "kind")
    assert kind["enum"] == list(REACTIONS)
    key = path_schema("/api/v1/drafts/{key}", "key")
    assert re.fullmatch(key["pattern"].strip("^$"), "reply-12") and key["maxLength"] == 64


def test_each_resource_keeps_its_shape(make_user, api, run_jobs):
    """The output schemas dump the objects into the JSON the API always gave."""
    recruiter, reader = make_user("recruiter"), make_user(handle="lezer")
    mine, theirs = api(recruiter), api(reader)
    alert = theirs.post("/alerts", json={"term": "Acme", "types": ["vacancy"]}).get_json()
    assert set(alert) == {"id", "term", "types", "variants", "delivery", "created_at"}
    assert alert["types"] == ["vacancy"] and alert["created_at"].endswith("+00:00")
    assert theirs.get("/alerts").get_json()["items"] == [alert]

    group = theirs.post("/groups", json={"name": "Noord", "private": True}).get_json()
    assert group == {
        "id": group["id"],
        "name": "Noord",
        "handle": f"noord.{group['id']}",  # a private group's: its name's and its number
        "private": True,
        "description": "",
        "member_count": 1,
        "member": True,
        "owner_id": reader.id,
    }
    assert theirs.get("/groups").get_json()["items"] == [group]

    client = mine.post("/clients", json={"name": "Acme", "owners": [recruiter.id]}).get_json()
    assert set(client) == {"id", "name", "aliases", "industry", "owners"}
    owner = client["owners"][0]
    assert set(owner) == {"id", "handle", "name", "job_title", "department", "photo"}
    assert owner["photo"] is None  # no photo: initials
    followed = theirs.post(f"/clients/{client['id']}/follow").get_json()
    assert followed == {**client, "follower_count": 1, "signal_count": 0, "following": True}

    vacancy = mine.post("/posts", json={**VACANCY, "body": "Wie kent iemand? @lezer"})
    run_jobs()
    notification = theirs.get("/notifications").get_json()["items"][0]
    assert set(notification) == {
        "id",
        "post_id",
        "reasons",
        "read",
        "created_at",
        "post",
        "actor",
    }
    assert notification["post"]["author"] == {
        "id": recruiter.id,
        "name": recruiter.name,
        "handle": recruiter.handle,
    }
    assert notification["read"] is False and notification["created_at"].endswith("+00:00")

    referral = theirs.post(
        f"/vacancies/{vacancy.get_json()['id']}/referrals",
        json={"name": "Piet", "contact": "piet@example.com", "consent": True},
    ).get_json()
    listed = theirs.get("/referrals").get_json()["items"][0]
    assert "events" not in listed and listed == referral
    detail = mine.patch(
        f"/referrals/{referral['id']}", json={"status": "contacted", "note": "Gebeld"}
    )
    events = detail.get_json()["events"]
    assert [e["status"] for e in events] == ["referred", "contacted"]
    assert events[1]["note"] == "Gebeld"
    assert theirs.get(f"/referrals/{referral['id']}").get_json()["events"][1]["note"] == ""

    me = theirs.get("/me").get_json()
    assert "notifications" not in me and me["post_address"]
    settings = theirs.get("/me/settings").get_json()
    assert settings == {**me, "notifications": settings["notifications"]}
    assert settings["notifications"]["mention"] == "app"

    sharing = theirs.get("/me/sharing").get_json()
    assert sharing["saved"] is False and sharing["rhythm"] == "monthly"
    assert theirs.patch("/me/sharing", json={"rhythm": "weekly"}).get_json() == {
        **sharing,
        "rhythm": "weekly",
        "saved": True,
    }


def test_a_posts_permalink_is_the_address_url_for_makes(app):
    """The API's permalinks are built once per request (serialize.permalink): each is
    the external address url_for makes, under a prefix too."""
    from flask import url_for

    from intranet.api.serialize import permalink

    for base in ("http://localhost/", "https://kring.example/kring/"):
        with app.test_request_context("/api/v1/feed", base_url=base):
            for number in (1, 918273645, 2**31 - 1, 7):
                made = permalink(number)
                assert made == url_for("posts.show", post_id=number, _external=True)
                assert made.startswith(base.rstrip("/"))
