"""Who hears of what: the fan-out, notifications, term alerts, digests and their e-mail."""
