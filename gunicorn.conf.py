"""How a Kring web node serves in production: `gunicorn wsgi:app` (this file is found by name).

One gevent worker per node: Socket.IO keeps a browser's session in the process that
opened it, so a node is one process, and more cores mean more nodes behind the balancer
(`deploy/nginx.conf`). HOST and PORT say where to listen, as for `make run`; gunicorn's
own flags (`--bind`, …) override this file.
"""

import os

import gevent
import gunicorn.http.wsgi

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gevent"
# gevent records, for every greenlet, the stack it was spawned from (for its debugging
# reports, which Kring doesn't use): three greenlets per open socket, tens of thousands of
# frames that every full collection walks. Set here, before the worker makes any greenlet.
gevent.config.track_greenlet_tree = False
workers = 1
# Every open socket is a connection: a node holds thousands (mind `ulimit -n`).
worker_connections = int(os.environ.get("KRING_WORKER_CONNECTIONS", "10000"))
# Longer than the balancer keeps an idle connection to a node (nginx.conf: 4 s), so the
# node never closes one the balancer is about to reuse; short, because a draining node
# waits for its idle connections too.
keepalive = 5
# SIGTERM: stop accepting, send the sockets elsewhere, let requests in flight finish.
graceful_timeout = 25
# Several nodes may share a machine: no control socket in the home folder for them to fight
# over.
control_socket_disable = True
# gunicorn's listening socket sets TCP_NODELAY, and accepted connections inherit it: a
# response on a kept-alive connection leaves at once instead of waiting ~40 ms for the
# acknowledgement of its headers (tests/test_scaleout.py times a pair).

# gunicorn names itself in every response's Server header and has no setting for it; what
# a node runs on is nobody's business (nginx in front says only "nginx", server_tokens off).
gunicorn.http.wsgi.SERVER = "Kring"

if os.environ.get("KRING_LOG_JSON", "").lower() in ("1", "true", "yes", "on"):
    # gunicorn's own lines (start, stop, worker timeouts) in the same JSON as Kring's.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "intranet.platform.logs.JsonFormatter"}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        },
    }


def post_worker_init(worker):
    """The worker has patched the standard library and loaded `wsgi:app`: start what Kring
    runs beside its requests, and drain on SIGTERM."""
    from intranet.background import init_background, on_sigterm

    app = worker.wsgi
    for started in init_background(app):
        worker.log.info("started %s", started)
    on_sigterm(app)
