"""gunicorn, the production web server: `gunicorn -c config/gunicorn_conf.py config.wsgi`.

Every value can be changed from the environment (the .env of deploy/). Sizing, with PostgreSQL: each web thread
keeps one persistent database connection (CONN_MAX_AGE), so the web server holds at most
WEB_WORKERS × WEB_THREADS connections, each `manage.py db_worker` one more, and every command one while it runs.
Keep that sum (plus a margin for backups and psql) under PostgreSQL's `max_connections` (100 by default):
the defaults below hold 3 × 4 = 12 web connections and 1 for the worker. See docs/cai-dat.md, "Kết nối".
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("THIDUA_BIND", "127.0.0.1:8000")
# Processes: about one per core plus one; threads within each so a slow PDF does not hold a whole process.
workers = int(os.environ.get("WEB_WORKERS", str(min(multiprocessing.cpu_count() + 1, 8))))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# Imports and Excel files are parsed by the worker, not here: a request that takes longer is a fault.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart a process after this many requests (jittered), so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Caddy (or nginx) in front sets X-Forwarded-*; trust it only from this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Load Django once in the master: workers start warm, and a broken settings file stops the start, not each worker.
preload_app = True
# systemd starts, stops and restarts the server; gunicorn's own control socket is not needed.
control_socket_disable = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs: JSON lines on standard output/error (journald keeps them), the same shape as the application's.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.jsonlog.JsonFormatter"}},
    "handlers": {
        "access": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)s "%(a)s" %({x-request-id}o)s'
