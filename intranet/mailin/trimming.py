"""What a colleague wrote, without what their mail program added: the quoted history and
its attribution line (Dutch and English, also wrapped over two lines, and Outlook's
Van:/Verzonden: block), signatures, "Sent from my iPhone", company disclaimers, image
placeholders and format=flowed soft line breaks. What they forwarded is kept apart, with
its original sender and date. Pure: text in, text out."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FORWARD = 6000  # characters of forwarded text kept (a post holds 10,000)

_HEADER_NAMES = {
    "from": "sender",
    "van": "sender",
    "date": "date",
    "datum": "date",
    "sent": "date",
    "verzonden": "date",
    "verstuurd": "date",
    "to": "to",
    "aan": "to",
    "cc": "to",
    "subject": "subject",
    "onderwerp": "subject",
    "reply-to": "to",
    "beantwoorden": "to",
}
_HEADER = re.compile(r"^(?P<name>[A-Za-z-]{2,12})\s*:\s*(?P<value>.*)$")
_FORWARD_MARK = re.compile(
    r"^-{2,}\s*(forwarded message|doorgestuurd bericht)\s*-{2,}$"
    r"|^(begin forwarded message|begin doorgestuurd bericht|doorgestuurd bericht)\s*:?$",
    re.IGNORECASE,
)
_ORIGINAL_MARK = re.compile(
    r"^-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht)\s*-{2,}$|^_{10,}$",
    re.IGNORECASE,
)
_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw|doorst|tr|wg|wtr)\s*:", re.IGNORECASE)
# "On Wed, Dec 2, 2026 at 9:14 AM Emma <…> wrote:", "Op wo 2 dec 2026 om 09:14 schreef
# Emma <…>:", "Op 2 dec. 2026 om 09:14 heeft Emma het volgende geschreven:"
_ATTRIBUTION = re.compile(
    r"^(on|op|am|le)\s.{3,300}\b(wrote|schreef|geschreven|schrieb|a écrit)\b.{0,250}:$",
    re.IGNORECASE,
)
_LOOSE_ATTRIBUTION = re.compile(r"^.{3,300}\b(wrote|schreef)\s*:$", re.IGNORECASE)
_DELIMITER = re.compile(r"^(--|—|__)\s*$")
_GREETING = re.compile(
    r"^((met )?(vriendelijke|hartelijke|warme|beste|fijne)?\s?groet(en|jes)?|mvg|m\.?v\.?g\.?|"
    r"gr\.?|(kind|best|warm|many)?\s?regards|cheers)[\s,.!]*"
    r"(\s[\w .'-]{1,40})?$",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"^((verstuurd|verzonden|gestuurd|sent|send|gesendet|envoyé)\s+"
    r"(vanaf|vanuit|van|met|via|from|with|using|on)\s.{1,80}|"
    r"(get|download|haal)\s+outlook\s+(for|voor)\s.{1,80})$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^(disclaimer\b|"
    r"(dit|deze) (e-?mail|bericht|e-?mailbericht)\b.{0,60}\b(is |zijn )?"
    r"(uitsluitend|alleen|vertrouwelijk|bestemd)|"
    r"de informatie (verzonden )?(in|met) (dit|deze) (e-?mail|bericht|e-?mailbericht)|"
    r"aan (dit|deze) (e-?mail|bericht|e-?mailbericht) kunnen geen rechten|"
    r"this (e-?mail|message|communication)\b.{0,60}\b(is|are|may|contains?)\b.{0,40}"
    r"(confidential|intended|privileged)|"
    r"the information (contained )?in this (e-?mail|message|communication)|"
    r"confidentiality notice|denk aan het milieu|please consider the environment)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"\[(cid:[^\]\s]{1,300}|(inline[ -])?(image|afbeelding)\s*\d*:[^\]\n]{0,200})\]"
    r"|<(image\d{3}\.(png|jpe?g|gif))>",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|__|\\(?=[\W_])")
_MAILTO = re.compile(r"\[([^\]\n]{0,200})\]\(mailto:[^)\s]{0,300}\)")


@dataclass
class Forward:
    """A message someone forwarded: kept below their own words, as a quote."""

    sender: str
    date: str
    subject: str
    body: str


@dataclass
class Trimmed:
    text: str  # the sender's own words
    forwards: list[Forward]


def unflow(text: str, delsp: bool = False) -> str:
    """format=flowed (RFC 3676): a line ending in a space goes on in the next one."""
    out: list[str] = []
    current: str | None = None
    depth, soft = 0, False
    for line in text.split("\n"):
        level = len(line) - len(line.lstrip(">"))
        content = line[level:]
        if content.startswith(" "):  # space-stuffing
            content = content[1:]
        if current is not None and soft and level == depth:
            current += content
        else:
            if current is not None:
                out.append(_quoted(current, depth))
            current, depth = content, level
        soft = content.endswith(" ") and content != "-- "
        if soft and delsp:
            current = current[:-1]
    if current is not None:
        out.append(_quoted(current, depth))
    return "\n".join(out)


_NOT_PROSE = re.compile(r"^\s*([>|*#•-]|\d{1,2}[.)]\s|\S{1,20}:(\s|$))")


def rewrap(text: str, width: int = 72) -> str:
    """Plain text that a mail program broke at ~76 characters (Gmail does, without
    format=flowed) as the paragraphs it was written as: a long line joins the next one
    when that one's first word would not have fitted behind it."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        first = line.split(" ", 1)[0]
        if (
            len(previous) >= 50
            and line.strip()
            and len(previous) + 1 + len(first) > width
            and not _NOT_PROSE.match(previous)
            and not _NOT_PROSE.match(line)
        ):
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _quoted(content: str, depth: int) -> str:
    return (">" * depth + " " + content) if depth else content


