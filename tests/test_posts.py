"""Posts of every type through the services: fields, validation, lifecycles, edits,
reactions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from intranet.errors import BadRequest, Conflict, Forbidden, TooLarge, ValidationError
from intranet.extensions import db
from intranet.models import CandidatePrivate, Client, Post, PostRevision, Reaction, Tag
from intranet.platform.clock import local_today
from intranet.posting import feeds, posts

SOON = (local_today() + timedelta(days=30)).isoformat()

VALID = {
    "update": {"body": "Koffie staat klaar bij #utrecht"},
    "vacancy": {
        "body": "Wie kent iemand?",
        "title": "Recruiter IT",
        "department": "Recruitment",
        "location": "Utrecht",
        "hours": 32,
        "closes_on": SOON,
        "referral_bonus": 750,
    },
    "candidate_offer": {
        "body": "Sterke kandidaat",
        "headline": "Senior Java developer, Utrecht",
        "skills": ["Java", "Spring"],
        "availability": "per direct",
        "location": "Utrecht",
        "candidate_name": "Piet Pieters",
        "candidate_contact": "piet@example.com",
        "consent": True,
    },
    "client_signal": {
        "body": "Inkoper vertrekt",
        "client": "Van der Berg Logistiek",
        "kind": "contact_leaving",
        "source_url": "https://example.com/nieuws",
    },
    "reputation_alert": {
        "body": "Slechte review",
        "source": "Google Reviews",
        "url": "https://example.com/r/1",
        "severity": "high",
    },
}


def create(author, post_type, **changes):
    data = {"type": post_type, **VALID[post_type], **changes}
    return posts.create_post(author, data)


@pytest.mark.parametrize("post_type", list(VALID))
def test_each_type_is_stored_with_its_fields(make_user, post_type):
    recruiter = make_user("recruiter")
    post = create(recruiter, post_type)
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert stored.type == post_type
    assert stored.author_id == recruiter.id
    assert stored.html.startswith("<p>")
    initial = {"vacancy": "open", "candidate_offer": "available", "reputation_alert": "open"}
    assert stored.status == initial.get(post_type)


def test_vacancy_fields(make_user):
    post = create(make_user(), "vacancy")
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert (stored.title, stored.department, stored.location, stored.hours) == (
        "Recruiter IT",
        "Recruitment",
        "Utrecht",
        32,
    )
    assert stored.closes_on == date.fromisoformat(SOON)
    assert stored.referral_bonus == 750


def test_client_signal_creates_or_reuses_client(make_user):
    author = make_user()
    first = create(author, "client_signal")
    second = create(author, "client_signal", client="van der berg logistiek")
    assert first.client_id == second.client_id
    assert db.session.scalar(select(func.count()).select_from(Client)) == 1
    third = create(author, "client_signal", client=first.client_id)
    assert third.client_id == first.client_id
    with pytest.raises(ValidationError) as error:
        create(author, "client_signal", client=9999)
    assert "client" in error.value.fields


def test_candidate_private_data_is_kept_apart(make_user):
    post = create(make_user("recruiter"), "candidate_offer")
    private = db.session.get(CandidatePrivate, post.id)
    assert (private.name, private.contact) == ("Piet Pieters", "piet@example.com")
    assert post.retain_until == local_today() + timedelta(days=28)
    assert "Piet" not in post.html and "Piet" not in post.text


def test_only_recruiters_offer_candidates(make_user):
    with pytest.raises(Forbidden):
        create(make_user("employee"), "candidate_offer")
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"candidate_name": ""}, "candidate_name"),
        ({"headline": "x" * 201}, "headline"),
    ],
)
def test_candidate_offer_rules(make_user, changes, field):
    with pytest.raises(ValidationError) as error:
        create(make_user("recruiter"), "candidate_offer", **changes)
    assert field in error.value.fields


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"closes_on": (local_today() - timedelta(days=1)).isoformat()}, "closes_on"),
        ({"closes_on": "31-12-2026"}, "closes_on"),
        ({"hours": 0}, "hours"),
        ({"hours": "veertig"}, "hours"),
        ({"title": None}, "title"),
        ({"title": "   "}, "title"),
        ({"referral_bonus": -5}, "referral_bonus"),
    ],
)
def test_vacancy_rules(make_user, changes, field):
    with pytest.raises(ValidationError) as error:
        create(make_user(), "vacancy", **changes)
    assert field in error.value.fields
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


@pytest.mark.parametrize(
    "post_type, changes, field",
    [
        ("client_signal", {"kind": "gossip"}, "kind"),
        ("client_signal", {"source_url": "javascript:alert(1)"}, "source_url"),
        ("reputation_alert", {"severity": "critical"}, "severity"),
        ("reputation_alert", {"url": "ftp://example.com"}, "url"),
        ("reputation_alert", {"assignee": 424242}, "assignee"),
    ],
)
def test_type_field_rules(make_user, post_type, changes, field):
    with pytest.raises(ValidationError) as error:
        create(make_user(), post_type, **changes)
    assert field in error.value.fields


def test_all_problems_are_reported_at_once(make_user):
    with pytest.raises(ValidationError) as error:
        posts.create_post(make_user(), {"type": "vacancy", "body": ""})
    assert {"body", "title", "department", "location", "hours", "closes_on"} <= set(
        error.value.fields
    )


def test_unknown_type_lists_valid_types(make_user):
    with pytest.raises(BadRequest) as error:
        posts.create_post(make_user(), {"type": "poll", "body": "x"})
    assert error.value.details["valid_types"] == [
        "update",
        "vacancy",
        "candidate_offer",
        "client_signal",
        "reputation_alert",
    ]


def test_body_limits(make_user):
    author = make_user()
    with pytest.raises(ValidationError):
        create(author, "update", body="   ")
    with pytest.raises(TooLarge):
        create(author, "update", body="x" * 10_001)
    assert create(author, "update", body="x" * 10_000).id


def test_tags_and_mentions_are_stored(make_user):
    author, jan = make_user(), make_user(handle="jan.jansen")
    post = create(
        author,
        "update",
        body="Vraag voor @jan.jansen over #Java en #java, niet `#code` of https://x.nl/#anker",
    )
    assert [t.name for t in post.tags] == ["java"]
    assert [u.id for u in post.mentioned_users] == [jan.id]


def test_mentioned_groups_come_in_one_order_wherever_the_post_is_read(app, make_user, api):
    """People, then groups, each by handle: in the answer to the post, on the post, in the
    feed and loaded with the post itself."""
    from intranet.posting import groups

    author = make_user(handle="auteur")
    people = [make_user(handle=h) for h in ("zus", "anna")]
    named = [groups.create_group(author, name) for name in ("Zwolle", "Team Oost", "Almere")]
    db.session.commit()
    client = api(author)
    body = "Voor @zwolle, @anna, @almere, @zus en @team-oost"
    answer = client.post("/posts", json={"type": "update", "body": body}).get_json()
    expected = ["anna", "zus", "almere", "team-oost", "zwolle"]
    assert answer["mentions"] == expected
    assert client.get(f"/posts/{answer['id']}").get_json()["mentions"] == expected
    [item] = client.get("/feed?scope=all").get_json()["items"]
    assert item["mentions"] == expected
    db.session.expire_all()
    post = db.session.get(Post, answer["id"])
    assert [g.handle for g in post.mentioned_groups] == expected[2:]
    assert {g.id for g in named} == {g.id for g in post.mentioned_groups}
    assert [u.handle for u in post.mentioned_users] == sorted(u.handle for u in people)


def test_mention_of_nobody_is_refused(make_user):
    with pytest.raises(ValidationError) as error:
        create(make_user(), "update", body="Hoi @niemand_hier")
    assert "@niemand_hier" in str(error.value.message)
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0


def test_long_tag_is_refused(make_user):
    with pytest.raises(ValidationError):
        create(make_user(), "update", body="#" + "a" * 200)


def test_lifecycle_moves(make_user):
    author, recruiter, other = make_user(), make_user("recruiter"), make_user()
    vacancy = create(author, "vacancy")
    with pytest.raises(Forbidden):
        posts.change_status(other, vacancy, "filled")
    with pytest.raises(ValidationError):
        posts.change_status(author, vacancy, "gevuld")
    posts.change_status(recruiter, vacancy, "filled")
    with pytest.raises(Conflict):
        posts.change_status(author, vacancy, "open")
    alert = create(author, "reputation_alert")
    with pytest.raises(Forbidden):  # triage is for recruiters, even on one's own alert
        posts.change_status(author, alert, "acknowledged")
    posts.change_status(recruiter, alert, "acknowledged")
    posts.change_status(recruiter, alert, "resolved", "Gebeld en gereageerd.")
    assert alert.status == "resolved"
    with pytest.raises(ValidationError):
        posts.change_status(author, create(author, "update"), "open")


def test_edit_keeps_history(make_user):
    author, other = make_user(), make_user()
    post = create(author, "vacancy")
    with pytest.raises(Forbidden):
        posts.edit_post(other, post, {"body": "overgenomen"})
    posts.edit_post(author, post, {"body": "Nieuwe tekst #zorg", "hours": 36})
    assert post.body == "Nieuwe tekst #zorg" and post.hours == 36 and post.edited_at
    assert [t.name for t in post.tags] == ["zorg"]
    revision = db.session.scalar(select(PostRevision).where(PostRevision.post_id == post.id))
    assert revision.body == "Wie kent iemand?"
    assert revision.fields["hours"] == 32
    with pytest.raises(ValidationError):
        posts.edit_post(author, post, {"title": ""})
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "Recruiter IT"


def test_replies_and_likes_keep_counts(make_user):
    author, fan = make_user(), make_user()
    post = create(author, "update")
    reply = posts.create_reply(fan, post, "Eens!")
    nested = posts.create_reply(author, reply, "Dank")
    assert nested.parent_id == post.id  # one level: a reply to a reply joins the thread
    posts.like(fan, post)
    posts.like(fan, post)
    db.session.expire_all()
    assert db.session.get(Post, post.id).like_count == 1
    assert db.session.get(Post, post.id).reply_count == 2
    posts.unlike(fan, post)
    posts.unlike(fan, post)
    posts.delete_post(fan, db.session.get(Post, reply.id))
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert (stored.like_count, stored.reply_count) == (0, 1)


def test_reactions_of_several_kinds_each_counted_with_who_gave_them(make_user):
    author = make_user()
    daan, eva = make_user(name="Daan Bakker"), make_user(name="Eva Smit")
    post = create(author, "update")
    posts.react(daan, post, "tada")
    posts.react(daan, post, "thumbs_up")
    posts.react(eva, post, "tada")
    posts.react(eva, post, "tada")  # the same again changes nothing
    with pytest.raises(ValidationError) as refused:
        posts.react(eva, post, "poop")
    assert "thumbs_up, heart, tada, joy, wow, pray" in str(refused.value.fields["reaction"])
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert stored.like_count == 3
    page = feeds.hydrate(eva, feeds.Page(items=[stored]))
    given = page.reactions[post.id]
    assert [(r.kind, r.emoji, r.count, r.mine) for r in given] == [
        ("thumbs_up", "\N{THUMBS UP SIGN}", 1, False),
        ("tada", "\N{PARTY POPPER}", 2, True),
    ]
    assert [p.name for p in given[1].people] == ["Daan Bakker", "Eva Smit"]
    assert post.id not in page.liked  # a heart is what "liked" means
    posts.unreact(daan, stored, "tada")
    posts.unreact(daan, stored, "tada")
    db.session.expire_all()
    assert db.session.get(Post, post.id).like_count == 2


def test_delete_takes_replies_and_likes_along(make_user):
    author, other, admin = make_user(), make_user(), make_user("admin")
    post = create(author, "update")
    posts.create_reply(other, post, "reactie")
    posts.like(other, post)
    with pytest.raises(Forbidden):
        posts.delete_post(other, post)
    posts.delete_post(admin, post)
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 0


@pytest.mark.parametrize("post_type", list(VALID))
def test_the_api_answers_a_new_post_from_what_it_wrote(app, make_user, api, post_type):
    """The 201 is made from the post as written, without reading it back after the commit,
    and says what reading it back says (tags, mentions, counts, a recruiter's candidate)."""
    from sqlalchemy import event

    author = make_user("recruiter")
    named = make_user(handle="daan")
    db.session.commit()
    client = api(author)
    data = {**VALID[post_type], "type": post_type}
    data["body"] += " voor @daan over #planning en #Zwolle"
    with app.app_context():
        engine = db.engine
    committed, after_commit = [], []

    def on_commit(_connection):
        committed.append(True)

    def on_statement(_connection, _cursor, statement, *_args):
        if committed and not statement.lstrip().upper().startswith(("ROLLBACK", "BEGIN")):
            after_commit.append(statement)

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        created = client.post("/posts", json=data)
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "before_cursor_execute", on_statement)
    assert created.status_code == 201, created.get_json()
    assert committed and after_commit == []
    answer = created.get_json()
    read = client.get(f"/posts/{answer['id']}").get_json()
    assert answer == read
    assert {"planning", "zwolle"} <= set(answer["tags"]) and answer["tags"] == sorted(
        answer["tags"]
    )
    assert answer["mentions"] == [named.handle]
    if post_type == "candidate_offer":
        assert answer["candidate_name"] == "Piet Pieters"
        assert answer["personal_data_erased"] is False


def test_the_api_answers_a_new_reply_from_what_it_wrote(make_user, api):
    author, replier = make_user(), make_user()
    db.session.commit()
    post = api(author).post("/posts", json={"type": "update", "body": "Wie helpt?"}).get_json()
    client = api(replier)
    reply = client.post(f"/posts/{post['id']}/replies", json={"body": "Ik, @" + author.handle})
    assert reply.status_code == 201
    assert reply.get_json() == client.get(f"/posts/{reply.get_json()['id']}").get_json()
    assert client.get(f"/posts/{post['id']}").get_json()["reply_count"] == 1
