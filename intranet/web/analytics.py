"""Analytics pages: the overall (or personal) dashboard, one vacancy's, and CSV of each table."""

from __future__ import annotations

from urllib.parse import urlencode

import marshmallow as ma
from flask import Blueprint, abort, render_template, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..analytics import figures, funnel
from ..errors import ValidationError
from ..platform.actions import load
from ..platform.database import as_id
from . import analytics_tables

bp = Blueprint("analytics", __name__)

METRIC_LABELS = {
    "view": _l("Views"),
    "click": _l("Clicks"),
    "share": _l("Shares"),
    "application": _l("Applications"),
    "referral": _l("Referrals"),
    "hire": _l("Hires"),
}
STAGE_LABELS = {
    "see": (_l("See"), _l("Impressions (views)")),
    "think": (_l("Think"), _l("Clicks")),
    "do": (_l("Do"), _l("Applications and referrals")),
    "care": (_l("Care"), _l("Hires")),
}


# The query string as typed: the domain reads the period and the calculator's numbers, and
# what the calculator leaves out keeps its default.
DashboardArgs = ma.Schema.from_dict(
    {
        "employee": ma.fields.String(load_default=""),
        "from": ma.fields.String(load_default=None),
        "to": ma.fields.String(load_default=None),
        "table": ma.fields.String(load_default="weekly"),
        **{name: ma.fields.String() for name in ("target", *funnel.RATE_FIELDS)},
    },
    name="DashboardArgs",
)


def _args() -> dict:
    return load(DashboardArgs, "query")


@bp.app_template_filter("num")
def number(value) -> str:
    return format_decimal(value or 0)


@bp.app_template_filter("num1")
def number1(value) -> str:
    return format_decimal(value or 0, "#,##0.0")


@bp.app_template_filter("pct")
def percent(value) -> str:
    """A rate in % (12.5 → "12,5%" in Dutch); "–" where there was nothing to divide by."""
    return "–" if value is None else format_percent(value / 100, "#,##0.0%")


@bp.route("/analytics")
@login_required
def index():
    page = _page(person_id=_employee())
    return render_template("analytics/index.html", **page), page["status"]


@bp.route("/analytics/vacancies/<int:vacancy_id>")
@login_required
def vacancy(vacancy_id):
    page = _page(vacancy_id=vacancy_id)
    return render_template("analytics/vacancy.html", **page), page["status"]


@bp.route("/analytics.csv")
@login_required
def index_csv():
    page = _page(person_id=_employee(), strict=True)
    return _csv(page)


@bp.route("/analytics/vacancies/<int:vacancy_id>.csv")
@login_required
def vacancy_csv(vacancy_id):
    return _csv(_page(vacancy_id=vacancy_id, strict=True))


def _employee() -> int | None:
    """`?employee=`: a person's id, or nothing; anything else is no person we know."""
    raw = _args()["employee"].strip()
    if not raw:
        return None
    person_id = as_id(raw)
    if person_id is None:
        abort(404)
    return person_id


def _page(person_id=None, vacancy_id=None, strict=False) -> dict:
    """Who and what the page is about, the period, the figures and the calculator."""
    scope = figures.scope_for(current_user, person_id, vacancy_id)
    vacancy = figures.get_vacancy(current_user, vacancy_id) if vacancy_id else None
    try:
        args = _args()
        period, error = figures.parse_period(args["from"], args["to"]), None
    except ValidationError as problem:
        if strict:
            raise
        period, error = figures.default_period(), problem
    board = figures.dashboard(
        current_user, period, scope, limit=None if strict else figures.TABLE_LIMIT
    )
    calculator = _calculator(board)
    status = 422 if error or calculator["errors"] else 200
    return {
        "board": board,
        "vacancy": vacancy,
        "period_error": error,
        "status": status,
        "person": figures.person(scope) if person_id else None,
        "csv_url": _csv_url(period, scope),
        "period_query": urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()}),
        "personal": not current_user.is_recruiter,
        "calculator": calculator,
        "charts": analytics_tables.charts(board, METRIC_LABELS, STAGE_LABELS),
        "METRIC_LABELS": METRIC_LABELS,
        "STAGE_LABELS": STAGE_LABELS,
        "TARGET": figures.YEARLY_TARGET,
        "bucket_label": analytics_tables.bucket_label,
    }


def _csv_url(period, scope):
    """The CSV of one table, for the same period and person as the page (and for the
    calculator, the same target and rates)."""

    def url(table: str, extra: dict | None = None) -> str:
        endpoint = "analytics.vacancy_csv" if scope.vacancy_id else "analytics.index_csv"
        args = {
            "table": table,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            **(extra or {}),
        }
        if scope.vacancy_id:
            args["vacancy_id"] = scope.vacancy_id
        elif _employee():
            args["employee"] = scope.person_id
        return url_for(endpoint, **args)

    return url


def _calculator(board) -> dict:
    """The form's values (what was sent, else the measured rates) and its outcome."""
    rates = funnel.default_rates(figures.measured_rates(board.funnel))
    values = {
        "target": str(funnel.DEFAULT_TARGET),
        **{name: format_decimal(float(rate), "0.#") for name, rate in rates.items()},
    }
    args = _args()
    values.update({k: args[k][:20] for k in ("target", *funnel.RATE_FIELDS) if k in args})
    try:
        target, rates = funnel.parse(values)
    except ValidationError as problem:
        return {"values": values, "result": None, "rates": None, "errors": problem.fields}
    return {"values": values, "result": funnel.plan(target, rates), "rates": rates, "errors": {}}


def _csv(page: dict):
    table = _args()["table"]
    tables = analytics_tables.tables(page["board"], METRIC_LABELS, STAGE_LABELS)
    calc = page["calculator"]
    if table == "calculator" and calc["errors"]:
        raise ValidationError.many(calc["errors"])
    if calc["result"] is not None:
        tables["calculator"] = analytics_tables.calculator_table(calc, STAGE_LABELS)
    if table not in tables:
        abort(404)
    return analytics_tables.csv_response(tables[table], table, page["board"].period)
