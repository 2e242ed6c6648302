"""A real Kring server in its own process, and real Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PASSWORD = "browser-test-password"
PEOPLE = {  # e-mail: (name, role)
    "bram@brugwerk.example": ("Bram Recruiter", "recruiter"),
    "eva@brugwerk.example": ("Eva Medewerker", "employee"),
    "lies@brugwerk.example": ("Lies Collega", "employee"),
    "femke@brugwerk.example": ("Femke Beheer", "admin"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _live_database(tmp: Path) -> str:
    """Its own database: SQLite in the server's instance folder, or a sibling PostgreSQL
    database of TEST_DATABASE_URL (so the PostgreSQL run drives PostgreSQL here too)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp}/live.db"
    from sqlalchemy import create_engine, text
    base, name = url.rsplit("/", 1)
    live = f"{name}_live"
    admin = create_engine(f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{live}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{live}"'))
    admin.dispose()
    return f"{base}/{live}"


class LiveServer:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "KRING_INSTANCE_PATH": str(tmp), "SECRET_KEY": "live-test",
                    "DATABASE_URL": _live_database(tmp), "HOST": "127.0.0.1",
                    "PORT": str(self.port), "KRING_BASE_URL": f"http://127.0.0.1:{self.port}"}
        self.env.pop("TEST_DATABASE_URL", None)
        self.log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.flask("db", "upgrade")
        self._create_people()
        self.process = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def flask(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                                cwd=ROOT, env=self.env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def _create_people(self) -> None:
        """The people the browser tests log in as, made in one process (starting Python
        and the app costs seconds on a busy machine)."""
        script = (
            "from intranet import create_app\n"
            "from intranet.services.accounts import create_user\n"
            "with create_app().app_context():\n"
            "    for email, (name, role) in PEOPLE.items():\n"
            f"        create_user(email, name, {PASSWORD!r}, role=role)\n"
        )
        result = subprocess.run([sys.executable, "-c", f"PEOPLE = {PEOPLE!r}\n" + script],
                                cwd=ROOT, env=self.env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the Kring server did not start: see server.log")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def log_in(live_server):
    def do(page, email: str) -> None:
        page.goto(live_server.url + "/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(live_server.url + "/")
    return do
