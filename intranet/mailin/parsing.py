"""Reading real-world mail: any charset, broken MIME, HTML-only bodies, quoted replies and
signatures, forwards, calendar invitations, inline images and attachments, bounces and
auto-replies. Pure: bytes in, a ParsedMail out (htmlmail, trimming and events do the
parts' work)."""

from __future__ import annotations

import email
import email.header
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import getaddresses, parseaddr

from .events import Event, read_event
from .htmlmail import has_data_table, html_to_markdown
from .trimming import Forward, rewrap, trim, unflow

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 10
MAX_PARTS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_ADDRESS = re.compile(r"^[^@\s<>\",;()\[\]]+@[^@\s<>\",;()\[\]]+$")
DECORATION_BYTES = 40_000  # an inline image smaller than this is a logo or an icon
_ICS_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar")


class MailError(ValueError):
    """The message can't become a post; `code` says why (receiving words it for the
    sender, in their language)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the From address, lower case
    sender_name: str
    recipients: list[str]  # To and Cc addresses, lower case
    subject: str
    body: str  # plain text or Markdown: the sender's own words
    attachments: list[str] = field(default_factory=list)  # files and photos, not logos
    forwards: list[Forward] = field(default_factory=list)
    event: Event | None = None  # a calendar invitation's event
    sender_problem: str | None = None  # "missing" or "malformed" From header
    automatic: str | None = None  # why it is a bounce or auto-reply, if it is one
    in_reply_to: str | None = None
    authentication: list[str] = field(default_factory=list)  # Authentication-Results


def header(message: Message, name: str) -> str:
    """A header as text: decoded, without CR, LF or NUL (it may end up in mail we send)."""
    try:
        value = message.get(name)
    except Exception:  # a header the parser chokes on counts as missing
        return ""
    if value is None:
        return ""
    text = str(value)
    return " ".join(_CONTROL.sub(" ", text.replace("\x00", " ")).split())


def _addresses(message: Message, *names: str) -> list[str]:
    values = []
    for name in names:
        try:
            values += [str(v) for v in message.get_all(name, [])]
        except Exception:
            continue
    return [a.lower() for _n, a in getaddresses(values) if "@" in a]


_AUTO_SUBJECT = re.compile(
    r"^(automatic reply|automatisch antwoord|out of office|afwezig|autoreply)\s*:", re.I
)


def automatic_reason(message: Message, event: Event | None = None) -> str | None:
    """Bounces, delivery reports, out-of-office replies and answers to a calendar
    invitation (accepted, declined) are not posts."""
    auto = header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return "auto-submitted"
    if header(message, "Precedence").lower() in ("bulk", "junk", "auto_reply", "list"):
        return "bulk or auto-reply"
    if header(message, "X-Autoreply") or header(message, "X-Autorespond"):
        return "auto-reply"
    if _AUTO_SUBJECT.match(_subject(message)):
        return "auto-reply"
    if event is not None and event.method in ("REPLY", "COUNTER", "DECLINECOUNTER"):
        return "calendar reply"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    sender = parseaddr(header(message, "From"))[1].lower()
    if (
        sender.split("@")[0] in ("mailer-daemon", "postmaster")
        or header(message, "Return-Path") == "<>"
    ):
        return "bounce"
    return None


def _decode(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, UnicodeError):  # an unknown or odd charset: keep what can be read
        return payload.decode("utf-8", errors="replace")


def _walk(message: Message, depth: int = 0, budget: list[int] | None = None, parent: str = ""):
    """(leaf part, its multipart's type), depth- and count-limited (a message may nest
    multiparts endlessly). A forwarded message (message/rfc822) is a leaf of its own."""
    budget = budget if budget is not None else [MAX_PARTS]
    if depth > MAX_DEPTH or budget[0] <= 0:
        return
    budget[0] -= 1
    if message.is_multipart() and message.get_content_type() != "message/rfc822":
        payload = message.get_payload()
        if isinstance(payload, list):
            for part in payload:
                yield from _walk(part, depth + 1, budget, message.get_content_type())
        return
    yield message, parent


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return _CONTROL.sub("", str(name))[:200]
    disposition = header(part, "Content-Disposition").lower()
    if disposition.startswith("attachment"):
        return part.get_content_type()
    return None


@dataclass
class _Parts:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    forwards: list[Forward] = field(default_factory=list)
    event: Event | None = None


def _plain(part: Message) -> str:
    """A text/plain part as written: format=flowed soft line breaks joined."""
    text = _decode(part).replace("\r\n", "\n")
    params = {k.lower(): v.lower() for k, v in part.get_params(header="content-type") or []}
    if params.get("format") == "flowed":
        return unflow(text, delsp=params.get("delsp") == "yes")
    return rewrap(text)


def _is_decoration(part: Message, parent: str, html: str) -> bool:
    """A logo, an icon or a spacer the mail program placed (in a signature): inline,
    referenced from the HTML or in a related part, and small."""
    if not part.get_content_type().startswith("image/"):
        return False
    cid = header(part, "Content-ID").strip("<>")
    inline = parent == "multipart/related" or (cid and f"cid:{cid}" in html)
    size = len(part.get_payload(decode=True) or b"")
    return bool(inline and size < DECORATION_BYTES) or size < 2_000


def _collect(message: Message) -> _Parts:
    found, leaves = _Parts(), list(_walk(message))
    html_all = "".join(_decode(p) for p, _parent in leaves if p.get_content_type() == "text/html")[
        :MAX_BYTES
    ]
    for part, parent in leaves:
        kind = part.get_content_type()
        name = _filename(part)
        if kind in _ICS_TYPES or (name or "").lower().endswith(".ics"):
            found.event = found.event or read_event(part.get_payload(decode=True) or b"")
            if found.event is None and name:
                found.attachments.append(name)
        elif kind == "message/rfc822":
            found.forwards.append(_attached_forward(part))
        elif _is_decoration(part, parent, html_all):
            continue
        elif name or not kind.startswith("text/"):
            found.attachments.append(name or kind)
        elif kind == "text/plain":
            found.plain.append(_plain(part))
        elif kind == "text/html":
            found.html.append(_decode(part))
        else:
            found.plain.append(_decode(part))
    return found


def _attached_forward(part: Message) -> Forward:
    """A message forwarded as an attachment (Outlook's 'Forward as attachment')."""
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        return Forward("", "", "", "")
    parts = _collect(inner)
    text = _text(parts)
    sender = header(inner, "From")
    return Forward(sender, header(inner, "Date"), _subject(inner), trim(text).text)


def _text(parts: _Parts) -> str:
    """The plain part as written, unless only the HTML holds it well (no plain part, or
    a table of facts, which becomes a Markdown table)."""
    html = "\n\n".join(parts.html)
    if parts.plain and not (html and has_data_table(html)):
        return "\n\n".join(parts.plain)
    if parts.html:
        return "\n\n".join(html_to_markdown(h) for h in parts.html)
    return ""


def _sender(message: Message) -> tuple[str, str, str | None]:
    """(name, address, problem): a From that can't be read is a problem of its own."""
    raw = header(message, "From")
    if not raw:
        return "", "", "missing"
    found = [(n, a) for n, a in getaddresses([raw]) if n or a]
    if len(found) != 1 or not _ADDRESS.match(found[0][1]):
        return "", (found[0][1] if found else "")[:254], "malformed"
    return found[0][0], found[0][1], None


def parse(raw: bytes) -> ParsedMail:
    if len(raw) > MAX_BYTES:
        raise MailError("too_large")
    try:
        message = email.message_from_bytes(raw, policy=policy.compat32)
        name, sender, problem = _sender(message)
        subject = _subject(message)
        parts = _collect(message)
        # An invitation is its event: the text beside it repeats it or is boilerplate.
        text = "" if parts.event and parts.event.method != "REPLY" else _text(parts)
        trimmed = trim(text, subject, name)
    except Exception as error:  # the parser is lenient; this is truly unreadable
        raise MailError("unreadable", type(error).__name__) from None
    return ParsedMail(
        message_id=header(message, "Message-ID")[:300],
        sender=sender.lower(),
        sender_name=name,
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To"),
        subject=subject,
        body=trimmed.text,
        attachments=parts.attachments,
        forwards=[f for f in trimmed.forwards + parts.forwards if f.body or f.sender],
        event=parts.event,
        sender_problem=problem,
        automatic=automatic_reason(message, parts.event),
        in_reply_to=header(message, "In-Reply-To")[:300] or None,
        authentication=[
            " ".join(str(v).split()) for v in (message.get_all("Authentication-Results") or [])
        ],
    )


def _subject(message: Message) -> str:
    raw = message.get("Subject")
    if raw is None:
        return ""
    try:
        text = str(email.header.make_header(email.header.decode_header(str(raw))))
    except Exception:  # broken encoded-words: keep the readable part
        text = str(raw)
    return " ".join(_CONTROL.sub(" ", text).split())[:300]
