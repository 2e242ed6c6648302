"""Demo sharing: the open vacancies have an approved public text, a few colleagues said what
they share and how often, shared some open vacancies, and their links brought views, clicks
and an application."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..models import ShareEvent, ShareSlot, User, Vacancy
from ..recruiting import applications, public_text, share_links, sharing, vacancies

# handle: preferences
PREFERENCES = {
    "lisa.vandijk": {"channels": ["linkedin", "whatsapp", "link"], "rhythm": "monthly"},
    "ruben.smit": {
        "locations": ["Utrecht", "Amsterdam"],
        "channels": ["linkedin", "email"],
        "rhythm": "weekly",
    },
    "hans.vermeulen": {"channels": ["email"], "rhythm": "never"},
    "anouk.mulder": {
        "departments": ["Recruitment", "Marketing"],
        "channels": ["linkedin", "x", "link"],
        "rhythm": "monthly",
    },
    "priya.ramdin": {"tags": ["zorg"], "channels": ["whatsapp", "link"], "rhythm": "weekly"},
}
SHARES = [  # handle, channel, visitors who viewed, of whom clicked through the link
    ("lisa.vandijk", "linkedin", 14, 9),
    ("lisa.vandijk", "whatsapp", 6, 5),
    ("ruben.smit", "linkedin", 8, 4),
    ("anouk.mulder", "x", 5, 2),
]


def seed_sharing(rng: random.Random, now: datetime) -> None:
    people = {
        u.handle: u
        for u in db.session.scalars(select(User).where(User.handle.in_(list(PREFERENCES))))
    }
    for handle, wanted in PREFERENCES.items():
        if handle in people:
            sharing.save_preferences(people[handle], wanted)
    sharing.resurface(now - timedelta(days=3))
    open_ones = list(
        db.session.scalars(select(Vacancy).where(vacancies.shareable()).order_by(Vacancy.id))
    )
    if not open_ones:
        return
    for vacancy in open_ones:  # the recruiters read the drafts and approved them
        if vacancy.group is None or not vacancy.group.is_private:
            public_text.save(vacancy, public_text.draft(vacancy))
    for n, (handle, channel, views, clicks) in enumerate(SHARES):
        if handle in people:
            _shared(rng, now, people[handle], open_ones[n % len(open_ones)], channel, views, clicks)
    lisa = people.get("lisa.vandijk")
    if lisa is not None:
        applications.apply(
            open_ones[0],
            {
                "name": "Mila Jongbloed",
                "email": "mila.jongbloed@example.nl",
                "consent": True,
                "motivation": "Via Lisa gezien. Ik werk nu twee jaar in een vergelijkbare rol.",
            },
            None,
            share_links.Arrival(sharer=lisa),
        )
    db.session.commit()


def _shared(rng, now, user, vacancy, channel, views, clicks) -> None:
    sharing.record_share(user, vacancy, channel)
    when = now - timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 8))
    db.session.execute(
        update(ShareSlot)
        .where(ShareSlot.user_id == user.id, ShareSlot.vacancy_id == vacancy.id)
        .values(shared_at=when)
    )
    rows = []
    for visitor in range(views):
        seen = when + timedelta(hours=rng.uniform(0.2, 40))
        kinds = ("view", "click") if visitor < clicks else ("view",)
        rows += [
            {
                "vacancy_id": vacancy.id,
                "sharer_id": user.id,
                "kind": kind,
                "channel": "",
                "visitor": f"demo-{user.id}-{channel}-{visitor}",
                "created_at": seen,
            }
            for kind in kinds
        ]
    db.session.execute(ShareEvent.__table__.insert(), rows)
    db.session.commit()
