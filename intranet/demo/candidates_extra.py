"""Demo: the same candidate offered twice (linked, with a warning for the second recruiter)
and colleagues interested in candidates, each with the intro thread it starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..models import CandidateInterest, CandidateOffer, CandidatePrivate, Post, User
from ..posting import posts
from ..recruiting import interest

# Noor offered Fatima Bouzid earlier; Daan meets her too and types her address his way.
DUPLICATE = {
    "by": "daan.bakker",
    "days_ago": 2,
    "type": "candidate_offer",
    "headline": "Verpleegkundige ouderenzorg, Amstelveen",
    "skills": "Ouderenzorg, dementie, wondzorg",
    "availability": "Over een maand, 32 uur",
    "location": "Amstelveen",
    "candidate_name": "Fatima Bouzid",
    "candidate_contact": "F.Bouzid@Example.com",
    "consent": True,
    "body": "Sprak vandaag een verpleegkundige die graag in Amstelveen wil werken, liefst "
    "in een kleinschalige woonvorm. Wie heeft iets? #kandidaat #zorg",
}
# (who is interested, in the offer of which candidate)
INTEREST = [
    ("ruben.smit", "milan.dejong@example.com"),
    ("mehmet.yilmaz", "milan.dejong@example.com"),
    ("martijn.kok", "laura.verbeek@example.com"),
    ("daan.bakker", "anna.kowalski@example.com"),
    ("ruben.smit", DUPLICATE["candidate_contact"]),
]


def add_candidate_extras(people: dict[str, User], now: datetime) -> None:
    author = people[DUPLICATE["by"]]
    data = {k: v for k, v in DUPLICATE.items() if k not in ("by", "days_ago")}
    offer = posts.create_post(author, data)
    db.session.execute(
        update(Post)
        .where(Post.id == offer.id)
        .values(created_at=now - timedelta(days=DUPLICATE["days_ago"]))
    )
    db.session.commit()
    for handle, contact in INTEREST:
        target = db.session.scalar(
            select(CandidateOffer)
            .join(CandidatePrivate, CandidatePrivate.post_id == CandidateOffer.id)
            .where(CandidatePrivate.contact == contact, CandidateOffer.status == "available")
        )
        if target is None or target.author_id == people[handle].id:
            continue
        shown = interest.show_interest(people[handle], target)
        moment = min(target.created_at + timedelta(hours=3), now - timedelta(minutes=5))
        db.session.execute(
            update(CandidateInterest)
            .where(
                CandidateInterest.post_id == target.id, CandidateInterest.user_id == shown.user_id
            )
            .values(created_at=moment)
        )
        db.session.execute(update(Post).where(Post.id == shown.reply_id).values(created_at=moment))
        db.session.commit()
