"""The query page and resource pages in a real headless Chromium (Debian's chromium + chromedriver,
driven by selenium), offline: every request must go to the local server.

Locally these tests skip, saying why, when the browser is missing; with CI set they fail instead
(.ci/install-browser installs it).
"""
from __future__ import annotations

import json

import pytest
from headless import chromium

from liveserver import SAMPLE, live_server

OFFLINE = [# Offline: anything not on the loopback goes to a proxy that does not exist, and fails.
                "--proxy-server=http://127.0.0.1:9"]
WAIT = 30


@pytest.fixture(scope="module")
def origin():
    with live_server(SAMPLE, timeout=5.0) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), OFFLINE, WAIT) as driver:
        yield driver


def _wait(driver, condition, timeout=WAIT):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _assert_offline(driver, origin):
    for url in _requested_urls(driver):
        if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")):  # (chrome://, data:, blob: are local)
            assert url.startswith(origin + "/"), f"the page asked another host: {url}"


def _errors_in_console(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_query_page_runs_a_catalogue_query(browser, origin):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(origin + "/")
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#examples[data-loaded='true']"))
    assert "PREFIX pkg:" in browser.find_element(By.ID, "query").get_attribute("value")  # prefixes pre-filled

    Select(browser.find_element(By.ID, "examples")).select_by_value("measures-due-before")
    editor_text = browser.find_element(By.ID, "query").get_attribute("value")
    assert editor_text.startswith("# title: Measures due before a date")
    before = browser.find_element(By.ID, "param-before")
    assert before.get_attribute("type") == "date" and before.get_attribute("value") == "2020-06-30"
    browser.execute_script("arguments[0].value = arguments[1]", before, "2020-12-31")
    browser.find_element(By.ID, "run").click()

    rows = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
                 if len(d.find_elements(By.CSS_SELECTOR, "#results table tbody tr")) == 2 else False)
    first = rows[0].find_elements(By.TAG_NAME, "td")
    assert first[1].text.startswith("1.1 Подготовка технической спецификации")
    assert "2 rows" in browser.find_element(By.ID, "status").text
    link = first[0].find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == origin + "/plan/kz-mtszn-2020-roadmap/measure/1.1"
    assert link.text == "id:plan/kz-mtszn-2020-roadmap/measure/1.1"

    # sort by a column: click twice for descending
    due_header = lambda: browser.find_element(By.CSS_SELECTOR, "#results th[data-var='due']")  # noqa: E731
    due_header().click()
    due_header().click()
    assert due_header().text.endswith("▼")
    dues = [r.find_elements(By.TAG_NAME, "td")[3].text for r in browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")]
    assert dues[0].startswith("2020-07-31") and dues[1].startswith("2020-01-28")
    assert browser.find_element(By.ID, "download-csv").is_enabled()

    # an IRI in the results leads to its page
    browser.find_element(By.CSS_SELECTOR, "#results a[href='/plan/kz-mtszn-2020-roadmap/measure/1.1']").click()
    title = _wait(browser, lambda d: d.find_element(By.ID, "title"))
    assert title.text.startswith("1.1 Подготовка технической спецификации")
    _assert_offline(browser, origin)
    assert _errors_in_console(browser) == []


def test_query_page_shows_errors_at_their_line(browser, origin):
    from selenium.webdriver.common.by import By

    browser.get(origin + "/")
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "body[data-ready='true']"))
    editor = browser.find_element(By.ID, "query")
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", editor,
        "SELECT ?s\nWHERE {\n  ?s ?p\n}")
    browser.find_element(By.ID, "run").click()
    error = _wait(browser, lambda d: d.find_element(By.ID, "error") if d.find_element(By.ID, "error").is_displayed() else False)
    assert "syntax error at line 3" in error.text
    # the endpoint's error is marked at its line in the editor (a CodeMirror lint diagnostic)
    assert browser.find_element(By.ID, "query").get_attribute("data-error-line") == "3"
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".cm-editor .cm-lintRange-error"))
    _assert_offline(browser, origin)


def test_resource_page(browser, origin):
    from selenium.webdriver.common.by import By

    browser.get(origin + "/plan/kz-mtszn-2020-roadmap/measure/1.3")
    assert browser.find_element(By.ID, "title").text.startswith("1.3 Проведение конкурсных процедур")
    provenance = browser.find_element(By.CSS_SELECTOR, ".provenance").text
    assert "source lines 19, 20" in provenance and "000_d466afb8a09bde20.txt" in provenance
    browser.find_element(By.CSS_SELECTOR, "a[href='/plan/kz-mtszn-2020-roadmap/task/1']").click()
    assert browser.find_element(By.ID, "title").text == "Задача 1. Подготовка лиц с инвалидностью (ЛСИ) к рынку труда"
    _assert_offline(browser, origin)
