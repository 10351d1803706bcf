"""The workbench in a real headless Chromium over a real build of the bundled documents, offline."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/headless.py, tests/liveserver.py

from headless import chromium  # noqa: E402
from liveserver import live_server  # noqa: E402

OFFLINE = ["--proxy-server=http://127.0.0.1:9"]  # anything not on the loopback fails
WAIT = 40


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """`policykg build` of the bundled documents (network page, ontology docs, quality findings included)."""
    from click.testing import CliRunner

    from graph.cli import cli

    out = tmp_path_factory.mktemp("workbench-build") / "build"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def origin(built):
    with live_server(built, timeout=20.0, max_results=10_000) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("workbench-chromium"), OFFLINE, WAIT) as driver:
        yield driver


@pytest.fixture(autouse=True)
def _fresh_logs(request):
    """Each test reads only its own requests and console messages (the browser lives for the session)."""
    if "browser" in request.fixturenames:
        driver = request.getfixturevalue("browser")
        driver.get_log("browser")
        driver.get_log("performance")
    yield


def wait(driver, condition, timeout=WAIT):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def assert_offline(driver, origin):
    """Every request the page made went to this server (chrome://, data:, blob: are local)."""
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")):
                assert url.startswith(origin + "/"), f"the page asked another host: {url}"


def severe_console(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
