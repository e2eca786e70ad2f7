"""A workshop in real Chromium: a facilitator and three phones, live board, consensus, PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from assessment.content import default_content
from tests.e2e.conftest import wait_ready
from tests.e2e.test_solo_flow import answer_step, settle

# A real browser against a real server on a shared 2-core machine: one retry absorbs a lost
# click; a real defect fails both tries.
pytestmark = [pytest.mark.e2e, pytest.mark.flaky(reruns=1, reruns_delay=2)]
C = default_content()
LABELS = {p.value: p.label("nl") for p in C.scale("phase").points}


def metric(page: Page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has_text=label)
    return box.get_by_test_id("stMetricValue").inner_text()


def test_workshop_room(app_url: str, browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    fac = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    fac.goto(f"{app_url}/workshop")
    wait_ready(fac)
    fac.get_by_label(C.t("ws.fac.name", "nl")).fill("Team Marketing")
    fac.get_by_role("button", name=C.t("ws.fac.create", "nl")).click()
    settle(fac)
    expect(fac.locator("h1").first).to_have_text("Team Marketing")
    assert "key=" in fac.url
    join_link = fac.locator("code", has_text="/join?code=").first.inner_text().strip()
    code = re.search(r"code=([A-Z0-9]+)", join_link).group(1)  # type: ignore[union-attr]
    expect(fac.get_by_text(code, exact=True)).to_be_visible()
    fac.screenshot(path=artifacts / "workshop-facilitator.png", full_page=True)

    # a participant who guesses the facilitator page gets nothing
    guess = browser.new_page()
    guess.goto(f"{app_url}/workshop?key=guessed")
    wait_ready(guess)
    expect(guess.get_by_text(C.t("ws.fac.unknown_key", "nl"))).to_be_visible()
    guess.close()

    phones = []
    for value in (4, 0, 2):
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        phone = ctx.new_page()
        phone.goto(join_link)
        wait_ready(phone)
        expect(phone.get_by_test_id("stSidebarNav")).to_have_count(0)  # no facilitator pages
        phone.get_by_role("button", name=C.t("ws.join.go", "nl")).click()
        settle(phone)
        expect(phone).to_have_url(re.compile(r"[?&]p="))
        answer_step(phone, LABELS[value])
        phones.append(phone)
    phones[0].screenshot(path=artifacts / "workshop-phone.png", full_page=True)

    # the board shows the room without a manual reload
    expect(
        fac.get_by_test_id("stMetric").filter(has_text=C.t("ws.board.joined", "nl"))
    ).to_contain_text("3", timeout=15_000)
    expect(fac.get_by_text(C.t("ws.board.disagree", "nl"))).to_be_visible()
    first = C.phase(1).statements[0].text("nl")
    expect(fac.get_by_text(first).first).to_be_visible(timeout=15_000)
    fac.screenshot(path=artifacts / "workshop-board.png", full_page=True)

    # the projector gets the read-only board link: the room and the code, nothing to manage
    fac.get_by_text(C.t("ws.fac.board_link", "nl")).click()
    board_link = fac.locator("code", has_text="board=").first.inner_text().strip()
    key = re.search(r"key=([^&]+)", fac.url).group(1)  # type: ignore[union-attr]
    projector = browser.new_page(viewport={"width": 1600, "height": 900})
    projector.goto(board_link)
    wait_ready(projector)
    expect(
        projector.get_by_test_id("stMetric").filter(has_text=C.t("ws.board.joined", "nl"))
    ).to_contain_text("3", timeout=15_000)
    expect(projector.get_by_text(code, exact=True)).to_be_visible()
    expect(projector.get_by_role("tab")).to_have_count(0)
    expect(projector.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert key not in projector.content() and key not in projector.url
    projector.screenshot(path=artifacts / "workshop-projector.png", full_page=True)
    projector.close()

    # a phone reloads: its answers come back from the database
    phones[1].reload()
    wait_ready(phones[1])
    checked = phones[1].get_by_test_id("stRadio").first.locator("label:has(input:checked)")
    expect(checked).to_have_text(LABELS[0])

    # consensus (prefilled with the median), then the group result and its PDF
    fac.get_by_role("tab", name=C.t("ws.tab.consensus", "nl")).click()
    fac.get_by_role("button", name=C.t("ws.cons.save", "nl")).click()
    settle(fac)
    expect(fac.get_by_text(C.t("ws.cons.saved", "nl"))).to_be_visible()
    fac.get_by_role("tab", name=C.t("ws.tab.result", "nl")).click()
    with fac.expect_download() as info:
        fac.get_by_role("button", name=C.t("report.download", "nl")).click()
    pdf = tmp_path / "group.pdf"
    info.value.save_as(pdf)
    text = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages
        ).split()
    )
    assert "Team Marketing" in text
    assert C.t("report.by.workshop", "nl", count=3) in text

    # closing: a phone can no longer answer, and says why
    fac.get_by_role("tab", name=C.t("ws.tab.manage", "nl")).click()
    fac.get_by_role("button", name=C.t("ws.manage.close", "nl")).click()
    settle(fac)
    phones[2].reload()
    wait_ready(phones[2])
    expect(phones[2].get_by_text(C.t("ws.error.closed", "nl")).first).to_be_visible()
    for phone in phones:
        phone.context.close()
    fac.close()
