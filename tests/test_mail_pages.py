"""What people see of their mail in Kring: the outcome of each message they sent under
Settings → E-mail (admins: everyone's), their next digest so far, an admin's preview of
anyone's digest by mail, and the warnings while senders are taken on trust."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from servers import free_port
from sqlalchemy import select
from test_mail_in import message

from intranet.extensions import db
from intranet.mailin import addresses
from intranet.mailin.receiving import Rejected, receive
from intranet.models import OutboundMail
from intranet.notifying import previews
from intranet.notifying.fanout import drain as fanout
from intranet.platform.clock import utcnow
from intranet.posting import posts


def page(web, url) -> str:
    response = web.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def test_the_sender_sees_what_became_of_each_message(make_user, login):
    user = make_user(name="Mila Mailer", email="mila@brugwerk.example", handle="mila")
    address = addresses.personal_address(user)
    posted = receive(message(user.email, address, "Nieuwe klant", "Tekst", message_id="<1@t>"))
    receive(
        message(
            user.email,
            address,
            "Afwezig",
            "Tot maandag",
            message_id="<2@t>",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    vacancy = address.replace("kring+", "vacature+")
    with pytest.raises(Rejected):
        receive(message(user.email, vacancy, "Planner", "Alleen tekst", message_id="<3@t>"))
    other = make_user(email="ander@brugwerk.example")
    receive(message(other.email, addresses.personal_address(other), "Van een ander"))
    text = page(login(user), "/settings/email")
    section = text[text.index('id="recent-mail"') :]
    assert "Nieuwe klant" in section and f"/posts/{posted.post_id}" in section
    assert "Afwezig" in section and "een automatisch bericht" in section
    assert "Planner" in section and "Functietitel: Dit veld is verplicht" in section
    assert "Van een ander" not in section


def test_the_admins_see_everyones_mail_and_the_warning_while_unverified(app, make_user, login):
    admin = make_user("admin", email="beheer@brugwerk.example")
    user = make_user(email="mila@brugwerk.example")
    receive(message(user.email, addresses.personal_address(user), "Voor iedereen"))
    web = login(admin)
    text = page(web, "/admin/mail")
    assert "Voor iedereen" in text and "mila@brugwerk.example" in text
    assert 'id="unverified"' in text and "KRING_MAIL_TRUSTED_AUTHSERV" in text
    app.config["KRING_MAIL_TRUSTED_AUTHSERV"] = "mx.brugwerk.example"
    try:
        assert 'id="unverified"' not in page(web, "/admin/mail")
    finally:
        app.config["KRING_MAIL_TRUSTED_AUTHSERV"] = None
    assert login(user).get("/admin/mail").status_code == 403


def mentioned_since_the_last_digest(make_user):
    reader = make_user(name="Dirk Digest", email="dirk@brugwerk.example", handle="dirk")
    reader.digest, reader.digest_hour = "daily", (utcnow() - timedelta(hours=3)).hour
    db.session.commit()
    author = make_user(name="Auteur")
    posts.create_post(author, {"type": "update", "body": "Een vraag voor @dirk over Tiel"})
    fanout()
    return reader


def test_the_next_digest_so_far_is_shown_in_a_frame_of_its_own(make_user, login):
    reader = mentioned_since_the_last_digest(make_user)
    web = login(reader)
    text = page(web, "/settings/email")
    section = text[text.index('id="next-digest"') :]
    assert 'src="/settings/email/digest-preview"' in section
    frame = web.get("/settings/email/digest-preview")
    assert "frame-ancestors 'self'" in frame.headers["Content-Security-Policy"]
    assert frame.headers["X-Frame-Options"] == "SAMEORIGIN"
    body = frame.get_data(as_text=True)
    assert "Een vraag voor @dirk over Tiel" in body and '<base target="_top">' in body
    assert db.session.scalar(select(OutboundMail.id)) is None  # a preview sends nothing
    reader.digest = "off"
    db.session.commit()
    assert "Je krijgt geen overzichtsmail" in page(web, "/settings/email")


def test_an_admin_previews_anyones_digest_and_mails_it_to_themselves(make_user, login, smtp):
    reader = mentioned_since_the_last_digest(make_user)
    admin = make_user("admin", name="Ada Admin", email="ada@brugwerk.example")
    web = login(admin)
    chooser = web.get(f"/admin/people/digest?person={reader.id}")
    assert chooser.headers["Location"].endswith(f"/admin/people/{reader.id}/digest")
    assert "Een vraag voor @dirk" in page(web, f"/admin/people/{reader.id}/digest/frame")
    sent = web.post(f"/admin/people/{reader.id}/digest")
    assert sent.status_code == 303
    assert previews.send_due() == 1 and previews.send_due() == 0
    [mail] = smtp.sink.messages
    assert smtp.sink.envelopes[0][1] == ["ada@brugwerk.example"]
    assert "Dirk Digest" in mail["Subject"] and "ada@brugwerk.example" in mail["To"]
    assert "Een vraag voor @dirk" in mail.get_body(("plain",)).get_content()
    assert login(reader).post(f"/admin/people/{admin.id}/digest").status_code == 403


def test_mail_in_serve_warns_at_start_while_senders_are_unverified(tmp_path):
    """The listener's start-up line, from the real command in a process of its own."""
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/kring.db",
    }
    env.pop("KRING_MAIL_TRUSTED_AUTHSERV", None)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "mail-in", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(free_port())],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    with process:
        try:
            lines = [process.stdout.readline(), process.stdout.readline()]
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert lines[0].startswith("Listening for SMTP")
    assert "KRING_MAIL_TRUSTED_AUTHSERV is not set" in lines[1]
