"""gunicorn settings for production (`gunicorn config.wsgi`; read from this directory).

Sync workers behind a buffering reverse proxy (nginx), which absorbs slow clients.
Everything can be overridden with environment variables of the same meaning.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# (2 x cores) + 1 is gunicorn's starting point; PostgreSQL on the same box needs CPU too.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is killed and its transaction rolled back by PostgreSQL.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGHUP (graceful reload) or SIGTERM, workers get this long to finish in-flight requests.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# No access log here: nginx keeps it, configured without query strings (README, Deployment).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
