"""Drafts kept on the server per person: the API (token and session), its refusals, the
draft gone once its post or reply is stored by the page or the API, and the clean-up."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from intranet.accounts import people
from intranet.extensions import db
from intranet.models import Draft
from intranet.platform.clock import utcnow
from intranet.posting import drafts, groups, posts


def _drafts_of(user) -> dict:
    user_id = user.id
    db.session.rollback()  # what the requests committed, not what this session saw before
    rows = db.session.scalars(select(Draft).where(Draft.user_id == user_id))
    return {row.key: row.fields for row in rows}


def test_a_draft_is_kept_read_listed_and_thrown_away(make_user, api):
    lies = api(make_user())
    fields = {
        "type": "vacancy",
        "vacancy.title": "Planner Zwolle",
        "body": "Halve",
        "must_read": True,
    }

    saved = lies.put("/drafts/composer", json={"fields": fields})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["key"] == "composer"
    assert saved.get_json()["fields"] == fields
    assert saved.get_json()["updated_at"].endswith("+00:00")

    again = lies.put("/drafts/composer", json={"fields": {"body": "Halve gedachte"}})
    assert again.get_json()["fields"] == {"body": "Halve gedachte"}  # replaced, not merged
    lies.put("/drafts/reply-12", json={"fields": {"body": "Een reactie"}})

    assert lies.get("/drafts/composer").get_json()["fields"] == {"body": "Halve gedachte"}
    listed = lies.get("/drafts").get_json()["items"]
    assert [d["key"] for d in listed] == ["reply-12", "composer"]  # newest first
    only = lies.get("/drafts?key=composer").get_json()["items"]
    assert [d["key"] for d in only] == ["composer"]

    assert lies.delete("/drafts/composer").status_code == 204
    assert lies.delete("/drafts/composer").status_code == 204  # gone already: still fine
    missing = lies.get("/drafts/composer")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "no_draft"
    assert [d["key"] for d in lies.get("/drafts").get_json()["items"]] == ["reply-12"]


def test_nobody_reaches_someone_elses_draft(make_user, api):
    lies, eva = make_user(), make_user()
    as_lies, as_eva = api(lies), api(eva)
    as_lies.put("/drafts/composer", json={"fields": {"body": "Alleen van Lies"}})

    assert as_eva.get("/drafts/composer").status_code == 404
    assert as_eva.get("/drafts").get_json()["items"] == []
    assert as_eva.get("/drafts?key=composer").get_json()["items"] == []
    as_eva.put("/drafts/composer", json={"fields": {"body": "Van Eva"}})
    as_eva.delete("/drafts/composer")

    assert as_lies.get("/drafts/composer").get_json()["fields"] == {"body": "Alleen van Lies"}
    assert _drafts_of(eva) == {}
    assert _drafts_of(lies) == {"composer": {"body": "Alleen van Lies"}}


PERSONAL = {  # a candidate offer's fields only recruiters see, as the composer names them
    "candidate_offer.candidate_name": "Fenna de Wit",
    "candidate_offer.candidate_contact": "fenna@example.nl",
    "candidate_offer.consent": True,
}


def test_a_draft_never_keeps_a_candidates_personal_data(make_user, api):
    """Whoever sends it (the page's script, or a client of the API): the name, contact and
    consent are dropped, the rest of the half-written offer is kept."""
    bram = make_user("recruiter")
    as_bram = api(bram)
    fields = {
        "type": "candidate_offer",
        "candidate_offer.headline": "Planner, Zwolle",
        "candidate_offer.retain_until": "2027-01-31",
        "body": "Sterke planner",
        **PERSONAL,
        "candidate_name": "Fenna de Wit",  # bare, as the API's posts name them
        "consent": False,
    }
    kept = {
        "type": "candidate_offer",
        "candidate_offer.headline": "Planner, Zwolle",
        "candidate_offer.retain_until": "2027-01-31",
        "body": "Sterke planner",
    }
    saved = as_bram.put("/drafts/composer", json={"fields": fields})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["fields"] == kept
    assert as_bram.get("/drafts/composer").get_json()["fields"] == kept
    assert _drafts_of(bram) == {"composer": kept}  # the row itself
    only = as_bram.put("/drafts/reply-3", json={"fields": dict(PERSONAL)})
    assert only.status_code == 200 and only.get_json()["fields"] == {}
    listed = as_bram.get("/drafts").get_data(as_text=True)
    assert "Fenna" not in listed and "fenna@example.nl" not in listed


def test_the_composer_marks_the_personal_fields_for_the_script_to_skip(make_user, login):
    page = login(make_user("recruiter")).get("/").get_data(as_text=True)
    for name in PERSONAL:
        control = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)
        assert "data-draft-skip" in control, name
    for name in ("candidate_offer.headline", "candidate_offer.retain_until", "vacancy.title"):
        control = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)
        assert "data-draft-skip" not in control, name


def test_without_a_login_there_are_no_drafts(app):
    client = app.test_client()
    assert client.get("/api/v1/drafts").status_code == 401
    assert client.put("/api/v1/drafts/composer", json={"fields": {}}).status_code == 401


@pytest.mark.parametrize(
    ("url", "body", "code", "says"),
    [
        ("/drafts/Composer", {"fields": {"body": "x"}}, "bad_draft_key", "lowercase"),
        ("/drafts/reply--1", {"fields": {"body": "x"}}, "bad_draft_key", "dashes"),
        ("/drafts/" + "a" * 65, {"fields": {"body": "x"}}, "bad_draft_key", "64"),
        ("/drafts/composer", {"fields": "body"}, "bad_draft", "object"),
        ("/drafts/composer", {"fields": ["body"]}, "bad_draft", "object"),
        ("/drafts/composer", {"fields": {"body": 3}}, "bad_draft", "body"),
        ("/drafts/composer", {"fields": {"body": None}}, "bad_draft", "true/false"),
        ("/drafts/composer", {"fields": {"body": {"nested": "x"}}}, "bad_draft", "text"),
        ("/drafts/composer", {"fields": {"a b": "x"}}, "bad_draft", "name"),
        ("/drafts/composer", {"fields": {"x" * 65: "x"}}, "bad_draft", "64"),
        ("/drafts/composer", {"fields": {f"f{n}": "x" for n in range(61)}}, "bad_draft", "60"),
        ("/drafts/composer", {"fields": {"body": "x" * 50_001}}, "bad_draft", "50000"),
        ("/drafts/composer", {}, "validation_error", "fields"),
        ("/drafts/composer", {"fields": {}, "extra": 1}, "validation_error", "extra"),
    ],
)
def test_bad_input_is_a_400_that_says_what_is_wrong(make_user, api, url, body, code, says):
    lies = make_user(language="en")
    response = api(lies).put(url, json=body)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    assert says in (error["message"] + " ".join(error.get("fields", {}))).replace(",", "")
    assert _drafts_of(lies) == {}


def test_the_refusals_speak_the_callers_language(make_user, api):
    lies = make_user(language="nl")
    response = api(lies).put("/drafts/composer", json={"fields": {"body": 3}})
    assert "tekst" in response.get_json()["error"]["message"]


def test_a_browser_keeps_drafts_with_its_session_and_csrf_header(make_user, login):
    lies = make_user()
    web = login(lies)
    refused = web.client.put("/api/v1/drafts/composer", json={"fields": {"body": "x"}})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    headers = {"X-CSRFToken": web.token()}
    saved = web.client.put(
        "/api/v1/drafts/composer", json={"fields": {"body": "Halve"}}, headers=headers
    )
    assert saved.status_code == 200
    assert web.get("/api/v1/drafts/composer").get_json()["fields"] == {"body": "Halve"}


def _writing(make_user, login, api, body: str):
    """Someone logged in on a page and by token, with a half-written post."""
    lies = make_user()
    web, as_lies = login(lies), api(lies)
    as_lies.put("/drafts/composer", json={"fields": {"body": body}})
    return lies, web, as_lies


def test_posting_from_the_page_throws_the_drafts_away(make_user, login, api):
    lies, web, as_lies = _writing(make_user, login, api, "Halve update")
    response = web.post("/posts", data={"type": "update", "body": "Hele update"})
    assert response.status_code == 303
    assert _drafts_of(lies) == {}
    post_id = int(response.headers["Location"].rsplit("/", 1)[1])

    as_lies.put(f"/drafts/reply-{post_id}", json={"fields": {"body": "Halve reactie"}})
    as_lies.put("/drafts/reply-999", json={"fields": {"body": "Elders"}})
    assert web.post(f"/posts/{post_id}/replies", data={"body": "Reactie"}).status_code == 303
    assert _drafts_of(lies) == {"reply-999": {"body": "Elders"}}


def test_a_refused_post_keeps_its_draft(make_user, login, api):
    lies, web, _as_lies = _writing(make_user, login, api, "@niemand hallo")
    response = web.post("/posts", data={"type": "update", "body": ""})
    assert response.status_code == 422
    assert _drafts_of(lies) == {"composer": {"body": "@niemand hallo"}}


def test_posting_through_the_api_throws_the_drafts_away(make_user, api):
    lies, eva = make_user(), make_user()
    as_lies = api(lies)
    api(eva).put("/drafts/composer", json={"fields": {"body": "Van Eva"}})
    as_lies.put("/drafts/composer", json={"fields": {"body": "Halve update"}})
    created = as_lies.post("/posts", json={"type": "update", "body": "Hele update"})
    assert created.status_code == 201
    post_id = created.get_json()["id"]
    assert _drafts_of(lies) == {}
    assert _drafts_of(eva) == {"composer": {"body": "Van Eva"}}  # only one's own

    reply = as_lies.post(f"/posts/{post_id}/replies", json={"body": "Eerste reactie"})
    as_lies.put(f"/drafts/reply-{post_id}", json={"fields": {"body": "Tweede, half"}})
    # A reply to a reply joins the thread: the thread's reply form had the draft.
    response = as_lies.post(f"/posts/{reply.get_json()['id']}/replies", json={"body": "Tweede"})
    assert response.status_code == 201
    assert _drafts_of(lies) == {}


def test_a_reply_draft_carries_nothing_of_a_post_one_may_no_longer_read(make_user, api):
    lies, owner = make_user(), make_user()
    group = groups.create_group(owner, "Directie", private=True)
    groups.add_member(owner, group, lies)
    post = posts.create_post(owner, {"type": "update", "body": "Geheim plan", "group": group.id})
    as_lies = api(lies)
    as_lies.put(f"/drafts/reply-{post.id}", json={"fields": {"body": "Mijn eigen woorden"}})
    groups.remove_member(owner, group, lies)

    assert as_lies.get(f"/posts/{post.id}").status_code == 404
    response = as_lies.get(f"/drafts/reply-{post.id}")
    assert response.get_json() == {
        "key": f"reply-{post.id}",
        "fields": {"body": "Mijn eigen woorden"},
        "updated_at": response.get_json()["updated_at"],
    }
    assert "Geheim" not in as_lies.get("/drafts").get_data(as_text=True)
    refused = as_lies.post(f"/posts/{post.id}/replies", json={"body": "Toch"})
    assert refused.status_code == 404
    assert _drafts_of(lies) == {f"reply-{post.id}": {"body": "Mijn eigen woorden"}}


def test_old_drafts_and_those_of_leavers_are_cleaned_up(make_user, api):
    lies, eva, daan = make_user(), make_user(), make_user()
    for person in (lies, eva, daan):
        api(person).put("/drafts/composer", json={"fields": {"body": "x"}})
    api(lies).put("/drafts/reply-1", json={"fields": {"body": "recent"}})
    db.session.execute(
        update(Draft)
        .where(Draft.user_id == lies.id, Draft.key == "composer")
        .values(updated_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    people.set_active(make_user(role="admin"), daan, False)

    assert drafts.remove_old() == 2
    assert _drafts_of(lies) == {"reply-1": {"body": "recent"}}
    assert _drafts_of(eva) == {"composer": {"body": "x"}}
    assert _drafts_of(daan) == {}
    assert drafts.remove_old() == 0


def test_a_person_keeps_at_most_fifty_drafts_the_oldest_go(make_user, api, monkeypatch):
    monkeypatch.setattr(drafts, "PER_PERSON", 3)
    lies = make_user()
    as_lies = api(lies)
    for n in range(1, 6):
        as_lies.put(f"/drafts/reply-{n}", json={"fields": {"body": str(n)}})
    assert sorted(_drafts_of(lies)) == ["reply-3", "reply-4", "reply-5"]
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 3


def test_the_api_document_describes_drafts(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert {"get", "put", "delete"} <= set(spec["paths"]["/api/v1/drafts/{key}"])
    assert "get" in spec["paths"]["/api/v1/drafts"]
    fields = spec["components"]["schemas"]["DraftIn"]["properties"]["fields"]
    assert fields["type"] == "object"


def test_a_save_overtaken_by_a_later_one_of_the_same_page_changes_nothing(make_user, api):
    """The page's last save, sent as it goes, may arrive before the one still in flight."""
    as_lies = api(make_user())

    def put(body, writer, sequence):
        data = {"fields": {"body": body}, "writer": writer, "sequence": sequence}
        return as_lies.put("/drafts/composer", json=data)

    assert put("Halve gedachte over de planning", "tab1", 2).status_code == 200
    late = put("Halve gedachte over", "tab1", 1)  # sent first, arrived last
    assert late.status_code == 200
    assert late.get_json()["fields"] == {"body": "Halve gedachte over de planning"}
    assert put("Van de telefoon", "phone", 1).get_json()["fields"] == {"body": "Van de telefoon"}
    assert put("Weer op de laptop", "tab1", 1).get_json()["fields"]["body"] == "Weer op de laptop"
    unnumbered = as_lies.put("/drafts/composer", json={"fields": {"body": "Zonder nummer"}})
    assert unnumbered.get_json()["fields"] == {"body": "Zonder nummer"}
    assert put("x", "no spaces!", 1).status_code == 400
    assert put("x", "tab1", -1).status_code == 400
    assert put("x", "tab1", "1").status_code == 400
