"""The first request to a fresh server (`make run`): the right navigation from the first paint,
no helper or file name ever listed as a page, the requested page shown, a clean server log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from assessment.content import default_content
from tests.e2e.conftest import LOG_PROBLEMS, new_page, serve_app, wait_ready

pytestmark = pytest.mark.e2e
C = default_content()
NAV = [
    C.t(f"nav.{slug}", "nl") for slug in ("start", "questionnaire", "results", "plan", "strategy")
]

# Every state the sidebar navigation goes through, from before the first paint.
RECORD_NAVIGATION = """
window.__navs = [];
new MutationObserver(() => {
  const nav = document.querySelector('[data-testid="stSidebarNav"]');
  const items = nav ? Array.from(nav.querySelectorAll('a')).map(a => a.innerText.trim()) : [];
  const key = JSON.stringify(items);
  if (window.__navs[window.__navs.length - 1] !== key) window.__navs.push(key);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.parametrize(("path", "heading"), [("/", "start.title"), ("/results", "results.title")])
def test_first_request_to_a_fresh_server(
    browser: Browser, tmp_path: Path, path: str, heading: str
) -> None:
    with serve_app(tmp_path) as url:
        page = new_page(browser, viewport={"width": 1280, "height": 900})
        page.add_init_script(RECORD_NAVIGATION)
        page.goto(f"{url}{path}")
        wait_ready(page)
        expect(page.locator("h1").first).to_have_text(C.t(heading, "nl"))
        nav_links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        expect(nav_links).to_have_count(10)
        expect(page.get_by_test_id("stSidebar").get_by_text("English", exact=True)).to_be_visible()
        seen = [s for s in page.evaluate("window.__navs") if s != "[]"]
        assert seen, "no navigation was ever shown"
        for state in seen:  # from its first paint on, the navigation was the router's
            items = json.loads(state)
            assert len(items) == 10, items
            assert all(any(label.endswith(name) for label in items) for name in NAV), items
            assert not any(word in " ".join(items) for word in ("common", "facilitator", "app"))
        assert page.get_by_role("dialog").count() == 0  # no "page not found"
        page.close()
    log = (tmp_path / "server.log").read_text()
    for bad in (*LOG_PROBLEMS, "v1 guard"):
        assert bad not in log, log
