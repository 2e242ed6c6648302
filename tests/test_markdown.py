"""Markdown rendering: #tags and @mentions, sanitising against hostile corpora, plain text,
and the bounded renderer that gives up on pathological bodies without hanging a request."""

from __future__ import annotations

import glob
import json
import re
import time
from html.parser import HTMLParser

import pytest
from support import CORPORA

from intranet.text.bounded import RenderError, renderer
from intranet.text.markdown import TAG_MAX, render

BODY_MAX = 10_000
RENDER_TIMEOUT = 0.75  # the app's KRING_RENDER_TIMEOUT
WALL_LIMIT = 1.5  # a hostile body must be answered (rendered or refused) within this


# --- tags and mentions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, tags, mentions",
    [
        ("Vraag over #Java en #java en #JAVA", ["java"], []),
        ("#b #a #b", ["b", "a"], []),
        ("#één #Café #ÉÉN", ["één", "café"], []),
        ("@Jan.Jansen en @jan.jansen", [], ["jan.jansen"]),
        ("Mail @piet, of @kees.", [], ["piet", "kees"]),
        ("**#vet** en _@jan_", ["vet"], ["jan"]),
        ("1. #een\n2. @twee", ["een"], ["twee"]),
        ("(#java) staat tussen haakjes", ["java"], []),
        # a line that starts with #word is a tag; a heading needs "# "
        ("#tag aan het begin", ["tag"], []),
        ("eerste regel\n#tweede regel", ["tweede"], []),
        ("# Kop", [], []),
        ("## Kop over #java", ["java"], []),
        # not in code
        ("`#code @jan`", [], []),
        ("```\n#fenced @jan\n```", [], []),
        ("~~~\n#fenced @jan\n~~~", [], []),
        ("    #ingesprongen @jan", [], []),
        # not in links, URLs or e-mail addresses
        ("[#label @jan](https://x.nl/)", [], []),
        ('[x](https://x.nl "#titel @jan")', [], []),
        ("https://x.nl/#anker", [], []),
        ("<https://x.nl/#anker>", [], []),
        ("x.nl/#anker en www.x.nl/pad#deel", [], []),
        ("https://x.nl/@jan", [], []),
        ("mailto:jan@x.nl", [], []),
        ("<mailto:jan@x.nl>", [], []),
        ("Mail jan@x.nl of piet.p@brugwerk.example", [], []),
        # not in the middle of a word
        ("C# en F# zijn talen, net als 100#", [], []),
    ],
)
def test_tags_and_mentions(body, tags, mentions):
    rendered = render(body)
    assert rendered.tags == tags, rendered.html
    assert rendered.mentions == mentions, rendered.html


def test_tags_and_mentions_are_linked():
    html = render("Vraag voor @Jan.Jansen over #Java").html
    assert '<a class="mention" href="/@jan.jansen" rel="nofollow noopener">@Jan.Jansen</a>' in html
    assert '<a class="tag" href="/tags/java" rel="nofollow noopener">#Java</a>' in html


def test_nothing_is_linked_in_code():
    assert render("`#code @jan`").html == "<p><code>#code @jan</code></p>"
    html = render("```\n#fenced @jan https://x.nl\n```").html
    assert "<a" not in html and "#fenced @jan https://x.nl" in html


def test_heading_needs_a_space():
    assert render("# Kop").html == "<h1>Kop</h1>"
    html = render("#kop").html
    assert "<h1>" not in html and 'href="/tags/kop"' in html


def test_link_label_keeps_its_link():
    html = render("[#label @jan](https://x.nl/#anker)").html
    assert html == ('<p><a href="https://x.nl/#anker" rel="nofollow noopener">#label @jan</a></p>')


def test_long_tags_are_kept_apart():
    longest = "a" * TAG_MAX
    too_long = "b" * (TAG_MAX + 1)
    rendered = render(f"#{longest} en #{too_long}")
    assert rendered.tags == [longest]
    assert rendered.long_tags == [too_long]


