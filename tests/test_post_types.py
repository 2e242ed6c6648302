"""Every declared post type, walked: what models/post_types.py declares once is what the
model, the API (its schemas, its document and its JSON), the pages, both languages, the
search document, term alerts, mail-in and the edit history make of it."""

from __future__ import annotations

import html
import io
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import func, inspect, select
from support import form_as_drawn

from intranet.extensions import db
from intranet.mailin import addresses
from intranet.mailin import fields as mail_fields
from intranet.mailin.receiving import SUBJECT_TYPES, Rejected, receive
from intranet.models import POST_CLASSES, POSTABLE_TYPES, TYPES, Post, PostRevision, kinds
from intranet.models.type_spec import every_fact, every_field
from intranet.notifying.alerts import matched_text
from intranet.platform.clock import local_today
from intranet.search.documents import post_document

POSTED = [spec for spec in TYPES.values() if spec.postable]
CATALOG = Path(__file__).resolve().parents[1] / "intranet/translations/nl/LC_MESSAGES/messages.po"
# What every post shows in the API, whatever its type (one post: with its warnings).
COMMON = {
    "warnings",
    "id",
    "type",
    "body",
    "html",
    "author",
    "created_at",
    "edited_at",
    "group",
    "parent_id",
    "status",
    "tags",
    "mentions",
    "reply_count",
    "like_count",
    "liked",
    "reactions",
    "attachments",
    "permalink",
    "must_read",
}
EXTRAS = {"candidate_offer": {"interest_count"}}  # counted per page, not a field


def sample(field, colleague) -> object:
    """A valid value for any field of its kind, as JSON would send it."""
    kind = field.kind
    if isinstance(kind, kinds.Skills):
        return ["Java", "Spring"]
    if isinstance(kind, kinds.Url):
        return f"https://example.com/{field.name}"
    if isinstance(kind, kinds.Text):
        return f"{field.name} waarde"[: kind.max_len]
    if isinstance(kind, kinds.Int):
        return kind.low if kind.low is not None else 7
    if isinstance(kind, kinds.Date):
        return (local_today() + timedelta(days=10)).isoformat()
    if isinstance(kind, kinds.Bool):
        return True
    if isinstance(kind, kinds.Choice):
        return kind.choices[-1]
    if isinstance(kind, kinds.ClientRef):
        return "Klant Veldwerk"
    if isinstance(kind, kinds.Colleague):
        return f"@{colleague.handle}"
    raise AssertionError(f"no sample for {type(kind).__name__}: add one")


def data_for(spec, colleague) -> dict:
    return {
        "type": spec.name,
        "body": f"Een {spec.name} #veldwerk",
        **{f.name: sample(f, colleague) for f in spec.fields},
    }


@pytest.fixture
def people(make_user):
    return make_user("recruiter", handle="rita"), make_user("employee", handle="eef")


@pytest.fixture
def made(people, api):
    """One post of every postable type, made through the API by a recruiter."""
    recruiter, employee = people
    found = {}
    for spec in POSTED:
        response = api(recruiter).post("/posts", json=data_for(spec, employee))
        assert response.status_code == 201, (spec.name, response.get_json())
        found[spec.name] = response.get_json()["id"]
    return found


def test_every_type_is_a_mapped_class_with_its_columns(app):
    assert [s.name for s in POSTED] == POSTABLE_TYPES and "reply" not in POSTABLE_TYPES
    for name, spec in TYPES.items():
        mapper = inspect(spec.model)
        assert mapper.polymorphic_identity == name and POST_CLASSES[name] is spec.model
        for field in spec.public_fields:
            assert field.name in mapper.all_orm_descriptors, (name, field.name)
            column = mapper.columns.get(field.name)  # None for a relation (client, assignee)
            length = getattr(column.type, "length", None) if column is not None else None
            if isinstance(field.kind, kinds.Text) and length is not None:
                assert field.kind.max_len <= length, (name, field.name)
        for fact in spec.facts:
            assert fact.name in mapper.columns, (name, fact.name)
        for field in spec.private_fields:
            assert field.kept_as, (name, field.name)


