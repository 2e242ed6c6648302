"""Mail in: over real SMTP to the aiosmtpd listener, from the CLI, and against a corpus of
real-world messages."""

from __future__ import annotations

import re
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from servers import free_port
from sqlalchemy import func, select
from support import CORPORA

from intranet.extensions import db
from intranet.mailin import addresses
from intranet.mailin.receiving import Rejected, receive
from intranet.models import CandidatePrivate, InboundMail, Post
from intranet.platform.clock import local_today
from intranet.posting import groups, posts


def message(
    sender, to, subject="Onderwerp", body="Tekst", cc=(), message_id=None, html=None, headers=None
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ", ".join(to) if isinstance(to, list | tuple) else to
    if cc:
        mail["Cc"] = ", ".join(cc)
    mail["Subject"] = subject
    mail["Message-ID"] = message_id or f"<{abs(hash((sender, subject, body)))}@test>"
    for name, value in (headers or {}).items():
        mail[name] = value
    if html and body is None:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(body)
    return bytes(mail)


@pytest.fixture
def poster(make_user):
    user = make_user(name="Mila Mailer", email="mila@brugwerk.example", handle="mila")
    return user, addresses.personal_address(user)


def stored() -> list[Post]:
    db.session.commit()  # end this session's snapshot: the listener wrote in another
    return list(db.session.scalars(select(Post).order_by(Post.id)))


def test_a_mail_becomes_a_post_with_subject_first(poster):
    user, address = poster
    outcome = receive(
        message(user.email, address, "Nieuwe klant in Tiel", "Wie kent de inkoper?\n\nGroet,\nMila")
    )
    post = db.session.get(Post, outcome.post_id)
    assert post.author_id == user.id and post.type == "update"
    assert post.body.startswith("Nieuwe klant in Tiel\n\nWie kent de inkoper?")
    assert "Groet" not in post.body  # the signature is trimmed


def test_to_and_cc_colleagues_become_mentions(poster, make_user):
    user, address = poster
    make_user(email="jan@brugwerk.example", handle="jan")
    make_user(email="piet@brugwerk.example", handle="piet")
    outcome = receive(
        message(
            user.email,
            [address, "jan@brugwerk.example"],
            cc=["Piet <piet@brugwerk.example>", "extern@example.com"],
        )
    )
    post = db.session.get(Post, outcome.post_id)
    assert {u.handle for u in post.mentioned_users} == {"jan", "piet"}


def test_the_address_chooses_the_type_and_lines_fill_the_fields(poster):
    user, address = poster
    vacancy_address = address.replace("kring+", "vacature+")
    from datetime import timedelta

    from intranet.platform.clock import local_today

    closes = (local_today() + timedelta(days=30)).isoformat()
    body = (
        f"Titel: Planner\nAfdeling: Logistiek\nLocatie: Tiel\nUren: 32\n"
        f"Sluit: {closes}\n\nWie kent iemand?"
    )
    outcome = receive(message(user.email, vacancy_address, "Vacature planner", body))
    post = db.session.get(Post, outcome.post_id)
    assert post.type == "vacancy" and post.title == "Planner" and post.hours == 32
    with pytest.raises(Rejected) as refused:
        receive(message(user.email, vacancy_address, "Zonder velden", "Alleen tekst"))
    # Named as the form names it, in the sender's language (Dutch by default).
    assert "Functietitel: Dit veld is verplicht" in refused.value.reason
    assert "title" not in refused.value.reason


def test_a_subject_tag_chooses_the_type(poster):
    user, address = poster
    outcome = receive(
        message(
            user.email,
            address,
            "[signaal] Reorganisatie bij Acme",
            "Klant: Acme\nSoort: reorganisation\n\nHet hele MT weg.",
        )
    )
    post = db.session.get(Post, outcome.post_id)
    assert post.type == "client_signal" and post.kind == "reorganisation"
    assert post.body.startswith("Reorganisatie bij Acme")


@pytest.mark.parametrize(
    "sender, to, reason",
    [
        ("stranger@example.com", "OWN", "iemand anders"),
        ("mila@brugwerk.example", "kring+wrongtoken@localhost", "plaatst niets in Kring"),
        ("mila@brugwerk.example", "iemand@example.com", "plaatst niets in Kring"),
    ],
)
def test_strangers_and_bad_addresses_are_refused(poster, sender, to, reason):
    _user, address = poster
    with pytest.raises(Rejected) as refused:
        receive(message(sender, address if to == "OWN" else to))
    assert reason in refused.value.reason
    assert stored() == []


def test_renewing_the_address_retires_the_old_one(poster):
    user, old = poster
    new = addresses.renew_address(user)
    with pytest.raises(Rejected):
        receive(message(user.email, old, body="oud"))
    assert receive(message(user.email, new, body="nieuw")).status == "posted"


def test_the_same_message_twice_is_one_post(poster):
    user, address = poster
    raw = message(user.email, address, message_id="<een-keer@test>")
    first, second = receive(raw), receive(raw)
    assert first.status == "posted" and second.status == "duplicate"
    assert second.post_id == first.post_id and len(stored()) == 1


def test_bounces_and_auto_replies_are_ignored(poster):
    user, address = poster
    for extra in (
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
    ):
        assert (
            receive(
                message(user.email, address, headers=extra, message_id=f"<{list(extra)[0]}@t>")
            ).status
            == "ignored"
        )
    assert stored() == []


def test_html_only_mail_becomes_markdown_and_attachments_are_listed(poster):
    user, address = poster
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = user.email, address, "Opmaak"
    mail["Message-ID"] = "<html@test>"
    mail.set_content(
        "<p>Een <b>vet</b> woord en <a href='https://x.nl'>link</a></p><script>alert(1)</script>",
        subtype="html",
    )
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="cv_jan.pdf")
    post = db.session.get(Post, receive(bytes(mail)).post_id)
    assert "**vet**" in post.body and "[link](https://x.nl)" in post.body
    assert "<script" not in post.html and "cv jan.pdf" in post.body


