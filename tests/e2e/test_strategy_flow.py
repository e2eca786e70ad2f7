"""A sole trader on a phone fills a small strategy canvas (POST), sees the SMART check turn to
✓, saves, reloads (a new session), loads the file and finds the canvas back, and downloads the
report."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from assessment.content import default_content
from tests.e2e.conftest import new_page, reran, wait_idle, wait_ready
from tests.e2e.test_solo_flow import nav, settle, sidebar

pytestmark = pytest.mark.e2e
C = default_content()
ORG = "Loopgroep De Snelle Hazen"
STATEMENT = "Meer deelnemers aan de zondagloop via Strava"


def t(key: str, **params: object) -> str:
    return C.t(key, "nl", **params)


def field(page: Page, label: str) -> Locator:
    """The text, number or date input (or text area) with exactly this label."""
    return page.get_by_label(label, exact=True)


def type_in(page: Page, label: str, text: str, area: bool = False) -> None:
    """Type into a field and commit it as a person does: Enter (a text area: leave it)."""
    box = field(page, label)
    wait_idle(page)
    settle(page, box)
    box.fill(text)
    with reran(page):
        if area:
            box.press("Tab")
        else:
            box.press("Enter")
    expect(box).to_have_value(text)


def type_date(page: Page, label: str, day: dt.date) -> None:
    """The date field's segments (year, month, day), typed in as digits, then left: the field
    commits its value when the focus leaves it (past its calendar button), not on Enter."""
    widget = page.get_by_test_id("stDateInput").filter(has=page.get_by_text(label, exact=True))
    year = widget.get_by_role("spinbutton").first
    wait_idle(page)
    settle(page, widget)
    with reran(page):
        year.click()
        page.keyboard.type(day.strftime("%Y%m%d"))
        page.keyboard.press("Tab")  # to the calendar button
        page.keyboard.press("Tab")  # out of the field
    expect(widget.locator("input[type=date]")).to_have_value(day.isoformat())


def tap(page: Page, target: Locator) -> None:
    wait_idle(page)
    settle(page, target)
    with reran(page):
        target.click()


def button(page: Page, key: str, **params: object) -> None:
    tap(page, page.get_by_role("button", name=t(key, **params)))


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the multiselect or select box with this label."""
    widget = page.locator("[data-testid=stMultiSelect], [data-testid=stSelectbox]").filter(
        has=page.get_by_text(label, exact=True)
    )
    expect(widget).to_have_count(1)
    wait_idle(page)
    settle(page, widget)
    widget.get_by_role("combobox").click()
    choice = page.get_by_role("option", name=option, exact=True)
    expect(choice).to_be_visible()
    with reran(page):
        choice.click()
    page.keyboard.press("Escape")
    if widget.get_attribute("data-testid") == "stSelectbox":
        expect(widget.get_by_role("combobox")).to_have_value(option)
    else:
        expect(widget).to_contain_text(option)


def smart_check(page: Page) -> Locator:
    """The SMART check's five verdicts (not the caption that mentions the check)."""
    check = page.get_by_test_id("stMarkdown").filter(has_text=t("strategy.smart.check"))
    return check.filter(has_text=t("smart.name.specific"))


