"""Kring as an app: the manifest and its icons, the service worker at the root, the offline
page, logging out clearing what the browser kept; and the desktop notification setting
(tests/browser/test_app_flow.py has Chromium show the notifications and the offline feed)."""

from __future__ import annotations

import io

from PIL import Image

from intranet.extensions import db
from intranet.notifying import fanout
from intranet.posting import posts


def test_the_manifest_makes_kring_installable(app):
    client = app.test_client()
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": "nl"})
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["name"] == "Kring" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["lang"] == "nl"
    assert manifest["description"] == "Nieuws, vacatures en signalen van je collega's"
    purposes = set()
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:  # a file: closed when read
            assert image.status_code == 200 and image.mimetype == "image/png"
            width, height = Image.open(io.BytesIO(image.data)).size
        assert f"{width}x{height}" == icon["sizes"]
        purposes.add(icon["purpose"])
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
    assert purposes == {"any", "maskable"}


def test_every_page_links_the_manifest(app, make_user, login):
    page = login(make_user()).get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert "data-offline hidden" in page


def test_the_service_worker_may_look_after_every_page(app):
    with app.test_client().get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype in ("text/javascript", "application/javascript")
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert response.headers["Cache-Control"] == "no-cache"
        assert b'addEventListener("fetch"' in response.data


def test_the_offline_page(app, make_user, login):
    page = login(make_user()).get("/offline", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "You are offline" in page.get_data(as_text=True)


def test_logging_out_clears_what_the_browser_kept(app, make_user, login):
    web = login(make_user())
    response = web.post("/logout")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_desktop_notifications_are_on_until_switched_off(app, make_user, login, api):
    user = make_user()
    web = login(user)
    page = web.get("/").get_data(as_text=True)
    assert 'data-desktop="1"' in page and "data-desktop-mention=" in page
    assert web.post("/notifications/desktop", {"desktop_notifications": "0"}).status_code == 303
    assert 'data-desktop="1"' not in web.get("/").get_data(as_text=True)
    settings = web.get("/notifications/settings").get_data(as_text=True)
    assert 'name="desktop_notifications" value="0" checked' in settings
    # The API says and changes the same.
    assert api(user).get("/me/settings").json["desktop_notifications"] is False
    assert api(user).patch("/me/settings", json={"desktop_notifications": True}).status_code == 200
    db.session.expire_all()
    assert db.session.get(type(user), user.id).desktop_notifications is True
    bad = api(user).patch("/me/settings", json={"desktop_notifications": "soms"})
    assert bad.status_code == 422 and "desktop_notifications" in bad.json["error"]["fields"]


def test_a_notification_says_whether_its_post_must_be_read(app, make_user, api):
    author, reader = make_user(), make_user(handle="lezer")
    posts.create_post(author, {"type": "update", "body": "@lezer lees dit", "must_read": True})
    db.session.commit()
    fanout.drain()
    [item] = api(reader).get("/notifications").json["items"]
    assert item["post"]["must_read"] is True
    assert item["reasons"] == [{"kind": "mention"}]
