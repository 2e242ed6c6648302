"""Every route and every field, sent the values that used to become a 500: no answer is a
5xx. The pages are walked from the URL map (as an administrator and as nobody), the API
from its own OpenAPI document (every operation, every query parameter and body field)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from test_sharing import vacancy

from intranet.notifying import alerts
from intranet.posting import groups

HUGE = 2**31 - 1

# Text as a page sends it (query strings are raw: a lone surrogate can only be sent as the
# bytes of one, which are not UTF-8).
TEXTS = [
    "\x00",
    "Öz\x00dem\x1bir",
    "ÉÉN TEAM",
    "9" * 5000,
    "-1",
    "",
    "cv\u202efdp.exe",
    "x" * 20_000,
    "2026-02-30",
    "../../etc/passwd",
    "1e999",
]
RAW_QUERY = ["%ED%A0%80", "%00", "endpoint=x&_method=DELETE&values=1&_external=1&_anchor=a"]
# What a page's forms and filters are called, across Kring: every form gets all of them.
FIELDS = (
    "name title body term q bio handle email password new_password next cursor page from to "
    "tag type scope status group client kind description aliases industry owners contact "
    "motivation note resolution_note url format language digest digest_day digest_hour role "
    "headline skills location department hours closes_on delivery types token undo private "
    "consent assignee severity source source_url job_title before after_id employee table "
    "target rate vacancy.title vacancy.hours candidate_offer.headline endpoint _method"
).split()
# JSON values for the API's fields; the raw ones are written into the body as they are.
VALUES = ["\x00", "a\x00b", "\ud800", -1, 0, 2**63, 1e308, True, [], {}, None, "x" * 10_000]
RAW_VALUES = ["9" * 5000, "NaN", "[" * 5000 + "]" * 5000]
RAW_BODIES = [b'"\\ud800"', b"[" * 100_000 + b"]" * 100_000, b"9" * 5000, b"{", b"\xff"]

SKIP = {"static", "auth.logout", "sso.start", "sso.callback", "api-docs.openapi_json"}


@pytest.fixture
def world(make_user, api):
    """Something behind every kind of id, and the ids the routes take by their name."""
    admin = make_user("admin", handle="beheer")
    victim = make_user(handle="ander")
    post = vacancy(admin)
    group = groups.create_group(admin, "Één Team")
    alert = alerts.create_alert(victim, {"term": "logistiek"})
    client = api(admin).post("/clients", json={"name": "Özdemir Transport"}).get_json()
    ids = {
        "post_id": post.id,
        "vacancy_id": post.id,
        "user_id": victim.id,
        "group_id": group.id,
        "alert_id": alert.id,
        "client_id": client["id"],
    }
    return admin, ids


def _fail(failures: list, what: str, response) -> None:
    if response.status_code >= 500:
        failures.append(f"{what} → {response.status_code}")


def _path(rule, ids: dict, text: str) -> str:
    def fill(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            return str(ids.get(name, HUGE))
        return quote(text or "x", safe="")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", lambda m: fill(m), rule.rule)


def _walk_pages(app, client, ids, token, rounds: int) -> list[str]:
    """Each round gives every field another of the bad values (field i the value i + round
    along), so a few requests per route send each kind of value to many fields."""
    failures: list[str] = []
    rules = [r for r in app.url_map.iter_rules() if not r.rule.startswith("/api/")]
    for rule in rules:
        if rule.endpoint in SKIP:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for turn in range(rounds):
                text = TEXTS[turn]
                path = _path(rule, ids, text)
                fields = {name: TEXTS[(turn + i) % len(TEXTS)] for i, name in enumerate(FIELDS)}
                if method == "GET":
                    response = client.get(path, query_string=fields)
                else:
                    response = client.post(path, data={**fields, "csrf_token": token})
                _fail(failures, f"{method} {rule.rule} {text[:12]!r}", response)
                response.close()  # a file sent whole (the service worker) is closed
            if method == "GET":
                for raw in RAW_QUERY:
                    path = _path(rule, ids, "x")
                    response = client.get(f"{path}?{raw}")
                    _fail(failures, f"GET {path}?{raw}", response)
                    response.close()
    return failures


@pytest.mark.slow
def test_no_page_answers_bad_input_with_a_5xx(world, app, login):
    admin, ids = world
    web = login(admin)
    failures = _walk_pages(app, web.client, ids, web.token(), rounds=5)
    failures += _walk_pages(app, app.test_client(), ids, "", rounds=2)
    assert failures == []


# The API, from its OpenAPI document -------------------------------------------------------


def _schema(document: dict, schema: dict) -> dict:
    """A schema with its `$ref` followed."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _url(path: str, ids: dict, text: str = "x") -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1)
        return str(ids[name]) if name in ids else quote(text, safe="")

    return re.sub(r"\{(\w+)\}", fill, path)


def _body_fields(document: dict, operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return []
    return list(_schema(document, schema).get("properties", {}))


@pytest.mark.slow
def test_no_api_operation_answers_bad_input_with_a_5xx(world, app, api):
    admin, ids = world
    client = api(admin)
    document = client.get("/openapi.json").get_json()
    failures: list[str] = []
    for path, method, operation in _operations(document):
        url = _url(path.removeprefix("/api/v1"), ids)
        call = getattr(client.client, method)
        headers = client.headers
        params = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        for value in ["\x00", "a\x00b", "9" * 5000, "", "-1", "ÉÉN", "x" * 10_000]:
            if params or method == "get":
                query = {p: value for p in params}
                answer = call(f"/api/v1{url}", query_string=query, headers=headers)
                _fail(failures, f"{method.upper()} {path}?{value!r:.12}", answer)
        for raw in RAW_QUERY:
            answer = call(f"/api/v1{url}?{raw}", headers=headers)
            _fail(failures, f"{method.upper()} {path}?{raw}", answer)
        answer = call(f"/api/v1{_url(path.removeprefix('/api/v1'), {}, 'Ö%00x')}", headers=headers)
        _fail(failures, f"{method.upper()} {path} bad path", answer)
        fields = _body_fields(document, operation)
        if not fields and "requestBody" not in operation:
            continue
        for value in VALUES:
            body = json.dumps({f: value for f in fields})
            answer = call(
                f"/api/v1{url}", data=body, content_type="application/json", headers=headers
            )
            _fail(failures, f"{method.upper()} {path} {value!r:.12}", answer)
        for raw in RAW_VALUES:
            body = "{" + ", ".join(f'"{f}": {raw}' for f in fields) + "}"
            answer = call(
                f"/api/v1{url}", data=body, content_type="application/json", headers=headers
            )
            _fail(failures, f"{method.upper()} {path} {raw[:12]}", answer)
        for raw in RAW_BODIES:
            answer = call(
                f"/api/v1{url}", data=raw, content_type="application/json", headers=headers
            )
            _fail(failures, f"{method.upper()} {path} raw {raw[:12]!r}", answer)
    assert failures == []


def test_a_wrong_method_says_which_are_allowed(make_user, api):
    answer = api(make_user()).put("/alerts", json={})
    assert answer.status_code == 405
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert answer.get_json()["error"]["code"] == "method_not_allowed"