def test_quoted_replies_are_trimmed(poster):
    user, address = poster
    body = (
        "Prima, ik neem het op me.\n\nOp 3 nov 2026 om 10:00 schreef Jan <jan@x.nl>:\n"
        "> Wie pakt dit op?\n> Groet"
    )
    post = db.session.get(Post, receive(message(user.email, address, "Re: actie", body)).post_id)
    assert "Wie pakt" not in post.body and "ik neem het op me" in post.body


def test_header_injection_in_the_subject_is_flattened(poster):
    user, address = poster
    raw = message(user.email, address, body="x").replace(
        b"Subject: Onderwerp", b"Subject: =?utf-8?q?Hallo=0D=0ABcc=3A_evil=40example=2Ecom?="
    )
    post = db.session.get(Post, receive(raw).post_id)
    first_line = post.body.split("\n")[0]
    assert "\r" not in first_line and first_line.startswith("Hallo")


def test_a_group_address_posts_to_the_group_for_members_only(poster, make_user):
    user, _ = poster
    team = groups.create_group(user, "Team Oost", True)
    address = addresses.group_address(team)
    outsider = make_user(email="buiten@brugwerk.example")
    post = db.session.get(Post, receive(message(user.email, address, body="Voor het team")).post_id)
    assert post.group_id == team.id
    with pytest.raises(Rejected):
        receive(message(outsider.email, address, body="Mag ik ook?"))


def test_replying_to_a_notification_mail_replies_to_the_post(poster, make_user):
    user, _ = poster
    author = make_user()
    post = posts.create_post(author, {"type": "update", "body": "Wie komt er vrijdag?"})
    reply_to = addresses.reply_address(post, user)
    outcome = receive(message(user.email, reply_to, "Re: Wie komt er vrijdag?", "Ik!"))
    reply = db.session.get(Post, outcome.post_id)
    assert reply.parent_id == post.id and reply.body == "Ik!"
    forged = reply_to.replace(reply_to.split("-")[-1].split("@")[0], "0" * 16)
    with pytest.raises(Rejected):
        receive(message(user.email, forged, body="nep"))
    with pytest.raises(Rejected):  # someone else can't use Mila's reply address
        receive(message(author.email, reply_to, body="ik ook", message_id="<a@b>"))


def test_at_most_50_a_minute_per_sender(poster, app):
    user, address = poster
    app.config["KRING_MAIL_IN_PER_MINUTE"] = 5
    try:
        for n in range(5):
            receive(message(user.email, address, body=f"bericht {n}"))
        with pytest.raises(Rejected) as refused:
            receive(message(user.email, address, body="te veel"))
    finally:
        app.config["KRING_MAIL_IN_PER_MINUTE"] = 50
    assert "Te veel berichten" in refused.value.reason


def test_oversized_messages_are_refused(poster):
    user, address = poster
    with pytest.raises(Rejected) as refused:
        receive(message(user.email, address, body="x" * (10 * 1024 * 1024 + 10)))
    assert "10 MB" in refused.value.reason


