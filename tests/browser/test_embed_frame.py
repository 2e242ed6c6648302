"""In real Chromium: the vacancies widget shows inside an intranet page whose origin is in
KRING_EMBED_ORIGINS, and Chromium refuses to show it inside any other site's page (the
widget's CSP frame-ancestors). Each "site" is an HTTP server on loopback of its own port
(Chromium asks before a page from outside lets a frame reach the local network)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from servers import LiveServer

pytestmark = pytest.mark.browser


class Site:
    """A web site on loopback whose one page includes `widget` in an <iframe>."""

    def __init__(self):
        self.widget = ""
        site = self

        class Page(BaseHTTPRequestHandler):
            def do_GET(self):
                body = f'<!doctype html><h1>Intranet</h1><iframe id="w" src="{site.widget}"'
                body += ' height="500"></iframe>'
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites():
    intranet, elsewhere = Site(), Site()
    yield intranet, elsewhere
    intranet.stop()
    elsewhere.stop()


@pytest.fixture(scope="module")
def framed_server(live_server, sites, tmp_path_factory):
    """A second node on the same database that lets the intranet frame the widget."""
    server = LiveServer(
        tmp_path_factory.mktemp("embed"),
        live_server.env["DATABASE_URL"],
        RATELIMIT_ENABLED="false",
        KRING_EMBED_ORIGINS=sites[0].origin,
    )
    yield server
    server.stop()


def open_site(page, site: Site, widget: str):
    site.widget = widget
    page.goto(site.origin + "/")  # waits for the load event, which waits for the frame
    return page.frame_locator("#w")


def post_vacancy(live_server, title: str) -> int:
    """A company-wide open vacancy in Logistiek, posted by a recruiter."""
    return live_server.create_post(
        "bram@brugwerk.example",
        {
            "type": "vacancy",
            "title": title,
            "department": "Logistiek",
            "location": "Tiel",
            "hours": 36,
            "closes_on": (date.today() + timedelta(days=30)).isoformat(),
            "body": "Wie kent een planner die van puzzelen houdt?",
        },
    )


def test_the_widget_shows_on_the_intranet_only(live_server, framed_server, sites, new_page):
    post_vacancy(live_server, "Magazijnmedewerker widget")
    widget = framed_server.url + "/embed/vacancies?department=Logistiek"
    intranet, other = sites

    shown = open_site(new_page(), intranet, widget)
    title = shown.locator(".embed__title", has_text="Magazijnmedewerker widget")
    title.wait_for()
    assert title.get_attribute("target") == "_blank"
    assert shown.locator(".embed__button").first.inner_text() == "Solliciteer"

    # The other site's page has loaded, its frame with it (the load event waits for
    # frames): Chromium put its error page where the widget would be.
    elsewhere = new_page()
    blocked = open_site(elsewhere, other, widget)
    [frame] = elsewhere.main_frame.child_frames
    assert frame.url.startswith("chrome-error://"), frame.url
    assert blocked.locator(".embed__title").count() == 0
