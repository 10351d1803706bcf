"""Take the README's screenshots of the workbench (docs/query-page.png, docs/measure-page.png,
docs/network-overview.png) from a running server over a build:

    python tests/workbench/screenshots.py [BUILD_DIR]    # default build/
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from headless import chromium  # noqa: E402
from liveserver import live_server  # noqa: E402

DOCS = HERE.parent.parent / "docs"


def main(build: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with live_server(build, timeout=20.0) as origin, chromium(Path("/tmp/policykg-screenshots"),
                                                              ["--proxy-server=http://127.0.0.1:9"]) as d:
        d.set_window_size(1400, 1500)
        d.get(origin + "/?name=grants-by-region")
        WebDriverWait(d, 60).until(lambda x: x.find_element(By.TAG_NAME, "body").get_attribute("data-ran"))
        d.find_element(By.CSS_SELECTOR, "#views button[data-view='map']").click()
        time.sleep(1.5)
        d.save_screenshot(str(DOCS / "query-page.png"))
        d.set_window_size(1400, 1100)
        d.get(origin + "/plan/kz-mtszn-2020-roadmap/measure/1.3")
        d.save_screenshot(str(DOCS / "measure-page.png"))
        d.get(origin + "/network.html")
        WebDriverWait(d, 120).until(lambda x: x.execute_script("return document.body.dataset.stable") == "true")
        time.sleep(0.5)
        d.save_screenshot(str(DOCS / "network-overview.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build"))
