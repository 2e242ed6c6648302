"""Schemathesis against a real Kring: the demo agency served on a free port, every API
operation fuzzed from the OpenAPI document for a bounded time, as an administrator.

`python tests/schemathesis_run.py [SECONDS]` (default 120) fails on any 5xx, on any
answer the document doesn't describe (status, headers, body), and on an operation that
refused everything the document calls valid (Schemathesis's `validation_mismatch`
warning: a limit or a choice the document doesn't say). `.ci/run` runs it after the
tests; the report lands in the temporary folder it prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Run as a script from the checkout: the tests' helpers import Kring itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from servers import ROOT, LiveServer  # noqa: E402

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "unsupported_method",
        "allow_header_conformance",
    ]
)
ADMIN = "fuzz@brugwerk.example"
# Warnings that mean the document is wrong, not that the run lacked data: they fail it.
# A webhook's URL must reach a public https server: no generated value does from here (a
# name must resolve), so that operation's warning shows without failing the run.
# PATCH /posts/{id} takes the fields and statuses of the post's own type, which its id
# decides: one request schema can't say which (a oneOf per type would let a vacancy's
# fields through for an update), so its warning shows without failing the run too.
# GET /search refuses, field by field, an author or a group that doesn't exist for the
# reader (and an end date before the start): facts of the data, not of the document, which
# few generated values meet; its warning shows without failing the run. So does POST
# /clients: its owners must be the ids of active colleagues, and the run sends few enough
# bodies on a loaded machine that all of them may name someone who doesn't exist.
# POST /posts has one request schema for all five types: each type's own required fields
# and choices (a vacancy's title and a closing date to come, a signal's kind, an alert's
# severity) and the group, client or colleague it names must be right, which few generated
# bodies are; the rate limit answers most of them 429 besides (320 of 381 in one run), so
# a run may see only refusals. Its warning shows without failing the run, until the
# document says each type's body (a oneOf on `type`).
# POST /vacancies/{id}/referrals refuses a referral for a vacancy that is closed or not
# one, or a person already referred for it: facts of the data, which few of the run's
# bodies meet once the first ones were taken (the document's contact pattern is near the
# address check, which still refuses the reserved names). Its warning shows without
# failing the run.
# Schemathesis keeps `fail-on` per project only (an operation's own is not read), so the
# run shows every warning and this script fails on a mismatch outside WARN_ONLY.
CONFIG = ""
WARN_ONLY = {
    "POST /api/v1/webhooks",
    "POST /api/v1/posts",
    "PATCH /api/v1/posts/{post_id}",
    "GET /api/v1/search",
    "POST /api/v1/clients",
    "POST /api/v1/vacancies/{post_id}/referrals",
}


def mismatched(output: str) -> set[str]:
    """The operations of the output's validation_mismatch warning."""
    found, inside = set(), False
    for line in output.splitlines():
        if line.startswith("Schema validation mismatch:"):
            inside = True
        elif inside and line.startswith("  - "):
            found.add(line[4:].strip())
        elif inside and line.strip() and not line.startswith(" "):
            inside = False
    return found


def flask(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def main(seconds: int, extra: list[str] = ()) -> int:
    folder = Path(tempfile.mkdtemp(prefix="kring-schemathesis-"))
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(folder),
        "SECRET_KEY": "schemathesis",
        "DATABASE_URL": f"sqlite:///{folder}/kring.db",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask(env, "db", "upgrade")
    flask(env, "demo")
    flask(
        env,
        "users",
        "create",
        ADMIN,
        "--name",
        "Fuzz Beheer",
        "--password",
        "fuzz-fuzz-fuzz",
        "--role",
        "admin",
    )
    token = flask(env, "users", "token", ADMIN).strip().splitlines()[-1]
    (folder / "schemathesis.toml").write_text(CONFIG)
    server = LiveServer(folder, env["DATABASE_URL"], SECRET_KEY="schemathesis")
    try:
        command = [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(folder / "schemathesis.toml"),
            "run",
            f"{server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-time",
            str(seconds),
            "--max-examples",
            "25",
            # One worker: on Python 3.11 two threads building AST nodes at once (Hypothesis
            # describes its strategies by parsing source) can fail with "AST constructor
            # recursion depth mismatch", an error of the interpreter, not of Kring.
            "--workers",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--generation-database",
            "none",
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
            "--report",
            "junit",
            "--report-dir",
            str(folder / "report"),
            "--no-color",
            *extra,  # e.g. --include-path-regex attachments, to fuzz one part longer
        ]
        print(
            "schemathesis:",
            " ".join(c if "Bearer" not in c else "Authorization: …" for c in command),
            flush=True,
        )
        run = subprocess.run(command, cwd=folder, env=env, stdout=subprocess.PIPE, text=True)
        print(run.stdout, flush=True)
        wrong = mismatched(run.stdout) - WARN_ONLY
        if wrong:
            print("validation_mismatch fails the run:", ", ".join(sorted(wrong)), flush=True)
        return run.returncode or int(bool(wrong))
    finally:
        server.stop()
        print(f"server log and report: {folder}", flush=True)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 120, sys.argv[2:]))
