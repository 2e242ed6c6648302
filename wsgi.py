"""Entry point: `gunicorn wsgi:app` (production), `flask --app wsgi …`, or `python wsgi.py`.

`python wsgi.py` serves on Werkzeug with a thread per connection (`make run`). With
KRING_SERVER=gevent it hands over to gunicorn with one gevent worker, as production serves
(`gunicorn.conf.py`): the worker monkey-patches the standard library before it imports
this module, and its `post_worker_init` hook starts the background work.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__" and os.environ.get("KRING_SERVER") == "gevent":
    ROOT = Path(__file__).resolve().parent
    config = str(ROOT / "gunicorn.conf.py")
    os.execv(
        sys.executable,
        [sys.executable, "-m", "gunicorn", "-c", config, "--chdir", str(ROOT), "wsgi:app"],
    )

from intranet import create_app  # noqa: E402
from intranet.background import init_background  # noqa: E402
from intranet.extensions import socketio  # noqa: E402
from intranet.links import base_url_warning  # noqa: E402
from intranet.platform.serving import quiet_request_handler  # noqa: E402

app = create_app()

if __name__ == "__main__":
    if warning := base_url_warning(app.config):
        app.logger.warning(warning)
    for started in init_background(app):
        app.logger.info("started %s", started)
    host, port = app.config["HOST"], int(app.config["PORT"])
    socketio.run(
        app,
        host=host,
        port=port,
        allow_unsafe_werkzeug=True,
        request_handler=quiet_request_handler(),
    )
