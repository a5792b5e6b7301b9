"""Application log records are JSON lines carrying the request id (production's LOG_FORMAT=json)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from config.jsonlog import JsonFormatter
from tests.deploy.site import ROOT
from thidua.core.middleware import _request_id


def test_it_writes_one_json_object_a_line_with_the_request_id_and_the_traceback() -> None:
    token = _request_id.set("abc123")
    try:
        try:
            raise ValueError("hỏng")
        except ValueError:
            record = logging.getLogger("thidua.test").makeRecord(
                "thidua.test", logging.ERROR, __file__, 1, "Không tạo được báo cáo %s", ("AG-CUM5",), None
            )
            record.exc_info = sys.exc_info()
        line = JsonFormatter().format(record)
    finally:
        _request_id.reset(token)
    assert "\n" not in line.split('"exception"')[0]
    data = json.loads(line)
    assert data["level"] == "ERROR"
    assert data["logger"] == "thidua.test"
    assert data["message"] == "Không tạo được báo cáo AG-CUM5"
    assert data["request_id"] == "abc123"
    assert data["exception"].endswith("ValueError: hỏng")
    assert len(line.splitlines()) == 1  # the traceback stays inside the one line


def test_it_is_the_production_default_and_text_in_development() -> None:
    probe = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    base = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    production = {**base, "DEBUG": "0", "SECRET_KEY": "Zq3" * 20, "ALLOWED_HOSTS": "x.gov.vn"}
    for env, expected in ((production, "json"), ({**base, "DEBUG": "1"}, "text")):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {probe}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.stdout.strip() == expected, out.stderr
