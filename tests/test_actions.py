"""Actions: one input schema for a page and the API (the same field messages, in the
reader's language), and one rate limit both doors share, answered with 429 and
Retry-After."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from intranet.extensions import limiter
from intranet.platform.actions import field_messages, translate
from intranet.platform.clock import local_today

SOON = (local_today() + timedelta(days=20)).isoformat()


def vacancy(**fields) -> dict:
    return {
        "title": "Recruiter IT",
        "department": "Recruitment",
        "location": "Utrecht",
        "hours": 32,
        "closes_on": SOON,
        **fields,
    }


def composer(post_type: str, body: str, fields: dict) -> dict:
    """The composer's form: type fields are named "<type>.<field>"."""
    return {"type": post_type, "body": body, **{f"{post_type}.{k}": v for k, v in fields.items()}}


def page_errors(response) -> list[str]:
    text = response.get_data(as_text=True)
    return [html.unescape(m) for m in re.findall(r'class="field__error"[^>]*>([^<]+)<', text)]


@pytest.fixture
def limits(app, monkeypatch):
    """Give actions limits for one test (the suite runs with none), on fresh counters."""
    limiter.reset()

    def set_limits(**table):
        monkeypatch.setitem(app.config, "KRING_LIMITS", table)

    yield set_limits
    limiter.reset()


# The same field messages through the page and the API --------------------------------------


@pytest.mark.parametrize(
    ("language", "hours", "expected"),
    [
        (None, "veertig", "Vul een heel getal in."),  # marshmallow's type check, translated
        ("en", "forty", "Enter a whole number."),
        ("nl", "0", "Minimaal 1."),  # the domain's rule
        ("en", "0", "At least 1."),
    ],
)
def test_bad_input_gets_the_same_field_message_by_page_and_api(
    make_user, login, api, language, hours, expected
):
    author = make_user(language=language) if language else make_user()
    page = login(author).post("/posts", composer("vacancy", "Wie?", vacancy(hours=hours)))
    assert page.status_code == 422
    assert expected in page_errors(page)

    number = int(hours) if hours.isdigit() else hours
    answer = api(author).post("/posts", json={"type": "vacancy", "body": "Wie?", **vacancy()})
    assert answer.status_code == 201  # the same vacancy with good hours is fine
    answer = api(author).post(
        "/posts", json={"type": "vacancy", "body": "Wie?", **vacancy(hours=number)}
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["hours"] == expected


def test_a_missing_field_reads_the_same_in_a_form_and_in_json(make_user, login, api):
    person = make_user(language="en")
    page = login(person).post("/groups/new", {"description": "Zonder naam"})
    assert page.status_code == 422
    assert page_errors(page) == ["This field is required."]
    answer = api(person).post("/groups", json={"description": "Zonder naam"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"name": "This field is required."}


def test_a_box_that_is_neither_yes_nor_no(make_user, login, api):
    recruiter = make_user("recruiter", language="en")
    post = api(recruiter).post("/posts", json={"type": "vacancy", "body": "Wie?", **vacancy()})
    vacancy_id = post.get_json()["id"]
    referrer = make_user(language="en")
    form = {"name": "Piet", "contact": "piet@example.com", "consent": "perhaps"}
    page = login(referrer).post(f"/vacancies/{vacancy_id}/refer", form)
    assert page.status_code == 422
    assert "Enter yes or no." in page_errors(page)
    answer = api(referrer).post(f"/vacancies/{vacancy_id}/referrals", json=form)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"consent": "Enter yes or no."}


def test_a_page_refills_its_form_with_what_was_sent(make_user, login):
    author = make_user(language="en")
    sent = composer("vacancy", "Wie kent iemand?", vacancy(hours="veel", title="Planner"))
    page = login(author).post("/posts", sent).get_data(as_text=True)
    assert 'value="Planner"' in page and 'value="veel"' in page
    assert "Wie kent iemand?" in page


def test_good_input_from_a_form_is_typed_like_json(make_user, login, api):
    """Text from a form becomes the numbers, dates and booleans the schema declares."""
    author = make_user()
    form = composer("vacancy", "Wie kent iemand?", vacancy(hours="36", referral_bonus=""))
    response = login(author).post("/posts", {**form, "must_read": "1"})
    assert response.status_code == 303
    post_id = int(response.headers["Location"].rsplit("/", 1)[1])
    post = api(author).get(f"/posts/{post_id}").get_json()
    assert post["hours"] == 36 and post["referral_bonus"] is None
    assert post["closes_on"] == SOON and post["must_read"] is True


def test_a_list_item_error_is_one_message(make_user, api):
    admin = make_user("admin", language="en")
    answer = api(admin).post("/clients", json={"name": "Acme", "owners": [1, "twee"]})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"owners": "Enter a whole number."}


