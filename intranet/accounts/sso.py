"""Single sign-on: who an identity provider's word (the ID token's claims) makes of someone.

The provider (Microsoft Entra ID, Google Workspace, Keycloak) has checked the person; Kring
takes its word for the e-mail address only when the provider says it verified it, and only
for addresses at the company's domains (KRING_SIGNUP_DOMAINS) or invited ones. An account
with that address is the person's (unless deactivated); without one, the first sign-in
makes it, as an employee (or with the role an invitation gave).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Forbidden, ValidationError
from ..extensions import db
from ..models import User
from ..platform.database import writes
from . import people

GOOGLE = "https://accounts.google.com"


def provider_name() -> str | None:
    """What the login page calls the provider ("Sign in with …"); None without SSO."""
    config = current_app.config
    issuer = config.get("KRING_OIDC_ISSUER")
    if not issuer:
        return None
    if config.get("KRING_OIDC_NAME"):
        return config["KRING_OIDC_NAME"]
    host = urlsplit(issuer).hostname or issuer
    if host.endswith(("microsoftonline.com", "microsoft.com")):
        return "Microsoft"
    if host.endswith("google.com"):
        return "Google"
    return "Keycloak" if "/realms/" in issuer else host


def _verified(claims: Mapping) -> bool:
    """Did the provider check the address? `email_verified` (OpenID Connect; Google,
    Keycloak), or Entra ID's optional claim `xms_edov` (the domain's owner verified it)."""
    return any(
        claims.get(name) in (True, "true", "True") for name in ("email_verified", "xms_edov")
    )


def _name(claims: Mapping, email: str) -> str:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    name = " ".join(str(name).split())[:120] if name else ""
    return name or email.split("@")[0]


def _check(claims: Mapping) -> str:
    """The address the claims vouch for, or Forbidden saying why not."""
    provider = provider_name() or "SSO"
    if not claims.get("email") or not _verified(claims):
        raise Forbidden(
            _l(
                "%(provider)s did not confirm your e-mail address, so Kring can't tell who you"
                " are. Ask your IT department to verify it.",
                provider=provider,
            ),
            code="email_unverified",
        )
    try:
        email = people.normalise_email(claims["email"])
    except ValidationError:
        raise Forbidden(_l("%(provider)s sent no usable e-mail address.", provider=provider))
    # Google vouches for personal accounts too: a company's account names its domain (hd).
    hosted = claims.get("hd")
    google = (current_app.config.get("KRING_OIDC_ISSUER") or "").rstrip("/") == GOOGLE
    company = hosted == email.rpartition("@")[2] if (google or hosted) else True
    if not company or not (people.in_signup_domains(email) or people.signup_role(email)):
        raise Forbidden(
            _l(
                "Kring is for %(domains)s. Sign in with your company account, or ask an"
                " administrator for an invitation.",
                domains=current_app.config["KRING_SIGNUP_DOMAINS"] or "-",
            ),
            code="not_allowed",
        )
    return email


@writes
def account_for(claims: Mapping) -> tuple[User, bool]:
    """The account the provider's claims are about, made on the first sign-in; and
    whether it was made now."""
    email = _check(claims)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        if not user.is_active:
            raise Forbidden(
                _l("Your Kring account is deactivated. Ask an administrator if that's wrong."),
                code="deactivated",
            )
        return user, False
    # A password nobody knows: the person signs in through the provider.
    password = secrets.token_urlsafe(32)
    role = people.signup_role(email) or "employee"
    return people.create_user(email, _name(claims, email), password, role=role), True
