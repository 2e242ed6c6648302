"""Posts of every type, their bodies, feeds, follows, groups, and who may read what."""