def _corpus() -> list[Path]:
    root = CORPORA / "emails"
    return sorted(p for p in root.rglob("*") if p.is_file() and "LICENSE" not in p.name)


def test_every_corpus_message_posts_or_is_refused_clearly(poster, app):
    user, address = poster
    app.config["KRING_MAIL_IN_PER_MINUTE"] = 1000
    outcomes = {"posted": 0, "ignored": 0, "rejected": 0, "duplicate": 0}
    for path in _corpus():
        raw = path.read_bytes()
        # The message as if the user had sent it to their address.
        raw = re.sub(
            rb"(?im)^From:.*(\r?\n[ \t].*)*$", f"From: {user.email}".encode(), raw, count=1
        )
        try:
            outcome = receive(raw, [address])
        except Rejected as refused:
            assert refused.reason and len(refused.reason) < 500, path
            outcomes["rejected"] += 1
        else:
            outcomes[outcome.status] += 1
    app.config["KRING_MAIL_IN_PER_MINUTE"] = 50
    assert sum(outcomes.values()) == len(_corpus()) >= 150
    assert outcomes["posted"] >= 90, outcomes  # several fixtures share a Message-ID


def test_the_cli_posts_or_exits_non_zero(poster, app):
    user, address = poster
    runner = app.test_cli_runner()
    good = runner.invoke(args=["mail-in"], input=message(user.email, address, body="cli"))
    assert good.exit_code == 0 and "Posted" in good.output
    bad = runner.invoke(args=["mail-in"], input=message("x@example.com", address, body="no"))
    assert bad.exit_code == 1 and "Refused" in bad.output


def test_over_real_smtp_the_listener_accepts_and_refuses(poster, listener, make_user):
    user, address = poster
    make_user(email="jan@brugwerk.example", handle="jan")
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        smtp.sendmail(
            user.email,
            [address],
            message(user.email, [address, "jan@brugwerk.example"], "Via SMTP", "Hallo"),
        )
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp.sendmail(
                "x@example.com", [address], message("x@example.com", address, body="vreemd")
            )
    assert refused.value.smtp_code == 550
    posted = stored()
    assert len(posted) == 1 and posted[0].body.startswith("Via SMTP")
    assert [u.handle for u in posted[0].mentioned_users] == ["jan"]
    assert db.session.scalar(select(func.count()).select_from(InboundMail)) == 2


def test_lmtp_listener(poster, app):
    from intranet.mailin.listener import serve

    user, address = poster
    port = free_port()
    controller = serve(app, "127.0.0.1", port, lmtp=True)
    try:
        with smtplib.LMTP("127.0.0.1", port) as lmtp:
            lmtp.sendmail(user.email, [address], message(user.email, address, body="lmtp"))
    finally:
        controller.stop()
    assert [p.body for p in stored()] == ["Onderwerp\n\nlmtp"]


def test_hostile_mail_is_refused_or_posted_never_a_crash(poster):
    user, address = poster
    odd_charset = message(user.email, address, body="x").replace(
        b'charset="utf-8"', b'charset="idna"'
    )
    assert receive(odd_charset).status in ("posted", "duplicate")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = user.email, address, "Diep"
    mail["Message-ID"] = "<deep@test>"
    mail.set_content("<b>" * 3000 + "diep" + "</b>" * 3000, subtype="html")
    post = db.session.get(Post, receive(bytes(mail)).post_id)
    assert "diep" in post.body


def test_candidates_are_not_offered_by_mail(poster):
    user, address = poster
    with pytest.raises(Rejected) as refused:
        receive(
            message(
                user.email,
                address.replace("kring+", "kandidaat+"),
                "Java dev",
                "candidate_name: Jan de Vries\ncandidate_contact: 06-1234",
            )
        )
    assert "persoonsgegevens" in refused.value.reason and stored() == []


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("", "update"), ("[vacature] ", "vacancy"), ("[signaal] ", "client_signal")],
)
def test_field_lines_fill_only_the_chosen_types_own_fields(poster, make_user, tag, expected):
    """`type:`, `body:`, `must_read:`, `status:`, `group:` and a candidate's personal data
    are no field lines: they stay text, whatever type the subject or address chose."""
    user, address = poster
    hidden = groups.create_group(make_user(), "Verborgen", True)
    lines = [
        "Type: candidate_offer",
        "must_read: ja",
        "Body: iets anders",
        "status: placed",
        f"group: {hidden.id}",
        "candidate_name: Jan de Vries",
        "candidate_contact: 06-12345678",
        "consent: ja",
    ]
    fields = {
        "update": [],
        "vacancy": [
            "Titel: Planner",
            "Afdeling: Logistiek",
            "Locatie: Tilburg",
            "Uren: 32",
            f"Sluitingsdatum: {local_today() + timedelta(days=60):%d-%m-%Y}",
        ],
        "client_signal": ["Klant: Acme", "Soort: reorganisatie"],
    }[expected]
    body = "\n".join([*fields, *lines, "", "Groet, Ann"])
    result = receive(message(user.email, address, f"{tag}Bericht", body))
    post = db.session.get(Post, result.post_id)
    assert post.type == expected and post.group_id is None and not post.must_read
    for line in lines:
        assert line.split(":")[1].strip() in post.body, line
    assert post.author_id == user.id
    assert db.session.scalar(select(func.count()).select_from(CandidatePrivate)) == 0


