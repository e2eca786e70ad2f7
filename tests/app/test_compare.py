"""Compare many on the page: save files uploaded (one damaged), workshops by their private link,
sort and filter, and the exports read back as a user opens them (CSV, Excel); also the save
page's and the facilitator's exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from assessment import charts
from assessment import many as mn
from assessment import workshop as ws
from assessment.content import Content
from tests.app.harness import Downloads, app, engine, page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = ["persona-sole-trader.json", "savefile-v1-e9d4024.json", "strategy-photographer.json"]
SCAN = "pages/scan/compare.py"


def files(damaged: bool = True) -> list[tuple[str, bytes, str]]:
    out = [(name, (FIXTURES / name).read_bytes(), "application/json") for name in FILES[1:]]
    if damaged:
        out.append(("kapot.json", b"{ not json", "application/json"))
    return out


def upload(at: AppTest, chosen: list[tuple[str, bytes, str]]) -> AppTest:
    at.get("file_uploader")[0].set_value(chosen).run()  # type: ignore[attr-defined]
    assert not at.exception
    return at


def names(at: AppTest) -> list[str]:
    frame = at.dataframe[0].value
    return list(frame.iloc[:, 0])


def opened(lang: str) -> AppTest:
    at = app({}, lang)
    return at.switch_page(SCAN).run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_one_file_alone_is_not_enough(content: Content, lang: str) -> None:
    at = opened(lang)
    assert content.t("compare.need_two", lang) in [i.value for i in at.info]
    upload(at, files()[:1])
    assert content.t("compare.need_two", lang) in [i.value for i in at.info]
    assert not at.dataframe


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_damaged_file_is_named_and_the_rest_compares(content: Content, lang: str) -> None:
    at = upload(opened(lang), files())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "kapot\\.json" in errors[0]  # as Markdown source
    assert content.t("compare.loaded", lang, count=2) in [s.value for s in at.success]
    assert sorted(names(at)) == ["Bakkerij ’t Hoekje", "Fotografie Mila de Vries"]
    frame = at.dataframe[0].value
    assert list(frame.columns)[:5] == [
        content.t(f"compare.col.{c}", lang) for c in ("name", "kind", "source", "phase", "index")
    ]
    captions = [c.value for c in at.caption]
    assert content.t("compare.heatmap", lang) in [h.value for h in at.subheader]
    entries, _ = mn.entries_from_files(content, [(n, d) for n, d, _ in files()])
    many = mn.compare_many(content, entries)
    assert charts.many_heatmap_summary(content, many, lang) in captions  # the text alternatives
    assert charts.many_spread_summary(content, many, lang) in captions
    said = content.t("compare.items", lang, compared=0, not_compared=0).split(":")[0]
    assert any(c.value.startswith(said) for c in at.caption)


def test_duplicates_are_told_apart_and_the_files_survive_a_page_switch(content: Content) -> None:
    chosen = [
        (name, (FIXTURES / name).read_bytes(), "application/json")
        for name in ("persona-sole-trader.json", "strategy-photographer.json")
    ]
    at = upload(opened("nl"), chosen)
    assert sorted(names(at)) == ["Fotografie Mila de Vries", "Fotografie Mila de Vries (2)"]
    at.switch_page("pages/scan/method.py").run()
    at.switch_page(SCAN).run()
    assert sorted(names(at)) == ["Fotografie Mila de Vries", "Fotografie Mila de Vries (2)"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sort_and_filter(content: Content, lang: str) -> None:
    chosen = [(n, (FIXTURES / n).read_bytes(), "application/json") for n in FILES]
    at = upload(opened(lang), chosen)
    assert names(at) == sorted(names(at), key=str.casefold)
    sort = next(s for s in at.selectbox if s.label == content.t("compare.sort", lang))
    sort.set_value("index").run()
    indexes = list(at.dataframe[0].value.iloc[:, 4])
    assert indexes == sorted(indexes, reverse=True)
    sort = next(s for s in at.selectbox if s.label == content.t("compare.sort", lang))
    sort.set_value("phase.2").run()
    assert content.phase(2).name(lang) in list(at.dataframe[0].value.columns)
    at.text_input(key=f"w:{lang}:compare.text").input("bakkerij").run()
    assert names(at) == ["Bakkerij ’t Hoekje"]
    at.text_input(key=f"w:{lang}:compare.text").input("niemand").run()
    assert content.t("compare.none_match", lang) in [i.value for i in at.info]


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_downloads_read_back(content: Content, downloads: Downloads, lang: str) -> None:
    at = upload(opened(lang), files())
    book = load_workbook(io.BytesIO(downloads.content(at, content.t("export.download.xlsx", lang))))
    numbers = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    assert numbers, "no figure is stored as a number"
    text = " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    assert "Bakkerij ’t Hoekje" in text and "Fotografie Mila de Vries" in text
    answers = _csv(downloads.content(at, content.t("export.download.answers", lang)))
    summary = _csv(downloads.content(at, content.t("export.download.summary", lang)))
    assert len(answers) > 10 and len(summary) > 2
    assert any("Bakkerij ’t Hoekje" in cell for row in summary for cell in row)
    # the comparison report for the steering group, built on the click
    from pypdf import PdfReader

    pdf = downloads.content(at, content.t("compare.download.pdf", lang))
    report = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(report.split())
    assert "Bakkerij ’t Hoekje" in flat and "Fotografie Mila de Vries" in flat


def test_an_unknown_link_is_told_and_a_workshop_link_compares(content: Content) -> None:
    db = engine()
    w = ws.create(db, "Team Communicatie", "nl", "both")
    person = ws.join(db, w)
    first = content.phase(1).statements[0].id
    ws.answer(db, content, person.token, first, 4)
    ws.set_agreed(db, content, w, {first: 3})
    at = upload(opened("nl"), files(damaged=False)[:1])
    links = f"https://scan.example/workshop?key={w.facilitator_key}\nhttps://scan.example/workshop?key=onzin\n"
    at.text_area[0].input(links).run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "onzin" in errors[0]
    assert sorted(names(at)) == ["Bakkerij ’t Hoekje", "Team Communicatie"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_save_page_exports_the_scan(content: Content, downloads: Downloads, lang: str) -> None:
    first = content.phase(1).statements[0].id
    at = app({first: 3}, lang)
    at.switch_page("pages/scan/save.py").run()
    assert not at.exception
    book = load_workbook(io.BytesIO(downloads.content(at, content.t("export.download.xlsx", lang))))
    assert book.worksheets
    answers = _csv(downloads.content(at, content.t("export.download.answers", lang)))
    assert any("3" in row for row in answers)


def test_the_facilitator_exports_the_workshop_anonymously(
    content: Content, downloads: Downloads
) -> None:
    db = engine()
    w = ws.create(db, "Team Export", "nl", "phases")
    people = [ws.join(db, w) for _ in range(2)]
    first = content.phase(1).statements[0].id
    for person, value in zip(people, (4, 1), strict=True):
        ws.answer(db, content, person.token, first, value)
    ws.set_agreed(db, content, w, {first: 2})
    at = page("pages/workshop/facilitator.py", key=w.facilitator_key)
    at.session_state[f"w:nl:ws.tabs.{w.id}"] = content.t("ws.tab.result", "nl")
    at.run()
    assert not at.exception
    data = downloads.content(at, content.t("export.download.answers", "nl"))
    text = data.decode("utf-8-sig")
    assert all(p.token not in text for p in people)
    rows = _csv(data)
    assert len(rows) > 2
    book = load_workbook(io.BytesIO(downloads.content(at, content.t("export.download.xlsx", "nl"))))
    assert "Team Export" in " ".join(
        str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r
    )
