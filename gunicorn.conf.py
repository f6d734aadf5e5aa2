"""gunicorn's settings for serving the site (`make serve`; bench/load.py uses it too).

Environment variables:
- ``PORT``: the port to listen on (default 8000), on ``HOST`` (default 0.0.0.0, every
  interface; the TLS proxy in front connects to it).
- ``WEB_CONCURRENCY``: worker processes (default two per CPU core, plus one).
- ``GUNICORN_TIMEOUT``: seconds a worker may spend on one request (default 60: the PDF of a
  long record takes a few seconds).
- ``FORWARDED_ALLOW_IPS``: the addresses of the proxies whose X-Forwarded-* headers gunicorn
  trusts (gunicorn reads it itself; default 127.0.0.1).

The access log (one line a request) goes to standard output, errors and the application's
log (settings.LOGGING) to standard error.
"""

import multiprocessing
import os

wsgi_app = "asean_meetings.wsgi"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
# Workers load the application after the fork, each with its own database connection.
preload_app = False


def post_worker_init(worker):
    """Each worker loads the search's dictionaries (Thai, Lao, Japanese: two or three seconds)
    as it starts, so that no visitor's first search waits for them; in a thread of its own, so
    that the worker answers meanwhile (a load balancer's health check does not wait either)."""
    import threading

    from records.search_words import load_segmenters

    threading.Thread(target=load_segmenters, name="load-segmenters", daemon=True).start()
