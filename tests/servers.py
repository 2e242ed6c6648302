"""Real Kring servers in their own processes, for browser, socket and multi-process tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from intranet.platform.database import create_database

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "live-test-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_database(tmp: Path, suffix: str) -> str:
    """A database of its own: SQLite in `tmp`, or a sibling PostgreSQL database of
    TEST_DATABASE_URL (so the PostgreSQL run drives PostgreSQL here too)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp}/live.db"
    base, name = url.rsplit("/", 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    live = f"{name}_{suffix}" if not worker or suffix == worker else f"{name}_{worker}_{suffix}"
    create_database(f"{base}/{live}", replace=True)
    return f"{base}/{live}"


class LiveServer:
    """`python wsgi.py` on a free port, with its own instance folder (KRING_SERVER=gevent:
    gunicorn with one gevent worker, as production serves). `stop()` is a SIGTERM (gunicorn
    drains), `kill()` a SIGKILL of the server and every process it started."""

    def __init__(self, tmp: Path, database_url: str, wait: bool = True, **settings: str):
        tmp.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "KRING_INSTANCE_PATH": str(tmp),
            "SECRET_KEY": "live-test",
            "DATABASE_URL": database_url,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "KRING_BASE_URL": self.url,
            **settings,
        }
        self.env.pop("TEST_DATABASE_URL", None)
        self.log_path = tmp / f"server-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "wsgi.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # kill() reaches its workers too
        )
        if wait:
            self.wait()

    def wait(self) -> None:
        """Until the app answers (gunicorn listens before its worker has loaded the app)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the Kring server did not start: {self.log_path}")

    def kill(self) -> None:
        """The machine is gone: no drain, no goodbye."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def create_post(self, email: str, fields: dict) -> int:
        """Post through the API as the person with that e-mail (their token); the new id."""
        request = urllib.request.Request(
            self.url + "/api/v1/posts",
            data=json.dumps(fields).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.tokens[email]}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["id"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def stop_process(process: subprocess.Popen) -> None:
    """Ask a server we started to stop; kill it if it doesn't within 10 s."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def run_python(env: dict, script: str) -> str:
    """Run `script` with the app's settings from `env` (one process for many steps)."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def prepare(env: dict, people: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Migrate, create people, and give each an API token: returns {email: token}."""
    script = (
        "import json\n"
        "from flask_migrate import upgrade\n"
        "from intranet import create_app\n"
        "from intranet.accounts.people import create_user\n"
        "from intranet.accounts.tokens import create_token\n"
        f"PEOPLE = {people!r}\n"
        "tokens = {}\n"
        "with create_app().app_context():\n"
        "    upgrade()\n"
        "    for email, (name, role) in PEOPLE.items():\n"
        f"        user = create_user(email, name, {PASSWORD!r}, role=role)\n"
        "        tokens[email] = create_token(user, 'test')[1]\n"
        "print(json.dumps(tokens))\n"
    )
    import json

    return json.loads(run_python(env, script).strip().splitlines()[-1])


class Consumer:
    """`flask --app wsgi jobs run` in a process of its own, with its own instance folder."""

    def __init__(self, folder: Path, env: dict, workers: int = 2):
        folder.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "consumer.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "wsgi",
                "jobs",
                "run",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env={**env, "KRING_INSTANCE_PATH": str(folder)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
