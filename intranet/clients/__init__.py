"""The client directory, the posts that name a client, and reputation triage."""
