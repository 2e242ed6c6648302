"""Why mail-in refuses a message, said to the sender in their own language (their Kring
language, else Kring's default) with what to do about it."""

from __future__ import annotations

import unicodedata

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import TYPES, User
from ..models.kinds import Choice

WHERE_ADDRESS = _l("Your own posting address is in Kring under Settings → E-mail.")

# What parsing.MailError's codes mean to the sender.
UNREADABLE = {
    "too_large": _l("The message is larger than 10 MB. Send the text without large attachments."),
    "unreadable": _l("The message can't be read. Send it again as ordinary text or HTML mail."),
}
# The From header: present and one readable address, or the sender can't be known.
SENDER = {
    "missing": _l("The message has no sender (From header). Send it from your own mailbox."),
    "malformed": _l(
        "The sender's address (From header) can't be read. Send it from your own mailbox, "
        "or correct the address in your mail program's account settings."
    ),
}


class Rejected(Exception):
    """The message was refused; `reason` is for the sender (SMTP 550, CLI exit 1). It may
    be lazy: receiving words it in the sender's language before anyone sees it."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def language_of(sender: str) -> str:
    """The sender's Kring language, or Kring's default for anyone else."""
    config = current_app.config
    language = None
    if sender:
        language = db.session.scalar(select(User.language).where(User.email == sender))
    return language if language in config["KRING_LANGUAGES"] else config["KRING_DEFAULT_LANGUAGE"]


def worded(reason, language: str) -> str:
    """A (lazy) reason as text in `language`."""
    with force_locale(language):
        return " ".join(str(reason).split())


def field_problems(post_type: str, problems: dict) -> str:
    """'Sluitingsdatum: Deze datum ligt in het verleden.': each field named as the form
    names it (in the language being spoken), never by its internal name."""
    spec = TYPES.get(post_type)
    declared = {f.name: f for f in spec.fields} if spec else {}
    said = []
    for name, message in problems.items():
        field = declared.get(name)
        if field is not None and isinstance(field.kind, Choice):  # its words, not its codes
            words = ", ".join(str(label) for label in field.kind.labels.values())
            message = _l("Choose one of: %(choices)s.", choices=words)
        said.append(f"{field.label if field else name}: {str(message).rstrip('.')}")
    return "; ".join(said)


def smtp_text(reason: str) -> str:
    """A reason on one SMTP reply line: plain ASCII (a 550 is no place for UTF-8)."""
    text = " ".join(str(reason).replace("→", "->").split())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text[:400]
