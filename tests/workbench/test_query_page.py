"""The query page: editor, shared URLs, paging, typed sort and charts, checked against the endpoint."""
from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

from conftest import assert_offline, severe_console, wait

from graph.pages import outline_key


def _endpoint_rows(origin, name, **params):
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    request = urllib.request.Request(f"{origin}/queries/{name}?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["results"]["bindings"]


def _rows(driver):
    # read in one script: the table may be redrawn between two element look-ups
    return driver.execute_script("return Array.from(document.querySelectorAll('#results table tbody tr'))"
                                 ".map((tr) => Array.from(tr.cells).map((td) => td.innerText.trim()))")


def _ran(driver, count):
    return wait(driver, lambda d: int(d.find_element("tag name", "body").get_attribute("data-ran") or 0) >= count)


def test_editor_highlights_completes_and_checks(browser, origin):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(origin + "/")
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "body[data-vocabulary='true']"))
    content = browser.find_element(By.CSS_SELECTOR, ".cm-editor .cm-content")
    # highlighting: the keyword SELECT is drawn in another colour than a variable
    colour = browser.execute_script("""
        const spans = [...document.querySelectorAll('.cm-line span')];
        const of = (text) => spans.find((s) => s.textContent === text);
        return [getComputedStyle(of('SELECT')).color, getComputedStyle(of('?plan')).color,
                getComputedStyle(document.querySelector('.cm-line')).color];""")
    assert colour[0] != colour[2] and colour[0] != colour[1]
    # completion of the graph's own terms: pkg:Mea… offers pkg:Measure (a class of the ontology in use)
    content.click()
    content.send_keys(Keys.CONTROL, Keys.END)
    content.send_keys("\n# ?m a pkg:Mea")
    options = wait(browser, lambda d: [o.text for o in d.find_elements(By.CSS_SELECTOR, ".cm-tooltip-autocomplete li")] or False)
    assert any(o.startswith("pkg:Measure") for o in options)
    content.send_keys(Keys.ESCAPE)
    # checking as you type: an unclosed group is an error at its line, before anything is run
    browser.execute_script("arguments[0].value = 'SELECT ?s WHERE {\\n  ?s ?p ?o .\\n  FILTER(?o > )\\n}';"
                           "arguments[0].dispatchEvent(new Event('input'))", browser.find_element(By.ID, "query"))
    wait(browser, lambda d: d.find_element(By.ID, "query").get_attribute("data-syntax") == "error")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error"))
    assert not browser.find_element(By.ID, "results").text  # nothing ran
    assert_offline(browser, origin)
    assert severe_console(browser) == []


def test_shared_url_runs_a_catalogue_query_with_its_parameters(browser, origin):
    from selenium.webdriver.common.by import By

    expected = _endpoint_rows(origin, "measures-overdue", asOf="2020-03-31")
    assert expected  # the roadmap has measures due before the end of March 2020
    browser.get(origin + "/?name=measures-overdue&asOf=2020-03-31")
    _ran(browser, 1)
    assert browser.find_element(By.ID, "param-asOf").get_attribute("value") == "2020-03-31"
    rows = _rows(browser)
    assert [r[1] for r in rows] == [b["number"]["value"] for b in expected]
    link = browser.find_element(By.ID, "share-link").get_attribute("value")
    assert link == origin + "/?name=measures-overdue&asOf=2020-03-31" == browser.current_url
    # an edited query is shared as its text, and runs on load too
    browser.get(origin + "/?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/policykg/ontology#Measure> }"))
    _ran(browser, 1)
    assert int(_rows(browser)[0][0]) > 0
    assert_offline(browser, origin)