def plain(line: str) -> str:
    """A line as its words, for recognising it: no Markdown emphasis, escapes or mailto
    links (HTML mail arrives here as Markdown)."""
    line = _MAILTO.sub(r"\1", line)
    return " ".join(_MARKUP.sub("", line).split())


def trim(text: str, subject: str = "", sender_name: str = "") -> Trimmed:
    """The sender's own words, and what they forwarded."""
    lines = _PLACEHOLDER.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    cut, forward = _history(lines, bool(_FORWARD_SUBJECT.match(subject)))
    own = _unsigned(_own(lines[:cut]), sender_name)
    return Trimmed(own, [forward] if forward else [])


def _history(lines: list[str], forwarding: bool) -> tuple[int, Forward | None]:
    """Where the history starts, and the forwarded message if that is what it is."""
    for index, line in enumerate(lines):
        words = plain(line)
        if _FORWARD_MARK.match(words):
            return index, _forward(lines, index + 1)
        original = _ORIGINAL_MARK.match(words) or _ORIGINAL_MARK.match(line.strip())
        if original or _header_block(lines, index):
            start = index + 1 if original else index
            return index, (_forward(lines, start) if forwarding else None)
        if _attribution(lines, index):
            return index, None
    return len(lines), None


def _attribution(lines: list[str], index: int) -> bool:
    """'Op wo 2 dec 2026 om 09:14 schreef Emma Visser <emma@…>:', maybe wrapped."""
    words = plain(lines[index])
    if not words or len(words) > 300:
        return False
    joined = words
    for extra in (1, 2):
        if _ATTRIBUTION.match(joined):
            return True
        if _LOOSE_ATTRIBUTION.match(joined) and re.search(r"@|\d", joined):
            return True
        if index + extra >= len(lines) or not plain(lines[index + extra]):
            break
        joined += " " + plain(lines[index + extra])
    return bool(_ATTRIBUTION.match(joined))


def _header_block(lines: list[str], index: int) -> bool:
    """Outlook's Van:/Verzonden:/Aan:/Onderwerp: (From:/Sent:/To:/Subject:) block."""
    header = _HEADER.match(plain(lines[index]))
    if not header or _HEADER_NAMES.get(header.group("name").lower()) != "sender":
        return False
    names = set()
    for line in lines[index + 1 : index + 8]:
        found = _HEADER.match(plain(line))
        if found and found.group("name").lower() in _HEADER_NAMES:
            names.add(_HEADER_NAMES[found.group("name").lower()])
    return bool(names & {"date", "subject"}) and bool(names & {"to", "subject"})


def _forward(lines: list[str], start: int) -> Forward:
    """The header lines of a forwarded message (From, Date, Subject…), then its text."""
    values: dict[str, str] = {}
    index = start
    while index < len(lines) and not plain(lines[index]):
        index += 1
    while index < len(lines):
        found = _HEADER.match(plain(lines[index]))
        if not found or found.group("name").lower() not in _HEADER_NAMES:
            break
        values.setdefault(_HEADER_NAMES[found.group("name").lower()], found.group("value"))
        index += 1
    body = "\n".join(lines[index:]).strip()
    return Forward(
        sender=values.get("sender", "").strip(),
        date=values.get("date", "").strip(),
        subject=values.get("subject", "").strip(),
        body=body[:MAX_FORWARD],
    )


def _unsigned(text: str, sender_name: str) -> str:
    """A signature with no greeting or delimiter above it: the sender's own name on a
    line of its own among the last few, and what follows it."""
    names = {plain(sender_name).casefold(), plain(sender_name).split(" ")[0].casefold()}
    names.discard("")
    lines = text.split("\n")
    for index in range(len(lines) - 1, max(0, len(lines) - 6), -1):
        if plain(lines[index]).strip(" ,.").casefold() in names:
            return "\n".join(lines[:index]).strip()
    return text


def _own(lines: list[str]) -> str:
    """The sender's words: up to the signature, the device line or the disclaimer."""
    kept: list[str] = []
    for line in lines:
        words = plain(line)
        if (
            line.rstrip("\n") == "-- "
            or _DELIMITER.match(words)
            or _GREETING.match(words)
            or _DEVICE.match(words)
            or _DISCLAIMER.match(words)
        ):
            break
        kept.append(line)
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    return "\n".join(kept).strip()
