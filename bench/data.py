"""Generated posts and alert terms: Dutch recruitment words, the same every run."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "corpora"
    / "dutch_snowball"
    / "dutch_porter"
    / "voc.txt"
)
DOMAIN = (
    "vacature kandidaat recruiter klant logistiek zorg planner developer java python "
    "utrecht amsterdam zwolle eindhoven rotterdam sollicitatie gesprek contract uren "
    "salaris referral bonus team afdeling manager vestiging reorganisatie project "
    "review indeed glassdoor linkedin detachering werving selectie intake vacatures "
    "kandidaten recruiters klanten planners developers"
).split()
CLIENTS = [
    "Van der Berg Logistiek",
    "Zorggroep Oost",
    "Datastroom",
    "Bouwbedrijf De Vries",
    "Gemeente Zwolle",
    "Cloudhaven",
    "Voedselbank Noord",
    "Kempen Precisietechniek",
]
TYPES = ["update"] * 6 + [
    "vacancy",
    "vacancy",
    "client_signal",
    "reputation_alert",
    "candidate_offer",
]


def vocabulary(limit: int = 20000) -> list[str]:
    words = [w for w in WORDS.read_text(encoding="utf-8").split() if len(w) > 2][:limit]
    return words + DOMAIN * 20


def posts(n: int, seed: int = 2026) -> list[dict]:
    rng = random.Random(seed)
    words = vocabulary()
    start = datetime(2026, 1, 1)
    made = []
    for i in range(n):
        length = rng.randint(12, 90)
        text = " ".join(rng.choice(words) for _ in range(length))
        if rng.random() < 0.05:
            text += " " + rng.choice(CLIENTS)
        made.append(
            {
                "id": i + 1,
                "type": rng.choice(TYPES),
                "text": text,
                "tags": rng.sample(DOMAIN, 2),
                "author": rng.randint(1, 300),
                "group": 0 if rng.random() < 0.9 else rng.randint(1, 20),
                "created_at": start + timedelta(minutes=7 * i),
            }
        )
    return made


def terms(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary(60000)
    made = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.6:
            made.append(rng.choice(words))
        elif roll < 0.9:
            made.append(" ".join(rng.sample(words, 2)))
        else:
            made.append(rng.choice(CLIENTS))
    return made
