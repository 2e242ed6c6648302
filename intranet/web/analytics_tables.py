"""The analytics figures as chart data (for static/js/analytics.js) and as CSV tables."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask import Response
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from ..analytics.figures import METRICS, YEARLY_TARGET, Dashboard, Period
from .labels import STATUS_LABELS

REACH = ("view", "click", "share")
RESULTS = ("application", "referral", "hire")
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def week_label(monday) -> str:
    return format_date(monday, "d MMM")


def bucket_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(count)s or more", count=low)
    return str(low) if low == high else _("%(low)s to %(high)s", low=low, high=high)


def charts(board: Dashboard, metric_labels, stage_labels) -> dict[str, dict]:
    """What each chart draws: the same numbers as the tables beside them."""
    labels = [week_label(w.monday) for w in board.weeks]

    def series(metrics):
        return [
            {"label": str(metric_labels[m]), "data": [w.counts[m] for w in board.weeks]}
            for m in metrics
        ]

    result = {
        "reach": {"type": "line", "labels": labels, "datasets": series(REACH)},
        "results": {"type": "bar", "labels": labels, "datasets": series(RESULTS)},
        "funnel": {
            "type": "bar",
            "horizontal": True,
            "labels": [str(stage_labels[s.key][0]) for s in board.funnel],
            "datasets": [{"label": _("Number"), "data": [s.count for s in board.funnel]}],
        },
    }
    if board.target and board.target.distribution:
        result["target"] = {
            "type": "bar",
            "labels": [bucket_label(*bucket) for bucket, _n in board.target.distribution],
            "datasets": [
                {"label": _("Colleagues"), "data": [n for _b, n in board.target.distribution]}
            ],
        }
    if board.mails is not None:
        result["mails"] = {
            "type": "bar",
            "stacked": True,
            "labels": labels,
            "datasets": [
                {"label": _("Mentions"), "data": [w.mentions for w in board.mails]},
                {"label": _("Other notifications"), "data": [w.other for w in board.mails]},
            ],
        }
    return result


@dataclass
class Table:
    header: list[str]
    rows: list[list]


def tables(board: Dashboard, metric_labels, stage_labels) -> dict[str, Table]:
    """Every table on the page, with raw values (ISO dates, plain numbers)."""
    metrics = [str(metric_labels[m]) for m in METRICS]
    result = {
        "weekly": Table(
            [_("Week starting"), _("Week")] + metrics,
            [
                [w.monday.isoformat(), w.number] + [w.counts[m] for m in METRICS]
                for w in board.weeks
            ],
        ),
        "funnel": Table(
            [_("Stage"), _("What"), _("Number"), _("Conversion (%)")],
            [
                [str(stage_labels[s.key][0]), str(stage_labels[s.key][1]), s.count, _rate(s.rate)]
                for s in board.funnel
            ],
        ),
    }
    if board.vacancies is not None:
        result["vacancies"] = Table(
            [_("Vacancy"), _("Status")] + metrics,
            [
                [r.subject.title, str(STATUS_LABELS.get(r.subject.status, r.subject.status))]
                + [r.counts[m] for m in METRICS]
                for r in board.vacancies
            ],
        )
    if board.people is not None:
        result["people"] = Table(
            [_("Colleague"), _("Handle")] + metrics + [_("Bonus (€)")],
            [
                [r.subject.name, r.subject.handle] + [r.counts[m] for m in METRICS] + [r.bonus]
                for r in board.people
            ],
        )
    if board.target is not None:
        result["target"] = _target_table(board)
    if board.mails is not None:
        result["mails"] = Table(
            [_("Week starting"), _("Mentions"), _("Other notifications"), _("Total")],
            [[w.monday.isoformat(), w.mentions, w.other, w.total] for w in board.mails],
        )
    return result


def calculator_table(calc: dict, stage_labels) -> Table:
    """What the calculator worked out, with what it was given."""
    plan, rates = calc["result"], calc["rates"]
    needed = {
        "see": plan.impressions,
        "think": plan.clicks,
        "do": plan.applications,
        "care": plan.hires,
    }
    given = {"think": rates["rate_click"], "do": rates["rate_do"], "care": rates["rate_hire"]}
    return Table(
        [_("Stage"), _("What"), _("Needed"), _("Conversion (%)")],
        [
            [
                str(stage_labels[key][0]),
                str(stage_labels[key][1]),
                count,
                _rate(float(given[key])) if key in given else "",
            ]
            for key, count in needed.items()
        ],
    )


def _target_table(board: Dashboard) -> Table:
    target = board.target
    if target.own is not None:
        return Table(
            [_("Year"), _("Your referrals"), _("Target")],
            [[target.year, target.own, YEARLY_TARGET]],
        )
    return Table(
        [_("Referrals in %(year)s", year=target.year), _("Colleagues")],
        [[bucket_label(*bucket), n] for bucket, n in target.distribution],
    )


def _rate(value: float | None):
    return "" if value is None else format_decimal(round(value, 1), "0.0")


def csv_cell(value) -> str | int:
    """Text that a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_response(table: Table, name: str, period: Period) -> Response:
    """UTF-8 with a byte order mark so Excel reads the accents; Dutch Excel expects ";"."""
    buffer = io.StringIO()
    delimiter = ";" if str(get_locale() or "").startswith("nl") else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in table.header])
    writer.writerows([csv_cell(c) for c in row] for row in table.rows)
    filename = f"kring-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
