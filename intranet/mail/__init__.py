"""E-mail: outgoing (SMTP or the outbox folder); later digests and mail-in."""
