"""Single sign-on over OpenID Connect (Microsoft Entra ID, Google Workspace, Keycloak):
Authlib speaks the protocol (discovery from the issuer, state, nonce, PKCE, the ID token's
signature and claims); accounts.sso decides who that makes the person; auth.log_in starts
the login exactly as a password login does."""

from __future__ import annotations

import logging

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, abort, current_app, flash, redirect, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError

from ..accounts import sso
from ..errors import DomainError
from ..links import absolute_url
from ..platform.actions import READS, Action
from .auth import log_in, login_page
from .pages import safe_next

bp = Blueprint("sso", __name__, url_prefix="/login/sso")
SSO = Action("sso", None, READS)  # counted per address: nobody is logged in yet
log = logging.getLogger("kring.sso")


def provider():
    """The OpenID Connect client for the current settings, or None without SSO. Made on
    first use (its discovery document is read then) and again when the settings change."""
    config = current_app.config
    if not config.get("KRING_OIDC_ISSUER"):
        return None
    key = tuple(
        config.get(name)
        for name in (
            "KRING_OIDC_ISSUER",
            "KRING_OIDC_CLIENT_ID",
            "KRING_OIDC_CLIENT_SECRET",
            "KRING_OIDC_SCOPES",
        )
    )
    made = current_app.extensions.get("kring_sso")
    if made is None or made[0] != key:
        issuer, client_id, client_secret, scopes = key
        oauth = OAuth(current_app._get_current_object())
        client = oauth.register(
            "company",
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": 10},
        )
        made = current_app.extensions["kring_sso"] = (key, client)
    return made[1]


def _unreachable():
    return login_page(
        error=_(
            "Kring can't reach %(provider)s right now. Try again in a moment.",
            provider=sso.provider_name(),
        ),
        status=503,
    )


def _client():
    """The provider's client, or 404 where single sign-on isn't set up."""
    client = provider()
    if client is None:
        abort(404)
    return client


@bp.route("/")
@SSO.limited
def start():
    client = _client()
    session["sso_next"] = safe_next()
    try:
        return client.authorize_redirect(absolute_url("sso.callback"))
    except (requests.RequestException, ValueError):
        log.warning("the identity provider's discovery failed", exc_info=True)
        return _unreachable()


def _refusal(error: OAuthError) -> str:
    name = sso.provider_name()
    if isinstance(error, MismatchingStateError):
        return _(
            "This sign-in was not started in this browser, or too long ago. Please sign in again."
        )
    if error.error == "invalid_grant":
        return _("The sign-in took too long or was already used. Please sign in again.")
    if error.error == "access_denied":
        return _("The sign-in was cancelled at %(provider)s.", provider=name)
    return _("%(provider)s refused the sign-in (%(error)s).", provider=name, error=error.error)


def _claims(client, token: dict) -> dict:
    """The ID token's claims; a provider that keeps the address out of the ID token (it
    need only carry `sub`) says it at its userinfo endpoint, about the same `sub`."""
    claims = dict(token.get("userinfo") or {})
    if "email" not in claims and client.load_server_metadata().get("userinfo_endpoint"):
        more = client.userinfo(token=token)
        if more.get("sub") == claims.get("sub"):
            claims = {**more, **claims}
    return claims


@bp.route("/callback")
@SSO.limited
def callback():
    client = _client()
    try:
        token = client.authorize_access_token()
    except OAuthError as error:
        log.info("sign-in refused: %s %s", error.error, error.description)
        return login_page(error=_refusal(error), status=400)
    except requests.RequestException:
        log.warning("the identity provider's token endpoint failed", exc_info=True)
        return _unreachable()
    except JoseError as error:  # a signature or claim of the ID token that doesn't hold
        log.warning("an ID token was refused: %s", error)
        return login_page(
            error=_("%(provider)s's answer could not be checked.", provider=sso.provider_name()),
            status=400,
        )
    try:
        claims = _claims(client, token)
    except requests.RequestException:
        log.warning("the identity provider's userinfo endpoint failed", exc_info=True)
        return _unreachable()
    try:
        user, created = sso.account_for(claims)
    except DomainError as error:
        return login_page(error=error.message, status=error.status)
    log_in(user)
    if created:
        flash(_("Welcome to Kring, %(name)s!", name=user.name), "success")
        return redirect(url_for("mailprefs.welcome"), code=303)
    return redirect(session.pop("sso_next", None) or url_for("feed.index"), code=303)
