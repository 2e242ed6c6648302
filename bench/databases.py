"""Where a write benchmark keeps its data: SQLite in its own folder, or (with
BENCH_DATABASE_URL=postgresql://…/NAME) a fresh PostgreSQL database beside NAME."""

from __future__ import annotations

import os
from pathlib import Path


def backend() -> str:
    return "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"


def fresh(instance: Path, suffix: str) -> str:
    """An empty database of the benchmark's own (dropped and created again each run)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        (instance / "bench.db").unlink(missing_ok=True)
        return f"sqlite:///{instance}/bench.db"
    from intranet.platform.database import create_database

    base, name = url.rsplit("/", 1)
    made = f"{name}_{suffix}"
    create_database(f"{base}/{made}", replace=True)
    return f"{base}/{made}"


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())
