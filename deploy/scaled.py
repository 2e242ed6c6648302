"""`make run-scaled`: Kring as it runs on several machines, on this one.

Two web nodes (gunicorn, one gevent worker each), one job consumer (`flask --app wsgi jobs
run`) and nginx in front (deploy/nginx.conf) on HOST:PORT, against DATABASE_URL and
REDIS_URL (defaults: the local PostgreSQL database `kring`, created if missing, and the
local Redis). Each process has its own instance folder under instance/scaled/, as if on a
machine of its own; they share what machines share: the database, Redis and SECRET_KEY.
Ctrl-C stops them all.

The tests start nginx the same way (`Nginx`), from the same template.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
NODES = 2


def render(listen: str, nodes: list[str]) -> str:
    """deploy/nginx.conf with its two placeholders filled in (nginx's own `$variables` stay)."""
    servers = "\n".join(f"    server {node};" for node in nodes)
    return string.Template(TEMPLATE.read_text()).safe_substitute(
        KRING_LISTEN=listen, KRING_NODES=servers
    )


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        sys.exit("nginx is not installed (Debian: apt-get install nginx-light)")
    return found


class Nginx:
    """The distribution's nginx, in the foreground, with everything it writes in `folder`
    (its main configuration includes the rendered site, as /etc/nginx/nginx.conf does)."""

    def __init__(self, folder: Path, listen: str, nodes: list[str]):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "kring.conf").write_text(render(listen, nodes))
        temp = " ".join(
            f"{kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            f"http {{\n  access_log {folder / 'access.log'};\n  {temp}\n"
            f"  include {folder / 'kring.conf'};\n}}\n"
        )
        self.folder = folder
        self.log = open(folder / "nginx.out", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                nginx_binary(),
                "-p",
                str(folder),
                "-e",
                str(folder / "error.log"),
                "-c",
                str(folder / "nginx.conf"),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        host, port = listen.rsplit(":", 1)
        wait_for_port(host, int(port), self.process, folder / "error.log")

    def stop(self) -> None:
        stop(self.process)
        self.log.close()


def wait_for_port(host: str, port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text() if log.exists() else f"exited: {process.args}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {host}:{port}: see {log}")


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM (gunicorn drains, the consumer stops, nginx stops), then SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` if it does not exist yet."""
    if not url.startswith("postgresql"):
        return
    import psycopg  # the PostgreSQL driver Kring uses

    base, name = url.rsplit("/", 1)
    server = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created the database {name}")


def _secret(folder: Path) -> str:
    """One secret for every node: a session signed on one must be read on the others."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    database = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/kring"
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    folder = ROOT / "instance" / "scaled"
    folder.mkdir(parents=True, exist_ok=True)
    _ensure_database(database)
    shared = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _secret(folder),
        "KRING_BASE_URL": os.environ.get("KRING_BASE_URL") or f"http://{host}:{port}",
        "KRING_PROXY_FIX": "1",
        # Every node searches the database itself (Whoosh would search one node's files).
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND") or "postgres",
    }
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]

    def env(name: str, **more: str) -> dict:
        return {**shared, "KRING_INSTANCE_PATH": str(folder / name), **more}

    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env("node1"), check=True)
    subprocess.run([*flask, "demo", "--if-empty"], cwd=ROOT, env=env("node1"), check=True)
    # Posts made before (or under another search backend) get their search documents.
    subprocess.run([*flask, "search", "reindex"], cwd=ROOT, env=env("node1"), check=True)

    running: list[tuple[str, subprocess.Popen]] = []

    def start(name: str, command: list[str], **more: str) -> None:
        (folder / name).mkdir(parents=True, exist_ok=True)
        log = open(folder / f"{name}.log", "w")  # noqa: SIM115 - lives as long as the process
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env(name, **more),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this launcher, which stops them in order
        )
        running.append((name, process))

    nodes = []
    for number in range(1, NODES + 1):
        node_port = free_port()
        start(
            f"node{number}",
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            HOST="127.0.0.1",
            PORT=str(node_port),
        )
        nodes.append(f"127.0.0.1:{node_port}")
    start("jobs", [*flask, "jobs", "run"])
    for (name, process), node in zip(running, nodes, strict=False):
        wait_for_port("127.0.0.1", int(node.rsplit(":", 1)[1]), process, folder / f"{name}.log")
    nginx = Nginx(folder / "nginx", f"{host}:{port}", nodes)

    print(f"Kring is at http://{host}:{port}  (stop with Ctrl-C)")
    print(f"  nodes: {', '.join(nodes)}; job consumer; nginx; logs in {folder}/")
    stopping = []
    for name in (signal.SIGTERM, signal.SIGINT):  # Ctrl-C, even where a shell ignored it
        signal.signal(name, lambda *_: stopping.append(True))
    while not stopping:
        for name, process in list(running):
            if process.poll() is not None:  # the others go on, as on other machines
                print(f"{name} stopped (exit {process.returncode}): see {folder}/{name}.log")
                running.remove((name, process))
        time.sleep(0.5)
    print("stopping…")
    nginx.stop()
    for _name, process in running:
        if process.poll() is None:
            process.terminate()
    for _name, process in running:
        stop(process)


if __name__ == "__main__":
    main()
