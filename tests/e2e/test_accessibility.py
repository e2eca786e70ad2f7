"""Every page of the app passes axe-core's WCAG 2.1 A/AA rules without a serious or critical
violation: in Dutch and English, at a laptop's and a phone's width, empty and filled in.

The solo pages are filled by loading a save file on the start page; the workshop pages by a room
made through the UI (a workshop nobody joined, and one where one phone answered a step and
another only joined).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from assessment.content import default_content
from assessment.savefile import template
from tests.e2e.conftest import new_page, reran, wait_idle, wait_ready
from tests.e2e.test_solo_flow import answer_step, nav, settle, sidebar

pytestmark = pytest.mark.e2e
C = default_content()
LANGUAGE = {"nl": "Nederlands", "en": "English"}
SOLO = ["start", "questionnaire", "results", "plan", "strategy", "save", "method"]
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
STRATEGY = Path(__file__).resolve().parents[1] / "fixtures" / "strategy-photographer.json"


def problems(page: Page, where: str) -> list[str]:
    """axe's serious and critical WCAG 2.1 A/AA violations on the page, one readable line each."""
    sidebar(page, False)  # a phone sees the page, not the sidebar laid over it
    options = {"runOnly": {"type": "tag", "values": WCAG21_AA}, "resultTypes": ["violations"]}
    result = AXE.run(page, options=options)
    found = []
    for v in result.response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:8])
            more = f" (+{len(v['nodes']) - 8} more)" if len(v["nodes"]) > 8 else ""
            found.append(f"{where}: {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return found


def use_language(page: Page, lang: str) -> None:
    """Switch with the sidebar's "Taal / Language" control unless that language is in force."""
    control = page.get_by_test_id("stSidebar").get_by_role(
        "radio", name=LANGUAGE[lang], include_hidden=True
    )
    if control.is_checked():
        return
    sidebar(page, True)
    with reran(page):
        page.get_by_test_id("stSidebar").get_by_text(LANGUAGE[lang], exact=True).click()
    expect(control).to_be_checked()


def open_page(browser: Browser, url: str, width: int, lang: str) -> Page:
    page = new_page(browser, viewport={"width": width, "height": 900})
    page.goto(url)
    wait_ready(page)
    use_language(page, lang)
    return page


@dataclass(frozen=True)
class Room:
    facilitator_empty: str  # nobody joined yet
    board_empty: str
    facilitator_filled: str  # one phone answered a step, another only joined
    board_filled: str
    join_by_code: str
    phone_joined: str  # /join?p=... without answers
    phone_answered: str


def _create(browser: Browser, url: str, lang: str, title: str) -> tuple[str, str, str]:
    """A workshop made on /workshop: (facilitator link, board link, join link)."""
    page = open_page(browser, f"{url}/workshop", 1280, lang)
    page.get_by_label(C.t("ws.fac.name", lang)).fill(title)
    page.get_by_test_id("stRadio").filter(has_text=C.t("ws.fac.language", lang)).get_by_text(
        LANGUAGE[lang], exact=True
    ).click()
    with reran(page):
        page.get_by_role("button", name=C.t("ws.fac.create", lang)).click()
    expect(page.locator("h1").first).to_have_text(title)
    join = page.locator("code", has_text="/join?code=").first.inner_text().strip()
    page.get_by_text(C.t("ws.fac.board_link", lang)).click()
    board = page.locator("code", has_text="board=").first.inner_text().strip()
    facilitator = page.url
    page.close()
    return facilitator, board, join


def _join(browser: Browser, join_link: str, lang: str, answer: bool) -> str:
    page = open_page(browser, join_link, 390, lang)
    with reran(page):
        page.get_by_role("button", name=C.t("ws.join.go", lang)).click()
    expect(page).to_have_url(re.compile(r"[?&]p="))
    if answer:
        answer_step(page, C.scale("phase").point(3).label(lang))
    link = page.url
    page.close()
    return link


@pytest.fixture(scope="module")
def rooms(app_url: str, browser: Browser) -> dict[str, Room]:
    made = {}
    for lang in LANGUAGE:
        fac_empty, board_empty, _ = _create(browser, app_url, lang, f"Leeg {lang}")
        fac_filled, board_filled, join = _create(browser, app_url, lang, f"Team {lang}")
        answered = _join(browser, join, lang, answer=True)
        joined = _join(browser, join, lang, answer=False)
        made[lang] = Room(fac_empty, board_empty, fac_filled, board_filled, join, joined, answered)
    return made


@pytest.fixture(scope="module")
def save_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scan with every statement answered (phases 1-2 fully, 3 partly, later phases hardly,
    a few "don't know"), as `python -m assessment template` writes it, filled in, with the
    photographer's strategy canvas (audiences, goals with SMART verdicts, channels)."""
    data = template(C, "nl")
    for n, item in enumerate(data.pop("items")):
        phase = item.get("phase")
        value = (4 if phase <= 2 else 2 if phase == 3 else 1) if phase else 2
        data["answers"][item["id"]] = "dont_know" if n % 11 == 10 else value
    data["organisation"]["name"] = "Bakkerij De Korenschoof"
    data["strategy"] = json.loads(STRATEGY.read_text(encoding="utf-8"))["strategy"]
    path = tmp_path_factory.mktemp("a11y") / "scan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rescan_file(save_file: Path) -> Path:
    """The same scan with two plan actions marked (one done, one in progress), for a re-scan."""
    data = json.loads(save_file.read_text(encoding="utf-8"))
    engagement = [s.id for s in C.phase(3).statements]
    data["plan"] = [
        {"action_id": f"act.{engagement[0]}", "status": "done", "done_on": "2026-01-15"},
        {"action_id": f"act.{engagement[1]}", "status": "in_progress"},
    ]
    path = save_file.with_name("rescan.json")
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_rescan_and_action_statuses(
    app_url: str, browser: Browser, rescan_file: Path, lang: str, width: int
) -> None:
    """The re-scan's states: the offer after a load, the carried answers marked on the
    questionnaire, the plan with statuses and a done action flagged."""
    page = open_page(browser, app_url, width, lang)
    nav(page, "nav.save", lang)
    sidebar(page, False)
    # wait on what a person sees (the file loaded), then for the page to be idle: in one CI run
    # the end of the upload's script run was not seen on the websocket within 30 s
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(rescan_file)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=30_000)
    wait_idle(page)
    found = problems(page, f"/save loaded {lang} {width}px")
    start = page.get_by_role("button", name=C.t("rescan.start", lang))
    wait_idle(page)  # tap once no run is going on and the button stands still
    settle(page, start)
    with reran(page):
        start.click()
    expect(page.get_by_role("button", name=C.t("unconfirmed.confirm_step", lang))).to_be_visible()
    found += problems(page, f"/questionnaire re-scan {lang} {width}px")
    nav(page, "nav.plan", lang)
    expect(page.get_by_test_id("stExpander").first).to_be_visible()
    found += problems(page, f"/plan statuses {lang} {width}px")
    page.close()
    assert not found, "axe, WCAG 2.1 A/AA, serious or critical:\n" + "\n".join(found)


