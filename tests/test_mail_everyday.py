"""Everyday mail, as Outlook, Gmail, Apple Mail and phones write it: each message in
tests/corpora/everyday/ must give the post (or the refusal) EXPECTED.toml says, through
the CLI and through the SMTP listener alike."""

from __future__ import annotations

import re
import smtplib
import tomllib
from datetime import date

import pytest
from sqlalchemy import select
from support import CORPORA

from intranet.extensions import db
from intranet.mailin import addresses
from intranet.models import InboundMail, Post
from intranet.posting import posts

EVERYDAY = CORPORA / "everyday"
EXPECTED = tomllib.loads((EVERYDAY / "EXPECTED.toml").read_text(encoding="utf-8"))
TODAY = date(2026, 12, 3)  # the day the messages were written: their dates are ahead of it
_PLACEHOLDER = re.compile(rb"\+(EMMA|SOPHIE|REPLY)@brugwerk\.example")


@pytest.fixture
def everyone(app, make_user, monkeypatch):
    """Emma (Dutch), Sophie (English) and Jan, their posting addresses, and a post of
    Jan's that Emma was notified of (for the reply address)."""
    monkeypatch.setitem(app.config, "KRING_MAIL_DOMAIN", "brugwerk.example")
    monkeypatch.setitem(app.config, "KRING_MAIL_IN_PER_MINUTE", 1000)
    monkeypatch.setattr("intranet.models.kinds.local_today", lambda tz=None: TODAY)
    emma = make_user("recruiter", "Emma Visser", "emma@brugwerk.example", "emma", language="nl")
    sophie = make_user(
        "recruiter", "Sophie Turner", "sophie@brugwerk.example", "sophie", language="en"
    )
    jan = make_user("employee", "Jan Bakker", "jan@brugwerk.example", "jan")
    db.session.commit()
    party = posts.create_post(jan, {"type": "update", "body": "Wie komt er vrijdag? @emma"})
    return {
        b"EMMA": addresses.personal_address(emma).split("+")[1].split("@")[0].encode(),
        b"SOPHIE": addresses.personal_address(sophie).split("+")[1].split("@")[0].encode(),
        b"REPLY": addresses.reply_address(party, emma).split("+")[1].split("@")[0].encode(),
        "party": party.id,
    }


def raw_message(name: str, tokens: dict) -> bytes:
    raw = (EVERYDAY / name).read_bytes()
    return _PLACEHOLDER.sub(lambda m: b"+" + tokens[m.group(1)] + b"@brugwerk.example", raw)


def envelope(raw: bytes) -> list[str]:
    """Where a mail server would deliver it: Kring's addresses in To and Cc."""
    head = raw.split(b"\n\n", 1)[0].decode("latin-1")
    found = re.findall(r"[\w.+-]+\+[\w-]+@brugwerk\.example", head)
    return list(dict.fromkeys(a.lower() for a in found))


def outcome_of(name: str) -> dict:
    """What became of a message: the record mail-in kept, and the post it made."""
    db.session.commit()  # a fresh snapshot: the listener wrote in another session
    record = db.session.scalars(select(InboundMail).order_by(InboundMail.id.desc())).first()
    assert record is not None, f"{name}: nothing recorded"
    post = db.session.get(Post, record.post_id) if record.post_id else None
    return {"status": record.status, "reason": record.reason or "", "post": post}


def check(name: str, got: dict, tokens: dict) -> None:
    want = EXPECTED[name]
    assert got["status"] == want["outcome"], (name, got["status"], got["reason"])
    if want["outcome"] == "posted":
        post = got["post"]
        assert post.type == want.get("type", "update"), name
        if want.get("reply"):
            assert post.parent_id == tokens["party"], name
        assert post.body == want["body"].strip(), f"{name}:\n{post.body}"
        for field, value in want.get("fields", {}).items():
            stored = getattr(post, field)
            assert str(stored) == str(value), (name, field, stored)
    else:
        for words in want.get("reason", []):
            assert words in got["reason"], (name, got["reason"])


MESSAGES = sorted(EXPECTED)


def test_every_message_is_in_the_table():
    files = sorted(p.name for p in EVERYDAY.glob("*.eml"))
    assert files == MESSAGES and len(files) >= 25


@pytest.mark.parametrize("name", MESSAGES)
def test_through_the_cli(app, everyone, name):
    raw = raw_message(name, everyone)
    result = app.test_cli_runner().invoke(args=["mail-in"], input=raw)
    want = EXPECTED[name]["outcome"]
    assert result.exit_code == (1 if want == "rejected" else 0), result.output
    if want == "rejected":
        for words in EXPECTED[name].get("reason", []):
            assert words in result.output, result.output
    check(name, outcome_of(name), everyone)


def test_through_the_smtp_listener(app, everyone, listener):
    """One SMTP session delivers them all, as a mail server would."""
    with smtplib.SMTP("127.0.0.1", listener, timeout=30) as smtp:
        for name in MESSAGES:
            raw = re.sub(rb"\r?\n", b"\r\n", raw_message(name, everyone))  # as on the wire
            want = EXPECTED[name]["outcome"]
            try:
                smtp.sendmail("bounce@mx.brugwerk.example", envelope(raw), raw)
            except smtplib.SMTPDataError as refused:
                assert want == "rejected" and refused.smtp_code == 550, (name, refused)
            else:
                assert want != "rejected", name
            check(name, outcome_of(name), everyone)
