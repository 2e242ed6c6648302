"""Entry point: `gunicorn wsgi:app`, `flask --app wsgi …`, or `python wsgi.py` to serve.

`python wsgi.py` serves on Werkzeug with a thread per connection; with KRING_SERVER=gevent
it serves on gevent's WSGI server with a greenlet per connection (production: a thousand
open sockets cost little). gevent must patch the standard library before anything else
is imported, so that happens first.
"""

import os

if os.environ.get("KRING_SERVER") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from intranet import create_app  # noqa: E402
from intranet.background import init_background  # noqa: E402
from intranet.extensions import socketio  # noqa: E402
from intranet.links import base_url_warning  # noqa: E402

app = create_app()

if __name__ == "__main__":
    if warning := base_url_warning(app.config):
        app.logger.warning(warning)
    for started in init_background(app):
        app.logger.info("started %s", started)
    host, port = app.config["HOST"], int(app.config["PORT"])
    if socketio.async_mode == "threading":
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)
    else:
        socketio.run(app, host=host, port=port)