COMPARE = [
    Path(__file__).resolve().parents[1] / "fixtures" / n
    for n in ("persona-sole-trader.json", "savefile-v1-e9d4024.json", "strategy-photographer.json")
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_compare_page(app_url: str, browser: Browser, lang: str, width: int) -> None:
    page = open_page(browser, app_url, width, lang)
    nav(page, "nav.compare", lang)
    found = problems(page, f"/compare empty {lang} {width}px")
    sidebar(page, False)
    with reran(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(COMPARE)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    wait_idle(page)
    found += problems(page, f"/compare filled {lang} {width}px")
    page.close()
    assert not found, "axe, WCAG 2.1 A/AA, serious or critical:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_solo_pages(app_url: str, browser: Browser, save_file: Path, lang: str, width: int) -> None:
    page = open_page(browser, app_url, width, lang)
    found: list[str] = []
    for state in ("empty", "filled"):
        if state == "filled":
            nav(page, "nav.start", lang)
            with reran(page):
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(save_file)
            expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible()
        for slug in SOLO:
            nav(page, f"nav.{slug}", lang)
            found += problems(page, f"/{slug} {state} {lang} {width}px")
    page.close()
    assert not found, "axe, WCAG 2.1 A/AA, serious or critical:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_workshop_pages(
    app_url: str, browser: Browser, rooms: dict[str, Room], lang: str, width: int
) -> None:
    room = rooms[lang]
    found: list[str] = []
    where = f"{lang} {width}px"

    page = open_page(browser, f"{app_url}/workshop", width, lang)
    found += problems(page, f"/workshop empty {where}")
    page.get_by_label(C.t("ws.fac.name", lang)).fill("Team Marketing")
    found += problems(page, f"/workshop filled in {where}")
    page.close()

    for name, url in [
        ("facilitator /workshop?key= empty", room.facilitator_empty),
        ("facilitator /workshop?key= filled", room.facilitator_filled),
        ("board /workshop?board= empty", room.board_empty),
        ("board /workshop?board= filled", room.board_filled),
        ("/join empty", f"{app_url}/join"),
        ("/join?code= filled", room.join_by_code),
        ("/join?p= empty", room.phone_joined),
        ("/join?p= filled", room.phone_answered),
    ]:
        page = open_page(browser, url, width, lang)
        found += problems(page, f"{name} {where}")
        page.close()
    assert not found, "axe, WCAG 2.1 A/AA, serious or critical:\n" + "\n".join(found)