def test_a_shared_name_means_one_kind_and_every_status_leads_somewhere_declared():
    for spec in TYPES.values():
        for field in spec.fields:  # the API has one schema for every type's fields
            first = every_field()[field.name]
            assert type(first.kind) is type(field.kind), (spec.name, field.name)
            assert (first.required, first.seen_by) == (field.required, field.seen_by)
        statuses = spec.statuses
        assert all(n in statuses for moves in statuses.values() for n in moves), spec.name


def test_every_word_people_see_has_its_dutch_translation(app):
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    words = []
    for spec in TYPES.values():
        words += [spec.label, spec.plural, spec.hint, spec.refusal]
        words += [s.label for s in spec.lifecycle]
        for field in spec.fields:
            words += [field.label, field.placeholder, getattr(field.kind, "must", None)]
            words += list(getattr(field.kind, "labels", {}).values())
    missing = []
    with app.test_request_context(), force_locale("en"):
        for word in filter(None, words):
            message = catalog.get(str(word))
            if message is None or not message.string or message.fuzzy:
                missing.append(str(word))
    assert missing == []


def test_the_api_document_lists_every_field_in_and_out(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for schema in ("PostCreate", "PostUpdate"):
        assert set(every_field()) <= set(spec[schema]["properties"]), schema
    assert not set(every_fact()) & set(spec["PostCreate"]["properties"])
    shown = spec["PostOut"]["properties"]
    assert set(every_field()) | set(every_fact()) | COMMON <= set(shown)
    for name, field in every_field().items():
        assert ("only" in shown[name].get("description", "")) == field.private, name
    assert spec["PostCreate"]["properties"]["type"]["enum"] == POSTABLE_TYPES


def test_each_reader_gets_the_fields_of_the_type_they_may_see(made, people, api):
    recruiter, employee = people
    for spec in POSTED:
        sent, private = data_for(spec, employee), {f.name for f in spec.private_fields}
        public = {f.name for f in spec.public_fields} | {f.name for f in spec.facts}
        for reader in (recruiter, employee):
            shown = api(reader).get(f"/posts/{made[spec.name]}").get_json()
            expected = COMMON | public | EXTRAS.get(spec.name, set())
            if private and all(f.seen_by.admits(reader) for f in spec.private_fields):
                expected |= private | {"personal_data_erased"}
            assert set(shown) == expected, (spec.name, reader.role)
        assert not private & set(api(employee).get(f"/posts/{made[spec.name]}").get_json())
        shown = api(recruiter).get(f"/posts/{made[spec.name]}").get_json()
        for field in spec.fields:  # what was sent comes back, as its kind shows it
            if isinstance(field.kind, kinds.ClientRef):
                assert shown[field.name]["name"] == sent[field.name]
            elif isinstance(field.kind, kinds.Colleague):
                assert "@" + shown[field.name]["handle"] == sent[field.name]
            else:
                assert shown[field.name] == sent[field.name], (spec.name, field.name)


def test_the_search_document_and_alerts_read_the_declared_fields(made, people, ctx):
    for spec in POSTED:
        post = db.session.get(Post, made[spec.name])
        document, alerted = post_document(post), matched_text(post)
        titles = [f for f in spec.fields if f.search == "title"]
        title = titles[0].kind.text(getattr(post, titles[0].name)) if titles else ""
        assert document["title"] == title and document["body_nl"].startswith(title)
        for field in spec.public_fields:
            words = field.kind.text(getattr(post, field.name))
            if field.search:
                assert words in document["body_nl"], (spec.name, field.name)
            elif isinstance(field.kind, kinds.Text):  # a sample text found nowhere else
                assert words not in document["body_nl"], (spec.name, field.name)
            if field.alerted:
                assert words in alerted, (spec.name, field.name)
            elif isinstance(field.kind, kinds.Text):
                assert words not in alerted, (spec.name, field.name)
        for field in spec.private_fields:  # a candidate's personal data is never searchable
            value = sample(field, people[1])
            assert not isinstance(value, str) or value not in str(document)


def test_every_type_comes_in_by_mail_with_its_declared_names(people, ctx):
    _recruiter, employee = people
    address = addresses.personal_address(employee)
    assert set(SUBJECT_TYPES.values()) == set(POSTABLE_TYPES)
    for spec in POSTED:
        written, known = {}, mail_fields.names(spec.name)
        for field in spec.fields:
            for name in field.mail:  # a candidate's personal data is no field line at all
                assert known.get(name) is (None if field.private else field), name
            if field.mail:
                value = sample(field, employee)
                written[field.name] = ", ".join(value) if isinstance(value, list) else value
        mail = EmailMessage()
        mail["From"], mail["To"] = employee.email, address
        mail["Subject"] = f"[{spec.mail[0]}] Over {spec.name}"
        mail["Message-ID"] = f"<{spec.name}@types.test>"
        lines = [f"{spec.field(n).mail[0].capitalize()}: {v}" for n, v in written.items()]
        mail.set_content("\n".join([*lines, "", "De rest van het bericht."]))
        if spec.private_fields:  # personal data doesn't travel in e-mail
            with pytest.raises(Rejected):
                receive(bytes(mail))
            continue
        assert all(f.mail for f in spec.fields if f.required), spec.name
        post = db.session.get(Post, receive(bytes(mail)).post_id)
        assert post.type == spec.name and post.body.startswith(f"Over {spec.name}")
        for name, value in written.items():
            assert spec.field(name).kind.form_value(getattr(post, name)) == str(value), name


def test_an_edit_form_sent_back_unchanged_is_no_edit(made, people, login):
    recruiter, _employee = people
    web = login(recruiter)
    for spec in POSTED:
        post_id = made[spec.name]
        page = web.get(f"/posts/{post_id}/edit").get_data(as_text=True)
        post = db.session.get(Post, post_id)
        form = dict(form_as_drawn(page, "main form"))  # what a browser sends back untouched
        del form["body"]  # the body left alone
        for field in spec.public_fields:  # each field drawn with what the post holds
            shown = field.kind.form_value(getattr(post, field.name))
            assert form.get(f"{spec.name}.{field.name}") == shown, (spec.name, field.name)
        for field in spec.private_fields:  # the edit form never shows personal data
            assert f'name="{spec.name}.{field.name}"' not in page
        assert web.post(f"/posts/{post_id}/edit", data=form).status_code == 303, spec.name
        revisions = select(func.count()).select_from(PostRevision)
        assert db.session.scalar(revisions.where(PostRevision.post_id == post_id)) == 0
        form["body"] = "Anders gezegd"  # a real edit keeps what the fields said
        assert web.post(f"/posts/{post_id}/edit", data=form).status_code == 303
        kept = db.session.scalar(select(PostRevision).where(PostRevision.post_id == post_id))
        assert set(kept.fields) == {f.name for f in spec.public_fields}
        history = html.unescape(web.get(f"/posts/{post_id}/history").get_data(as_text=True))
        with force_locale("nl"):
            for field in spec.public_fields:  # in the words of the post's own type
                if kept.fields[field.name] not in (None, ""):
                    assert f"<dt>{field.label}</dt>" in history, (spec.name, field.name)


def test_the_composer_offers_each_type_to_whoever_may_post_it(people, login):
    for user in people:
        page = html.unescape(login(user).get("/posts/new").get_data(as_text=True))
        for spec in POSTED:
            offered = f'id="type-{spec.name}"' in page
            assert offered == spec.posted_by.admits(user), (user.role, spec.name)
            with force_locale("nl"):
                if offered:
                    assert str(spec.label) in page
                    for field in spec.fields:
                        assert f'name="{spec.name}.{field.name}"' in page


def test_the_composers_pickers_kept_per_list_are_never_stale(people, login, make_user):
    """The colleague and client options are rendered once per list (web.composer): a new
    colleague, a renamed client and its aliases show on the next page, and a form sent
    back with a colleague chosen still has that colleague selected."""
    from intranet.clients import directory

    recruiter, employee = people
    web = login(recruiter)

    def feed() -> str:
        return html.unescape(web.get("/").get_data(as_text=True))

    client = directory.create_client(recruiter, "Klant Veldwerk", aliases="VWerk", industry="Bouw")
    db.session.commit()
    first = feed()
    assert f'<option value="{employee.id}">{employee.name} (@eef)</option>' in first
    assert '<option value="Klant Veldwerk">VWerk · Bouw</option>' in first
    newcomer = make_user(name="Nieuwe Collega", handle="nieuw")
    directory.update_client(recruiter, client, {"name": "Klant Akkerwerk", "aliases": "AWerk"})
    db.session.commit()
    second = feed()
    assert f"{newcomer.name} (@nieuw)" in second and "(@nieuw)" not in first
    assert '<option value="Klant Akkerwerk">AWerk · Bouw</option>' in second
    assert "Klant Veldwerk" not in second
    sent = web.post(
        "/posts",
        data={"type": "reputation_alert", "body": "", "reputation_alert.assignee": employee.id},
    )
    assert f'<option value="{employee.id}" selected>' in sent.get_data(as_text=True)


def test_a_type_without_a_card_of_its_own_shows_its_fields_as_facts(made, people, app):
    with app.test_request_context(), force_locale("en"):
        for spec in POSTED:
            post = db.session.get(Post, made[spec.name])
            shown = html.unescape(render_template("posts/types/_facts.html", post=post))
            for field in spec.public_fields:
                words = field.kind.text(getattr(post, field.name))
                assert not words or f"{field.label}: {words}" in shown, (spec.name, field.name)
            for field in spec.private_fields:
                assert str(sample(field, people[1])) not in shown


def _json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def test_the_feed_rows_are_post_outs_dump_and_what_the_document_says(made, people, api, app):
    """The API feed reads its page as plain columns (posting.columns) and makes its rows
    without marshmallow (serialize.Rows): for every type and reader they are what
    PostOut dumps for the same page loaded as ORM objects, mentions, files, reactions and
    a colleague's photo included, and they validate against the OpenAPI document's
    FeedOut."""
    import jsonschema_rs
    from PIL import Image

    from intranet.api.schemas import FeedOut
    from intranet.api.serialize import seen
    from intranet.posting import groups, posts
    from intranet.posting.feeds import FeedQuery, list_feed

    recruiter, employee = people
    team = groups.create_group(recruiter, "Veldwerk", private=True)
    posts.create_post(
        recruiter, {"type": "update", "body": "In de groep @eef @" + team.handle, "group": team.id}
    )
    posts.like(employee, db.session.get(Post, made["vacancy"]))
    posts.react(recruiter, db.session.get(Post, made["vacancy"]), "tada")
    employee.photo = "eefs-foto"  # the assignee's photo: an address, never the stored name
    db.session.commit()
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, format="PNG")
    for post_id in made.values():  # a file on every type: an offer's are for recruiters
        answer = api(recruiter).post(
            f"/posts/{post_id}/attachments",
            data={"file": (io.BytesIO(png.getvalue()), "foto.png")},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 201, answer.get_json()
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    validator = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/FeedOut", "components": _json_schema(document["components"])}
    )
    for reader in (recruiter, employee):
        body = api(reader).get("/feed?scope=all&limit=100").get_json()
        assert {item["type"] for item in body["items"]} == set(POSTABLE_TYPES)
        validator.validate(body)
        with app.test_request_context():
            page = list_feed(reader, FeedQuery(scope="all", limit=100))
            dumped = FeedOut().dump({"items": seen(page, reader), "next_cursor": None})
            assert body == app.json.loads(app.json.dumps(dumped)), reader.role
        mentions = [item["mentions"] for item in body["items"]]
        assert (["eef", team.handle] in mentions) is (reader is recruiter), mentions
        for item in body["items"]:
            if item["id"] in made.values():
                hidden = item["type"] == "candidate_offer" and reader is employee
                assert bool(item["attachments"]) is not hidden, (reader.role, item["type"])
        alert = next(item for item in body["items"] if item["type"] == "reputation_alert")
        assert alert["assignee"]["photo"].startswith("http"), alert["assignee"]
