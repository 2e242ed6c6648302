"""Reputation triage: the board of open, acknowledged and resolved alerts, the moves on it,
and the escalation of high-severity alerts left open for more than a day.

The moves go through services.posts (the status lifecycle, the assignment and its
notification); this module adds who may triage and what the board shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import joinedload

from ..errors import Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import Notification, PostType, ReputationAlert, Role, User
from ..notifying import notifications
from ..platform.clock import utcnow
from ..platform.database import as_id, writes
from ..posting import posts, visibility

COLUMNS = ("open", "acknowledged", "resolved")
RESOLVED_DAYS = 30
COLUMN_MAX = 100  # open and acknowledged: a longer column is a problem of its own
RESOLVED_PAGE = 20
ESCALATE_AFTER = timedelta(days=1)
log = logging.getLogger("kring.triage")


@dataclass
class BoardQuery:
    severity: str | None = None
    assignee: str | None = None  # a user id, or "none" for unassigned
    page: int = 1  # of the resolved column


@dataclass
class Board:
    columns: dict[str, list[ReputationAlert]] = field(default_factory=dict)
    more: dict[str, bool] = field(default_factory=dict)


def get_alert(viewer: User, post_id: int) -> ReputationAlert:
    post = posts.get_post(viewer, post_id)
    if post.type != PostType.REPUTATION_ALERT:
        raise NotFound(_l("This is not a reputation alert."))
    return post


def check_triage(user: User, alert: ReputationAlert) -> None:
    if not visibility.can_triage(user, alert):
        raise Forbidden(
            _l("Only recruiters and administrators triage reputation alerts."),
            code="recruiters_only",
        )


def assign(actor: User, alert: ReputationAlert, assignee) -> ReputationAlert:
    """Give the alert to someone (or to nobody); they are notified (posts.edit_post)."""
    check_triage(actor, alert)
    return posts.edit_post(actor, alert, {"assignee": assignee or None})


def acknowledge(actor: User, alert: ReputationAlert) -> ReputationAlert:
    check_triage(actor, alert)
    return posts.change_status(actor, alert, "acknowledged")


def resolve(actor: User, alert: ReputationAlert, note) -> ReputationAlert:
    check_triage(actor, alert)
    return posts.change_status(actor, alert, "resolved", note)


def _filters(viewer: User, query: BoardQuery) -> list:
    conditions = [ReputationAlert.type == PostType.REPUTATION_ALERT, visibility.readable(viewer)]
    if query.severity:
        if query.severity not in ReputationAlert.SEVERITIES:
            raise ValidationError(
                "severity",
                _l("Choose one of: %(choices)s.", choices=", ".join(ReputationAlert.SEVERITIES)),
            )
        conditions.append(ReputationAlert.severity == query.severity)
    if query.assignee == "none":
        conditions.append(ReputationAlert.assignee_id.is_(None))
    elif query.assignee:
        if as_id(query.assignee) is None:
            raise ValidationError("assignee", _l("There is no active colleague by that name."))
        conditions.append(ReputationAlert.assignee_id == as_id(query.assignee))
    return conditions


SEVERITY_ORDER = case({"high": 0, "medium": 1, "low": 2}, value=ReputationAlert.severity, else_=3)


def board(viewer: User, query: BoardQuery) -> Board:
    """The three columns: the unresolved ones most severe and oldest first, the resolved
    ones of the last 30 days latest first, a page at a time. Three queries."""
    conditions = _filters(viewer, query)
    loads = (
        joinedload(ReputationAlert.author),
        joinedload(ReputationAlert.assignee),
        joinedload(ReputationAlert.group),
    )
    result = Board()
    for status in ("open", "acknowledged"):
        rows = (
            db.session.scalars(
                select(ReputationAlert)
                .where(*conditions, ReputationAlert.status == status)
                .options(*loads)
                .order_by(SEVERITY_ORDER, ReputationAlert.created_at, ReputationAlert.id)
                .limit(COLUMN_MAX + 1)
            )
            .unique()
            .all()
        )
        result.columns[status], result.more[status] = rows[:COLUMN_MAX], len(rows) > COLUMN_MAX
    since = utcnow() - timedelta(days=RESOLVED_DAYS)
    page = max(1, min(query.page, 1000))
    rows = (
        db.session.scalars(
            select(ReputationAlert)
            .where(
                *conditions,
                ReputationAlert.status == "resolved",
                ReputationAlert.resolved_at >= since,
            )
            .options(*loads)
            .order_by(ReputationAlert.resolved_at.desc(), ReputationAlert.id.desc())
            .offset((page - 1) * RESOLVED_PAGE)
            .limit(RESOLVED_PAGE + 1)
        )
        .unique()
        .all()
    )
    result.columns["resolved"] = rows[:RESOLVED_PAGE]
    result.more["resolved"] = len(rows) > RESOLVED_PAGE
    return result


@writes
def escalate_overdue() -> int:
    """Tell the admins about high-severity alerts still unresolved a day after they were
    opened; each alert once (escalated_at), whoever else runs this at the same time.

    The claim is a conditional UPDATE: of two runs, only one gets a row. Admins who may not
    read the alert (a private group's) are not told of it; when no admin may, the group's
    owner is told instead. An alert nobody could be told of is left unclaimed (logged), so
    the next run tries again."""
    now = utcnow()
    claimed = db.session.scalars(
        update(ReputationAlert)
        .where(
            ReputationAlert.type == PostType.REPUTATION_ALERT,
            ReputationAlert.severity == "high",
            ReputationAlert.status.in_(("open", "acknowledged")),
            ReputationAlert.created_at < now - ESCALATE_AFTER,
            ReputationAlert.escalated_at.is_(None),
        )
        .values(escalated_at=now)
        .returning(ReputationAlert.id)
        .execution_options(synchronize_session=False)
    ).all()
    told = 0
    if claimed:
        admins = db.session.scalars(
            select(User.id).where(User.role == Role.ADMIN, User.deactivated_at.is_(None))
        ).all()
        alerts = db.session.scalars(
            select(ReputationAlert)
            .where(ReputationAlert.id.in_(claimed))
            .options(joinedload(ReputationAlert.group))
            .order_by(ReputationAlert.id)  # in id order, as every batch that notifies
        )
        untold = []
        for alert in alerts:
            if _escalate(alert, admins):
                told += 1
            else:
                untold.append(alert.id)
        if untold:
            log.warning(
                "Reputation alerts %s are overdue but nobody may read them; "
                "trying again on the next run.",
                untold,
            )
            db.session.execute(
                update(ReputationAlert)
                .where(ReputationAlert.id.in_(untold))
                .values(escalated_at=None)
                .execution_options(synchronize_session=False)
            )
    return told


def _escalate(alert: ReputationAlert, admins: list[int]) -> bool:
    """Notify whoever should hear that `alert` is overdue; whether anybody now knows.
    First the admins who may read it; if that reaches nobody (a private group without an
    admin in it), the group's owner. The escalation is nobody's doing, so an admin who
    posted the alert is told too."""
    candidates = [admins]
    if alert.group is not None and alert.group.owner_id is not None:
        candidates.append([alert.group.owner_id])
    for people in candidates:
        people = notifications.readers(alert, people)
        notifications.notify(alert, {uid: [{"kind": "escalation"}] for uid in people}, actor_id=0)
        if people and db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(
                Notification.post_id == alert.id,
                Notification.user_id.in_(people),
                Notification.kinds.like("%,escalation,%"),
            )
        ):
            return True
    return False
