"""Mail out as mail programs read it: a plain List-Unsubscribe header, links on the
address people reach Kring at, and HTML with its styles inlined, nothing fetched, small."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from test_digests import MONDAY_9, backdate, reader, within_week  # noqa: F401 - fixture

from intranet import create_app
from intranet.accounts import invitations, people
from intranet.config import from_environment
from intranet.links import base_url_warning, derived_base_url
from intranet.notifying import mailings
from intranet.notifying.fanout import drain as fanout
from intranet.posting import posts


def digest_for(reader, make_user, smtp):  # noqa: F811 - the fixture
    author = make_user(name="Annemarie van der Heijden-Verstappen")
    post = posts.create_post(author, {"type": "update", "body": "Vraag voor @dirk " + "x" * 300})
    fanout()
    backdate(type(post), [post.id], MONDAY_9 - timedelta(days=2))
    within_week(post.id)
    assert mailings.send_digests(now=MONDAY_9).sent
    return smtp.sink.messages[-1], smtp.sink.raw[-1]


def test_list_unsubscribe_is_a_plain_header_on_the_wire(reader, make_user, smtp):  # noqa: F811
    _message, raw = digest_for(reader, make_user, smtp)
    head = raw.split(b"\r\n\r\n", 1)[0]
    [line] = [h for h in re.split(rb"\r\n(?![ \t])", head) if h.startswith(b"List-Unsubscribe:")]
    assert re.fullmatch(rb"List-Unsubscribe: <http://kring\.test/unsubscribe/[\w.-]+>", line)
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in head
    assert b"=?" not in line


def test_the_digest_links_home_and_to_the_email_settings(reader, make_user, smtp):  # noqa: F811
    message, _raw = digest_for(reader, make_user, smtp)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "http://kring.test/settings/email" in text and "/settings/profile" not in text
    assert 'href="http://kring.test/settings/email"' in html
    assert re.findall(r'href="(https?://[^/"]+)', html) == ["http://kring.test"] * len(
        re.findall(r'href="https?://', html)
    )


def check_mail_html(html: str) -> None:
    """Styles on the elements, nothing fetched, a table layout, dark mode, under 100 kB."""
    assert len(html.encode()) < 100_000
    assert 'class="content"' in html and 'style="padding: 20px 24px' in html
    assert "<table" in html and 'role="presentation"' in html
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert all(block.strip().startswith("@media") for block in blocks)  # only what can't inline
    assert "prefers-color-scheme: dark" in html
    assert not re.search(r"<(img|link|script|iframe)\b", html, re.I)  # images optional: none
    assert not re.search(r"url\(|@import", html, re.I)
    assert not re.search(r'\ssrc="', html)


def test_a_digest_renders_as_mail_programs_read_it(reader, make_user, smtp):  # noqa: F811
    message, _raw = digest_for(reader, make_user, smtp)
    html = message.get_body(("html",)).get_content()
    check_mail_html(html)
    assert 'class="item"' in html and "border-bottom: 1px solid #eeece6" in html


def test_sign_up_and_invitation_mail_are_inlined_alike(app, ctx, make_user, smtp):
    admin = make_user("admin")
    people.request_signup("nieuw@brugwerk.example", "nl")
    people.invite(admin, "gast@brugwerk.example", "employee", "en")
    assert invitations.send_due() == 2
    for message in smtp.sink.messages:
        html = message.get_body(("html",)).get_content()
        check_mail_html(html)
        assert 'class="button"' in html and "background: #1f5f5b" in html


def test_without_a_base_url_links_use_where_the_server_listens(test_config):
    app = create_app({**test_config, "KRING_BASE_URL": None, "PORT": 5741})
    assert app.config["KRING_BASE_URL"] == "http://127.0.0.1:5741"
    with app.test_request_context():
        from intranet.links import absolute_url

        assert absolute_url("feed.index").startswith("http://127.0.0.1:5741/")
    assert from_environment({"PORT": "5741", "HOST": "0.0.0.0"}) == {
        "PORT": 5741,
        "HOST": "0.0.0.0",
    }
    assert derived_base_url("::1", 8000) == "http://[::1]:8000"
    assert not derived_base_url("0.0.0.0", 80).startswith("http://0.0.0.0")
    assert base_url_warning(app.config) is None  # on loopback, for one's own machine
    app.config["KRING_SERVER"] = "gevent"
    assert "KRING_BASE_URL is not set" in base_url_warning(app.config)
    app.config["KRING_BASE_URL_DERIVED"] = False
    assert base_url_warning(app.config) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_a_server_others_reach_warns_without_a_base_url(test_config, host):
    app = create_app({**test_config, "KRING_BASE_URL": None, "HOST": host})
    assert "KRING_BASE_URL is not set" in base_url_warning(app.config)


# Headers and parts as the email package reads them back ----------------------------------

UNSUBSCRIBE = "<http://kring.test/unsubscribe/" + "WzEyLCJkaWdlc3QiXQ.a1B2-c3_D4" * 4 + ">"
SUBJECT = "Kring: 3 dingen voor jou — “Zoë” en een onderwerp langer dan één regel in de kop"
TEXT = "Hallo Zoë,\n\n" + "één twee drie " * 12 + "\n. een punt voorop\n=?utf-8?q?geen?= 100%\n"
HTML = "<html><head><style>p { color: #1f5f5b; }</style></head><body><p>Zoë € = 3</p></body></html>"


def _built(to: str, subject: str = SUBJECT):
    from intranet.platform import mailer

    return mailer.build(
        to,
        subject,
        TEXT,
        HTML,
        {
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": UNSUBSCRIBE,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _reads_as_written(message, raw: bytes) -> None:
    from email.headerregistry import Address

    assert message["To"].addresses == (Address("Zoë de Vries, sr.", "zoe", "brugwerk.example"),)
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].addr_spec == "kring@localhost"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"].datetime is not None and message["Message-ID"].startswith("<")
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
    html = message.get_body(("html",)).get_content()
    assert '<p style="color: #1f5f5b;">Zoë € = 3</p>' in html and "<style>" not in html
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    assert not any(part.defects for part in message.walk())
    # 7-bit, lines a mail server takes; the link header on one line, as written.
    assert raw.decode("ascii")
    head = raw.split(b"\r\n\r\n", 1)[0]
    fields = re.split(rb"\r\n(?![ \t])", head)
    assert b"List-Unsubscribe: " + UNSUBSCRIBE.encode() in fields
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in fields
    assert all(len(line) <= 78 for line in raw.split(b"\r\n") if b"List-Unsubscribe:" not in line)


def test_names_and_subjects_in_any_language_read_back_as_written(app, ctx, smtp):
    """A non-ASCII name with a comma is one recipient, a long non-ASCII subject reads back
    whole, link headers stay on one line, both parts decode to what was written."""
    from intranet.platform import mailer

    mailer.send(_built(mailer.address("Zoë de Vries, sr.", "zoe@brugwerk.example")))
    [message], [raw] = smtp.sink.messages, smtp.sink.raw
    assert smtp.sink.envelopes == [("kring@localhost", ["zoe@brugwerk.example"])]
    _reads_as_written(message, raw)
    for subject in ("=?utf-8?q?Nep?= onderwerp", "Kring: " + "a rather long English subject " * 4):
        mailer.send(_built("zoe@brugwerk.example", subject.strip()))
        assert smtp.sink.messages[-1]["Subject"] == subject.strip()


def test_the_outbox_folder_holds_the_same_message(app, ctx):
    from email import message_from_bytes, policy
    from pathlib import Path

    from intranet.platform import mailer

    assert not app.config.get("MAIL_SERVER")
    folder = Path(app.instance_path) / "outbox"
    before = set(folder.glob("*.eml")) if folder.exists() else set()
    mailer.send(_built(mailer.address("Zoë de Vries, sr.", "zoe@brugwerk.example")))
    [path] = set(folder.glob("*.eml")) - before
    raw = path.read_bytes()
    _reads_as_written(message_from_bytes(raw, policy=policy.default), raw)


def test_an_address_beyond_ascii_goes_out_with_smtputf8(app, ctx):
    """As smtplib's send_message did: the envelope and the To header carry the address
    as it is, announced with SMTPUTF8 to a server that offers it."""
    from aiosmtpd.controller import Controller
    from servers import free_port

    from intranet.platform import mailer

    got = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's
            got.append(envelope)
            return "250 OK"

    port = free_port()
    server = Controller(Handler(), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    server.start()
    old = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        mailer.send(_built(mailer.address("Zoë", "zoë@brugwerk.example")))
    finally:
        app.config.update(old)
        server.stop()
    [envelope] = got
    assert envelope.rcpt_tos == ["zoë@brugwerk.example"] and envelope.smtp_utf8
    assert b"<zo\xc3\xab@brugwerk.example>" in envelope.original_content.split(b"\r\n\r\n")[0]
