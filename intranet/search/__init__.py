"""Full-text search: the backend interface, queries as people type them, and the indexer."""
