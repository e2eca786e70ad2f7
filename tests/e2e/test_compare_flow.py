"""Compare many in Chromium: three saved scans uploaded at once, the table and the charts seen,
the comparison downloaded as Excel and as CSV and read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from assessment.content import default_content
from tests.e2e.conftest import new_page, reran, wait_idle, wait_ready
from tests.e2e.test_solo_flow import nav, settle, sidebar

pytestmark = pytest.mark.e2e
C = default_content()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREE = [
    FIXTURES / n
    for n in ("persona-sole-trader.json", "savefile-v1-e9d4024.json", "strategy-photographer.json")
]


@pytest.mark.parametrize("width", [1280, 390])
def test_compare_three_scans_and_download(
    app_url: str, browser: Browser, tmp_path: Path, width: int
) -> None:
    page = new_page(browser, viewport={"width": width, "height": 900}, accept_downloads=True)
    page.goto(app_url)
    wait_ready(page)
    nav(page, "nav.compare")
    sidebar(page, False)
    expect(page.get_by_text(C.t("compare.need_two", "nl"))).to_be_visible()
    with reran(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(THREE)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        C.t("compare.loaded", "nl", count=3)
    )
    wait_idle(page)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_role("heading", name=C.t("compare.table", "nl"))).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    expect(page.get_by_role("heading", name=C.t("compare.heatmap", "nl"))).to_be_visible()

    excel = page.get_by_role("button", name=C.t("export.download.xlsx", "nl"))
    settle(page, excel)
    with page.expect_download() as info:
        excel.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    cells = [c.value for s in book.worksheets for r in s.iter_rows() for c in r]
    assert "Fotografie Mila de Vries (2)" in cells
    assert any(isinstance(v, int | float) for v in cells)

    summary = page.get_by_role("button", name=C.t("export.download.summary", "nl"))
    settle(page, summary)
    with page.expect_download() as info:
        summary.click()
    assert info.value.suggested_filename.endswith("-summary.csv")
    rows = list(csv.reader(io.StringIO(info.value.path().read_bytes().decode("utf-8-sig"))))
    assert any("Bakkerij ’t Hoekje" in cell for row in rows for cell in row)
    page.close()
