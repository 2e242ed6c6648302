"""Under gevent's monkey-patching (KRING_SERVER=gevent), what runs in threads elsewhere must
not freeze the hub: SQLite writers and the Markdown workers. Each check runs in a fresh,
patched process (patching can't be undone in the test process)."""

from __future__ import annotations

import os
import textwrap

from servers import run_python

PATCHED = """
from gevent import monkey
monkey.patch_all()
import time
import gevent
from intranet import create_app
from intranet.platform import serving
assert serving.gevent_patched() and serving.socketio_async_mode() == "gevent"
"""


def _env(tmp_path) -> dict:
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "gevent-test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/gevent.db",
    }
    env.pop("TEST_DATABASE_URL", None)
    return env


def test_sqlite_writers_wait_for_each_other_cooperatively(tmp_path):
    """A greenlet parked inside a write transaction (its Markdown renders, say) must not
    leave another writer in SQLite's busy wait, which sleeps in C and freezes the hub —
    the parked greenlet with it — for the whole busy_timeout."""
    script = PATCHED + textwrap.dedent("""
        from flask_migrate import upgrade
        from sqlalchemy import text
        from intranet.platform.database import writes
        from intranet.extensions import db
        app = create_app({"KRING_TRIGGER_JOBS": False})
        with app.app_context():
            upgrade()
        order = []

        @writes
        def slow_writer():
            db.session.execute(text("CREATE TABLE IF NOT EXISTS t (n INTEGER)"))
            db.session.execute(text("INSERT INTO t VALUES (1)"))
            order.append("first holds the lock")
            gevent.sleep(0.3)  # parked mid-transaction
            db.session.commit()

        @writes
        def second_writer():
            db.session.execute(text("INSERT INTO t VALUES (2)"))
            db.session.commit()
            order.append("second wrote")

        def run(function):
            with app.app_context():
                function()
                db.session.remove()

        started = time.monotonic()
        first = gevent.spawn(run, slow_writer)
        gevent.sleep(0.05)
        gevent.joinall([first, gevent.spawn(run, second_writer)], raise_error=True)
        elapsed = time.monotonic() - started
        assert order == ["first holds the lock", "second wrote"], order
        assert elapsed < 2, elapsed  # not the 10 s busy_timeout
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_markdown_workers_keep_the_hub_running(tmp_path):
    script = PATCHED + textwrap.dedent("""
        from intranet.text.bounded import RenderError, renderer
        renderer.warm()
        ticks = []
        ticker = gevent.spawn(lambda: [ticks.append(gevent.sleep(0.01)) for _ in range(100)])
        assert renderer.render("**vet** voor @jan", 5).mentions == ["jan"]
        started = time.monotonic()
        try:
            renderer.render("[" * 10_000, 0.5)
            raise AssertionError("a hostile body was rendered")
        except RenderError:
            pass
        assert time.monotonic() - started < 2
        # The hub kept turning while we waited (a blocked hub ticks once at most; a loaded
        # machine may tick well under the 50 an idle one does).
        assert len(ticks) >= 5, len(ticks)
        assert renderer.render("daarna #weer", 5).tags == ["weer"]
        ticker.kill()
        renderer.close()
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_an_image_is_encoded_again_while_the_hub_keeps_running(tmp_path):
    """Pillow computes for long with the GIL released: in a real thread the hub turns."""
    script = PATCHED + textwrap.dedent("""
        import io
        from PIL import Image
        from intranet.platform import images
        out = io.BytesIO()
        Image.effect_noise((3000, 3000), 60).convert("RGB").save(out, format="PNG")
        ticks = []

        def tick():
            while True:
                ticks.append(time.monotonic())
                gevent.sleep(0.01)

        ticker = gevent.spawn(tick)
        gevent.sleep(0.05)
        before = len(ticks)
        cleaned = serving.in_real_thread(images.clean, out.getvalue())
        assert cleaned.width == 3000
        assert len(ticks) - before >= 5, len(ticks) - before  # the hub kept turning
        ticker.kill()
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_a_profile_photo_is_made_while_the_hub_keeps_running(tmp_path):
    """A profile photo is decoded, cropped and encoded in two sizes by Pillow: that runs
    in a real thread too, so a large photo leaves the other requests served."""
    script = PATCHED + textwrap.dedent("""
        import io
        from PIL import Image
        from flask_migrate import upgrade
        from intranet.accounts import people, photos
        from intranet.extensions import db
        app = create_app({"KRING_TRIGGER_JOBS": False})
        out = io.BytesIO()
        Image.new("RGB", (4000, 4000), (30, 120, 200)).save(out, format="JPEG")
        ticks = []

        def tick():
            while True:
                ticks.append(time.monotonic())
                gevent.sleep(0.01)

        with app.app_context():
            upgrade()
            user = people.create_user("foto@brugwerk.example", "Foto", "x" * 12)
            db.session.commit()
            ticker = gevent.spawn(tick)
            gevent.sleep(0.05)
            before, started = len(ticks), time.monotonic()
            photos.set_photo(user, out.getvalue())
            took = time.monotonic() - started
            assert user.photo and photos.path(user.id, user.photo, 256).is_file()
            # the hub kept turning all along (a tick per 10 ms when free; none when blocked)
            assert len(ticks) - before >= max(5, took * 20), (len(ticks) - before, took)
            ticker.kill()
            db.session.remove()
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_a_requests_side_effects_follow_its_response(tmp_path):
    """Under gevent what a request's commit set going (the fan-out's kick, pushes) runs once
    its response is out, not in the middle of it; after an error too, never after a
    rollback."""
    script = PATCHED + textwrap.dedent("""
        from flask import abort
        from flask_migrate import upgrade
        from sqlalchemy import text
        from intranet.extensions import db
        from intranet.platform.database import on_commit, writes
        app = create_app({"KRING_TRIGGER_JOBS": False})
        with app.app_context():
            upgrade()
        effects, seen_at_return = [], {}

        @writes
        def unit(name, fail=False):
            db.session.execute(text("SELECT 1"))
            on_commit(lambda: effects.append(name))
            if fail:
                raise ValueError("rolled back")

        def committed(name):
            unit(name)
            seen_at_return[name] = list(effects)
            return name

        def committed_then_failed(name):
            unit(name)
            abort(500)

        def rolled_back(name):
            try:
                unit(name, fail=True)
            except ValueError:
                pass
            return name

        for view in (committed, committed_then_failed, rolled_back):
            app.add_url_rule(f"/{view.__name__}/<name>", view.__name__, view)
        client = app.test_client()
        assert client.get("/committed/a", buffered=True).status_code == 200
        assert seen_at_return["a"] == [] and effects == ["a"], (seen_at_return, effects)
        assert client.get("/committed_then_failed/b", buffered=True).status_code == 500
        assert client.get("/rolled_back/c", buffered=True).status_code == 200
        assert effects == ["a", "b"], effects
        with app.app_context():  # outside a request: at commit, as before
            unit("d")
            assert effects == ["a", "b", "d"], effects
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_the_side_effects_of_a_request_answered_with_a_file_run(tmp_path):
    """A file's response (send_file: Werkzeug hands the file to the server as it is) never
    calls its close callbacks: what the request's commit set going must run all the same."""
    script = PATCHED + textwrap.dedent("""
        import io
        from flask import send_file
        from flask_migrate import upgrade
        from sqlalchemy import text
        from intranet.extensions import db
        from intranet.platform.database import on_commit, writes
        app = create_app({"KRING_TRIGGER_JOBS": False})
        with app.app_context():
            upgrade()
        effects = []

        @writes
        def unit(name):
            db.session.execute(text("SELECT 1"))
            on_commit(lambda: effects.append(name))

        def download(name):
            unit(name)
            return send_file(io.BytesIO(b"bytes"), mimetype="text/plain", download_name="a.txt")

        app.add_url_rule("/download/<name>", "download", download)
        client = app.test_client()
        answer = client.get("/download/a", buffered=True)
        assert answer.status_code == 200 and answer.data == b"bytes", answer.status
        assert effects == ["a"], effects
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"


def test_a_serving_process_leaves_its_start_up_objects_out_of_every_collection(tmp_path):
    """Under gevent a full collection stops every socket for as long as it walks the heap
    (100–280 ms with 1,000 clients, BENCHMARKS.md): once the background work has started,
    what start-up made is frozen out of the collector's walk, young collections come less
    often, and gunicorn's configuration has gevent keep no spawn tree per greenlet."""
    script = PATCHED + textwrap.dedent("""
        import gc, runpy
        from flask_migrate import upgrade
        from intranet.background import init_background
        from intranet.search.writer import writer
        from intranet.platform import queue
        runpy.run_path("gunicorn.conf.py")
        assert gevent.config.track_greenlet_tree is False
        app = create_app({"KRING_TRIGGER_JOBS": False})
        with app.app_context():
            upgrade()
        walked_before = len(gc.get_objects())
        assert gc.get_freeze_count() == 0
        init_background(app)
        frozen, walked = gc.get_freeze_count(), len(gc.get_objects())
        assert frozen > walked_before * 0.9, (frozen, walked_before)
        assert walked < walked_before / 10, (walked, walked_before)
        assert gc.get_threshold() == serving.COLLECT_THRESHOLDS
        queue.stop_consumer()
        writer.stop()
        print("ok")
    """)
    assert run_python(_env(tmp_path), script).strip() == "ok"
