"""Demo: who follows which client, what the triage board shows, and the client mentions.

Called from seed() after the posts and follows exist and before the fan-out runs, so the
followers are notified of the posts that name their directory.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..clients import directory, mentions
from ..extensions import db
from ..models import Client, ClientFollow, Post, ReputationAlert, User
from ..posting import posts

FOLLOWS = {  # handle → clients followed
    "daan.bakker": ["Van der Berg Logistiek", "Kempen Precisietechniek"],
    "lisa.vandijk": ["Zorggroep De Linde", "Datastroom"],
    "femke.jansen": ["Gemeente Weidevenen", "Dienst Publieke Registers"],
    "anouk.mulder": ["Van der Berg Logistiek", "Van Houten Foods"],
    "kevin.peters": ["Noordhoek Bouwgroep"],
    "priya.ramdin": ["Cloudhaven", "Datastroom"],
    "martijn.kok": ["Thuiszorg Vechtdal", "Zorggroep De Linde"],
    "charlotte.dewit": ["Finovia Verzekeringen"],
}

# Newer alerts, by triage state; hours ago they were posted. The first one is old, severe
# and untouched: the hourly escalation tells the admins about it.
ALERTS = [
    {
        "by": "lars.vanvliet",
        "hours": 52,
        "source": "Trustpilot",
        "severity": "high",
        "url": "https://nl.trustpilot.com/review/brugwerk.example",
        "body": "Een heftruckchauffeur die via ons bij VDB Logistiek werkte schrijft op "
        "Trustpilot dat zijn uren niet zijn uitbetaald. Al 40 keer als nuttig "
        "gemarkeerd. Wie pakt dit op? #reputatie #trustpilot",
    },
    {
        "by": "ingrid.bos",
        "hours": 6,
        "source": "Facebook",
        "severity": "high",
        "assignee": "sanne.devries",
        "status": "acknowledged",
        "body": "Boze reactie onder onze vacaturepost voor Van Houten Foods: 'nooit meer "
        "iets gehoord na mijn sollicitatie'. @sanne.devries kijkt ernaar. #facebook",
    },
    {
        "by": "fleur.brouwer",
        "hours": 30,
        "source": "Google Reviews",
        "severity": "medium",
        "assignee": "noor.elamrani",
        "status": "resolved",
        "note": "Kandidaat teruggebeld; de review is aangepast naar vier sterren.",
        "body": "Twee sterren voor vestiging Amersfoort: 'lang wachten aan de telefoon'. #reviews",
    },
]


def seed_clients_extra(rng: random.Random, people: dict[str, User], now: datetime) -> None:
    _follows(rng, people, now)
    for item in ALERTS:
        _alert(people, now, item)
    _triage_times(rng, now)
    mentions.backfill()


def _follows(rng: random.Random, people: dict[str, User], now: datetime) -> None:
    by_name = dict(db.session.execute(select(Client.name, Client.id)).all())
    for handle, names in FOLLOWS.items():
        user = people[handle]
        for name in names:
            directory.follow_client(user, db.session.get(Client, by_name[name]))
            db.session.execute(
                update(ClientFollow)
                .where(ClientFollow.user_id == user.id, ClientFollow.client_id == by_name[name])
                .values(created_at=now - timedelta(days=rng.randint(36, 90)))
            )
    db.session.commit()


def _alert(people: dict[str, User], now: datetime, item: dict) -> None:
    data = {k: item[k] for k in ("source", "severity", "body") if k in item}
    data.update(type="reputation_alert", url=item.get("url"), assignee=item.get("assignee"))
    post = posts.create_post(people[item["by"]], data)
    created = now - timedelta(hours=item["hours"])
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=created))
    db.session.commit()
    triager = people["femke.jansen"]
    if item.get("status") in ("acknowledged", "resolved"):
        posts.change_status(triager, post, "acknowledged")
    if item.get("status") == "resolved":
        posts.change_status(triager, post, "resolved", item["note"])


def _triage_times(rng: random.Random, now: datetime) -> None:
    """Triage happened hours after each alert was posted, not when the demo was made."""
    for alert in db.session.scalars(
        select(ReputationAlert).where(ReputationAlert.acknowledged_at.is_not(None))
    ):
        acknowledged = min(alert.created_at + timedelta(hours=rng.uniform(0.5, 5)), now)
        alert.acknowledged_at = acknowledged
        if alert.resolved_at is not None:
            alert.resolved_at = min(acknowledged + timedelta(hours=rng.uniform(2, 40)), now)
    db.session.commit()
