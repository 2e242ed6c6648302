"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import threading
from email import policy

from aiosmtpd.controller import Controller
from servers import free_port


class Sink:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[bytes] = []  # each message's bytes as they came over the wire
        self.envelopes: list[tuple[str, list[str]]] = []
        self.peers: list = []  # who sent each message (one connection per sender and batch)
        self.refuse = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refuse:
            return "451 4.3.0 Try again later"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            self.raw.append(envelope.original_content or envelope.content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.peers.append(session.peer)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]


class SmtpServer:
    def __init__(self, port: int | None = None):
        """A server on `port` (a free one if not given): pass a port nothing listened on
        yet to have a mail server come up where Kring found none before."""
        self.sink = Sink()
        self.port = port or free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
