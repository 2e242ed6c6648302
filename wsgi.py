"""Entry point: `gunicorn wsgi:app`, `flask --app wsgi …`, or `python wsgi.py` to serve."""

import os

from intranet import create_app
from intranet.extensions import socketio

app = create_app()

if __name__ == "__main__":
    from intranet.jobs import warm_up

    warm_up()
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)
