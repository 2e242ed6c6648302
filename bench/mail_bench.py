"""Digests: render and deliver N digests to an aiosmtpd sink on loopback, against sending
the same prepared messages with bare smtplib (the baseline, one connection)."""

from __future__ import annotations

import shutil
import smtplib
import socket
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from . import databases

HERE = Path(__file__).resolve().parent / "data"
MONDAY = datetime(2026, 11, 23, 8, 30)


class Sink:
    def __init__(self):
        self.count, self.raw, self.lock = 0, [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += 1
            self.raw.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fill(n: int) -> None:
    """n people, each with two unread mentions in last week's period (bulk, not services)."""
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from intranet.extensions import db
    from intranet.models import Notification, Post, User

    hashed = generate_password_hash("x", method="pbkdf2:sha256:1000")
    when = MONDAY - timedelta(days=2)
    db.session.execute(
        insert(User),
        [
            {
                "email": f"d{i}@brugwerk.example",
                "handle": f"d{i}",
                "name": f"Digest Lezer {i}",
                "password_hash": hashed,
                "role": "employee",
                "created_at": datetime(2026, 1, 1),
                "digest": "weekly",
                "digest_day": 0,
                "digest_hour": 8,
                "digest_max": 20,
                "digest_asked": True,
                "job_title": "",
                "department": "",
                "location": "",
                "skills": "",
                "bio": "",
                "session_version": 0,
            }
            for i in range(n + 1)
        ],
    )
    author = 1
    db.session.execute(
        insert(Post),
        [
            {
                "type": "update",
                "author_id": author,
                "body": f"Vraag {i}",
                "html": f"<p>Vraag {i}</p>",
                "text": f"Vraag {i} over de planning van Van der Berg Logistiek in Tiel",
                "created_at": when,
                "like_count": 0,
                "reply_count": 0,
                "must_read": False,
            }
            for i in range(50)
        ],
    )
    db.session.execute(
        insert(Notification),
        [
            {
                "user_id": u,
                "post_id": 1 + (u * 7 + k) % 50,
                "reasons": [{"kind": "mention"}],
                "kinds": ",mention,",
                "created_at": when,
            }
            for u in range(2, n + 2)
            for k in range(2)
        ],
    )
    db.session.commit()


def run(n: int = 10_000) -> dict:
    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade

    from intranet import create_app
    from intranet.extensions import db
    from intranet.notifying.mailings import send_digests

    instance = HERE / f"mail-{n}"
    shutil.rmtree(instance, ignore_errors=True)
    instance.mkdir(parents=True)
    sink, port = Sink(), _port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(instance),
            "TESTING": True,
            "DATABASE_URL": databases.fresh(instance, "mail"),
            "KRING_TRIGGER_JOBS": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "KRING_BASE_URL": "https://kring.example",
        }
    )
    try:
        with app.app_context():
            upgrade()
            _fill(n)
            started, cpu = time.perf_counter(), time.process_time()
            report = send_digests(now=MONDAY)
            kring = time.perf_counter() - started
            kring_cpu = time.process_time() - cpu
            db.session.remove()
            db.engine.dispose()
        messages = list(sink.raw)
        started, cpu = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for sender, recipients, content in messages:
                smtp.sendmail(sender, recipients, content)
        bare = time.perf_counter() - started
        bare_cpu = time.process_time() - cpu
    finally:
        controller.stop()
    return {
        "n": n,
        "sent": len(report.sent),
        "failed": len(report.failed),
        "kring_seconds": kring,
        "bare_seconds": bare,
        "kring_cpu": kring_cpu,  # this process's CPU (the SMTP sink's thread included)
        "bare_cpu": bare_cpu,
        "database": databases.backend(),
        "load": databases.load_average(),
    }
