"""How this process serves: OS threads on Werkzeug (the default) or greenlets on gevent.

`KRING_SERVER=gevent python wsgi.py` monkey-patches the standard library before anything
else is imported; everything that asks "threads or greenlets?" asks here.
"""

from __future__ import annotations

import sys


def gevent_patched() -> bool:
    """True when gevent has monkey-patched this process (wsgi.py, or gunicorn's gevent
    worker): threads are greenlets, and blocking in C would freeze all of them."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket"))


def socketio_async_mode() -> str:
    """Chosen, not guessed: python-socketio would pick gevent merely because it is
    installed, and gevent without monkey-patching can't take pushes from the job threads."""
    return "gevent" if gevent_patched() else "threading"


def server_name() -> str:
    return "gevent (greenlets)" if gevent_patched() else "Werkzeug (threads)"
