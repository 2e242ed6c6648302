"""The public vacancy page (no login): what a personal share link opens, and applying."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import DomainError, NotFound
from ..extensions import csrf
from ..links import absolute_url
from ..platform.actions import Action, load, retry_after
from ..recruiting import applications, careers, public_text, share_links

bp = Blueprint("public", __name__)


class ApplyForm(ma.Schema):
    """The application form; the CV comes as a file beside it."""

    name = ma.fields.String(load_default="")
    email = ma.fields.String(load_default="")
    motivation = ma.fields.String(load_default="")
    consent = ma.fields.Boolean(load_default=False)


class Arrival(ma.Schema):
    r = ma.fields.String(load_default="")  # a personal share link's code


APPLY = Action("apply", ApplyForm)
FORM_EXTRA = 512 * 1024  # the form's other fields, beside a CV of at most 5 MB
# The picture a shared link shows (previewers want a PNG or JPEG, not SVG; 1.91:1).
SHARE_IMAGE = ("img/og-vacancy.png", 1200, 630)


def _agency() -> str | None:
    """The agency's name from KRING_AGENCY_NAME; unset, the pages name nobody."""
    return (current_app.config.get("KRING_AGENCY_NAME") or "").strip() or None


def _facts(vacancy) -> str:
    """A link preview's description when no public text was written yet."""
    hours = _("%(h)s hours a week", h=vacancy.hours) if vacancy.hours else ""
    parts = (vacancy.title, vacancy.department, vacancy.location, hours)
    return " · ".join(part for part in parts if part)


def _render(vacancy, arrival, code: str, status: int = 200, errors=None, form=None):
    return render_template(
        "public/vacancy.html",
        vacancy=vacancy,
        arrival=arrival,
        code=code,
        is_open=share_links.is_open(vacancy),
        errors=errors or {},
        form=form or {},
        agency=_agency(),
        page_url=absolute_url("public.vacancy", post_id=vacancy.id),
        image=(absolute_url("static", filename=SHARE_IMAGE[0]), *SHARE_IMAGE[1:]),
        description=public_text.description(vacancy, _facts(vacancy)),
        job_posting=careers.job_posting(
            vacancy, _agency(), current_app.config["KRING_AGENCY_COUNTRY"]
        ),
    ), status


@bp.errorhandler(NotFound)
def missing(_error):
    return render_template("public/missing.html", agency=_agency()), 404


def _arrival(post_id: int):
    """The vacancy (or NotFound), the code in the link, and what it says. A closed one
    only through a genuine link for it, or for a colleague."""
    code = load(Arrival, "query", lenient=True)["r"]
    arrival = share_links.read_code(code, post_id)
    insider = current_user.is_authenticated
    found = share_links.public_vacancy(post_id, closed_too=arrival.valid or insider)
    return found, code, arrival


@bp.route("/jobs/<int:post_id>")
def vacancy(post_id):
    found, code, arrival = _arrival(post_id)
    # Only an outsider opening the page counts: not a HEAD, nor a colleague (the sharer
    # checking their link, or anyone logged in), nor a browser fetching ahead.
    if request.method == "GET" and not current_user.is_authenticated:
        share_links.count_visit(
            found, arrival, request.remote_addr, request.headers.get("User-Agent"), _purpose()
        )
    return _render(found, arrival, code)


def _purpose() -> str:
    return " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    )


def _upload() -> applications.Upload | None:
    file = request.files.get("cv")
    if file is None or not file.filename:
        return None
    return applications.Upload(file.filename, file.stream.read(applications.CV_MAX + 1))


@bp.route("/jobs/<int:post_id>/apply", methods=["POST"])
@csrf.exempt  # checked below, once the larger size limit for a CV is set
@APPLY.limited
def apply(post_id):
    found, code, arrival = _arrival(post_id)
    request.max_content_length = applications.CV_MAX + FORM_EXTRA
    try:
        csrf.protect()
        applications.apply(found, APPLY.load_form(), _upload(), arrival)
    except RequestEntityTooLarge:
        # The body is refused unread, so whether it held a CV is unknown: say what fits.
        return _render(
            found,
            arrival,
            code,
            413,
            {
                "form": _(
                    "What you sent is larger than 5 MB, more than this form takes: a CV may be at "
                    "most 5 MB and your motivation at most 5,000 characters. Send a smaller file, "
                    "or apply without one."
                )
            },
        )
    except CSRFError:
        return _render(
            found,
            arrival,
            code,
            400,
            {"form": _("This form was open too long. Please fill it in and send it again.")},
            APPLY.sent(),
        )
    except DomainError as error:
        errors = getattr(error, "fields", None) or {"form": error.message}
        return _render(found, arrival, code, error.status, errors, APPLY.sent())
    return redirect(url_for("public.thanks", post_id=found.id), code=303)


@bp.route("/jobs/<int:post_id>/thanks")
def thanks(post_id):
    # Just applied: the vacancy was open a moment ago (a closed one is nobody's business).
    found = share_links.public_vacancy(post_id, closed_too=current_user.is_authenticated)
    return render_template("public/thanks.html", vacancy=found, agency=_agency())


@bp.errorhandler(429)
def too_many(_error):
    page = render_template("public/missing.html", agency=_agency(), status=429)
    return page, 429, {"Retry-After": str(retry_after())}