def test_marshmallow_messages_in_kring_words(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert translate("Missing data for required field.") == "This field is required."
        assert (
            translate("Must be greater than or equal to 1 and less than or equal to 100.")
            == "Enter a number from 1 to 100."
        )
        assert translate("Must be one of: post, person.") == "Choose one of: post, person."
        assert translate("Something Kring never said.") == "Something Kring never said."
        assert field_messages(
            {"ids": {0: ["Not a valid integer."], 2: ["Not a valid integer."]}}
        ) == {"ids": "Enter a whole number."}
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert translate("Longer than maximum length 80.") == "Maximaal 80 tekens."
        assert translate("Must be greater than or equal to 1.") == "Minimaal 1."
        assert translate("Not a valid date.") == "Vul een datum in als JJJJ-MM-DD."


def test_page_filters_leave_out_what_cannot_be_read(make_user, login):
    web = login(make_user())
    for url in (
        "/search?q=utrecht&page=x&since=gisteren&type=poll",
        "/notifications?before=x&kind=nonsense&unread=misschien",
        "/referrals?cursor=",
        "/clients?page=-4",
    ):
        assert web.get(url).status_code == 200, url


def test_filters_from_a_query_string_are_checked_in_the_api(make_user, api):
    client = api(make_user(language="en"))
    answer = client.get("/notifications?kind=nonsense")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["kind"].startswith("Choose one of: mention, ")
    # An alert preview takes its types repeated or comma-separated.
    for query in ("types=vacancy&types=update", "types=vacancy,update"):
        assert client.get(f"/alerts/preview?term=acme&{query}").status_code == 200


# Rate limits ----------------------------------------------------------------------------


def test_the_page_and_the_api_spend_one_budget(make_user, login, api, limits):
    limits(post="3 per minute")
    author = make_user()
    web, client = login(author), api(author)
    assert web.post("/posts", {"type": "update", "body": "een"}).status_code == 303
    assert client.post("/posts", json={"type": "update", "body": "twee"}).status_code == 201
    assert web.post("/posts", {"type": "update", "body": "drie"}).status_code == 303

    refused = client.post("/posts", json={"type": "update", "body": "vier"})
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # The body says it too (computed a moment earlier than the header).
    assert abs(error["retry_after"] - int(refused.headers["Retry-After"])) <= 1

    page = web.post("/posts", {"type": "update", "body": "vijf"})
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert "Rustig aan" in page.get_data(as_text=True)  # a page, in the reader's language

    # The budget is the person's: a colleague posts on.
    colleague = make_user()
    assert api(colleague).post("/posts", json={"type": "update", "body": "zes"}).status_code == 201
    # And other actions have their own.
    assert client.get("/feed").status_code == 200


def test_each_action_counts_only_itself(make_user, login, api, limits):
    limits(reply="1 per minute", post="5 per minute")
    author = make_user()
    client = api(author)
    parent = client.post("/posts", json={"type": "update", "body": "Vraag"}).get_json()
    assert client.post(f"/posts/{parent['id']}/replies", json={"body": "a"}).status_code == 201
    reply = login(author).post(f"/posts/{parent['id']}/replies", {"body": "b"})
    assert reply.status_code == 429 and "Retry-After" in reply.headers
    assert client.post("/posts", json={"type": "update", "body": "Nog een"}).status_code == 201


def test_searching_is_limited_on_both_doors(make_user, login, api, limits):
    limits(search="2 per minute")
    person = make_user(language="en")
    assert login(person).get("/search?q=utrecht").status_code == 200
    assert api(person).get("/search?q=utrecht").status_code in (200, 503)
    page = login(person).get("/search?q=utrecht")
    assert page.status_code == 429
    assert "Slow down" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) >= 1


def wrong_password(app, email: str, address: str = "127.0.0.1"):
    """A new browser each time (no session to count by): only the address is the same."""
    client = app.test_client()
    environ = {"REMOTE_ADDR": address}
    page = client.get("/login", environ_base=environ).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"email": email, "password": "fout", "csrf_token": token}
    return client.post("/login", data=form, environ_base=environ, headers={"Accept-Language": "en"})


def test_nobody_logged_in_is_counted_by_address(app, make_user, limits):
    limits(login="2 per minute")
    person = make_user()
    for attempt in range(2):
        assert wrong_password(app, person.email).status_code == 200, attempt
    refused = wrong_password(app, person.email)
    assert refused.status_code == 429
    assert "Too many attempts. Try again in" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) >= 1
    assert wrong_password(app, person.email, "192.0.2.7").status_code == 200  # another address


def test_a_page_shown_before_the_form_is_not_counted(make_user, login, api, limits):
    limits(refer="1 per minute")
    recruiter = make_user("recruiter")
    post = api(recruiter).post("/posts", json={"type": "vacancy", "body": "Wie?", **vacancy()})
    web = login(make_user())
    for _ in range(3):
        assert web.get(f"/vacancies/{post.get_json()['id']}/refer").status_code == 200


def test_the_public_apply_form_is_limited_with_retry_after(app, make_user, api, limits):
    limits(apply="1 per minute")
    recruiter = make_user("recruiter")
    post = api(recruiter).post("/posts", json={"type": "vacancy", "body": "Wie?", **vacancy()})
    url = f"/jobs/{post.get_json()['id']}/apply"
    visitor = app.test_client()
    form = {"name": "Piet", "email": "piet@example.com", "consent": "1"}
    assert visitor.post(url, data=form).status_code != 429
    refused = visitor.post(url, data=form)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_limited_routes_say_so_in_the_openapi_document(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    post = document["paths"]["/api/v1/posts"]["post"]
    assert "429" in post["responses"]
    assert "429" in document["paths"]["/api/v1/search"]["get"]["responses"]
    assert "retry_after" in document["components"]["schemas"]["ErrorBody"]["properties"]
