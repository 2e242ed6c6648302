"""A real OpenID provider on loopback (npm's oidc-provider, run by tests/oidc/provider.mjs)
for the single sign-on tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from servers import ROOT, free_port, stop_process

SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID, CLIENT_SECRET = "kring", "kring-test-secret"


def missing() -> str | None:
    """Why the provider can't run here (None: it can)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return "oidc-provider is not installed (npm ci installs it)"
    return None


class OpenIdProvider:
    """`node tests/oidc/provider.mjs` on `port` (a free one if not given), accepting
    `redirect_uri` for Kring's client."""

    def __init__(self, redirect_uri: str, tmp: Path, port: int | None = None):
        self.port = port or free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "PORT": str(self.port),
            "REDIRECT_URI": redirect_uri,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
        }
        self.log_path = tmp / f"oidc-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            ["node", str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=self.log
        )
        line = self.process.stdout.readline().decode().strip()  # "ready", or the end
        if line != "ready":
            self.stop()
            raise RuntimeError(f"the OpenID provider did not start: {self.log_path.read_text()}")

    def settings(self) -> dict[str, str]:
        """Kring's settings for this provider."""
        return {
            "KRING_OIDC_ISSUER": self.issuer,
            "KRING_OIDC_CLIENT_ID": CLIENT_ID,
            "KRING_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }

    def stop(self) -> None:
        stop_process(self.process)
        self.process.stdout.close()
        self.log.close()
