"""Sending e-mail: through MAIL_SERVER (one connection per batch) or, when unset, into
instance/outbox/ as .eml files a person can open.

A message is built once, as the bytes that go on the wire (`Mail`): its headers encoded
as they are set, its text and HTML parts written as quoted-printable UTF-8, no MIME
object tree and no second flattening at send time. The email package's EmailMessage
with its header registry cost several milliseconds a message (a header class made per
header, each parsed and folded again when sent); a digest run sends thousands."""

from __future__ import annotations

import binascii
import smtplib
import uuid
from datetime import UTC
from email.header import Header
from email.utils import format_datetime, formataddr, getaddresses, make_msgid, parseaddr
from functools import lru_cache
from pathlib import Path

import css_inline
from flask import current_app

from .clock import utcnow

# Headers whose value is a link a mail program reads as written: folded into RFC 2047
# encoded-words Gmail and Outlook see no <https://…> in List-Unsubscribe and offer no
# one-click unsubscribe. They go out on one line, as they are.
AS_WRITTEN = frozenset({"list-unsubscribe", "list-unsubscribe-post", "list-id", "list-help"})
# Headers that hold addresses: a name in them is encoded on its own, the address never.
ADDRESSES = frozenset({"from", "to", "cc", "reply-to", "sender"})
CRLF = "\r\n"
# A mail's <style> block put on its elements: most mail programs read only inline styles.
# At-rules (dark mode, small screens) can't be inlined and stay in the block. Nothing is
# fetched: a mail refers to no stylesheet, and must not make the sender fetch one.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def inline_css(html: str) -> str:
    return _INLINER.inline(html)


def clean_header(value: str) -> str:
    """No CR, LF or NUL in a header: a subject must never smuggle in another header."""
    return " ".join(str(value).replace("\x00", " ").splitlines()).strip()


def _mailbox(name: str, email: str) -> str:
    """One address for a header: a name quoted, or RFC 2047-encoded when not ASCII; an
    address with non-ASCII in it (sent with SMTPUTF8) as it is."""
    if email.isascii():
        return formataddr((name, email))
    return formataddr((name, "@")).replace("<@>", f"<{email}>") if name else email


def address(name: str, email: str) -> str:
    """A To header for one person: the name quoted as needed ('Vries, Jan de' is one name,
    not two addresses), encoded when it is not ASCII."""
    return _mailbox(clean_header(name), clean_header(email))


@lru_cache(maxsize=16)
def _address_in(value: str) -> str:
    return parseaddr(value)[1]  # the same sender for every message: parsed once


def _header(name: str, value: str) -> str:
    """`Name: value` as it goes on the wire, with its CRLF: ASCII as it is, folded only when
    long; a name in an address encoded, other text not in ASCII (or looking like an
    encoded-word) as RFC 2047 encoded-words. Non-ASCII left in it is an SMTPUTF8 address.
    `value` is clean (see clean_header)."""
    key = name.lower()
    if key in ADDRESSES:
        if not value.isascii():
            value = ", ".join(_mailbox(n, a) for n, a in getaddresses([value]))
        if len(name) + len(value) > 76:
            value = f",{CRLF} ".join(_mailbox(n, a) for n, a in getaddresses([value]))
        return f"{name}: {value}{CRLF}"
    plain = value.isascii() and "=?" not in value
    if plain and (len(name) + len(value) <= 76 or (key in AS_WRITTEN and len(value) < 990)):
        return f"{name}: {value}{CRLF}"
    encoded = Header(value, "us-ascii" if plain else "utf-8", header_name=name)
    return f"{name}: {encoded.encode(linesep=CRLF)}{CRLF}"


def _quoted_printable(text: str) -> bytes:
    """A text part's body: UTF-8, quoted-printable (7-bit, lines of at most 76), CRLF."""
    if not text.endswith("\n"):
        text += "\n"
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8", "replace")
    return binascii.b2a_qp(data).replace(b"\n", b"\r\n")


def _part(subtype: str, text: str) -> bytes:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
    ).encode() + _quoted_printable(text)


