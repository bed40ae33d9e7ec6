"""gunicorn settings for notes_cms: `gunicorn -c gunicorn.conf.py`.

Every value can be changed from the environment, so one file serves every
app server; docs/DEPLOY.md shows it behind nginx.
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    # An empty variable (as .env.example leaves some) means the default.
    return os.environ.get(name) or default


wsgi_app = "notes_cms.wsgi:application"

# A local or private address: only the proxy in front (nginx) may reach the
# app server, since the site trusts the X-Forwarded-Proto and X-Real-IP
# headers it sets.
bind = _env("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(_env("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# Sync workers suit short database-bound requests; "gthread" with
# GUNICORN_THREADS > 1 serves slow clients without holding a whole process.
worker_class = _env("GUNICORN_WORKER_CLASS", "sync")
threads = int(_env("GUNICORN_THREADS", "1"))

# A request that takes longer than this has gone wrong: the worker is replaced.
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(_env("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced now and then, so slow leaks never add up.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(_env("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Load Django once in the master: workers start faster and share memory.
# Django opens no database connection at import, so none is shared by fork.
preload_app = True

# notes_cms.request logs each request as JSON with its time and user, so
# gunicorn's own access log would only repeat it.
accesslog = None
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
