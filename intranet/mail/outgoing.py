"""Send one e-mail: through MAIL_SERVER if set, else into instance/outbox/ as an .eml file."""

from __future__ import annotations

import smtplib
import uuid
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from ..clock import utcnow


def _clean_header(value: str) -> str:
    """No CR, LF or NUL in a header: a subject must never smuggle in another header."""
    return " ".join(str(value).replace("\x00", " ").splitlines()).strip()


def build(to: str, subject: str, text: str, html: str | None = None,
          headers: dict | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = _clean_header(current_app.config["MAIL_DEFAULT_SENDER"])
    message["To"] = _clean_header(to)
    message["Subject"] = _clean_header(subject)
    message["Date"] = format_datetime(utcnow().replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain="kring.local")
    for name, value in (headers or {}).items():
        message[name] = _clean_header(value)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    """Deliver now; raises OSError/smtplib.SMTPException when the server is unreachable."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(exist_ok=True)
        name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(bytes(message))
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
