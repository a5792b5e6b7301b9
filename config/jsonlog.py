"""Log records as JSON lines: one object a line, for journald, Loki or a plain `grep`/`jq`.

Used by Django (settings.LOGGING, LOG_FORMAT=json) and by gunicorn (config/gunicorn.conf.py), so the web server's
access lines, its errors and the application's own messages share one shape:
{"time", "level", "logger", "message", "request_id"?, "exception"?, and for an access line "http": {...}}.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# gunicorn's access-log atoms worth a field of their own (see gunicorn's `access_log_format` documentation).
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "a": "user_agent",
}


def _request_id() -> str:
    try:
        from thidua.core.middleware import current_request_id
    except Exception:  # before Django is set up (gunicorn's master process)
        return ""
    return current_request_id()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        atoms = record.args if record.name == "gunicorn.access" and isinstance(record.args, dict) else None
        if atoms is not None:
            http: dict[str, Any] = {field: atoms.get(atom) for atom, field in ACCESS_FIELDS.items()}
            duration = str(atoms.get("D"))
            http["duration_ms"] = round(int(duration) / 1000, 1) if duration.isdigit() else None
            line["message"] = f"{http['method']} {http['path']} {http['status']}"
            line["http"] = http
            rid = atoms.get("{x-request-id}o")
            if rid and rid != "-":
                line["request_id"] = rid
        else:
            line["message"] = record.getMessage()
            rid = _request_id()
            if rid:
                line["request_id"] = rid
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)