def test_a_private_group_address_wins_over_the_personal_one(poster):
    user, address = poster
    team = groups.create_group(user, "Vertrouwelijk", True)
    group_address = addresses.group_address(team)
    outcome = receive(message(user.email, [address], cc=[group_address], body="alleen team"))
    assert db.session.get(Post, outcome.post_id).group_id == team.id


def test_a_trusted_mail_server_must_vouch_for_the_sender(poster, app):
    user, address = poster
    app.config["KRING_MAIL_TRUSTED_AUTHSERV"] = "mx.brugwerk.example"
    try:
        with pytest.raises(Rejected) as refused:
            receive(message(user.email, address, body="vervalst?"))
        assert "kan vervalst zijn" in refused.value.reason
        vouched = message(
            user.email,
            address,
            body="echt",
            headers={
                "Authentication-Results": "mx.brugwerk.example;"
                " dkim=pass header.d=brugwerk.example; dmarc=pass"
            },
        )
        assert receive(vouched).status == "posted"
        other = message(
            user.email,
            address,
            body="elders",
            headers={"Authentication-Results": "evil.example; dmarc=pass"},
        )
        with pytest.raises(Rejected):
            receive(other)
        for results in (
            "mx.brugwerk.example; dkim=pass header.d=evil.example; spf=fail",  # not aligned
            "mx.brugwerk.example; dmarc=fail header.from=brugwerk.example",
            "mx.brugwerk.example; spf=pass smtp.mailfrom=bounce@evil.example",
        ):
            forged = message(
                user.email, address, body=results, headers={"Authentication-Results": results}
            )
            with pytest.raises(Rejected):
                receive(forged)
        below = message(user.email, address, body="onder", message_id="<below@t>")
        below = below.replace(  # the server's own verdict on top; the sender's forgery below
            b"From:",
            b"Authentication-Results: mx.brugwerk.example; spf=fail\n"
            b"Authentication-Results: mx.brugwerk.example; dmarc=pass\nFrom:",
            1,
        )
        with pytest.raises(Rejected):
            receive(below)
        aligned = message(
            user.email,
            address,
            body="spf",
            headers={
                "Authentication-Results": "mx.brugwerk.example 1; spf=pass"
                " smtp.mailfrom=mila@mail.brugwerk.example"
            },
        )
        assert receive(aligned).status == "posted"
    finally:
        app.config["KRING_MAIL_TRUSTED_AUTHSERV"] = None


def test_lmtp_answers_each_recipient(poster, app):
    """One reply per recipient after DATA (RFC 2033), spoken over a raw socket as Postfix
    would (smtplib's LMTP reads only one)."""
    import socket

    from intranet.mailin.listener import serve

    user, address = poster
    port = free_port()
    controller = serve(app, "127.0.0.1", port, lmtp=True)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            stream = conn.makefile("rwb")

            def say(line: bytes) -> None:
                stream.write(line + b"\r\n")
                stream.flush()

            def reply() -> bytes:
                lines = [stream.readline()]
                while lines[-1][3:4] == b"-":
                    lines.append(stream.readline())
                return lines[-1]

            reply()
            for command in (
                b"LHLO test",
                f"MAIL FROM:<{user.email}>".encode(),
                f"RCPT TO:<{address}>".encode(),
                b"RCPT TO:<kring+nope@localhost>",
                b"DATA",
            ):
                say(command)
                reply()
            stream.write(
                message(user.email, address, body="twee").replace(b"\n", b"\r\n") + b"\r\n.\r\n"
            )
            stream.flush()
            answers = [reply(), reply()]
            say(b"QUIT")
    finally:
        controller.stop()
    assert answers[0].startswith(b"250") and answers[1].startswith(b"550")
    assert len(stored()) == 1
