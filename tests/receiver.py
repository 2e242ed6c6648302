"""A real HTTP server on loopback that stands in for a Teams or Slack channel: it records
every request it receives and answers with the statuses a test asks for."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """`answers`: the statuses to give, in turn (then 200 for ever)."""

    def __init__(self):
        self.received: list[Received] = []
        self.answers: list[int] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the standard library's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._arrived:
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    receiver.received.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    receiver._arrived.notify_all()
                answer = b"ok" if status < 400 else b"no_service"
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, count: int, timeout: float = 10.0) -> list[Received]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, timeout)
        return list(self.received)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
