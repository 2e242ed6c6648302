"""Reading real-world mail: any charset, broken MIME, HTML-only bodies, quoted replies and
signatures, attachments, bounces and auto-replies. Pure: bytes in, a ParsedMail out."""

from __future__ import annotations

import email
import email.header
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import getaddresses, parseaddr

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 10
MAX_PARTS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTE_HEADERS = re.compile(
    r"^(On .{3,200} wrote:|Op .{3,200} (schreef|heeft .{0,40} geschreven):|"
    r"-{2,} ?(Original Message|Oorspronkelijk bericht|Forwarded message|Doorgestuurd bericht)"
    r" ?-{2,}|(From|Van): .+)$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(-- ?|—|Met vriendelijke groet(en)?,?|Kind regards,?|Groet(en)?,?|"
    r"Sent from my .+|Verzonden vanaf mijn .+)$",
    re.IGNORECASE,
)


class MailError(ValueError):
    """The message can't become a post; the text says why (shown to the sender)."""


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the From address, lower case
    sender_name: str
    recipients: list[str]  # To and Cc addresses, lower case
    subject: str
    body: str  # plain text or Markdown, quotes and signature trimmed
    attachments: list[str] = field(default_factory=list)
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


def automatic_reason(message: Message) -> str | None:
    """Bounces, delivery reports and out-of-office replies are not posts."""
    auto = header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return "auto-submitted"
    if header(message, "Precedence").lower() in ("bulk", "junk", "auto_reply", "list"):
        return "bulk or auto-reply"
    if header(message, "X-Autoreply") or header(message, "X-Autorespond"):
        return "auto-reply"
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


def _walk(message: Message, depth: int = 0, budget: list[int] | None = None):
    """Leaf parts, depth- and count-limited (a message may nest multiparts endlessly)."""
    budget = budget if budget is not None else [MAX_PARTS]
    if depth > MAX_DEPTH or budget[0] <= 0:
        return
    budget[0] -= 1
    if message.is_multipart():
        payload = message.get_payload()
        if isinstance(payload, list):
            for part in payload:
                yield from _walk(part, depth + 1, budget)
        return
    yield message


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


MAX_HTML = 300_000  # characters of HTML converted; more is cut (a post holds 10,000)


def html_to_markdown(html: str) -> str:
    """HTML mail as Markdown; hostile nesting falls back to the bare text."""
    from markdownify import markdownify

    html = html[:MAX_HTML]
    try:
        text = markdownify(html, heading_style="ATX", strip=["img", "script", "style"])
    except RecursionError:
        text = _bare_text(html)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _bare_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def trim_reply(text: str) -> str:
    """Cut the quoted message and the signature off a reply."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if _QUOTE_HEADERS.match(stripped) or _SIGNATURE.match(stripped) or line == "-- ":
            break
        kept.append(line)
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    return "\n".join(kept).strip()


def _body(message: Message) -> tuple[str, list[str]]:
    plain, html, attachments = [], [], []
    for part in _walk(message):
        name = _filename(part)
        kind = part.get_content_type()
        if name:
            attachments.append(name)
        elif kind == "text/plain":
            plain.append(_decode(part))
        elif kind == "text/html":
            html.append(_decode(part))
        elif kind.startswith("text/"):
            plain.append(_decode(part))
    if plain:
        return "\n\n".join(plain), attachments
    if html:
        return "\n\n".join(html_to_markdown(h) for h in html), attachments
    return "", attachments


def parse(raw: bytes) -> ParsedMail:
    if len(raw) > MAX_BYTES:
        raise MailError("The message is larger than 10 MB.")
    try:
        message = email.message_from_bytes(raw, policy=policy.compat32)
        name, sender = parseaddr(header(message, "From"))
        body, attachments = _body(message)
    except Exception as error:  # the parser is lenient; this is truly unreadable
        raise MailError(f"The message can't be read ({type(error).__name__}).") from None
    return ParsedMail(
        message_id=header(message, "Message-ID")[:300],
        sender=sender.lower(),
        sender_name=name,
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To"),
        subject=_subject(message),
        body=trim_reply(body),
        attachments=attachments,
        automatic=automatic_reason(message),
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
