"""Suggestions while typing @ and #: who and what, and never what the reader may not see."""

from __future__ import annotations

import pytest

from intranet.errors import ValidationError
from intranet.extensions import db
from intranet.platform.clock import utcnow
from intranet.posting import groups, posts, suggestions


def said(found):
    return [(s.kind, s.handle, s.name) for s in found]


def test_colleagues_by_handle_or_any_word_of_their_name(make_user):
    reader = make_user()
    daan = make_user(name="Daan Bakker", handle="daan.bakker", job_title="Recruiter IT")
    make_user(name="Eva van Dam", handle="eva")
    gone = make_user(name="Daantje Weg", handle="daantje")
    gone.deactivated_at = utcnow()
    db.session.commit()
    assert said(suggestions.mentions(reader, "@da")) == [
        ("person", "daan.bakker", "Daan Bakker"),
        ("person", "eva", "Eva van Dam"),
    ]
    assert suggestions.mentions(reader, "bak")[0].detail == "Recruiter IT" == daan.job_title
    assert suggestions.mentions(reader, "%") == [] and suggestions.mentions(reader, "@") == []


def test_a_private_group_is_suggested_to_its_members_only(make_user):
    member, outsider = make_user(), make_user()
    board = groups.create_group(member, "Directie Noord", private=True)
    groups.create_group(member, "Dagelijkse borrel")
    assert said(suggestions.mentions(member, "@d")) == [
        ("group", "dagelijkse-borrel", "Dagelijkse borrel"),
        ("group", f"directie-noord.{board.id}", "Directie Noord"),
    ]
    assert said(suggestions.mentions(outsider, "@d")) == [
        ("group", "dagelijkse-borrel", "Dagelijkse borrel")
    ]


def test_tags_most_used_first_counting_only_what_the_reader_may_read(make_user):
    author, outsider = make_user(), make_user()
    secret = groups.create_group(author, "Zorgteam", private=True)
    for body in ("#zwolle vacature", "#zwolle klant", "#zorg"):
        posts.create_post(author, {"type": "update", "body": body})
    inside = {"type": "update", "body": "#zorg #zorgbonus", "group": secret.id}
    for _ in range(3):
        posts.create_post(author, inside)
    assert [(s.handle, s.count) for s in suggestions.tags(author, "#z")] == [
        ("zorg", 4),
        ("zorgbonus", 3),
        ("zwolle", 2),
    ]
    assert [(s.handle, s.count) for s in suggestions.tags(outsider, "#z")] == [
        ("zwolle", 2),
        ("zorg", 1),
    ]


def test_the_endpoint_answers_what_the_field_types(make_user, api, app):
    reader = make_user()
    make_user(name="Daan Bakker", handle="daan.bakker")
    posts.create_post(reader, {"type": "update", "body": "#dagdienst"})
    people = api(reader).get("/suggestions?q=@daa").get_json()["items"]
    assert people == [
        {
            "kind": "person",
            "handle": "daan.bakker",
            "name": "Daan Bakker",
            "detail": "",
            "count": None,
        }
    ]
    tags = api(reader).get("/suggestions?q=%23dag").get_json()["items"]
    assert [(t["handle"], t["count"]) for t in tags] == [("dagdienst", 1)]
    refused = api(reader).get("/suggestions?q=")
    assert refused.status_code == 422 and "q" in refused.get_json()["error"]["fields"]
    assert app.test_client().get("/api/v1/suggestions?q=@daa").status_code == 401


def test_a_name_nobody_has_is_refused_with_who_was_meant(make_user):
    author, outsider = make_user(), make_user()
    make_user(name="Daan Bakker", handle="daan.bakker")
    fans = groups.create_group(author, "Daan fanclub", private=True)
    with pytest.raises(ValidationError) as refused:
        posts.create_post(outsider, {"type": "update", "body": "Vraag het @daan"})
    message = str(refused.value.fields["body"])
    assert message == (
        "Niemand heet @daan. Controleer de spelling van de @naam. "
        "Bedoel je @daan.bakker (Daan Bakker)?"
    )
    with pytest.raises(ValidationError) as refused:
        posts.create_post(author, {"type": "update", "body": "Vraag het @daan"})
    assert f"@{fans.handle} (Daan fanclub)" in str(refused.value.fields["body"])
