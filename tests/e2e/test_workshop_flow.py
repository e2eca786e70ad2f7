"""A workshop in real Chromium: a facilitator and three phones, live board, consensus, PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Download, Page, expect
from pypdf import PdfReader

from assessment.content import default_content
from tests.e2e.conftest import new_page, reran, wait_ready
from tests.e2e.test_solo_flow import answer_step, metric

pytestmark = pytest.mark.e2e
C = default_content()
LABELS = {p.value: p.label("nl") for p in C.scale("phase").points}


def group_report(fac: Page) -> Download:
    """The facilitator saves the group answer (prefilled with the room's median) and downloads
    the group report."""
    fac.get_by_role("tab", name=C.t("ws.tab.consensus", "nl")).click()
    with reran(fac):
        fac.get_by_role("button", name=C.t("ws.cons.save", "nl")).click()
    expect(fac.get_by_text(C.t("ws.cons.saved", "nl"))).to_be_visible()
    fac.get_by_role("tab", name=C.t("ws.tab.result", "nl")).click()
    with fac.expect_download() as info:
        fac.get_by_role("button", name=C.t("report.download", "nl")).click()
    return info.value


def test_workshop_room(app_url: str, browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    fac = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    fac.goto(f"{app_url}/workshop")
    wait_ready(fac)
    fac.get_by_label(C.t("ws.fac.name", "nl")).fill("Team Marketing")
    with reran(fac):
        fac.get_by_role("button", name=C.t("ws.fac.create", "nl")).click()
    expect(fac.locator("h1").first).to_have_text("Team Marketing")
    assert "key=" in fac.url
    join_link = fac.locator("code", has_text="/join?code=").first.inner_text().strip()
    code = re.search(r"code=([A-Z0-9]+)", join_link).group(1)  # type: ignore[union-attr]
    expect(fac.get_by_text(code, exact=True)).to_be_visible()
    fac.screenshot(path=artifacts / "workshop-facilitator.png", full_page=True)

    # a participant who guesses the facilitator page gets nothing
    guess = new_page(browser)
    guess.goto(f"{app_url}/workshop?key=guessed")
    wait_ready(guess)
    expect(guess.get_by_text(C.t("ws.fac.unknown_key", "nl"))).to_be_visible()
    guess.close()

    phones = []
    for value in (4, 0, 2):
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        phone = new_page(ctx)
        phone.goto(join_link)
        wait_ready(phone)
        expect(phone.get_by_test_id("stSidebarNav")).to_have_count(0)  # no facilitator pages
        with reran(phone):
            phone.get_by_role("button", name=C.t("ws.join.go", "nl")).click()
        expect(phone).to_have_url(re.compile(r"[?&]p="))
        answer_step(phone, LABELS[value])
        phones.append(phone)
    phones[0].screenshot(path=artifacts / "workshop-phone.png", full_page=True)

    # the board shows the room without a manual reload
    expect(metric(fac, "ws.board.joined").get_by_test_id("stMetricValue")).to_have_text(
        "3", timeout=15_000
    )
    expect(fac.get_by_text(C.t("ws.board.disagree", "nl"))).to_be_visible()
    first = C.phase(1).statements[0].text("nl")
    expect(fac.get_by_text(first).first).to_be_visible(timeout=15_000)
    fac.screenshot(path=artifacts / "workshop-board.png", full_page=True)

    # the projector gets the read-only board link: the room and the code, nothing to manage
    fac.get_by_text(C.t("ws.fac.board_link", "nl")).click()
    board_link = fac.locator("code", has_text="board=").first.inner_text().strip()
    key = re.search(r"key=([^&]+)", fac.url).group(1)  # type: ignore[union-attr]
    projector = new_page(browser, viewport={"width": 1600, "height": 900})
    projector.goto(board_link)
    wait_ready(projector)
    expect(metric(projector, "ws.board.joined").get_by_test_id("stMetricValue")).to_have_text(
        "3", timeout=15_000
    )
    expect(projector.get_by_text(code, exact=True)).to_be_visible()
    expect(projector.get_by_role("tab")).to_have_count(0)
    expect(projector.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert key not in projector.content() and key not in projector.url
    projector.screenshot(path=artifacts / "workshop-projector.png", full_page=True)
    projector.close()

    # a phone reloads: it goes on at the first step with something left to answer (step 1
    # is complete), and its answers come back from the database
    given = phones[1].get_by_test_id("stRadio").count()
    phones[1].reload()
    wait_ready(phones[1])
    total = len(C.item_ids())
    expect(phones[1].get_by_text(C.t("progress", "nl", done=given, total=total))).to_be_visible()
    expect(phones[1].get_by_test_id("stRadio").filter(has_text=first)).to_have_count(0)
    expect(phones[1].get_by_test_id("stRadio").locator("input:checked")).to_have_count(0)
    with reran(phones[1]):
        phones[1].get_by_role("button", name=C.t("q.prev", "nl")).click()
    first_radio = phones[1].get_by_test_id("stRadio").filter(has_text=first)
    checked = first_radio.locator("label:has(input:checked)")
    expect(checked).to_have_text(LABELS[0])

    # consensus (prefilled with the median), then the group result and its PDF
    pdf = tmp_path / "group.pdf"
    group_report(fac).save_as(pdf)
    text = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages
        ).split()
    )
    assert "Team Marketing" in text
    assert C.t("report.by.workshop", "nl", count=3) in text

    # closing: a phone can no longer answer, and says why
    fac.get_by_role("tab", name=C.t("ws.tab.manage", "nl")).click()
    with reran(fac):
        fac.get_by_role("button", name=C.t("ws.manage.close", "nl")).click()
    phones[2].reload()
    wait_ready(phones[2])
    expect(phones[2].get_by_text(C.t("ws.error.closed", "nl")).first).to_be_visible()
    for phone in phones:
        phone.context.close()
    fac.close()
