"""A first draft of a vacancy's public text from its internal post: what colleagues say to
each other (@mentions, #tags, internal remarks) left out, what a candidate may read kept.

Pure: works on the Markdown source, line by line. What counts as an internal remark is
written down in PRODUCT.md ("Vacancies in public"); the recruiter reads the draft and
approves it or writes their own, so a miss here is caught by a person, never published.
"""

from __future__ import annotations

import re

from .markdown import HANDLE, TAG_CHARS

# A paragraph (from this line on) meant for colleagues only.
INTERNAL = re.compile(
    r"^\W*(?:nb\W*)?(?:alleen\s+)?(?:intern|internal|internal\s+only|niet\s+delen|"
    r"not\s+for\s+sharing|do\s+not\s+share|niet\s+extern)\b\s*[:!.\-–—]",
    re.IGNORECASE,
)
# A lead-in that speaks to colleagues; what follows it stays.
LEAD_IN = re.compile(
    r"^(?P<mark>\s*(?:[-*+]|\d+[.)])\s+)?\s*"
    r"(?:(?:nog\s+)?even\s+|quick\s+note\s+|just\s+)?"
    r"(?:voor\s+de\s+groep|voor\s+het\s+team|voor\s+collega'?s|collega'?s|team|"
    r"hoi\s+allemaal|hallo\s+allemaal|hi\s+all|hi\s+team|fyi|ter\s+info|"
    r"for\s+the\s+team|to\s+the\s+team|note\s+to\s+(?:the\s+)?team)"
    r"\s*[:,!\-–—]\s*",
    re.IGNORECASE,
)
# A sentence that asks colleagues for people or speaks of referring (the bonus included).
ASKING = re.compile(
    r"\b(?:ken|weet)\s+(?:jij|je|u|jullie)\s+iemand|\bdo\s+you\s+know\s+(?:someone|anyone)"
    r"|\bknow\s+(?:someone|anyone)\b|\breferral|\baandragen\b|\bdraag\w*\b.*\baan\b"
    r"|\bbonus\b|\btips?\s+(?:zijn\s+)?welkom\b|\bdeel\s+(?:hem|haar|deze|het)?\s*gerust"
    r"|\bplease\s+share\b|\bin\s+(?:je|jouw|your)\s+netwerk|\bin\s+your\s+network",
    re.IGNORECASE,
)
MENTION = r"(?<![\w/@.])@" + HANDLE + r"(?![\w@])"
# "samen met @noor" is about a colleague, not the job: the words that lead to them go too.
WITH_MENTION = re.compile(
    r"(?:\b(?:samen\s+met|met|with|via|bij|aan|naar|van|from|and|en)\s+)?" + MENTION,
    re.IGNORECASE,
)
TAG = re.compile(r"(?<![\w/&#@])#" + TAG_CHARS, re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
STARTS_WITH_MENTION = re.compile(r"^\W*" + MENTION, re.IGNORECASE)


def _sentence(sentence: str) -> str:
    """The sentence, or what of it may go out: one that starts with a colleague speaks
    about them (what follows a colon stays), one that asks for people goes."""
    if ASKING.search(sentence):
        return ""
    if STARTS_WITH_MENTION.match(sentence):
        _said, colon, rest = sentence.partition(": ")
        return rest.strip() if colon else ""
    return sentence


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(line: str) -> str:
    line = re.sub(r"[ \t]{2,}", " ", line)
    line = re.sub(r"\s+([.,;:!?)])(?=\s|$)", r"\1", line)
    line = re.sub(r"\(\s*\)", "", line)
    return line.rstrip(" ,;:-–—")


def _line(line: str) -> str:
    marker = LEAD_IN.match(line)
    mark = ""
    if marker:
        mark, line = marker.group("mark") or "", line[marker.end() :]
    sentences = (_sentence(s) for s in SENTENCE_END.split(line))
    sentences = (_tidy(TAG.sub("", WITH_MENTION.sub("", s))).strip() for s in sentences)
    tidy = mark + " ".join(_capital(s) for s in sentences if s)
    return "" if not re.search(r"\w", tidy) else tidy


def draft(source: str) -> str:
    """The internal body as a first public text: Markdown in, Markdown out."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", (source or "").replace("\r\n", "\n")):
        lines = []
        for line in paragraph.split("\n"):
            if INTERNAL.match(line):
                break  # the rest of the paragraph is for colleagues
            kept = _line(line)
            if kept:
                lines.append(kept)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def names_insiders(text: str) -> bool:
    """Whether a public text still names colleagues or tags (outsiders can open neither)."""
    return bool(re.search(MENTION, text, re.IGNORECASE) or TAG.search(text))
