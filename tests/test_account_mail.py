"""Sign-up links and invitations are rows first: the request writes one, a job sends it
after the commit (HTML and text, in the recipient's language, with a link signed when it
is sent) to a real SMTP server on loopback, exactly once, also when that server was down."""

from __future__ import annotations

import html
import os
import re
import threading
import time
from datetime import timedelta

import pytest
import requests
from mailsink import SmtpServer
from servers import LiveServer, free_port, live_database, prepare
from sqlalchemy import select, update

from intranet.accounts import invitations, people
from intranet.errors import Conflict
from intranet.extensions import db
from intranet.models import OutboundMail, User
from intranet.platform import queue
from intranet.platform.clock import utcnow

BASE_URL = "http://kring.test"


@pytest.fixture
def mail_server(app):
    """Where Kring sends mail: a port on loopback; `up()` starts a real SMTP server there."""

    class MailServer:
        port = free_port()
        server: SmtpServer | None = None

        def up(self) -> SmtpServer:
            self.server = SmtpServer(self.port)
            return self.server

        @property
        def messages(self) -> list:
            return self.server.sink.messages if self.server else []

    where = MailServer()
    old = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=where.port)
    yield where
    app.config.update(old)
    if where.server:
        where.server.stop()


def browser(app, language="en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def csrf_from(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def ask_for_link(app, email, language="en"):
    client = browser(app, language)
    token = csrf_from(client.get("/signup").get_data(as_text=True))
    return client.post("/signup", data={"email": email, "csrf_token": token})


def send(app) -> int:
    """The `kring.send_mail` job, as the consumer runs it after the commit."""
    with app.app_context():
        sent = invitations.send_due()
        db.session.remove()
    return sent


def rows() -> list[OutboundMail]:
    db.session.commit()  # a fresh look: what other sessions committed since
    return list(db.session.scalars(select(OutboundMail).order_by(OutboundMail.id)))


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    [link] = re.findall(r"https?://\S+", text)
    assert link.startswith(BASE_URL + "/signup/")
    return link[len(BASE_URL) :]


def test_the_request_writes_a_row_and_the_job_sends_both_parts(app, ctx, mail_server):
    smtp = mail_server.up()
    response = ask_for_link(app, "Nieuw@brugwerk.example")
    assert response.status_code == 200
    assert "If nieuw@brugwerk.example may join Kring, a link is on its way" in html.unescape(
        response.get_data(as_text=True)
    )
    [row] = rows()
    assert (row.user_id, row.to_address, row.kind, row.status, row.language) == (
        None,
        "nieuw@brugwerk.example",
        "signup",
        "pending",
        "en",
    )
    assert smtp.sink.messages == []  # the request only wrote the row

    assert send(app) == 1
    [message] = smtp.sink.messages
    assert smtp.sink.envelopes[0][1] == ["nieuw@brugwerk.example"]
    assert message["Subject"] == "Your Kring account"
    assert message["Message-ID"] == f"<signup-{row.key}@kring.local>"
    path = link_in(message)
    page = message.get_body(("html",)).get_content()
    assert f'href="{BASE_URL}{path}"' in page and '<html lang="en">' in page
    assert "Choose your password" in page
    assert rows()[0].status == "sent"
    assert send(app) == 0 and len(smtp.sink.messages) == 1  # exactly once

    form = browser(app).get(path)  # the link signed at send time works
    assert form.status_code == 200 and "nieuw@brugwerk.example" in form.get_data(as_text=True)


def test_the_mail_speaks_the_language_the_browser_asked_in(app, ctx, mail_server):
    smtp = mail_server.up()
    ask_for_link(app, "dutch@brugwerk.example", language="nl-NL,nl;q=0.9")
    ask_for_link(app, "english@brugwerk.example", language="en-GB,en;q=0.9")
    send(app)
    [dutch] = smtp.sink.to("dutch@brugwerk.example")
    [english] = smtp.sink.to("english@brugwerk.example")
    assert dutch["Subject"] == "Je Kring-account"
    assert "Kies je wachtwoord" in dutch.get_body(("html",)).get_content()
    assert '<html lang="nl">' in dutch.get_body(("html",)).get_content()
    assert "Open deze link binnen 7 dagen" in dutch.get_body(("plain",)).get_content()
    assert english["Subject"] == "Your Kring account"


def test_smtp_down_then_up_the_request_succeeds_and_one_mail_goes_out(app, ctx, mail_server):
    response = ask_for_link(app, "geduld@brugwerk.example")  # nothing listens on the port
    assert response.status_code == 200
    assert "a link is on its way" in response.get_data(as_text=True)
    assert send(app) == 0
    [row] = rows()
    assert row.status == "failed" and row.attempts == 1 and row.next_attempt_at > utcnow()
    assert "Connection refused" in row.error or "Errno" in row.error

    smtp = mail_server.up()
    assert send(app) == 0 and smtp.sink.messages == []  # not before its retry is due
    db.session.execute(update(OutboundMail).values(next_attempt_at=utcnow()))
    db.session.commit()
    queue.named("kring.mail").call_local()  # the periodic sweep, by its name
    assert len(smtp.sink.messages) == 1
    queue.named("kring.mail").call_local()
    assert send(app) == 0
    assert len(smtp.sink.messages) == 1  # never two
    [row] = rows()
    assert (row.status, row.attempts) == ("sent", 2)
    assert smtp.sink.messages[0]["Message-ID"] == row.message_id
    assert row.message_id == f"<signup-{row.key}@kring.local>"


def test_asking_twice_while_the_mail_waits_sends_one(app, ctx, mail_server):
    smtp = mail_server.up()
    ask_for_link(app, "dubbel@brugwerk.example", language="en")
    ask_for_link(app, "dubbel@brugwerk.example", language="nl")
    assert len(rows()) == 1 and rows()[0].language == "nl"  # the latest asking
    send(app)
    assert len(smtp.sink.messages) == 1
    ask_for_link(app, "dubbel@brugwerk.example")  # once sent, asking again is a new mail
    send(app)
    assert len(smtp.sink.messages) == 2


def test_a_crash_after_the_claim_resends_with_the_same_message_id(app, ctx, mail_server):
    from intranet.platform import outbox

    smtp = mail_server.up()
    ask_for_link(app, "crash@brugwerk.example")
    [row] = rows()
    assert outbox.claim_row(row.id) is not None  # claimed, then the process "died"
    assert send(app) == 0  # the lease still holds
    db.session.execute(update(OutboundMail).values(lease_until=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert send(app) == 1 and send(app) == 0
    assert smtp.sink.messages[0]["Message-ID"] == f"<signup-{row.key}@kring.local>"


def test_two_consumers_at_once_send_one_mail(app, ctx, mail_server):
    smtp = mail_server.up()
    ask_for_link(app, "samen@brugwerk.example")
    results = []
    threads = [threading.Thread(target=lambda: results.append(send(app))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [0, 0, 1]
    assert len(smtp.sink.messages) == 1


def test_nothing_goes_out_to_an_address_that_signed_up_meanwhile(app, ctx, mail_server):
    smtp = mail_server.up()
    ask_for_link(app, "snel@brugwerk.example")
    people.create_user("snel@brugwerk.example", "Snelle Jelle", "een lang wachtwoord")
    assert send(app) == 0
    assert smtp.sink.messages == [] and rows()[0].status == "empty"


def test_a_refused_invitation_writes_no_row_and_an_outsider_gets_no_mail(
    app, ctx, make_user, mail_server
):
    """Row first means: no row without the change it belongs to (inviting someone who has
    an account is refused and rolled back). A sign-up link asked for an outside address is
    a row like any other request's, and never a mail."""
    smtp = mail_server.up()
    admin = make_user("admin")
    person = make_user()
    with pytest.raises(Conflict):
        people.invite(admin, person.email)
    assert rows() == []
    # Not invited, not the domain: answered as any other request (a row), never mailed.
    ask_for_link(app, "iemand@concurrent.example")
    assert send(app) == 0 and smtp.sink.messages == []


def test_an_invitation_in_the_language_the_admin_chose_or_the_default(
    app, ctx, make_user, login, mail_server
):
    smtp = mail_server.up()
    admin = make_user("admin", name="Anna Admin")
    web = login(admin)
    web.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    chosen = web.post(
        "/admin/users", {"email": "extern@partner.example", "role": "recruiter", "language": "en"}
    )
    page = html.unescape(chosen.get_data(as_text=True))
    assert "extern@partner.example is invited; the e-mail with the link goes out shortly." in page
    assert f"{BASE_URL}/signup/" in page  # the link to pass on by hand
    web.post("/admin/users", {"email": "gast@partner.example", "role": "employee"})
    assert send(app) == 2

    [english] = smtp.sink.to("extern@partner.example")
    assert english["Subject"] == "Anna Admin invited you to Kring"
    assert "Anna Admin invited you to Kring" in english.get_body(("plain",)).get_content()
    [default] = smtp.sink.to("gast@partner.example")  # Kring's default language: Dutch
    assert default["Subject"] == "Anna Admin nodigt je uit voor Kring"
    assert '<html lang="nl">' in default.get_body(("html",)).get_content()

    client = browser(app)
    path = link_in(english)
    form = client.get(path)
    token = csrf_from(form.get_data(as_text=True))
    done = client.post(path, data={"name": "Externe", "password": "x" * 12, "csrf_token": token})
    assert done.status_code == 303
    db.session.commit()
    assert db.session.scalar(select(User.role).where(User.email == "extern@partner.example")) == (
        "recruiter"
    )
    assert [row.status for row in rows()] == ["sent", "sent"]


# --- a real server: the trigger after the commit, the consumer's job -----------------------


@pytest.fixture(params=["threading", "gevent"])
def live(request, tmp_path_factory):
    """`python wsgi.py` with its in-process consumer, mailing to a real SMTP server."""
    tmp = tmp_path_factory.mktemp(f"account-mail-{request.param}")
    database = live_database(tmp, f"mail_{request.param}")
    env = {**os.environ, "KRING_INSTANCE_PATH": str(tmp), "DATABASE_URL": database}
    env.pop("TEST_DATABASE_URL", None)
    prepare(env, {})
    smtp = SmtpServer()
    server = LiveServer(
        tmp,
        database,
        KRING_SERVER=request.param,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp.port),
        KRING_SIGNUP_DOMAINS="brugwerk.example",
    )
    yield server, smtp
    server.stop()
    smtp.stop()


@pytest.mark.slow
def test_the_job_sends_the_link_right_after_the_request(live):
    server, smtp = live
    session = requests.Session()
    session.headers["Accept-Language"] = "nl"
    token = csrf_from(session.get(server.url + "/signup", timeout=10).text)
    response = session.post(
        server.url + "/signup",
        data={"email": "direct@brugwerk.example", "csrf_token": token},
        timeout=10,
    )
    assert response.status_code == 200 and "direct@brugwerk.example" in response.text
    deadline = time.monotonic() + 20
    while not smtp.sink.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    [message] = smtp.sink.messages  # no drain, no sweep: the trigger rang the job
    assert message["Subject"] == "Je Kring-account"
    link = re.search(r"https?://\S+", message.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(server.url + "/signup/")
    assert requests.get(link, timeout=10).status_code == 200
    time.sleep(1)
    assert len(smtp.sink.messages) == 1
