"""Faults caused for real while Kring serves, with nothing lost: the search index deleted
or corrupted, the mail server down and back."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool
from support import whoosh_only

from intranet.extensions import db
from intranet.models import IndexQueue, Referral
from intranet.search import indexer
from intranet.search.whoosh_index import index_dir


def _found(client, word: str) -> list[int]:
    answer = client.get(f"/search?q={word}")
    assert answer.status_code == 200, answer.get_json()
    return [item["id"] for item in answer.get_json()["items"]]


def _damage(folder, how: str) -> None:
    if how == "deleted":
        shutil.rmtree(folder)
        return
    for path in folder.iterdir():  # every file overwritten in place, names and sizes kept
        if path.is_file():
            path.write_bytes(b"\x00garbage" * max(1, path.stat().st_size // 8))


# Whoosh leaves the file it failed to read open; it is closed when collected, here.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("how", ["deleted", "corrupted"])
def test_a_broken_search_index_is_said_and_posting_goes_on(make_user, api, login, app, how):
    """The index folder is deleted, or every file in it overwritten, while the app serves
    (a searcher is open): search says so on the page and in the API, posts are still
    made and queued for the index, and `search reindex` brings everything back."""
    whoosh_only(app)
    user = make_user()
    client = api(user)
    first = client.post("/posts", json={"type": "update", "body": "Eerste zoekwoord"})
    indexer.drain()
    assert _found(client, "zoekwoord") == [first.get_json()["id"]]

    _damage(index_dir(app.instance_path), how)

    answer = client.get("/search?q=zoekwoord", headers={"Accept-Language": "en"})
    assert answer.status_code == 503
    assert "Search is being rebuilt" in answer.get_json()["error"]["message"]
    page = login(user).get("/search?q=zoekwoord", headers={"Accept-Language": "en"})
    assert page.status_code in (200, 503) and "Search is being rebuilt" in page.get_data(
        as_text=True
    )
    second = client.post("/posts", json={"type": "update", "body": "Tweede zoekwoord"})
    assert second.status_code == 201
    assert db.session.scalar(select(func.count()).select_from(IndexQueue)) >= 1

    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert sorted(_found(client, "zoekwoord")) == sorted(
        [first.get_json()["id"], second.get_json()["id"]]
    )
    gc.collect()


# A full disk, for real: a file size limit (RLIMIT_FSIZE) in a child process --------------

LIMITED = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))  # SIGXFSZ: Python ignores it
from intranet import create_app
from intranet.platform import mailer
app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": FOLDER,
                  "DATABASE_URL": "sqlite:///" + FOLDER + "/unused.db", "MAIL_SERVER": None})
with app.app_context():
    message = mailer.build("lezer@brugwerk.example", "Groot", "x" * SIZE)
    try:
        mailer.Mailer().send(message)
    except OSError as error:
        print("refused", error.errno)
    else:
        print("sent")
    print(sorted(p.name for p in (Path(FOLDER) / "outbox").iterdir()))
"""


def _send_limited(folder, limit: int, size: int) -> list[str]:
    import subprocess
    import sys

    from servers import ROOT

    script = f"LIMIT, SIZE, FOLDER = {limit}, {size}, {str(folder)!r}\n{LIMITED}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()


def test_a_full_disk_leaves_no_half_message_in_the_outbox(tmp_path):
    """The outbox's write fails with EFBIG (a file size limit, as a full disk would with
    ENOSPC): the sender gets the OSError (the outbox row is marked failed and retried
    after its back-off, as when an SMTP server is down) and no half message is left to
    be read as sent; with room again the message is written whole."""
    refused = _send_limited(tmp_path, limit=64 * 1024, size=200_000)
    assert refused == ["refused 27", "[]"]
    sent = _send_limited(tmp_path, limit=16 * 1024 * 1024, size=200_000)
    assert sent[0] == "sent" and len(eval(sent[1])) == 1 and eval(sent[1])[0].endswith(".eml")


@pytest.fixture
def small_disk(app):
    """A 1 MB tmpfs over the instance's uploads folder: a real ENOSPC for what is written
    there (needs the right to mount, as root in CI)."""
    import subprocess

    folder = Path(app.instance_path) / "uploads"
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"can't mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_refuses_the_cv_clearly_and_keeps_the_form(make_user, app, small_disk):
    """The CV doesn't fit on the disk: the applicant sees why, gets the form back filled
    in, and nothing half is stored (no row, no partial file); with room again, the same
    application goes through."""
    import subprocess

    from test_sharing import apply_form, vacancy

    recruiter = make_user("recruiter")
    post = vacancy(recruiter)
    cv = b"%PDF-1.4\n" + b"0" * 1_500_000
    answer = apply_form(app.test_client(), post.id, name="Vera Volschijf", cv=(cv, "cv.pdf"))
    assert answer.status_code == 507
    page = answer.get_data(as_text=True)
    assert "Vera Volschijf" in page and "cv" in page.lower()
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0
    assert [p for p in small_disk.rglob("*") if p.is_file()] == []

    subprocess.run(["umount", str(small_disk)], check=True)
    again = apply_form(app.test_client(), post.id, name="Vera Volschijf", cv=(cv, "cv.pdf"))
    assert again.status_code == 303
    referral = db.session.scalar(select(Referral))
    assert (small_disk / referral.cv_path).stat().st_size == len(cv)


# PostgreSQL going away -------------------------------------------------------------------


def _terminate_other_connections() -> int:
    """Every other connection to this test database ended by the server, as a restart
    ends them (a stand-in: the shared PostgreSQL here must never be restarted, and this
    reaches only the test's own database)."""
    outside = create_engine(db.engine.url, poolclass=NullPool)  # not one of the pool's
    with outside.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
        connection.commit()
    outside.dispose()
    return ended


def test_requests_after_postgresql_dropped_every_connection_work(make_user, api, app):
    """The server ends every pooled connection (pg_terminate_backend on the test's own
    database: what a restart does to them). With the pool's pre-ping the next requests
    get fresh connections and work (search, on its own connections, tries once more on a
    fresh one); a request that finds its connection dead mid-way is
    a 503 with a message, never a 500."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    client = api(make_user())
    assert [client.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    assert client.get("/search?q=herstart").status_code == 200  # search's pool has one too
    db.session.commit()
    assert _terminate_other_connections() >= 1
    assert [client.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    made = client.post("/posts", json={"type": "update", "body": "Na de herstart"})
    assert made.status_code == 201
    if app.config["SEARCH_BACKEND"] == "postgres":  # its own connections, never pinged
        found = client.get("/search?q=herstart")
        assert found.status_code == 200
        assert [item["id"] for item in found.get_json()["items"]] == [made.get_json()["id"]]
