"""`mail-in serve`: an SMTP (or LMTP) listener that hands each message to mail-in.

aiosmtpd does the protocol; every recipient's message is accepted (250) or refused (550)
with the reason mail-in gives, so the sending server bounces it back to the sender.
"""

from __future__ import annotations

import asyncio
import logging

from flask import Flask

from ..extensions import db
from .receiving import Rejected, receive
from .refusals import smtp_text

log = logging.getLogger("kring.mail_in")


class KringHandler:
    def __init__(self, app: Flask, lmtp: bool = False):
        self.app = app
        self.lmtp = lmtp

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        loop = asyncio.get_running_loop()
        if not self.lmtp:
            return await loop.run_in_executor(
                None, self._deliver, envelope.content, list(envelope.rcpt_tos)
            )
        # LMTP answers once per recipient, each delivered on its own.
        replies = [
            await loop.run_in_executor(None, self._deliver, envelope.content, [rcpt])
            for rcpt in envelope.rcpt_tos
        ]
        return "\r\n".join(replies)

    def _deliver(self, content: bytes, recipients: list[str]) -> str:
        with self.app.app_context():
            try:
                outcome = receive(content, recipients)
            except Rejected as rejected:
                log.info("refused mail for %s: %s", recipients, rejected.reason)
                return f"550 5.7.1 {smtp_text(rejected.reason)}"
            except Exception:
                log.exception("mail-in failed")
                return "451 4.3.0 Temporary failure; please try again later"
            finally:
                db.session.remove()
        return f"250 2.0.0 {outcome.status}"


def serve(app: Flask, host: str, port: int, lmtp: bool = False):
    """Start the listener in a thread; returns the aiosmtpd controller (stop() ends it)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.lmtp import LMTP

    handler = KringHandler(app, lmtp)
    if lmtp:

        class LMTPController(Controller):
            def factory(self):
                return LMTP(self.handler)

        controller = LMTPController(handler, hostname=host, port=port)
    else:
        controller = Controller(
            handler, hostname=host, port=port, data_size_limit=10 * 1024 * 1024 + 65536
        )
    controller.start()
    return controller
