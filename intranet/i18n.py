"""Language and time: Dutch or English per person or browser, times in the reader's zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from babel.dates import TIMEDELTA_UNITS
from flask import current_app, g, request
from flask_babel import (
    format_date,
    format_datetime,
    format_timedelta,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

from .platform.clock import utcnow


def select_locale() -> str:
    languages = current_app.config["KRING_LANGUAGES"]
    chosen = getattr(g, "language", None)  # set by the API from ?lang= or the token's user
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if request:
        return request.accept_languages.best_match(
            languages, default=current_app.config["KRING_DEFAULT_LANGUAGE"]
        )
    return current_app.config["KRING_DEFAULT_LANGUAGE"]


def select_timezone() -> str:
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["KRING_TIMEZONE"]


def ago(moment: datetime | None) -> str:
    """'3 minuten geleden' for the last week, a date after that."""
    if moment is None:
        return ""
    delta = utcnow() - moment
    if delta < timedelta(minutes=1):
        return _("just now")
    if delta < timedelta(days=7):
        return format_timedelta(-delta, add_direction=True, threshold=1)
    same_year = moment.year == utcnow().year
    return format_date(moment, "d MMM" if same_year else "d MMM yyyy")


def ago_key(moment: datetime | None):
    """What `ago(moment)` says, as cheaply as it can be known: the same key, the same words
    for one moment, language and zone (a card's face is kept by it). Within the week the
    words are Babel's unit and the whole number it rounds to, counted as it counts them;
    after it, the year alone decides them."""
    if moment is None:
        return None
    delta = utcnow() - moment
    if delta < timedelta(minutes=1):
        return "now"
    if delta < timedelta(days=7):
        past = -delta  # what ago() gives Babel, whose seconds are whole ones of that
        seconds = abs(past.days * 86400 + past.seconds)
        for unit, size in TIMEDELTA_UNITS:
            if seconds >= size:
                return unit, round(seconds / size)
    return utcnow().year


def time_tag(moment: datetime | None) -> Markup:
    """A <time> element: relative text, the exact local time on hover. Kept by what it
    says (`ago_key`) for a moment, language and zone: each is two of Babel's formats,
    and a page of search hits showed twenty."""
    if moment is None:
        return Markup("")
    return _time_tag(moment, ago_key(moment), str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=4096)
def _time_tag(moment: datetime, _key, _language: str, _zone: str) -> Markup:
    exact = format_datetime(moment, "EEEE d MMMM yyyy, HH:mm")
    return Markup('<time datetime="{}Z" title="{}">{}</time>').format(
        moment.isoformat(timespec="seconds"), exact, escape(ago(moment))
    )


def weekday_name(day: int) -> str:
    """0 → 'maandag' (or 'Monday'), in the reader's language."""
    from babel.dates import get_day_names

    return get_day_names("wide", locale=get_locale())[day]


def translations():
    """This request's catalogue, looked up once for as long as its language holds:
    Flask-Babel's own lookup asks the request context four times a word, and a feed page
    says some 160 words. A new language (`force_locale`, `refresh`) is a new lookup."""
    if not g:  # no app context: Flask-Babel's own answer (no translation)
        return get_translations()
    locale = get_locale()
    kept = g.get("kring_translations")
    if kept is None or kept[0] is not locale:
        kept = g.kring_translations = (locale, get_translations())
    return kept[1]


@pass_context
def template_gettext(context, string: str, **variables):
    """The templates' _() and gettext(), as Jinja's own new-style gettext makes them (the
    words escaped where the template escapes, then always formatted with `variables`),
    but each catalogue's words kept on it: a page says some hundred words, and Jinja's
    way there (an alias, two context calls, the catalogue, Markup, formatting) cost more
    than the rest of the page's chrome."""
    catalogue = translations()
    said = getattr(catalogue, "kring_said", None)
    if said is None:
        said = catalogue.kring_said = {}
    key = (string, context.eval_ctx.autoescape, not variables)
    words = said.get(key)
    if words is None:
        words = catalogue.ugettext(string)
        if key[1]:
            words = Markup(words)
        if key[2]:  # said as it is: formatted once
            words = words % {}
        said[key] = words
    return words % variables if variables else words


def register(app) -> None:
    # The templates' _(), ngettext() and friends: Flask-Babel's, on the catalogue above.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = template_gettext
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["time_tag"] = time_tag
    app.jinja_env.globals["current_language"] = lambda: str(get_locale() or "nl")
    app.jinja_env.globals["weekday_name"] = weekday_name
