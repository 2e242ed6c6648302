"""How this process serves: OS threads on Werkzeug (the default) or greenlets on gevent,
and whether it is draining.

gunicorn's gevent worker (production; `KRING_SERVER=gevent python wsgi.py` starts it)
monkey-patches the standard library before it imports the app; everything that asks
"threads or greenlets?" asks here.
"""

from __future__ import annotations

import gc
import sys
import threading

# The collector's thresholds for a serving process (Python's own are 700, 10, 10): a young
# collection every 20,000 new objects instead of 700, so the objects of a broadcast in
# flight (a thousand websocket writes) are rarely caught alive and promoted, which is
# what makes full collections come round every few seconds.
COLLECT_THRESHOLDS = (20_000, 20, 10)


def gevent_patched() -> bool:
    """True when gevent has monkey-patched this process (wsgi.py, or gunicorn's gevent
    worker): threads are greenlets, and blocking in C would freeze all of them."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket"))


def in_real_thread(function, *args):
    """`function(*args)` in one of gevent's real threads when this process is patched, so
    that work which computes for long in C with the GIL released (Pillow decoding and
    encoding an image) leaves the hub serving; called as usual otherwise."""
    if not gevent_patched():
        return function(*args)
    from gevent import get_hub  # only here when gevent runs this process

    return get_hub().threadpool.apply(function, args)


def settle_heap() -> None:
    """Called once start-up is done: what start-up made (modules, mappers, schemas,
    templates, some 250,000 objects) lives as long as the process, so the collector is
    told to stop walking it, and collects less often.

    Under gevent a full collection stops every socket: with 1,000 clients connected one
    took 100–280 ms, every few seconds, and decided the p99 of a notification's way to its
    socket (BENCHMARKS.md, sockets). After this, full collections walk only what came after
    start-up and are rare."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECT_THRESHOLDS)


def socketio_async_mode() -> str:
    """Chosen, not guessed: python-socketio would pick gevent merely because it is
    installed, and gevent without monkey-patching can't take pushes from the job threads."""
    return "gevent" if gevent_patched() else "threading"


def server_name() -> str:
    return "gevent (greenlets)" if gevent_patched() else "Werkzeug (threads)"


_draining = threading.Event()


def start_draining() -> None:
    _draining.set()


def draining() -> bool:
    """Is this node going away (SIGTERM)? Then it opens no new socket and is not ready."""
    return _draining.is_set()


class RefuseSocketsWhileDraining:
    """WSGI middleware: while draining, a new Socket.IO connection (a handshake: no `sid`
    yet) gets 503, which the balancer answers by trying another node; a socket's own
    requests still reach it until it is closed."""

    def __init__(self, app, path: str = "/socket.io/"):
        self.app, self.path = app, path

    def __call__(self, environ, start_response):
        if (
            _draining.is_set()
            and environ.get("PATH_INFO", "").startswith(self.path)
            and "sid=" not in environ.get("QUERY_STRING", "")
        ):
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain"), ("Retry-After", "1"), ("Content-Length", "9")],
            )
            return [b"draining\n"]
        return self.app(environ, start_response)


HSTS = "max-age=31536000"  # a year: browsers come back over https only


def _secure_cookie(value: str) -> str:
    attributes = {part.strip().split("=", 1)[0].lower() for part in value.split(";")[1:]}
    return value if "secure" in attributes else value + "; Secure"


class HttpsOnly:
    """Over https (the request's scheme, which ProxyFix takes from the proxy in front, or
    every request when Kring's address is https): every cookie Secure (the session, the
    remember-me cookie, the node cookie, whoever sets them) and HSTS."""

    def __init__(self, app, always: bool = False):
        self.app, self.always = app, always

    def __call__(self, environ, start_response):
        if not (self.always or environ.get("wsgi.url_scheme") == "https"):
            return self.app(environ, start_response)

        def start(status, headers, exc_info=None):
            headers = [
                (name, _secure_cookie(value) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            if not any(name.lower() == "strict-transport-security" for name, _ in headers):
                headers.append(("Strict-Transport-Security", HSTS))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def quiet_request_handler():
    """Werkzeug's request handler without its banner (`Server: Werkzeug/… Python/…`):
    nobody needs to learn the versions Kring runs on."""
    from werkzeug.serving import WSGIRequestHandler  # only `python wsgi.py` serves on it

    class Quiet(WSGIRequestHandler):
        def version_string(self) -> str:
            return "Kring"

    return Quiet
