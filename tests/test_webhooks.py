"""Webhooks: new posts reach a Teams or Slack channel (or another receiver) as the card each
expects, signed, retried with back-off, disabled after repeated failure with the owner told;
and a channel never receives what its audience may not read. The channel is a real HTTP
server on loopback that records what it receives."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import pytest
from receiver import Receiver
from sqlalchemy import select
from test_candidates import CONTACT, NAME, offer_data

from intranet.accounts import people
from intranet.errors import Forbidden, NotFound, ValidationError
from intranet.extensions import db
from intranet.models import OutboundMail, Webhook, WebhookDelivery
from intranet.notifying import alerts, deliveries, fanout, webhooks
from intranet.platform import outgoing
from intranet.platform.clock import utcnow
from intranet.posting import groups, posts


@pytest.fixture(autouse=True)
def _loopback(app, monkeypatch):
    """The receiver runs on 127.0.0.1, which only a configured network may reach."""
    monkeypatch.setitem(app.config, "KRING_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32")
    monkeypatch.setitem(app.config, "KRING_WEBHOOK_MAX_FAILURES", 3)


@pytest.fixture
def channel():
    server = Receiver()
    yield server
    server.stop()


def hook(owner, channel, fmt="slack", **source) -> Webhook:
    return webhooks.create_webhook(
        owner, {"name": "Kanaal", "format": fmt, "url": channel.url(), **source}
    )


def deliver(now=None) -> int:
    """What the job queue does after a post: the fan-out, then the webhooks."""
    fanout.drain()
    return deliveries.send_due(now)


def post(author, body, **data):
    return posts.create_post(author, {"type": "update", "body": body, **data})


def signed_by(received, secret: str) -> bool:
    timestamp = received.headers["x-kring-timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + received.body, hashlib.sha256)
    return hmac.compare_digest(
        received.headers["x-kring-signature"], "sha256=" + expected.hexdigest()
    )


# The cards each receiver expects ------------------------------------------------------------


def test_a_groups_new_post_reaches_slack_as_blocks_with_a_text_fallback(make_user, channel):
    owner, author = make_user(), make_user(name="Anna de Vries")
    group = groups.create_group(owner, "Team Noord")
    webhook = hook(owner, channel, "slack", group=group.id)
    made = post(author, "Nieuwe klant in Zwolle <b> & co #noord", group=group.id)
    assert deliver() == 1
    [received] = channel.received
    body = received.json
    link = f"http://kring.test/posts/{made.id}"
    assert link in body["text"] and "Anna de Vries" in body["text"]
    section, facts, actions = body["blocks"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert section["text"]["text"].startswith(f"*<{link}|Update>*")
    assert "&lt;b&gt; &amp; co" in section["text"]["text"]  # Slack's markup is escaped
    assert facts["fields"][0]["text"] == "*Tags*\n#noord"
    assert actions["elements"][0]["url"] == link
    assert received.headers["content-type"].startswith("application/json")
    assert signed_by(received, webhook.secret)
    row = db.session.scalar(select(WebhookDelivery))
    assert (row.status, row.response_status, row.attempts) == ("sent", 200, 1)


def test_a_tags_vacancy_reaches_teams_as_an_adaptive_card(make_user, channel):
    owner, recruiter = make_user(), make_user("recruiter")
    hook(owner, channel, "teams", tag="logistiek", language="en")
    vacancy = posts.create_post(
        recruiter,
        {
            "type": "vacancy",
            "body": "Wie kent iemand? #logistiek",
            "title": "Planner Zwolle",
            "department": "Logistiek",
            "location": "Zwolle",
            "hours": 32,
            "closes_on": (utcnow() + timedelta(days=20)).date().isoformat(),
        },
    )
    post(recruiter, "Zonder de tag")  # not for this channel
    deliver()
    [received] = channel.received
    message = received.json
    assert message["type"] == "message"
    [attachment] = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    title, heading, text, facts = card["body"]
    assert title["text"] == "Internal vacancy: Planner Zwolle"  # in the webhook's language
    assert text["text"] == "Wie kent iemand? #logistiek"
    assert {"title": "Hours per week", "value": "32"} in facts["facts"]
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open in Kring",
            "url": f"http://kring.test/posts/{vacancy.id}",
        }
    ]


def test_an_alerts_hits_reach_another_receiver_as_signed_json(make_user, channel):
    owner, author = make_user(), make_user()
    alert = alerts.create_alert(owner, {"term": "Acme", "types": ["client_signal"]})
    webhook = hook(owner, channel, "generic", alert=alert.id)
    post(author, "Acme zoekt planners")  # an update: the alert only takes client signals
    signal = posts.create_post(
        author,
        {
            "type": "client_signal",
            "body": "Reorganisatie bij Acme",
            "client": "Acme",
            "kind": "reorganisation",
        },
    )
    deliver()
    [received] = channel.received
    body = received.json
    assert body["event"] == "post" and body["post"]["id"] == signal.id
    assert body["title"] == "Klantsignaal: Acme"  # Dutch: the owner's default language
    assert {"name": "Wat is er gebeurd", "value": "Reorganisatie"} in body["facts"]
    assert received.headers["x-kring-delivery"].isdigit()
    assert signed_by(received, webhook.secret)
    assert not signed_by(received, "another secret")


def test_a_test_message_goes_out_by_the_job_and_tells_how_it_went(make_user, channel):
    owner = make_user()
    webhook = hook(owner, channel, "teams", tag="noord")
    webhooks.send_test(owner, webhook)
    assert deliveries.send_due() == 1
    assert "Test" in channel.received[0].json["attachments"][0]["content"]["body"][0]["text"]
    channel.answers = [404]
    webhooks.send_test(owner, webhook)
    assert deliveries.send_due() == 0
    db.session.refresh(webhook)
    assert webhook.last_error.startswith("HTTP 404")
    assert (webhook.failures, webhook.state) == (0, "active")  # a test doesn't count


# Retries and disabling ----------------------------------------------------------------------


def test_a_500_is_retried_with_back_off_until_it_arrives(make_user, channel):
    owner, author = make_user(), make_user()
    webhook = hook(owner, channel, "slack", tag="noord")
    post(author, "Eerste #noord")
    channel.answers = [500, 503]
    now = utcnow()
    assert deliver(now) == 0
    row = db.session.scalar(select(WebhookDelivery))
    assert (row.status, row.attempts, row.response_status) == ("failed", 1, 500)
    assert deliveries.send_due(now + timedelta(seconds=30)) == 0  # not yet due
    assert len(channel.received) == 1
    assert deliveries.send_due(now + timedelta(minutes=2)) == 0  # 503: again later
    assert deliveries.send_due(now + timedelta(minutes=4)) == 0  # 5 minutes after that
    assert deliveries.send_due(now + timedelta(minutes=8)) == 1
    assert len(channel.received) == 3
    assert channel.received[0].body == channel.received[2].body  # the same card each time
    db.session.refresh(row)
    db.session.refresh(webhook)
    assert (row.status, row.attempts) == ("sent", 3)
    assert (webhook.failures, webhook.state, webhook.last_error) == (0, "active", None)


def test_repeated_failure_disables_the_webhook_and_mails_its_owner(make_user, channel, smtp):
    owner, author = make_user(email="eigenaar@brugwerk.example"), make_user()
    webhook = hook(owner, channel, "slack", tag="noord")
    channel.answers = [500, 410, 500]
    now = utcnow()
    post(author, "Een #noord")
    post(author, "Twee #noord")
    deliver(now)  # 500 (retried later), then 410: that URL is gone
    assert deliveries.send_due(now + timedelta(minutes=2)) == 0  # the third failure
    db.session.refresh(webhook)
    assert (webhook.state, webhook.disabled_reason, webhook.failures) == ("disabled", "failing", 3)
    statuses = sorted(db.session.scalars(select(WebhookDelivery.status)))
    assert statuses == ["dropped", "gave_up"]  # nothing more is tried
    post(author, "Drie #noord")
    deliver(now + timedelta(hours=3))
    assert len(channel.received) == 3  # a disabled webhook hears nothing
    assert deliveries.send_notices() == 1
    [mail] = smtp.sink.to("eigenaar@brugwerk.example")
    assert "Kanaal" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "500" in text and "http://kring.test/settings/webhooks/" in text
    assert deliveries.send_notices() == 0  # told once
    webhooks.change_webhook(owner, webhook, {"paused": False})  # fixed: resume
    post(author, "Vier #noord")
    deliver(now + timedelta(hours=3))
    assert len(channel.received) == 4


# What a channel may never receive ---------------------------------------------------------


def test_a_private_groups_posts_go_only_to_a_webhook_on_that_group(make_user, channel):
    member, author = make_user(), make_user()
    private = groups.create_group(author, "Overnames", private=True)
    groups.add_member(author, private, member)
    on_group = hook(member, channel, "generic", group=private.id)
    on_tag = hook(member, channel, "generic", tag="overname")
    alert = alerts.create_alert(member, {"term": "Jansen"})
    on_alert = hook(member, channel, "generic", alert=alert.id)
    secret = post(author, "Jansen BV wordt overgenomen #overname", group=private.id)
    public = post(author, "Jansen BV opent een vestiging #overname")
    deliver()
    got = {(r.path, r.json["post"]["id"]) for r in channel.received}
    assert got == {("/hook", secret.id), ("/hook", public.id)}
    by_webhook = {(d.webhook_id, d.post_id) for d in db.session.scalars(select(WebhookDelivery))}
    assert by_webhook == {
        (on_group.id, secret.id),
        (on_tag.id, public.id),
        (on_alert.id, public.id),
    }


def test_only_members_set_up_a_webhook_on_a_private_group(make_user, channel):
    owner, outsider = make_user(), make_user()
    private = groups.create_group(owner, "Directie", private=True)
    with pytest.raises(NotFound):
        hook(outsider, channel, "slack", group=private.id)
    other_alert = alerts.create_alert(owner, {"term": "fusie"})
    with pytest.raises(NotFound):
        hook(outsider, channel, "slack", alert=other_alert.id)


def test_leaving_the_private_group_stops_the_webhook_and_tells_its_owner(make_user, channel, smtp):
    member, author = make_user(email="lid@brugwerk.example"), make_user()
    private = groups.create_group(author, "Overnames", private=True)
    groups.add_member(author, private, member)
    webhook = hook(member, channel, "teams", group=private.id)
    post(author, "Nog een overname", group=private.id)  # owed before they leave
    groups.remove_member(author, private, member)
    db.session.refresh(webhook)
    assert (webhook.state, webhook.disabled_reason) == ("disabled", "access")
    post(author, "Na het vertrek", group=private.id)
    deliver()
    assert channel.received == []
    with pytest.raises(Forbidden):
        webhooks.change_webhook(member, webhook, {"paused": False})
    assert deliveries.send_notices() == 1
    [mail] = smtp.sink.to("lid@brugwerk.example")
    assert "Overnames" in mail.get_body(("plain",)).get_content()


def test_a_deactivated_owners_webhooks_stop(make_user, channel):
    owner, author, admin = make_user(), make_user(), make_user("admin")
    webhook = hook(owner, channel, "slack", tag="noord")
    post(author, "Voor het vertrek #noord")
    people.set_active(admin, owner, False)
    db.session.refresh(webhook)
    assert (webhook.state, webhook.disabled_reason) == ("disabled", "owner")
    deliver()
    assert channel.received == []
    assert db.session.scalar(select(OutboundMail)) is None  # nobody left to tell


def test_a_candidates_personal_data_never_reaches_a_channel(make_user, channel):
    employee, recruiter = make_user(), make_user("recruiter")
    hook(employee, channel, "slack", tag="planning")
    hook(recruiter, channel, "teams", tag="planning")  # even a recruiter's channel
    hook(recruiter, channel, "generic", tag="planning")
    offer = posts.create_post(recruiter, offer_data())
    deliver()
    assert len(channel.received) == 3
    for received in channel.received:
        text = received.body.decode()
        assert NAME not in text and CONTACT.lower() not in text.lower()
        assert "Logistiek planner, Zwolle" in text and str(offer.id) in text


def test_a_post_moved_out_of_reach_before_sending_is_dropped(make_user, channel):
    owner, author = make_user(), make_user()
    hook(owner, channel, "slack", tag="noord")
    made = post(author, "Straks weg #noord")
    fanout.drain()
    posts.delete_post(author, made)
    assert deliveries.send_due() == 0
    assert channel.received == []


def test_replies_edits_and_paused_webhooks_send_nothing(make_user, channel):
    owner, author = make_user(), make_user()
    webhook = hook(owner, channel, "slack", tag="noord")
    made = post(author, "Een #noord")
    deliver()
    posts.create_reply(author, made, "Reactie #noord")
    posts.edit_post(author, made, {"body": "Een, aangepast #noord"})
    webhooks.change_webhook(owner, webhook, {"paused": True})
    post(author, "Tijdens de pauze #noord")
    deliver()
    assert len(channel.received) == 1


# Which addresses a webhook may reach --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://93.184.216.34/hook", "scheme"),  # public, but not https
        ("ftp://93.184.216.34/hook", "scheme"),
        ("https://10.1.2.3/hook", "private"),
        ("https://192.168.1.10/hook", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("https://[::1]/hook", "private"),
        ("https://[::ffff:10.0.0.1]/hook", "private"),
        ("https://127.0.0.2/hook", "private"),  # loopback, outside the allowed 127.0.0.1
        ("https://0.0.0.0/hook", "private"),
        ("https://user:secret@93.184.216.34/hook", "host"),
        ("https:///hook", "host"),
        ("not a url", "syntax"),
        ("hooks.slack.com/services/x", "scheme"),
    ],
)
def test_urls_inside_the_network_or_without_tls_are_refused(ctx, url, reason):
    with pytest.raises(outgoing.RefusedURL) as refused:
        outgoing.resolve(url)
    assert refused.value.reason == reason


def test_a_public_https_address_is_accepted_and_an_allowed_network_over_http(ctx):
    assert outgoing.resolve("https://93.184.216.34/services/T0/B0/x")[4].compressed == (
        "93.184.216.34"
    )
    assert outgoing.resolve("http://127.0.0.1:8080/hook")[1] == "127.0.0.1"


def test_a_refused_address_is_a_field_message_and_is_checked_again_when_sending(
    app, make_user, channel
):
    owner, author = make_user(), make_user()
    with pytest.raises(ValidationError) as refused:
        webhooks.create_webhook(
            owner, {"name": "Intern", "format": "slack", "url": "https://10.0.0.5/x", "tag": "a"}
        )
    assert "url" in refused.value.fields
    hook(owner, channel, "slack", tag="noord")
    app.config["KRING_WEBHOOK_ALLOWED_NETWORKS"] = ""  # no longer allowed
    with pytest.raises(outgoing.RefusedURL):
        outgoing.resolve("https://localhost/hook")
    post(author, "Een #noord")
    assert deliver() == 0
    assert channel.received == []  # refused before connecting
    row = db.session.scalar(select(WebhookDelivery))
    assert (row.status, row.error) == ("gave_up", "refused: private")


# The API and the settings page ------------------------------------------------------------


def test_the_api_adds_lists_tests_pauses_and_deletes_webhooks(make_user, api, channel):
    owner, other = make_user(), make_user()
    client = api(owner)
    created = client.post(
        "/webhooks",
        json={"name": "Team Noord", "format": "slack", "url": channel.url(), "tag": "#Noord"},
    )
    assert created.status_code == 201, created.json
    webhook = created.json
    assert webhook["source"] == {"tag": "noord"} and len(webhook["secret"]) == 64
    assert webhook["url_hint"] == f"http://127.0.0.1:{channel.port}/…"
    assert channel.url() not in str(client.get("/webhooks").json)  # never the whole URL again
    assert "secret" not in client.get(f"/webhooks/{webhook['id']}").json
    assert client.post(f"/webhooks/{webhook['id']}/test").status_code == 202
    assert deliveries.send_due() == 1
    shown = client.get(f"/webhooks/{webhook['id']}").json
    assert shown["last_success_at"] and shown["state"] == "active"
    paused = client.patch(f"/webhooks/{webhook['id']}", json={"paused": True})
    assert paused.json["state"] == "paused"
    assert api(other).get(f"/webhooks/{webhook['id']}").status_code == 404
    assert api(other).delete(f"/webhooks/{webhook['id']}").status_code == 404
    assert client.delete(f"/webhooks/{webhook['id']}").status_code == 204
    assert client.get("/webhooks").json == {"items": []}


def test_the_api_says_what_is_wrong_per_field(make_user, api):
    client = api(make_user())
    bad = client.post(
        "/webhooks", json={"name": "X", "format": "mattermost", "url": "https://10.0.0.1/x"}
    )
    assert bad.status_code == 422 and "format" in bad.json["error"]["fields"]
    private = client.post(
        "/webhooks", json={"name": "X", "format": "teams", "url": "https://10.0.0.1/x", "tag": "a"}
    )
    assert private.status_code == 422
    assert private.json["error"]["fields"] == {
        "url": "Dit adres wijst naar binnen het netwerk; daar stuurt Kring niet naartoe."
    }  # in the caller's language: Kring's default, Dutch
    both = client.post(
        "/webhooks",
        json={"name": "X", "format": "teams", "url": "http://127.0.0.1/x", "tag": "a", "group": 1},
    )
    assert both.status_code == 422 and "source" in both.json["error"]["fields"]
    paths = client.get("/openapi.json").json["paths"]
    assert {"/api/v1/webhooks", "/api/v1/webhooks/{webhook_id}/test"} <= set(paths)


def test_the_settings_page_adds_tests_pauses_and_deletes_in_dutch(make_user, login, channel):
    owner = make_user()
    group = groups.create_group(owner, "Team Noord")
    web = login(owner)
    page = web.get("/settings/webhooks/").get_data(as_text=True)
    assert "Teams & Slack</a>" in page and "Team Noord" in page
    added = web.post(
        "/settings/webhooks/",
        {"name": "Noord in Teams", "format": "teams", "url": channel.url(), "group": group.id},
    )
    assert added.status_code == 201
    text = added.get_data(as_text=True)
    assert "Noord in Teams" in text and "Berichten in Team Noord" in text
    webhook = db.session.scalar(select(Webhook))
    tested = web.post(f"/settings/webhooks/{webhook.id}/test")
    assert tested.status_code == 303
    deliveries.send_due()
    assert channel.received[0].json["type"] == "message"
    web.post(f"/settings/webhooks/{webhook.id}/pause", {"paused": "1"})
    assert "gepauzeerd" in web.get("/settings/webhooks/").get_data(as_text=True)
    web.post(f"/settings/webhooks/{webhook.id}/delete")
    assert db.session.scalar(select(Webhook)) is None
    by_tag = web.post(
        "/settings/webhooks/",
        {"name": "Tag", "format": "slack", "url": channel.url(), "group": "", "tag": "noord"},
    )
    assert by_tag.status_code == 201  # the group's "—" sends nothing
    assert db.session.scalar(select(Webhook.tag_id)) is not None
    page = web.get("/settings/webhooks/").get_data(as_text=True)
    assert '<option value="" selected>—</option>' in page


def test_the_settings_page_shows_a_refused_address_beside_its_field_in_english(make_user, login):
    web = login(make_user())
    refused = web.post(
        "/settings/webhooks/",
        {"name": "Intern", "format": "slack", "url": "http://93.184.216.34/x", "tag": "noord"},
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Kring only sends to addresses starting with https://." in text
    assert 'value="http://93.184.216.34/x"' in text  # what was typed stays
