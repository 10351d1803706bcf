"""The served network page: it re-fits after a filter, and search finds Latin spellings and ids."""
from __future__ import annotations

import time

from conftest import assert_offline, wait


def _stable(driver):
    wait(driver, lambda d: d.execute_script("return document.body.dataset.stable") == "true", timeout=120)


def test_network_refits_after_a_filter(browser, origin):
    browser.get(origin + "/network.html")
    _stable(browser)
    # look far away from every node, then filter to one region: the nodes left must be in view
    browser.execute_script("window.policykg.network.moveTo({position: {x: 50000, y: 50000}, scale: 2})")
    region = browser.execute_script(
        "return window.policykg.nodes.get().filter((n) => n.t === 'region').map((n) => n.id).sort()[0]")
    assert region
    browser.execute_script("window.policykg.setFilter('region', arguments[0])", region)
    time.sleep(0.3)
    inside = browser.execute_script("""
        const net = window.policykg.network, ids = window.policykg.visibleIds().nodes;
        const box = document.querySelector('#network, .vis-network').getBoundingClientRect();
        const pos = net.getPositions(ids);
        return ids.map((id) => { const p = net.canvasToDOM(pos[id]);
          return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });""")
    assert inside and all(inside), f"{inside.count(False)} of {len(inside)} nodes outside the canvas"
    assert_offline(browser, origin)


def test_search_finds_latin_spellings_and_ids(browser, origin):
    browser.get(origin + "/network.html")
    _stable(browser)
    cyrillic = browser.execute_script("return window.policykg.search('акимат')")
    latin = browser.execute_script("return window.policykg.search('akimat')")
    assert cyrillic and sorted(latin) == sorted(cyrillic)
    by_id = browser.execute_script("return window.policykg.search('kz-mtszn-2020-roadmap/measure/6.4')")
    assert "https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap/measure/6.4" in by_id
