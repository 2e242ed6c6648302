"""People, their logins and API tokens, and the sockets they hold open."""