def test_paging_and_typed_sort_of_responsibility_matrix(browser, origin):
    from selenium.webdriver.common.by import By

    everything = _endpoint_rows(origin, "responsibility-matrix")
    assert len(everything) > 200
    browser.get(origin + "/?name=responsibility-matrix")
    _ran(browser, 1)
    assert len(_rows(browser)) == 100
    # the total comes from a COUNT query run once for the result: the endpoint's own row count
    total = f"rows 1–100 of {len(everything)}"
    wait(browser, lambda d: d.find_element(By.ID, "page-info").text == total)
    browser.find_element(By.ID, "next-page").click()
    _ran(browser, 2)
    assert browser.find_element(By.ID, "page-info").text == f"rows 101–200 of {len(everything)}"
    # the second page is rows 101–200 of the whole result, asked of the server by LIMIT/OFFSET
    page = _rows(browser)
    assert [r[2] for r in page] == ["id:" + b["organisation"]["value"][len("https://w3id.org/policykg/"):]
                                    for b in everything[100:200]]
    # typed sort of measure numbers: 1.4 < 2.1 < 10.1, over all rows, not only the page
    browser.find_element(By.CSS_SELECTOR, "#results th[data-var='number']").click()
    every_number = sorted({b["number"]["value"] for b in everything}, key=outline_key)
    # the sort is over all rows, fetched once: wait for the first page of the whole, sorted
    wait(browser, lambda d: [r[1] for r in _rows(d)][:1] == every_number[:1])
    assert "of " + str(len(everything)) in browser.find_element(By.ID, "page-info").text
    numbers = [r[1] for r in _rows(browser)]
    assert numbers == sorted(numbers, key=outline_key)
    assert numbers[0] == every_number[0]
    assert sorted(every_number) != every_number  # text order would differ: the sort is by number
    assert_offline(browser, origin)


def test_bar_chart_for_grants_by_region(browser, origin):
    from selenium.webdriver.common.by import By

    expected = _endpoint_rows(origin, "grants-by-region")
    browser.get(origin + "/?name=grants-by-region")
    _ran(browser, 1)
    bar = browser.find_element(By.CSS_SELECTOR, "#views button[data-view='bar']")
    assert bar.is_enabled()
    assert not browser.find_element(By.CSS_SELECTOR, "#views button[data-view='timeline']").is_enabled()
    bar.click()
    wait(browser, lambda d: d.find_element(By.ID, "results").get_attribute("data-view") == "bar")
    assert int(browser.find_element(By.ID, "results").get_attribute("data-bars")) == len(expected)
    # Chart.js drew on the canvas: its pixels are not all blank
    painted = browser.execute_script("""
        const c = document.getElementById('chart'); const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++; return n;""")
    assert painted > 1000
    # the region map: every row's region has its shape in the bundled Natural Earth units
    browser.find_element(By.CSS_SELECTOR, "#views button[data-view='map']").click()
    wait(browser, lambda d: d.find_element(By.ID, "results").get_attribute("data-view") == "map")
    results = browser.find_element(By.ID, "results")
    assert results.get_attribute("data-unmatched") == "0"
    kg_regions = {b["region"]["value"] for b in expected}
    # Natural Earth draws the city of Osh inside Osh region: one shape for both where both are listed
    assert len(kg_regions) - 1 <= int(results.get_attribute("data-regions")) <= len(kg_regions)
    assert_offline(browser, origin)
    assert severe_console(browser) == []


def test_cli_url_opens_the_same_query_on_the_page(browser, origin, monkeypatch):
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    from graph.cli import cli

    monkeypatch.setenv("POLICYKG_SERVER", origin)
    result = CliRunner().invoke(cli, ["query", "measures-overdue", "--param", "asOf=2020-03-31", "--url"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url == origin + "/?name=measures-overdue&asOf=2020-03-31"
    browser.get(url)
    _ran(browser, 1)
    expected = _endpoint_rows(origin, "measures-overdue", asOf="2020-03-31")
    assert [r[0] for r in _rows(browser)] == ["id:" + b["measure"]["value"][len("https://w3id.org/policykg/"):] for b in expected]
    assert browser.find_element(By.ID, "examples").get_attribute("value") == "measures-overdue"


def test_construct_result_is_drawn_as_a_graph(browser, origin):
    from selenium.webdriver.common.by import By

    query = ("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
             "CONSTRUCT { ?m pkg:directPartOf ?g } WHERE { ?m pkg:directPartOf ?g ; pkg:number ?n . "
             "FILTER(STRSTARTS(STR(?m), 'https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap/measure/1.')) }")
    browser.get(origin + "/?query=" + quote(query))
    _ran(browser, 1)
    wait(browser, lambda d: d.find_element(By.ID, "results").get_attribute("data-view") == "graph")
    # measures 1.1, 1.2, … and the group «1» they are part of, as nodes of vis-network
    request = urllib.request.Request(origin + "/sparql?query=" + quote(query), headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as response:
        triples = [line for line in response.read().decode().splitlines() if line.strip()]
    terms = {part for line in triples for part in (line.split(" ")[0], line.split(" ")[2])}
    assert int(browser.find_element(By.ID, "results").get_attribute("data-nodes")) == len(terms) > 2
    assert browser.find_elements(By.CSS_SELECTOR, "#graph-view canvas")
    assert_offline(browser, origin)
