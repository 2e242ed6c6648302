"""Demo referrals: colleagues refer people they know; recruiters move them along.

Each item: who referred, the vacancy's title, the candidate, why, and the steps a
recruiter took (status, note). Made through the services, then dated between the
vacancy's posting and now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from ..extensions import db
from ..models import Referral, ReferralEvent, User, Vacancy
from ..recruiting import referrals

REFERRALS = [
    (
        "lisa.vandijk",
        "Recruiter IT",
        "Merel Jansen",
        "06 2345 6789",
        "Oud-collega van mijn vorige werkgever, werft al vijf jaar developers.",
        [
            ("contacted", "Gebeld, heel enthousiast."),
            ("interviewing", ""),
            ("offered", "Aanbod verstuurd, start 1 februari."),
            ("hired", "Getekend!"),
        ],
    ),
    (
        "ruben.smit",
        "Servicemonteur mechatronica",
        "Dennis Vos",
        "06 3456 7890",
        "Mijn buurman, monteur bij een verpakkingsmachinebouwer; zoekt meer afwisseling.",
        [
            ("contacted", ""),
            ("interviewing", "Technische test ruim gehaald."),
            ("offered", ""),
            ("hired", ""),
        ],
    ),
    (
        "tim.verhoeven",
        "Senior Java-developer",
        "Bas Hendriks",
        "bas.hendriks@example.nl",
        "Studiegenoot, bouwt al jaren Spring Boot-services bij een bank.",
        [("contacted", "Morgen kennismaking."), ("interviewing", "")],
    ),
    (
        "lisa.vandijk",
        "Data engineer",
        "Youssef Amrani",
        "youssef.amrani@example.nl",
        "Kent Python en Airflow, wil graag naar Utrecht.",
        [("contacted", "")],
    ),
    (
        "lisa.vandijk",
        "Controller",
        "Karin de Boer",
        "karin.deboer@example.nl",
        "Controller bij een zorginstelling, zoekt een commerciëlere omgeving.",
        [],
    ),
    (
        "anouk.mulder",
        "Werkvoorbereider bouw",
        "Sven Kuipers",
        "sven.kuipers@example.nl",
        "Net afgestudeerd in bouwkunde.",
        [("contacted", ""), ("rejected", "Nog te weinig ervaring; over een jaar opnieuw.")],
    ),
    (
        "priya.ramdin",
        "Verzorgende IG",
        "Fatima Bouzid",
        "fatima.bouzid@example.nl",
        "Werkt nu in de thuiszorg, zoekt vaste uren.",
        [("contacted", ""), ("interviewing", "Gesprek bij de locatie op donderdag.")],
    ),
    (
        "kevin.peters",
        "Teamleider warehouse",
        "Rik Meijer",
        "06 4567 8901",
        "Ploegleider bij een DC in Tiel, sterke leider.",
        [("contacted", ""), ("interviewing", ""), ("offered", "")],
    ),
    (
        "jeroen.deboer",
        "DevOps engineer",
        "Thomas Bakker",
        "thomas.bakker@example.nl",
        "Beheert Kubernetes-clusters bij een hostingbedrijf.",
        [],
    ),
    (
        "wouter.dekker",
        "Procesoperator",
        "Anne Smits",
        "anne.smits@example.nl",
        "MBO procestechniek, woont vlak bij de fabriek.",
        [("contacted", "")],
    ),
    (
        "charlotte.dewit",
        "Accountmanager Techniek",
        "Lotte van Dam",
        "lotte.vandam@example.nl",
        "Verkoopt nu industriële pompen.",
        [("rejected", "Zoekt toch iets in de regio Zwolle.")],
    ),
]


def seed_referrals(people: dict[str, User], now: datetime) -> None:
    vacancies = {v.title: v for v in db.session.scalars(select(Vacancy))}
    fallback = next(u for u in people.values() if u.is_recruiter)
    for n, (handle, title, name, contact, why, steps) in enumerate(REFERRALS):
        vacancy = vacancies[title]
        recruiter = vacancy.author if vacancy.author.is_recruiter else fallback
        referral = referrals.create_referral(people[handle], vacancy, name, contact, why, True)
        for status, note in steps:
            referrals.change_status(recruiter, referral, status, note)
        _date(referral, vacancy.created_at, now, 0.2 + 0.05 * (n % 4))


def _date(referral: Referral, posted: datetime, now: datetime, fraction: float) -> None:
    """Spread a referral's history over the time since its vacancy was posted."""
    created = posted + (now - posted) * fraction
    events = db.session.scalars(
        select(ReferralEvent)
        .where(ReferralEvent.referral_id == referral.id)
        .order_by(ReferralEvent.id)
    ).all()
    step = (now - created) * 0.8 / max(len(events), 1)
    for k, event in enumerate(events):
        event.created_at = created + step * k
    last = events[-1].created_at
    values = {"created_at": created, "consent_at": created, "status_changed_at": last}
    if referral.hired_at:
        values["hired_at"] = last
    db.session.execute(update(Referral).where(Referral.id == referral.id).values(**values))
    db.session.commit()
