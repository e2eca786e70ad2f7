"""Progress over time on a phone: a scan saved, loaded a year later and started again from; the
carried answers confirmed or changed; two actions marked done; the report and the save file
downloaded."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from assessment.content import default_content
from tests.e2e.conftest import new_page, reran, wait_idle, wait_ready
from tests.e2e.test_solo_flow import answer_step, nav, open_cell_editor, settle, sidebar

pytestmark = pytest.mark.e2e
C = default_content()
PHONE = {"width": 390, "height": 844}


def carried_marks(page: Page) -> int:
    """How many answers on the step show the "from the scan of <date>" mark."""
    mark = C.t("unconfirmed.mark", "nl", date="X").split(" X")[0]  # "Uit de scan van"
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=mark).count()


def set_status(page: Page, row: int, status: str, lang: str = "nl") -> None:
    """Choose ``status`` in the plan's status column for ``row`` (1 is the first action): the
    grid's editor for the cell, then the option from the list it opens."""
    option = page.get_by_role("option", name=C.t(f"status.{status}", lang), exact=True)
    cell = open_cell_editor(page, row, C.t("plan.status.col", lang), option)
    with reran(page):
        option.click()
    expect(cell).to_have_text(C.t(f"status.{status}", lang))


def test_rescan_confirm_change_and_mark_actions_done(
    app_url: str, browser: Browser, tmp_path: Path
) -> None:
    page = new_page(browser, viewport=PHONE, accept_downloads=True)
    page.goto(app_url)
    wait_ready(page)
    sidebar(page, False)
    with reran(page):
        page.get_by_role("button", name=C.t("start.begin", "nl")).click()
    labels = {p.value: p.label("nl") for p in C.scale("phase").points}
    statements = C.phase(1).statements
    answer_step(page, labels[2])  # Planning "partly": every statement an action

    nav(page, "nav.save")
    sidebar(page, False)
    with page.expect_download() as info:
        page.get_by_role("button", name=C.t("save.download", "nl")).click()
    first_scan = tmp_path / "first.json"
    info.value.save_as(first_scan)

    # a new session (next year): load the file and start a new scan from it
    page.reload()
    wait_ready(page)
    nav(page, "nav.save")
    sidebar(page, False)
    with reran(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(first_scan)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible()
    start = page.get_by_role("button", name=C.t("rescan.start", "nl"))
    settle(page, start)
    with reran(page):
        start.click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("1. Planning")
    expect(page.get_by_test_id("stProgress")).to_contain_text(
        C.t("unconfirmed.progress", "nl", count=len(statements))
    )
    assert carried_marks(page) == len(statements)

    # change the first answer, confirm the second as it stands, then the rest of the step
    groups = page.get_by_test_id("stRadio")
    wait_idle(page)
    settle(page, groups.nth(0))
    with reran(page):
        groups.nth(0).get_by_text(labels[4], exact=True).click()
    expect(page.get_by_test_id("stProgress")).to_contain_text(
        C.t("unconfirmed.progress", "nl", count=len(statements) - 1)
    )
    confirm = page.get_by_role("button", name=C.t("unconfirmed.confirm", "nl"), exact=True)
    expect(confirm).to_have_count(len(statements) - 1)
    wait_idle(page)
    settle(page, confirm.first)
    with reran(page):
        confirm.first.click()
    expect(page.get_by_test_id("stProgress")).to_contain_text(
        C.t("unconfirmed.progress", "nl", count=len(statements) - 2)
    )
    assert carried_marks(page) == len(statements) - 2
    every = page.get_by_role("button", name=C.t("unconfirmed.confirm_step", "nl"))
    wait_idle(page)
    settle(page, every)
    with reran(page):
        every.click()
    expect(every).to_have_count(0)
    expect(page.get_by_test_id("stProgress")).not_to_contain_text("te bevestigen")
    assert carried_marks(page) == 0

    # the plan: two actions done (today), the first one flagged: its answer did not move
    nav(page, "nav.plan")
    sidebar(page, False)
    set_status(page, 1, "done")
    set_status(page, 2, "done")
    folds = page.get_by_test_id("stExpander")
    expect(folds.filter(has_text=C.t("status.unmoved", "nl"))).to_have_count(2)

    with page.expect_download() as info:
        page.get_by_role("button", name=C.t("report.download", "nl")).click()
    report = info.value.path().read_bytes()
    assert report.startswith(b"%PDF-")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(report)).pages)
    flat = " ".join(text.split())
    assert C.t("report.title", "nl").split("{")[0].strip() in flat
    # the progress page: what changed since the scan this one started from
    assert C.t("report.progress", "nl") in flat
    assert re.search(r"Planning ging van [\d,]+% naar [\d,]+%\.", flat), flat[:3000]
    assert re.search(r"Sinds \d+ \w+ \d{4} zijn \d+ acties afgerond\.", flat)
    assert re.search(r"\d+ acties staan op afgerond, maar het antwoord", flat)

    nav(page, "nav.save")
    sidebar(page, False)
    with page.expect_download() as info:
        page.get_by_role("button", name=C.t("save.download", "nl")).click()
    saved = json.loads(info.value.path().read_text(encoding="utf-8"))
    page.close()
    first = json.loads(first_scan.read_text(encoding="utf-8"))
    [snapshot] = saved["snapshots"]
    assert snapshot["answers"] == {k: v for k, v in first["answers"].items() if v is not None}
    assert snapshot["taken_on"] == first["updated_at"][:10]
    assert saved["answers"][statements[0].id] == 4
    assert saved["unconfirmed"] == []
    done = [e for e in saved["plan"] if e["status"] == "done"]
    assert len(done) == 2
    assert {e["done_on"] for e in done} == {dt.date.today().isoformat()}
