"""Demo data: Brugwerk Recruitment, a believable Dutch recruitment and secondment agency.

`seed()` fills an empty database through the services (so everything is validated, rendered
and linked exactly as the web and the API would), then back-dates posts, replies and likes
over the last weeks. A fixed random seed makes the demo the same every time. The texts live
in the data modules next to this one; the logic lives here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select, update

from ..accounts import people as accounts
from ..clients import directory
from ..extensions import db
from ..models import (
    CandidatePrivate,
    Client,
    Follow,
    Group,
    GroupMember,
    Notification,
    Post,
    PostType,
    Reaction,
    Role,
    TagFollow,
    User,
)
from ..notifying import alerts as alert_service
from ..notifying import fanout
from ..platform.clock import agency_zone, local_today, utcnow
from ..posting import follows, groups, posts
from ..search.indexer import rebuild
from .alerts import REPUTATION_ALERTS
from .analytics import seed_share_events
from .candidates import CANDIDATE_OFFERS
from .candidates_extra import add_candidate_extras
from .clients_extra import seed_clients_extra
from .group_posts import GROUP_UPDATES
from .organisation import CLIENTS, GROUPS
from .people import DOMAIN, MAIN_LOGINS, PEOPLE
from .referrals import seed_referrals
from .sharing import seed_sharing
from .signals import CLIENT_SIGNALS
from .updates import UPDATES_EARLY
from .updates_late import UPDATES_LATE
from .vacancies import VACANCIES

DEMO_PASSWORD = "kring-demo-2026"
RANDOM_SEED = 2026
DAYS = 35  # posts are spread over this many days before today
WORKDAY = (time(8, 30), time(17, 45))  # local time
LIKES = (0, 1, 1, 1, 2, 2, 2, 3)  # reactions per post, when the data doesn't say
REACTED = ("heart", "thumbs_up", "heart", "tada", "thumbs_up", "pray", "heart", "joy")
ROLE_ORDER = {Role.ADMIN: 0, Role.RECRUITER: 1, Role.EMPLOYEE: 2}

# Each data list, with the type of its posts; each list is oldest first.
STREAMS = (
    (PostType.UPDATE, UPDATES_EARLY + UPDATES_LATE),
    (PostType.UPDATE, GROUP_UPDATES),
    (PostType.VACANCY, VACANCIES),
    (PostType.CANDIDATE_OFFER, CANDIDATE_OFFERS),
    (PostType.CLIENT_SIGNAL, CLIENT_SIGNALS),
    (PostType.REPUTATION_ALERT, REPUTATION_ALERTS),
)
# Keys of a data item that are not fields of the post.
NOT_FIELDS = {"by", "group", "status", "replies", "likes", "weeks", "body", "resolution_note"}


def is_empty() -> bool:
    """True if nobody has an account yet: the only time the demo may be added."""
    return not db.session.scalar(select(func.count()).select_from(User))


def seed(progress: Callable[[str], object] = print) -> list[tuple[str, str]]:
    """Fill an empty database; return (email, role) of every demo login, main ones first."""
    rng = random.Random(RANDOM_SEED)
    now = utcnow()
    start = now - timedelta(days=DAYS)

    progress("Mensen…")
    people = _people(rng, start)
    progress("Klanten en groepen…")
    _clients(people, start)
    group_ids, members = _groups(rng, people, start)

    plan = _plan(rng, now)
    progress(f"Berichten, reacties en likes ({len(plan)} berichten)…")
    handles = {key: db.session.get(Group, group_id).handle for key, group_id in group_ids.items()}
    for when, post_type, item in plan:
        item = _naming_groups(item, handles)
        _post(rng, now, people, group_ids, members, when, post_type, item)
    add_candidate_extras(people, now)

    progress("Volgen…")
    _follows(rng, people, start)
    progress("Aanbevelingen…")
    seed_referrals(people, now)
    progress("Klanten volgen, reputatiemeldingen…")
    seed_clients_extra(rng, people, now)
    progress("Alerts, meldingen en zoekindex…")
    _alerts(people)
    _notifications(now)
    seed_share_events(now)
    progress("Delen…")
    seed_sharing(rng, now)
    rebuild()
    progress("Klaar.")
    return _logins(people)


DEMO_ALERTS = [  # handle, term, variants
    ("daan.bakker", "Van der Berg Logistiek", False),
    ("daan.bakker", "logist*", False),
    ("femke.jansen", "review", True),
    ("lisa.vandijk", "vacature", True),
]


def _alerts(people: dict[str, User]) -> None:
    by_handle = {u.handle: u for u in people.values()}
    for handle, term, variants in DEMO_ALERTS:
        if handle in by_handle:
            alert_service.create_alert(by_handle[handle], {"term": term, "variants": variants})


def _notifications(now: datetime) -> None:
    """Notify as if it all happened live: dated with their posts, older ones read."""
    fanout.drain(max_batches=1000)
    created = select(Post.created_at).where(Post.id == Notification.post_id).scalar_subquery()
    db.session.execute(update(Notification).values(created_at=created))
    db.session.execute(
        update(Notification)
        .where(Notification.created_at < now - timedelta(days=2))
        .values(read_at=now)
    )
    db.session.commit()


# People, clients and groups ---------------------------------------------------------------


def _email(person: dict) -> str:
    return f"{person['email']}@{DOMAIN}"


def _people(rng: random.Random, start: datetime) -> dict[str, User]:
    people, password_hash = {}, None
    for person in PEOPLE:
        if password_hash is None:
            user = accounts.create_user(
                _email(person),
                person["name"],
                DEMO_PASSWORD,
                role=person["role"],
                handle=person.get("handle"),
            )
            password_hash = user.password_hash
        else:
            user = _user_with_hash(person, password_hash)
        profile = {
            name: person[name] for name in ("job_title", "department", "location", "skills", "bio")
        }
        profile["language"] = person.get("language")
        accounts.update_profile(user, profile)
        joined = start - timedelta(days=rng.randint(20, 2400), minutes=rng.randint(0, 600))
        _set_created(User, user.id, joined)
        people[user.handle] = user
    db.session.commit()
    return people


def _user_with_hash(person: dict, password_hash: str) -> User:
    """Like accounts.create_user (same checks), but with the demo password hashed once:
    scrypt takes a noticeable moment per person."""
    email = accounts.normalise_email(_email(person))
    handle = person.get("handle")
    user = User(
        email=email,
        name=person["name"],
        role=accounts.check_role(person["role"]),
        handle=accounts.check_handle(handle) if handle else accounts.suggest_handle(email),
        password_hash=password_hash,
    )
    db.session.add(user)
    db.session.commit()
    return user


def _clients(people: dict[str, User], start: datetime) -> None:
    admin = next(u for u in people.values() if u.is_admin)
    for n, client in enumerate(CLIENTS):
        row = directory.create_client(
            admin,
            client["name"],
            aliases=client["aliases"],
            owners=[people[h].id for h in client["owners"]],
            industry=client["industry"],
        )
        _set_created(Client, row.id, start - timedelta(days=400 - 20 * n))
    db.session.commit()


def _groups(rng: random.Random, people: dict[str, User], start: datetime):
    """Create the groups; return their ids and members' handles, both by data key."""
    group_ids, members = {}, {}
    for key, spec in GROUPS.items():
        owner = people[spec["owner"]]
        group = groups.create_group(owner, spec["name"], spec["private"], spec["description"])
        for handle in spec["members"]:
            groups.add_member(owner, group, people[handle])
        created = start - timedelta(days=rng.randint(3, 10))
        _set_created(Group, group.id, created)
        db.session.execute(
            update(GroupMember)
            .where(GroupMember.group_id == group.id)
            .values(created_at=created + timedelta(hours=2))
        )
        db.session.commit()
        group_ids[key] = group.id
        members[key] = {spec["owner"], *spec["members"]}
    return group_ids, members