# --- sanitising ------------------------------------------------------------------------------

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "img",
    "style",
    "svg",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "link",
    "meta",
    "form",
    "input",
    "button",
    "textarea",
    "math",
    "video",
    "audio",
    "source",
    "template",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "srcset",
    "data",
    "codebase",
    "dynsrc",
    "lowsrc",
}
EVENT_HANDLER = re.compile(r"<[^>]+\son\w+\s*=", re.IGNORECASE)
RAW_FORBIDDEN = re.compile(r"<\s*/?\s*(script|iframe|img|style|svg|object)\b", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def _start_tags(html: str):
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.found


def _browser_url(value: str | None) -> str:
    """A URL as a browser reads it: tabs and newlines vanish, the ends are trimmed."""
    return re.sub(r"[\t\n\r]", "", value or "").strip("\x00 \x0c").lower()


def problems(html: str) -> list[str]:
    """What is unsafe in rendered html; the escaped text of a payload is fine."""
    found = []
    if RAW_FORBIDDEN.search(html):
        found.append("forbidden element in the markup")
    for tag, attrs, raw in _start_tags(html):
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        # the quoted values are the attacker's text, harmless once quoted
        if EVENT_HANDLER.search(QUOTED.sub('""', raw)):
            found.append(f"event handler in {raw!r}")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                found.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and name != "href":
                found.append(f"{name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and _browser_url(value).startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                found.append(f"{name}={value!r} on <{tag}>")
        if tag == "a" and dict(attrs).get("rel") != "nofollow noopener":
            found.append(f"<a> without rel=nofollow noopener: {raw!r}")
    return found


def foreign_hrefs(html: str) -> list[str]:
    """Links that are not http(s), mailto or a local path starting with "/"."""
    return [
        value
        for tag, attrs, _raw in _start_tags(html)
        for name, value in attrs
        if name == "href"
        and not _browser_url(value).startswith(("http://", "https://", "mailto:", "/"))
    ]


def test_the_checker_can_fail():
    """The checks below only mean something if they catch unsafe html."""
    assert problems("<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img onerror=x&gt;</p>") == []
    assert (
        problems('<p><a href="https://x.nl" title="a onclick=x" rel="nofollow noopener">x</a></p>')
        == []
    )
    for bad in (
        "<script>alert(1)</script>",
        '<p onclick="x">x</p>',
        "<img src=x>",
        '<a href="javascript:alert(1)" rel="nofollow noopener">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)" rel="nofollow noopener">x</a>',
        '<a href="data:text/html,x" rel="nofollow noopener">x</a>',
        '<a href="https://x.nl">x</a>',
        "<svg/onload=alert(1)>",
        "<iframe src=//x.nl></iframe>",
        "<style>*{}</style>",
        "<object data=x>",
    ):
        assert problems(bad), bad
    assert foreign_hrefs('<a href="ftp://x.nl">x</a><a href="1">y</a><a href="">z</a>') == [
        "ftp://x.nl",
        "1",
        "",
    ]
    assert foreign_hrefs('<a href="/tags/x">x</a><a href="HTTPS://x.nl">y</a>') == []


def _xss_corpus() -> dict[str, list[str]]:
    corpus = {}
    for path in sorted(glob.glob(str(CORPORA / "xss_payloads" / "XSS_Injection__*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as file:
            whole = file.read()
        # each payload alone, and the whole file as one body (multi-line constructs)
        corpus[path.rsplit("/", 1)[1]] = [line for line in whole.splitlines() if line.strip()] + [
            whole
        ]
    blns = CORPORA / "naughty_strings" / "blns.json"
    corpus["blns.json"] = json.loads(blns.read_text(encoding="utf-8"))
    return corpus


CORPUS = _xss_corpus()


@pytest.fixture(scope="module")
def rendered_corpus():
    """Every corpus body rendered once with the pure renderer, timed."""
    started = time.monotonic()
    results, slowest = {}, (0.0, "")
    for name, bodies in CORPUS.items():
        results[name] = []
        for body in bodies:
            body = body[:BODY_MAX]
            t0 = time.monotonic()
            results[name].append((body, render(body)))
            slowest = max(slowest, (time.monotonic() - t0, body[:80]))
    return results, time.monotonic() - started, slowest


def test_corpora_are_there():
    assert len(CORPUS) >= 10, f"expected the XSS and naughty-strings corpora in {CORPORA}"
    assert sum(len(bodies) for bodies in CORPUS.values()) > 2000


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_renders_safe_html(rendered_corpus, name):
    results, _seconds, _slowest = rendered_corpus
    failures = []
    for body, rendered in results[name]:
        found = problems(rendered.html)
        if found:
            failures.append(f"{body[:120]!r}: {found[:3]} in {rendered.html[:300]!r}")
    assert not failures, f"{len(failures)} unsafe renderings, e.g.:\n" + "\n".join(failures[:5])


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_links_are_web_mail_or_local(rendered_corpus, name):
    """Only http, https, mailto or a local path ("/…") may be linked."""
    results, _seconds, _slowest = rendered_corpus
    failures = [
        f"{body[:100]!r}: href={hrefs} in {rendered.html[:200]!r}"
        for body, rendered in results[name]
        if (hrefs := foreign_hrefs(rendered.html))
    ]
    assert not failures, f"{len(failures)} renderings, e.g.:\n" + "\n".join(failures[:5])


def test_corpus_renders_in_reasonable_time(rendered_corpus):
    _results, seconds, (slowest, body) = rendered_corpus
    count = sum(len(bodies) for bodies in CORPUS.values())
    assert seconds < 20, f"{count} bodies took {seconds:.1f}s; slowest {slowest:.2f}s: {body!r}"


def test_raw_html_is_shown_as_text():
    rendered = render('<a href="javascript:alert(1)">klik</a> <b>vet</b>')
    assert rendered.html == (
        '<p>&lt;a href="javascript:alert(1)"&gt;klik&lt;/a&gt; &lt;b&gt;vet&lt;/b&gt;</p>'
    )


@pytest.mark.parametrize(
    "body",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](  javascript:alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "[a](vbscript:msgbox(1))",
        "[a](ftp://x.nl/)",
        "<javascript:alert(1)>",
        '[a](https://x.nl "t\\" onmouseover=\\"alert(1)")',
    ],
)
def test_markdown_links_to_unsafe_schemes_lose_their_href(body):
    rendered = render(body)
    assert problems(rendered.html) == [], rendered.html
    assert foreign_hrefs(rendered.html) == [], rendered.html
    assert "a" in rendered.text


def test_relative_links_must_be_local_paths():
    """A link is http(s), mailto or a path from the root ("/posts/1"), nothing else."""
    rendered = {
        body: render(body).html for body in ("[x](1)", "[x](pad/naar)", "[x]()", "[x](?q=1)")
    }
    foreign = {body: html for body, html in rendered.items() if foreign_hrefs(html)}
    assert not foreign, foreign


def test_safe_links_keep_their_href():
    html = render("[web](https://x.nl/a?b=1&c=2) [post](/posts/1) [mail](mailto:jan@x.nl)").html
    assert 'href="https://x.nl/a?b=1&amp;c=2"' in html
    assert 'href="/posts/1"' in html
    assert 'href="mailto:jan@x.nl"' in html
    assert problems(html) == [] and foreign_hrefs(html) == []


# --- plain text ------------------------------------------------------------------------------

RICH = """# Titel

Eerste *alinea* met **vet**, [het label](https://a.nl/pad) en <https://b.nl/x>.
Zie ook https://c.nl/pagina?q=1 voor #Java en @jan.

- een
- twee

> citaat

| kolom | waarde |
|---|---|
| uren | 32 |
"""


def test_plain_text_has_words_without_markup_or_urls():
    text = render(RICH).text
    for word in (
        "Titel",
        "Eerste alinea met vet",
        "het label",
        "Zie ook",
        "voor #Java en @jan",
        "een",
        "twee",
        "citaat",
        "kolom",
        "waarde",
        "uren",
        "32",
    ):
        assert word in text, (word, text)
    for markup in (
        "<",
        ">",
        "**",
        "*",
        "](",
        "[",
        "|---",
        "# Titel",
        "http",
        "a.nl",
        "b.nl",
        "c.nl",
    ):
        assert markup not in text, (markup, text)


def test_plain_text_decodes_entities():
    assert render("Tom & Jerry, 2 > 1").text == "Tom & Jerry, 2 > 1"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Zie https://x.nl/pad nu", "Zie nu"),
        ("Zie HTTPS://X.NL/pad nu", "Zie nu"),  # a scheme is case-insensitive
        ("Zie [https://x.nl](https://x.nl) nu", "Zie nu"),
        ("Zie [x.nl](https://x.nl) nu", "Zie x.nl nu"),
        ("[https://kring.nl is de site](https://kring.nl)", "is de site"),
    ],
)
def test_plain_text_drops_bare_urls_but_keeps_words(body, expected):
    text = render(body).text
    assert re.sub(r"\s+", " ", text).strip() == expected, text


# --- the bounded renderer ----------------------------------------------------------------

NESTED_LIST = "\n".join("    " * level + "- punt" for level in range(200))
NESTED_QUOTE = "\n".join("> " * level + "citaat" for level in range(1, 201))
NESTED_MIXED = "".join(("- " if level % 2 else "> ") for level in range(200)) + "diep"

HOSTILE = {
    "brackets": "[" * 10_000,
    "image brackets": "![[" * 3000,
    "nested list": NESTED_LIST,
    "nested quote": NESTED_QUOTE,
    "deep quote on one line": ">" * 200 + " x",
    "nested list and quote": NESTED_MIXED,
}


@pytest.fixture(scope="module")
def bounded():
    """The bounded renderer's worker pool, warmed up, and closed after these tests."""
    renderer.render("*warm*", 5)
    yield renderer
    renderer.close()


def test_bounded_renders_normal_bodies(bounded):
    rendered = bounded.render("**vet** voor @jan over #java", RENDER_TIMEOUT)
    assert rendered.tags == ["java"] and rendered.mentions == ["jan"]
    assert rendered.html.startswith("<p><strong>vet</strong>")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_bounded_answers_hostile_bodies_in_time(bounded, name):
    bounded.render("warm", 5)  # a pool killed by an earlier test is restarted untimed
    started = time.monotonic()
    try:
        rendered = bounded.render(HOSTILE[name], RENDER_TIMEOUT)
    except RenderError:
        rendered = None
    elapsed = time.monotonic() - started
    assert elapsed < WALL_LIMIT, f"{name}: {elapsed:.2f}s"
    if rendered is not None:
        assert problems(rendered.html) == []
    # the pool recovers: a normal body right after still renders
    after = bounded.render("Daarna gewoon #weer", 5)
    assert after.tags == ["weer"]
    assert bounded.render("en nog eens", RENDER_TIMEOUT).text == "en nog eens"


def test_bounded_refuses_quadratic_brackets(bounded):
    """Python-Markdown needs tens of seconds for this: it must be refused, not awaited."""
    bounded.render("warm", 5)
    started = time.monotonic()
    with pytest.raises(RenderError):
        bounded.render("[" * 10_000, RENDER_TIMEOUT)
    assert time.monotonic() - started < WALL_LIMIT
