"""The task table: each background task's name and the domain function it runs.

The only module that imports every domain's background work, and only the start-up
(`background.py`) imports it. Domains ask for a task by its name
(`queue.trigger("kring.drain_fanout")`), never by importing it, so the queue knows no
domain and no domain knows the queue's consumers.
"""

from __future__ import annotations

from .accounts import invitations
from .clients import mentions, triage
from .notifying import deliveries, fanout, mailings, previews
from .platform.queue import crontab, periodic, task
from .posting import drafts
from .recruiting import retention as retention_rules
from .recruiting import sharing, vacancies
from .search import indexer
from .search.writer import writer as index_writer


@task("kring.drain_index")
def drain_index() -> int:
    """Write queued changes into the search index: in the writer process where this process
    has one (the embedded default), here otherwise."""
    return 0 if index_writer.wake() else indexer.drain()


@task("kring.drain_fanout", urgent=True)
def drain_fanout() -> int:
    """Notify whoever must hear of the posts just made or edited."""
    return fanout.drain()


@periodic("kring.sweep", crontab(minute="*"))
def sweep() -> None:
    """Pick up work whose trigger was lost (a crash between commit and enqueue)."""
    fanout.drain()
    if not index_writer.wake():
        indexer.drain()


@task("kring.send_mail", urgent=True)
def send_mail() -> int:
    """Send the e-mail a request asked for (sign-up links, invitations, digest previews):
    someone waits."""
    return invitations.send_due() + previews.send_due()


@task("kring.send_webhooks", outgoing=True)
def send_webhooks() -> int:
    """Post what the fan-out owes Teams and Slack channels (and other webhooks)."""
    return deliveries.send_due()


@periodic("kring.webhooks", crontab(minute="*"))
def webhooks() -> int:
    """Every minute: webhook deliveries whose retry is due or whose trigger was lost."""
    return deliveries.send_due()


@task("kring.mail_webhooks", outgoing=True)
def mail_webhooks() -> int:
    """Tell owners that a webhook of theirs stopped."""
    return deliveries.send_notices()


@periodic("kring.mail", crontab(minute="*"))
def mail() -> None:
    """Every minute: sign-up and invitation mail whose trigger was lost or whose retry is
    due, reminders, notification e-mail for the away, digests that are due, notices of
    webhooks that stopped."""
    invitations.send_due()
    deliveries.send_notices()
    previews.send_due()
    mailings.send_reminders()
    mailings.send_notification_mail()
    mailings.send_digests()


@periodic("kring.retention", crontab(minute="7"))
def retention() -> int:
    """Hourly: erase candidates' personal data past their retention date, and that of
    referrals that ended long enough ago; throw away drafts left for a month or by leavers."""
    return (
        retention_rules.erase_expired_candidates()
        + retention_rules.erase_ended_referrals()
        + drafts.remove_old()
    )


@periodic("kring.close_vacancies", crontab(minute="*/15"))
def close_vacancies() -> int:
    """Every quarter hour: vacancies past their closing date close themselves."""
    return vacancies.close_expired()


@periodic("kring.resurface", crontab(minute="23"))
def resurface() -> int:
    """Hourly: open vacancies come back to willing sharers on their rhythm."""
    return sharing.resurface()


@task("kring.client_mentions")
def match_clients() -> int:
    """Find again which clients every post names, after a client's names changed."""
    return mentions.backfill()


@periodic("kring.escalation", crontab(minute="23"))
def escalation() -> int:
    """Hourly: tell admins about high-severity reputation alerts open for over a day."""
    return triage.escalate_overdue()