def test_fill_save_reload_load_and_report_on_a_phone(
    app_url: str, browser: Browser, tmp_path: Path
) -> None:
    page = new_page(browser, viewport={"width": 390, "height": 844}, accept_downloads=True)
    page.goto(app_url)
    wait_ready(page)
    sidebar(page, False)
    type_in(page, t("start.profile.name"), ORG)
    nav(page, "nav.strategy")
    sidebar(page, False)
    expect(page.get_by_test_id("stAlert").first).to_contain_text(t("strategy.start"))

    # 1 People
    button(page, "strategy.audience.add")
    type_in(page, t("strategy.audience.name"), "Hardlopers uit de wijk")
    type_in(page, t("strategy.audience.needs"), "Een vaste route en gezelschap", area=True)
    type_in(page, t("strategy.audience.online"), "Strava en WhatsApp")
    # 2 Objectives: one goal, prefilled with its suggested approach
    reach = C.objective("reach")
    tap(page, page.get_by_test_id("stCheckbox").filter(has_text=reach.name("nl")).locator("label"))
    approach = C.strategy.approach(reach.approach).name("nl")
    expect(page.get_by_role("combobox", name=t("strategy.goal.approach"))).to_have_value(approach)
    type_in(page, t("strategy.goal.serves"), "Een grotere loopgroep")
    # 4 Technology (before the SMART objective can name a channel)
    button(page, "strategy.channel.add")
    type_in(page, t("strategy.channel.name"), "Strava")
    pick(page, t("strategy.channel.audiences"), "Hardlopers uit de wijk")
    pick(page, t("strategy.channel.goals"), reach.name("nl"))
    # the SMART objective, every field
    button(page, "strategy.smart.add")
    type_in(page, t("strategy.smart.text"), STATEMENT, area=True)
    pick(page, t("strategy.smart.audiences"), "Hardlopers uit de wijk")
    pick(page, t("strategy.smart.channels"), "Strava")
    type_in(page, t("strategy.smart.kpi"), "Deelnemers per zondagloop")
    type_in(page, t("strategy.smart.baseline"), "12")
    type_in(page, t("strategy.smart.target"), "120")  # ten times in half a year: too fast
    type_in(page, t("strategy.smart.unit"), "lopers")
    deadline = dt.date.today() + dt.timedelta(days=180)
    type_date(page, t("strategy.smart.deadline"), deadline)
    type_in(page, t("strategy.smart.owner"), "Joris")
    achievable = f"✗ {t('smart.name.achievable')}"
    expect(smart_check(page)).to_contain_text(achievable)
    tap(
        page,
        page.get_by_test_id("stCheckbox")
        .filter(has_text=t("strategy.smart.exceptional"))
        .locator("label"),
    )
    # 5 Organisation
    type_in(page, t("strategy.org.final"), "Joris")
    type_in(page, t("strategy.org.webcare_who"), "Sanne")
    type_in(page, t("strategy.org.webcare_hours"), "2")
    pick(page, t("strategy.org.rhythm"), C.strategy.rhythms[1].name("nl"))
    type_in(page, t("strategy.org.review_who"), "Joris en Sanne")
    type_in(page, t("strategy.org.review_how"), "Deelnemers per loop bijhouden", area=True)

    # the five verdicts turned to ✓, each with its name and reason
    check = smart_check(page)
    for criterion in ("specific", "measurable", "achievable", "relevant", "time_bound"):
        expect(check).to_contain_text(f"✓ {t(f'smart.name.{criterion}')}")
    expect(check).not_to_contain_text("✗")
    expect(check).to_contain_text("Joris")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(t("strategy.no_warnings"))

    # save the file from the page
    wait_idle(page)
    save_button = page.get_by_role("button", name=t("save.download"))
    settle(page, save_button)
    with page.expect_download() as info:
        save_button.click()
    saved = tmp_path / "scan.json"
    info.value.save_as(saved)
    strategy = json.loads(saved.read_text(encoding="utf-8"))["strategy"]
    smart = strategy["objectives"][0]["smart"][0]
    assert smart["text"] == STATEMENT and smart["target"] == 120 and smart["exceptional"]
    assert smart["deadline"] == deadline.isoformat()
    assert strategy["webcare"] == {"who": "Sanne", "response_hours": 2}
    assert strategy["review"]["rhythm"] == C.strategy.rhythms[1].id

    # a reload is a new session: an empty canvas; load the file and find it back
    page.reload()
    wait_ready(page)
    nav(page, "nav.strategy")
    sidebar(page, False)
    expect(page.get_by_test_id("stAlert").first).to_contain_text(t("strategy.start"))
    nav(page, "nav.save")
    sidebar(page, False)
    with reran(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(saved)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible()
    nav(page, "nav.strategy")
    sidebar(page, False)
    expect(field(page, t("strategy.audience.name"))).to_have_value("Hardlopers uit de wijk")
    expect(field(page, t("strategy.smart.text"))).to_have_value(STATEMENT)
    expect(field(page, t("strategy.org.webcare_who"))).to_have_value("Sanne")
    expect(smart_check(page)).not_to_contain_text("✗")

    # the report, from the same page
    wait_idle(page)
    report = page.get_by_role("button", name=t("report.download"))
    settle(page, report)
    with page.expect_download(timeout=60_000) as info:
        report.click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert ORG in flat
    assert STATEMENT in flat  # on the canvas page, and in the summary's objectives
    assert t("canvas.title") in flat
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.close()