def _body(text: str, html: str | None) -> bytes:
    """The MIME headers and the parts: text/plain alone, or multipart/alternative with the
    text first and the HTML last (the one a mail program prefers)."""
    if html is None:
        return b"MIME-Version: 1.0\r\n" + _part("plain", text)
    # "=_" never occurs in quoted-printable, so the boundary can't occur in a part.
    boundary = f"=_{uuid.uuid4().hex}".encode()
    return b"".join(
        (
            b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="',
            boundary,
            b'"\r\n\r\n--',
            boundary,
            b"\r\n",
            _part("plain", text),
            b"\r\n--",
            boundary,
            b"\r\n",
            _part("html", html),
            b"\r\n--",
            boundary,
            b"--\r\n",
        )
    )


class Mail:
    """A message ready to send: `bytes(mail)` is what goes on the wire (CRLF lines).

    Headers are read and set by name (`mail["Subject"]` is the text as given, None when
    absent; setting a header replaces it), and encoded once, when set. `text` and `html`
    are the parts as written (the HTML with its CSS inlined)."""

    def __init__(self, headers: dict[str, str], text: str, html: str | None = None):
        self._headers: dict[str, tuple[str, str, str]] = {}  # lower name: (name, value, line)
        for name, value in headers.items():
            self[name] = value
        self.text, self.html = text, html
        self._body = _body(text, html)

    def __getitem__(self, name: str) -> str | None:
        found = self._headers.get(name.lower())
        return found[1] if found else None

    def __setitem__(self, name: str, value: str) -> None:
        value = clean_header(value)
        self._headers[name.lower()] = (name, value, _header(name, value))

    @property
    def sender(self) -> str:
        """The envelope's sender: the From address."""
        return _address_in(self["From"] or "")

    @property
    def international(self) -> bool:
        """Whether an address in it is not ASCII: sent with SMTPUTF8."""
        return not all(line.isascii() for _name, _value, line in self._headers.values())

    def as_bytes(self) -> bytes:
        head = "".join(line for _name, _value, line in self._headers.values())
        return head.encode("utf-8") + self._body

    __bytes__ = as_bytes


def build(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    headers: dict | None = None,
    message_id: str | None = None,
) -> Mail:
    return Mail(
        {
            "From": current_app.config["MAIL_DEFAULT_SENDER"],
            "To": to,
            "Subject": subject,
            "Date": format_datetime(utcnow().replace(tzinfo=UTC)),
            "Message-ID": message_id or make_msgid(domain="kring.local"),
            **(headers or {}),
        },
        text,
        inline_css(html) if html else None,
    )


class Mailer:
    """`with Mailer() as mailer: mailer.send(message)`: one SMTP session for a batch.

    send() raises (OSError, smtplib.SMTPException) when the server refuses or is down;
    a message counts as delivered only when send() returned."""

    def __init__(self):
        self.config = current_app.config
        self.outbox = Path(current_app.instance_path) / "outbox"
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        return smtp

    def send(self, message: Mail, to: list[str] | None = None) -> None:
        """Send to `to` (the envelope), by default the addresses in the To header."""
        raw = message.as_bytes()
        if not self.config.get("MAIL_SERVER"):
            self.outbox.mkdir(exist_ok=True)
            name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            # Whole or not at all: a full disk leaves no half message to be read as sent,
            # and the OSError marks the row failed, to be tried again after its back-off.
            partial = self.outbox / f".{name}.part"
            try:
                partial.write_bytes(raw)
                partial.rename(self.outbox / name)
            except OSError:
                partial.unlink(missing_ok=True)
                raise
            return
        recipients = to or [a for _n, a in getaddresses([message["To"] or ""]) if "@" in a]
        options: tuple[str, ...] = ()
        if message.international or not all(a.isascii() for a in recipients):
            options = ("SMTPUTF8", "BODY=8BITMIME")  # as smtplib's send_message does
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.sendmail(message.sender, recipients, raw, options)
        except smtplib.SMTPServerDisconnected:
            self.smtp = self._connect()  # a dropped session: one fresh try
            self.smtp.sendmail(message.sender, recipients, raw, options)
        except (OSError, smtplib.SMTPException):
            self._drop()  # the session may be out of step now: start afresh next time
            raise

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None


def send(message: Mail) -> None:
    """Deliver one message now (its own connection)."""
    with Mailer() as mailer:
        mailer.send(message)
