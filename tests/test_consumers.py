"""Jobs across machines: `flask --app wsgi jobs run` consumers in processes of their own
(separate instance folders), sharing the database and a job queue on Redis."""

from __future__ import annotations

import os
import time
import uuid
from collections import defaultdict
from datetime import datetime

import pytest
import redis
from mailsink import SmtpServer
from servers import Consumer, live_database, prepare, run_python
from sqlalchemy import create_engine, text
from test_redis import REDIS_URL, redis_available

from intranet.platform.database import database_url

pytestmark = pytest.mark.skipif(
    not redis_available() and not os.environ.get("CI_REQUIRE_REDIS"),
    reason=f"no Redis at {REDIS_URL}",
)
PEOPLE = 1000


class Machines:
    """Two job consumers, as on two machines, and a mail server."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.database = live_database(tmp, "consumers")
        self.queue = f"kring-test-{uuid.uuid4().hex[:8]}"
        self.smtp = SmtpServer()
        self.env = {
            **os.environ,
            "KRING_INSTANCE_PATH": str(tmp / "setup"),
            "SECRET_KEY": "live-test",
            "DATABASE_URL": self.database,
            "REDIS_URL": REDIS_URL,
            "KRING_JOBS_QUEUE": self.queue,
            "KRING_SOCKETIO_CHANNEL": self.queue,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp.port),
        }
        self.env.pop("TEST_DATABASE_URL", None)
        prepare(self.env, {})
        self.consumers = [
            Consumer(tmp / name, self.env, workers=1) for name in ("machine1", "machine2")
        ]
        self.engine = create_engine(database_url(self.database, str(tmp)))
        for consumer in self.consumers:  # both wait on the queue before a test fills it
            assert wait_until(lambda c=consumer: "consumer started" in c.log_path.read_text())

    def sql(self, statement: str, **params):
        with self.engine.begin() as connection:
            result = connection.execute(text(statement), params)
            return result.all() if result.returns_rows else result.rowcount

    def enqueue(self, code: str) -> None:
        """Put jobs in the queue from a process of its own (`huey` is the queue)."""
        run_python(
            self.env,
            "from intranet import create_app\n"
            "from intranet.platform.queue import huey, named\n"
            "from datetime import datetime\n"
            "app = create_app()\n" + code,
        )

    def queued(self) -> int:
        return redis.Redis.from_url(REDIS_URL).llen(f"huey.redis.{self.queue}")

    def stop(self) -> None:
        for consumer in self.consumers:
            consumer.stop()
        self.smtp.stop()
        self.engine.dispose()


@pytest.fixture(scope="module")
def machines(tmp_path_factory):
    machines = Machines(tmp_path_factory.mktemp("consumers"))
    yield machines
    machines.stop()


def wait_until(check, timeout=180.0, every=0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


def test_a_period_s_work_runs_once_whichever_scheduler_fires_it(machines):
    """Both consumers' schedulers fire every periodic task in a minute (here: the minutes
    10:00 and 10:23, each fired twice, as by two schedulers); each runs once."""
    periods = ["2026-12-03T10:00", "2026-12-03T10:23"]
    machines.enqueue(
        "for stamp in (datetime(2026, 12, 3, 10, 0), datetime(2026, 12, 3, 10, 23)):\n"
        "    for scheduler in range(2):\n"
        "        for fired in huey.read_periodic(stamp):\n"
        "            huey.enqueue(fired)\n"
    )
    expected = {
        ("kring.sweep", periods[0]),
        ("kring.webhooks", periods[0]),
        ("kring.mail", periods[0]),
        ("kring.close_vacancies", periods[0]),
        ("kring.sweep", periods[1]),
        ("kring.webhooks", periods[1]),
        ("kring.mail", periods[1]),
        ("kring.resurface", periods[1]),
        ("kring.escalation", periods[1]),
    }

    def runs():
        rows = machines.sql(
            "SELECT job, period, claimed_by FROM periodic_runs WHERE period IN (:a, :b)",
            a=periods[0],
            b=periods[1],
        )
        return {(job, period): by for job, period, by in rows}

    assert wait_until(lambda: set(runs()) == expected and machines.queued() == 0)

    def skipped() -> dict[int, int]:
        """How many firings each consumer found already claimed."""
        return {
            consumer.process.pid: sum(
                "ran elsewhere" in line and any(p in line for p in periods)
                for line in consumer.log_path.read_text().splitlines()
            )
            for consumer in machines.consumers
        }

    # Every one of the 18 firings was executed: 9 ran, 9 found their period taken.
    assert wait_until(lambda: sum(skipped().values()) == len(expected), timeout=10), skipped()
    ran = {int(by.rsplit(":", 1)[1]) for by in runs().values()}
    skipping = {pid for pid, count in skipped().items() if count}
    assert ran | skipping == {c.process.pid for c in machines.consumers}, "one consumer idled"


def make_digests_due(machines) -> None:
    """A thousand people, each with a daily digest due (one unread mention each)."""
    run_python(
        machines.env,
        "from datetime import timedelta\n"
        "from sqlalchemy import insert\n"
        "from intranet import create_app\n"
        "from intranet.extensions import db\n"
        "from intranet.accounts.people import create_user\n"
        "from intranet.models import Notification, User\n"
        "from intranet.notifying import digests\n"
        "from intranet.platform.clock import utcnow\n"
        "from intranet.posting.posts import create_post\n"
        "with create_app().app_context():\n"
        "    author = create_user('auteur@brugwerk.example', 'Auteur', 'x' * 12)\n"
        "    post = create_post(author, {'type': 'update', 'body': 'Lees dit'})\n"
        "    created = utcnow() - timedelta(days=3)\n"
        "    db.session.execute(insert(User), [\n"
        "        {'email': f'p{n}@brugwerk.example', 'handle': f'p{n}', 'name': f'P {n}',\n"
        "         'password_hash': '!', 'digest': 'daily', 'digest_hour': 0,\n"
        "         'timezone': 'UTC', 'digest_asked': True, 'created_at': created}\n"
        f"        for n in range({PEOPLE})])\n"
        "    people = db.session.scalars(db.select(User).where(User.id != author.id)).all()\n"
        "    until = digests.period(people[0])[2]\n"
        "    db.session.execute(insert(Notification), [\n"
        "        {'user_id': p.id, 'post_id': post.id, 'reasons': [{'kind': 'mention'}],\n"
        "         'kinds': ',mention,', 'created_at': until - timedelta(hours=1)}\n"
        "        for p in people])\n"
        "    db.session.commit()\n",
    )


@pytest.mark.slow  # a thousand digests composed: about a minute of CPU for the two
def test_two_consumers_send_a_thousand_digests_each_once_and_survive_a_kill(machines):
    make_digests_due(machines)
    sink = machines.smtp.sink
    first, second = machines.consumers
    # Both consumers sweep at once (`kring.mail`, asked for by name, as on every minute).
    machines.enqueue("for _ in range(4):\n    named('kring.mail')()\n")
    assert wait_until(lambda: len(sink.messages) >= 300 and len(set(sink.peers)) >= 2), (
        len(sink.messages),
        set(sink.peers),
    )
    first.kill()  # SIGKILL, mid-run: whatever it held stays leased
    killed_at = len(sink.messages)
    assert killed_at < PEOPLE

    def claimed() -> int:  # sent, or leased by the one that was killed
        return machines.sql(
            "SELECT count(*) FROM outbound_mail WHERE kind = 'digest'"
            " AND status IN ('sent', 'sending')"
        )[0][0]

    assert wait_until(lambda: claimed() == PEOPLE and machines.queued() == 0)
    # The killed consumer's lease runs out (ten minutes; here at once), and the next sweep
    # is the survivor's.
    machines.sql(
        "UPDATE outbound_mail SET lease_until = :past WHERE status = 'sending'",
        past=datetime(2000, 1, 1),
    )
    machines.enqueue("named('kring.mail')()\n")
    sent = "SELECT count(*) FROM outbound_mail WHERE kind = 'digest' AND status = 'sent'"
    assert wait_until(lambda: machines.sql(sent)[0][0] == PEOPLE), machines.sql(sent)
    assert wait_until(lambda: machines.queued() == 0)

    by_person = defaultdict(set)
    for message in sink.messages:
        by_person[str(message["To"])].add(message["Message-ID"])
    assert len(by_person) == PEOPLE + 0 and all(len(ids) == 1 for ids in by_person.values())
    # A message the server accepted just before the kill, not yet marked sent, goes again
    # with the same Message-ID: one at most.
    assert PEOPLE <= len(sink.messages) <= PEOPLE + 1
