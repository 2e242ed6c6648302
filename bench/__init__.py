"""Reproducible benchmarks: `make bench` (or `python -m bench [search|matcher|sockets]`)."""
