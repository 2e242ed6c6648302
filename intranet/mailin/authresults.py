"""Authentication-Results (RFC 8601) as the receiving mail server wrote them: does the
server Kring trusts vouch that the message comes from its From domain (DMARC pass, or a
DKIM signature or SPF pass aligned with that domain)? Pure: header values in, yes or no."""

from __future__ import annotations

import re

_RESULT = re.compile(r"^\s*(?P<method>[a-z0-9-]+)\s*=\s*(?P<result>[a-z]+)\b(?P<rest>.*)$", re.I)
_PROPERTY = re.compile(r"\b(?P<key>[a-z]+\.[a-z-]+)\s*=\s*(?P<value>[^\s;()]+)", re.I)


def _aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    domain = domain.lower().strip(".").rpartition("@")[2]
    return bool(domain) and (
        domain == from_domain
        or domain.endswith("." + from_domain)
        or from_domain.endswith("." + domain)
    )


def vouched(results: list[str], trusted: str, from_domain: str) -> bool:
    """True if the trusted server's results pass for the From domain. Only its topmost
    header counts: a server adds its own above those the message came with, so one
    further down with the same name was written by someone else."""
    from_domain = from_domain.lower()
    for header in results:
        server, _sep, rest = header.partition(";")
        if (server.split() or [""])[0].lower() != trusted.lower():
            continue  # another server's word
        return _passes(rest, from_domain)
    return False


def _passes(rest: str, from_domain: str) -> bool:
    """DMARC pass for the From domain, or DKIM or SPF passing with an aligned domain."""
    for clause in rest.split(";"):
        match = _RESULT.match(clause)
        if not match or match.group("result").lower() != "pass":
            continue
        method = match.group("method").lower()
        props = {
            m.group("key").lower(): m.group("value")
            for m in _PROPERTY.finditer(match.group("rest"))
        }
        aligned_by = {
            "dmarc": props.get("header.from", from_domain),
            "dkim": props.get("header.d") or props.get("header.i", ""),
            "spf": props.get("smtp.mailfrom") or props.get("smtp.helo", ""),
        }
        if method in aligned_by and _aligned(aligned_by[method], from_domain):
            return True
    return False