# When the posts appear ----------------------------------------------------------------------


def _working_hours(now: datetime) -> list[tuple[datetime, datetime]]:
    """The working hours of the last DAYS days as naive UTC intervals, none in the future."""
    today, zone = local_today(), agency_zone()
    latest = now - timedelta(minutes=20)
    intervals = []
    for days_ago in range(DAYS, -1, -1):
        day = today - timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        begin, end = (
            datetime.combine(day, moment, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
            for moment in WORKDAY
        )
        end = min(end, latest)
        if end > begin:
            intervals.append((begin, end))
    return intervals


def _at(intervals: list[tuple[datetime, datetime]], fraction: float) -> datetime:
    """The moment `fraction` of the way through the working hours."""
    total = sum((end - begin).total_seconds() for begin, end in intervals)
    offset = fraction * total
    for begin, end in intervals:
        length = (end - begin).total_seconds()
        if offset <= length:
            return begin + timedelta(seconds=int(offset))
        offset -= length
    return intervals[-1][1]


def _plan(rng: random.Random, now: datetime) -> list[tuple[datetime, str, dict]]:
    """Every post with its time: each stream spread evenly over the period, in its order."""
    intervals = _working_hours(now)
    plan = []
    for post_type, items in STREAMS:
        for n, item in enumerate(items):
            fraction = (n + rng.uniform(0.05, 0.95)) / len(items)
            plan.append((_at(intervals, fraction), post_type, item))
    plan.sort(key=lambda entry: entry[0])
    return plan


# Posts, replies, likes, statuses ------------------------------------------------------------


def _fields(post_type: str, item: dict) -> dict:
    data = {name: value for name, value in item.items() if name not in NOT_FIELDS}
    data.update(type=post_type, body=item["body"])
    if post_type == PostType.VACANCY:
        data["closes_on"] = local_today() + timedelta(weeks=item["weeks"])
    elif post_type == PostType.CANDIDATE_OFFER:
        data["consent"] = True
    return data


def _naming_groups(item: dict, handles: dict[str, str]) -> dict:
    """The data names a group as @{key}: a private group's handle is known once it is made."""
    body = item.get("body", "")
    for key, handle in handles.items():
        body = body.replace("@{" + key + "}", "@" + handle)
    return {**item, "body": body} if "body" in item else item


def _post(rng, now, people, group_ids, members, when, post_type, item) -> None:
    author = people[item["by"]]
    data = _fields(post_type, item)
    group_key = item.get("group")
    if group_key:
        data["group"] = group_ids[group_key]
    post = posts.create_post(author, data)
    post_id = post.id
    _set_created(Post, post_id, when)
    if post_type == PostType.CANDIDATE_OFFER:
        db.session.execute(
            update(CandidatePrivate)
            .where(CandidatePrivate.post_id == post_id)
            .values(consent_at=when)
        )
    db.session.commit()

    latest = now - timedelta(minutes=1)
    moment = when
    for handle, body in item.get("replies", ()):
        reply = posts.create_reply(people[handle], post, body)
        moment = max(
            min(moment + timedelta(minutes=rng.uniform(8, 200)), latest),
            moment + timedelta(seconds=20),
        )
        _set_created(Post, reply.id, moment)
        db.session.commit()

    private = group_key and GROUPS[group_key]["private"]
    readers = sorted(members[group_key] if private else people)
    readers = [h for h in readers if h != item["by"]]
    count = min(item.get("likes", rng.choice(LIKES)), len(readers))
    for number, handle in enumerate(rng.sample(readers, count)):
        user = people[handle]
        kind = REACTED[(post_id + number) % len(REACTED)]
        posts.react(user, post, kind)
        liked = min(when + timedelta(minutes=rng.uniform(3, 1500)), latest)
        db.session.execute(
            update(Reaction)
            .where(Reaction.post_id == post_id, Reaction.user_id == user.id)
            .values(created_at=liked)
        )
    db.session.commit()

    if item.get("status"):
        _move(people, post, author, item)


def _move(people, post, author, item) -> None:
    """Walk the post to its status along its lifecycle, as the people involved would."""
    status = item["status"]
    actor = author
    assignee = people.get(item.get("assignee") or "")
    if assignee and assignee.is_recruiter:
        actor = assignee
    if post.type == PostType.REPUTATION_ALERT:  # triage is a recruiter's move
        actor = actor if actor.is_recruiter else next(u for u in people.values() if u.is_admin)
        if status == "resolved":
            posts.change_status(actor, post, "acknowledged")
    posts.change_status(actor, post, status, item.get("resolution_note"))


# Following --------------------------------------------------------------------------------


def _follows(rng: random.Random, people: dict[str, User], start: datetime) -> None:
    for person in PEOPLE:
        user = people[person.get("handle") or person["email"]]
        for handle in person["follows"]:
            followed = people[handle]
            follows.follow_user(user, followed)
            db.session.execute(
                update(Follow)
                .where(Follow.follower_id == user.id, Follow.followed_id == followed.id)
                .values(created_at=_some_time_before(rng, start))
            )
        for name in person["tags"]:
            tag = follows.follow_tag(user, name)
            db.session.execute(
                update(TagFollow)
                .where(TagFollow.user_id == user.id, TagFollow.tag_id == tag.id)
                .values(created_at=_some_time_before(rng, start))
            )
        db.session.commit()


def _some_time_before(rng: random.Random, moment: datetime) -> datetime:
    return moment - timedelta(days=rng.randint(0, 3), minutes=rng.randint(0, 600))


# Helpers ----------------------------------------------------------------------------------


def _set_created(model, row_id: int, when: datetime) -> None:
    db.session.execute(update(model).where(model.id == row_id).values(created_at=when))


def _logins(people: dict[str, User]) -> list[tuple[str, str]]:
    """Every demo login: the three main ones, then admins, recruiters and the others."""
    main = [f"{local}@{DOMAIN}" for local in MAIN_LOGINS]
    users = sorted(
        people.values(),
        key=lambda u: (
            main.index(u.email) if u.email in main else len(main),
            ROLE_ORDER[u.role],
            u.name,
        ),
    )
    return [(u.email, u.role) for u in users]
