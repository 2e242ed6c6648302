"""The pages' icons: the `icon` macro of _macros.html drawn once per name and kept (a feed
page draws two on every card, and importing the macro there cost more than drawing it)."""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup


def icon(name: str) -> Markup:
    kept = current_app.extensions.setdefault("kring.icons", {})
    drawn = kept.get(name)
    if drawn is None:  # the macro takes no context: the same for every page and language
        macro = current_app.jinja_env.get_template("_macros.html").module.icon
        drawn = kept[name] = Markup(macro(name))
    return drawn
