"""Pure text work: Markdown rendering and sanitising, tags and mentions, normalisation."""
