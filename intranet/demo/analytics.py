"""Demo share events: colleagues share the demo vacancies and their links bring views,
clicks and applications, from each vacancy's posting until now (at most 12 weeks back)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from ..extensions import db
from ..models import SHARE_CHANNELS, ShareEvent, User, Vacancy

RANDOM_SEED = 5
WEEKS = 12
SHARERS = (2, 6)  # colleagues sharing each vacancy
SHARES = (1, 3)  # times each of them shares it
VIEWS = (3, 28)  # views one share brings
CLICK_RATE = (0.15, 0.4)  # of views
APPLY_RATE = (0.04, 0.14)  # of clicks


def seed_share_events(now: datetime) -> int:
    """Add the events in one bulk insert; return how many."""
    rng = random.Random(RANDOM_SEED)
    people = db.session.scalars(
        select(User.id).where(User.deactivated_at.is_(None)).order_by(User.id)
    ).all()
    vacancies = db.session.scalars(
        select(Vacancy).where(Vacancy.group_id.is_(None)).order_by(Vacancy.created_at)
    ).all()
    rows: list[dict] = []
    for vacancy in vacancies:
        start = max(vacancy.created_at, now - timedelta(weeks=WEEKS))
        # A filled or closed vacancy stopped drawing people some time before today.
        end = now if vacancy.status == "open" else start + (now - start) * rng.uniform(0.4, 0.8)
        for sharer in rng.sample(people, min(rng.randint(*SHARERS), len(people))):
            for _share in range(rng.randint(*SHARES)):
                _share_events(rng, rows, vacancy.id, sharer, start, end)
        _share_events(rng, rows, vacancy.id, None, start, end, shared=False)
    if rows:
        db.session.execute(insert(ShareEvent), rows)
    db.session.commit()
    return len(rows)


def _share_events(rng, rows, vacancy_id, sharer_id, start, end, shared=True) -> None:
    """One share and what it brought in the days after it."""
    moment = _between(rng, start, end)
    channel = rng.choice(SHARE_CHANNELS)
    if shared:
        _event(rows, vacancy_id, sharer_id, "share", channel, moment)
    views = rng.randint(*VIEWS)
    # Without a share nobody clicks a link: people find the page and some apply.
    clicks = round(views * rng.uniform(*CLICK_RATE)) if shared else 0
    tries = clicks if shared else views // 3
    applications = sum(rng.random() < rng.uniform(*APPLY_RATE) for _ in range(tries))
    for kind, count in (("view", views), ("click", clicks), ("application", applications)):
        for _n in range(count):
            later = moment + timedelta(hours=rng.expovariate(1 / 40))
            if later < end:  # what would come after today (or the closing) never came
                _event(rows, vacancy_id, sharer_id, kind, channel, later)


def _event(rows, vacancy_id, sharer_id, kind, channel, when) -> None:
    rows.append(
        {
            "vacancy_id": vacancy_id,
            "sharer_id": sharer_id,
            "kind": kind,
            "channel": channel,
            "visitor": f"demo-{len(rows)}",
            "created_at": when,
        }
    )


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()
