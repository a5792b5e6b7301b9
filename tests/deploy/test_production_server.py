"""The production server (gunicorn, config/gunicorn_conf.py) started from this repository with production settings
on loopback serves the login page, a page after login, the API with a token, its static files through WhiteNoise,
a burst of simultaneous requests without error (on PostgreSQL: within the connections it is sized for), and writes
its logs as JSON lines."""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.site import BIN, ROOT, Site, make_site

WORKERS, THREADS = 2, 3
BURST = 100


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    site: Site
    base: str
    token: str
    process: subprocess.Popen[str]
    log: Path


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(opener: urllib.request.OpenerDirector, url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp_path = tmp_path_factory.mktemp(f"server-{request.param}")
    site = make_site(tmp_path, request.param, "server_test")
    site.install()
    site.manage("collectstatic", "--no-input", "-v0")
    token = site.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        "from thidua.accounts.services import token_issue\n"
        "u = User.objects.get(username='bantdkt')\n"
        "print(token_issue(actor=u, user=u, name='kiểm thử máy chủ').plaintext)",
    ).stdout.split()[-1]
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn_conf.py", "config.wsgi"],
        cwd=ROOT,
        env=site.env(
            PYTHONUNBUFFERED="1",
            THIDUA_BIND=f"127.0.0.1:{port}",
            WEB_WORKERS=str(WORKERS),
            WEB_THREADS=str(THREADS),
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/tai-khoan/dang-nhap/", timeout=60).close()
            break
        except OSError:  # refused until it listens (URLError is an OSError)
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise AssertionError(
                    "gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()
                ) from None
            time.sleep(0.3)
    try:
        yield Server(site=site, base=base, token=token, process=process, log=tmp_path / "gunicorn.log")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        site.drop()


def test_it_serves_the_login_a_page_after_login_and_the_api(server: Server) -> None:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    status, headers, page = _get(browser, f"{server.base}/tai-khoan/dang-nhap/")
    assert status == 200
    assert "Đăng nhập" in page
    assert "Content-Security-Policy" in headers and headers["X-Frame-Options"] == "DENY"
    # Static files come from collectstatic under hashed names, cached for good, served by WhiteNoise.
    css = re.search(r'href="(/static/css/thidua\.[0-9a-f]{12}\.css)"', page)
    assert css, page[:2000]
    status, headers, _ = _get(browser, server.base + css.group(1))
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf.group(1), "username": "bantdkt", "password": "thidua2026"}
    ).encode()
    login = urllib.request.Request(
        f"{server.base}/tai-khoan/dang-nhap/",
        data=form,
        headers={"Referer": f"{server.base}/tai-khoan/dang-nhap/"},
    )
    try:
        browser.open(login, timeout=30)
        raise AssertionError("the login did not redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read().decode()
        assert answer.headers["Location"] == "/"
    status, _, home = _get(browser, f"{server.base}/")
    assert status == 200
    assert 'class="user-menu__name"' in home and "Đăng xuất" in home

    api = urllib.request.build_opener()
    status, headers, body = _get(api, f"{server.base}/api/v1/me", Authorization=f"Bearer {server.token}")
    assert status == 200, body
    me = json.loads(body)
    assert me["username"] == "bantdkt"
    status, _, body = _get(api, f"{server.base}/api/v1/me", Authorization="Bearer sai")
    assert status == 401

    # gunicorn writes the access line just after the answer is sent.
    deadline = time.monotonic() + 10
    while True:
        log_lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]
        api_lines = [
            line
            for line in log_lines
            if line["logger"] == "gunicorn.access" and line["http"]["path"] == "/api/v1/me"
        ]
        if len(api_lines) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    # Each worker thread writes its own access line after answering: the two lines may land in either order.
    assert sorted(line["http"]["status"] for line in api_lines[-2:]) == ["200", "401"]
    assert api_lines[-1]["http"]["method"] == "GET" and api_lines[-1]["http"]["duration_ms"] >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", api_lines[-1]["request_id"])


def _connections(site: Site) -> int:
    import psycopg

    name = urllib.parse.urlsplit(site.database_url).path.lstrip("/")
    with psycopg.connect(site.database_url.rsplit("/", 1)[0] + "/postgres") as conn:
        row = conn.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()
        return int(row[0]) if row else 0


def test_it_answers_a_burst_of_simultaneous_requests_within_its_connections(server: Server) -> None:
    opener = urllib.request.build_opener()
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _connections(server.site))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch) if server.site.engine == "postgresql" else None
    if watcher:
        watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=BURST) as pool:
            answers = list(
                pool.map(
                    lambda _: _get(
                        opener, f"{server.base}/api/v1/me", Authorization=f"Bearer {server.token}"
                    )[0],
                    range(BURST),
                )
            )
    finally:
        done.set()
        if watcher:
            watcher.join()
    assert answers == [200] * BURST
    if server.site.engine == "postgresql":
        # One persistent connection per web thread at most (docs/cai-dat.md, "Kết nối").
        assert 0 < peak <= WORKERS * THREADS
        assert _connections(server.site) <= WORKERS * THREADS
