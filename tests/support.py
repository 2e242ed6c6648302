"""Constants the tests share (imported by name: two conftest modules can't both be
`conftest` on sys.path)."""

from pathlib import Path

PASSWORD = "correct horse battery"
CORPORA = Path(__file__).resolve().parent / "corpora"  # third-party test data, see SOURCES.md
