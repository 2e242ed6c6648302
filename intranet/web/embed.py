"""The company-wide open vacancies for other sites: a widget page that an intranet or a
careers site shows in an <iframe> (only the origins in KRING_EMBED_ORIGINS may), and the
same list as public JSON. No login, no cookies needed, nobody's personal data."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, current_app, g, jsonify, render_template
from flask_babel import gettext as _

from ..errors import DomainError
from ..links import embed_origins
from ..platform.actions import load
from ..posting import follows
from ..recruiting import careers, vacancies
from ..recruiting.vacancies import BoardQuery

bp = Blueprint("embed", __name__)

TEXT_MAX = 120


class WidgetArgs(ma.Schema):
    """The widget's filters, as an intranet page writes them into the <iframe>'s address."""

    department = ma.fields.String(load_default="", validate=ma.validate.Length(max=TEXT_MAX))
    location = ma.fields.String(load_default="", validate=ma.validate.Length(max=TEXT_MAX))
    tag = ma.fields.String(load_default="")
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(1, vacancies.MAX_PUBLIC))
    lang = ma.fields.String(load_default="")  # the page's language; else the browser's


def _query() -> BoardQuery:
    args = load(WidgetArgs, "query")
    g.language = args["lang"]
    tag = args["tag"].strip().lstrip("#")
    return BoardQuery(
        department=args["department"].strip() or None,
        location=args["location"].strip() or None,
        tag=follows.check_tag_name(tag) if tag else None,
        limit=args["limit"],
    )


def frame_policy() -> str:
    """The widget's Content-Security-Policy: nothing runs, and only Kring itself and the
    configured sites may frame it."""
    ancestors = " ".join(["'self'", *embed_origins(current_app.config["KRING_EMBED_ORIGINS"])])
    return (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
        f"form-action 'none'; frame-ancestors {ancestors}"
    )


@bp.route("/embed/vacancies")
def widget():
    try:
        found, error, status = vacancies.company_wide(_query()), None, 200
    except DomainError as problem:
        found, error, status = [], problem.message, problem.status
    page = render_template(
        "embed/vacancies.html",
        vacancies=found,
        error=error,
        agency=current_app.config.get("KRING_AGENCY_NAME") or "Kring",
        public_url=careers.public_url,
        refer_url=careers.refer_url,
    )
    return page, status, {"Content-Security-Policy": frame_policy()}


@bp.route("/jobs.json")
def jobs():
    try:
        found = vacancies.company_wide(_query())
    except DomainError as problem:
        body = {"error": {"code": problem.code, "message": str(problem.message)}}
        return jsonify(body), problem.status, {"Access-Control-Allow-Origin": "*"}
    items = [careers.as_json(v) for v in found]
    # Public data for any careers site's page to fetch.
    return jsonify({"items": items}), 200, {"Access-Control-Allow-Origin": "*"}


def snippet(url: str, height: int) -> str:
    """The HTML an intranet page includes."""
    title = _("Open vacancies")
    return (
        f'<iframe src="{url}" title="{title}" loading="lazy" '
        f'style="border:0;width:100%;height:{height}px"></iframe>'
    )
