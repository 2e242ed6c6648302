"""Flask commands (`flask --app wsgi …`), one module per group."""

from __future__ import annotations

from flask import Flask

from . import candidates, clients, demo, digests, jobs, mail_in, search, users


def register(app: Flask) -> None:
    for command in (
        users.users,
        demo.demo_command,
        search.search,
        jobs.jobs_group,
        mail_in.mail_in,
        digests.digests_group,
        candidates.candidates,
        clients.clients_group,
    ):
        app.cli.add_command(command)
