"""Sending e-mail: through MAIL_SERVER (one connection per batch) or, when unset, into
instance/outbox/ as .eml files a person can open."""

from __future__ import annotations

import smtplib
import uuid
from datetime import UTC
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from pathlib import Path

import css_inline
from flask import current_app

from .clock import utcnow

# Headers whose value is a link a mail program reads as written: folded into RFC 2047
# encoded-words (what the email package does with a long word) Gmail and Outlook see no
# <https://…> in List-Unsubscribe and offer no one-click unsubscribe.
AS_WRITTEN = frozenset({"list-unsubscribe", "list-unsubscribe-post", "list-id", "list-help"})


class _Policy(EmailPolicy):
    """The default policy, except that link headers go out as written, on one line."""

    def _as_written(self, name: str, value) -> str | None:
        text = str(value)
        if name.lower() in AS_WRITTEN and text.isascii() and len(name) + len(text) < 990:
            return f"{name}: {text}{self.linesep}"
        return None

    def fold(self, name, value):
        return self._as_written(name, value) or super().fold(name, value)

    def fold_binary(self, name, value):
        written = self._as_written(name, value)
        return written.encode("ascii") if written else super().fold_binary(name, value)


POLICY = _Policy()
# A mail's <style> block put on its elements: most mail programs read only inline styles.
# At-rules (dark mode, small screens) can't be inlined and stay in the block. Nothing is
# fetched: a mail refers to no stylesheet, and must not make the sender fetch one.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def inline_css(html: str) -> str:
    return _INLINER.inline(html)


def clean_header(value: str) -> str:
    """No CR, LF or NUL in a header: a subject must never smuggle in another header."""
    return " ".join(str(value).replace("\x00", " ").splitlines()).strip()


def address(name: str, email: str) -> str:
    """A To header for one person: the name quoted as needed ('Vries, Jan de' is one name,
    not two addresses)."""
    return formataddr((clean_header(name), clean_header(email)))


def build(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    headers: dict | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = clean_header(current_app.config["MAIL_DEFAULT_SENDER"])
    message["To"] = clean_header(to)
    message["Subject"] = clean_header(subject)
    message["Date"] = format_datetime(utcnow().replace(tzinfo=UTC))
    message["Message-ID"] = message_id or make_msgid(domain="kring.local")
    for name, value in (headers or {}).items():
        message[name] = clean_header(value)
    message.set_content(text)
    if html:
        message.add_alternative(inline_css(html), subtype="html")
    return message


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

    def send(self, message: EmailMessage, to: list[str] | None = None) -> None:
        """Send to `to` (the envelope), by default the addresses in the To header."""
        if not self.config.get("MAIL_SERVER"):
            self.outbox.mkdir(exist_ok=True)
            name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            # Whole or not at all: a full disk leaves no half message to be read as sent,
            # and the OSError marks the row failed, to be tried again after its back-off.
            partial = self.outbox / f".{name}.part"
            try:
                partial.write_bytes(bytes(message))
                partial.rename(self.outbox / name)
            except OSError:
                partial.unlink(missing_ok=True)
                raise
            return
        recipients = to or [a for _n, a in getaddresses([str(message["To"])]) if "@" in a]
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(message, to_addrs=recipients)
        except smtplib.SMTPServerDisconnected:
            self.smtp = self._connect()  # a dropped session: one fresh try
            self.smtp.send_message(message, to_addrs=recipients)
        except (OSError, smtplib.SMTPException):
            self._drop()  # the session may be out of step now: start afresh next time
            raise

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None


def send(message: EmailMessage) -> None:
    """Deliver one message now (its own connection)."""
    with Mailer() as mailer:
        mailer.send(message)
