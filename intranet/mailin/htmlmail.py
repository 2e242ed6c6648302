"""HTML mail as Markdown: what the writer wrote, without what their mail program added
(style blocks, Office markup, conditional comments, tracking pixels, signature logos).
Pure: a string in, Markdown out."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction, Tag
from markdownify import MarkdownConverter

MAX_HTML = 300_000  # characters of HTML converted; more is cut (a post holds 10,000)
# Elements whose content is never something a person wrote.
_DROPPED = ("head", "style", "script", "title", "meta", "link", "xml", "noscript", "template")
# Where mail programs put the signature and the message being answered (Gmail, Outlook on
# the web, Apple Mail, Thunderbird); the text trimmer finds the rest by their words.
_SIGNATURE = re.compile(r"gmail_signature|^signature$|moz-signature|Signature", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)


class _Converter(MarkdownConverter):
    """markdownify, with images dropped (posts keep no images) and tables as Markdown."""

    def convert_img(self, el, text, parent_tags):
        return ""


def html_to_markdown(html: str) -> str:
    """HTML mail as Markdown; hostile nesting falls back to the bare text."""
    html = html[:MAX_HTML]
    try:
        soup = BeautifulSoup(html, "html.parser")
        clean(soup)
        text = _Converter(heading_style="ATX", table_infer_header=True).convert_soup(soup)
    except RecursionError:
        text = bare_text(html)
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean(soup: BeautifulSoup) -> None:
    """Take out what the mail program added: head and style, comments (Outlook's
    conditional ones too), Office's <o:p> and other namespaced tags, hidden elements,
    tracking pixels, signatures and their logos."""
    for node in soup.find_all(
        string=lambda s: isinstance(s, Comment | Declaration | Doctype | ProcessingInstruction)
    ):
        node.extract()
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or not isinstance(tag, Tag):
            continue
        if ":" in (tag.name or ""):  # o:p, v:shape, w:worddocument: Office's own markup
            tag.unwrap()
        elif _HIDDEN.search(tag.get("style") or "") or _is_signature(tag):
            tag.decompose()
    for layout in soup.find_all("table"):
        if not layout.decomposed and not is_data_table(layout):
            _unwrap_layout(layout)


def _is_signature(tag: Tag) -> bool:
    ident = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(ident.strip()) and bool(_SIGNATURE.search(ident))


def is_data_table(table: Tag) -> bool:
    """A table of facts someone made (rows and columns of text), not a layout: no table
    inside it, no image in it, at least two rows of at least two cells, all alike."""
    if table.find("table") or table.find("img"):
        return False
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    widths = {len(row.find_all(["td", "th"], recursive=False)) for row in rows}
    return len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 2


def _unwrap_layout(table: Tag) -> None:
    """A table that only lays out the mail: its cells become paragraphs."""
    for cell in table.find_all(["td", "th"]):
        cell.name = "div"
    for tag in table.find_all(["tr", "tbody", "thead", "tfoot"]):
        tag.unwrap()
    table.name = "div"


def has_data_table(html: str) -> bool:
    """Whether the HTML holds a table worth keeping as a Markdown table."""
    if "<table" not in html[:MAX_HTML].lower():
        return False
    soup = BeautifulSoup(html[:MAX_HTML], "html.parser")
    clean(soup)
    return any(is_data_table(t) for t in soup.find_all("table"))


def bare_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("style", "script", "head")

        def handle_endtag(self, tag):
            self.skip -= tag in ("style", "script", "head") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())
