"""The exports: CSV and .xlsx read back with real readers (csv, openpyxl)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from assessment import export, many
from assessment.answers import DONT_KNOW, NOT_APPLICABLE
from assessment.content import Content
from assessment.many import Entry, compare_many
from tests.helpers import phase_answers
from tests.helpers import scan_entry as entry


@pytest.fixture
def comparison(content: Content) -> many.Many:
    na_item = next(i for i in content.item_ids() if content.may_not_apply(i))
    first = content.phase(1).statements[0].id
    a = phase_answers(content, 1, 3) | {first: DONT_KNOW, na_item: NOT_APPLICABLE}
    b = {first: 4}  # Planning: 1 of 7 answered, insufficient data
    return compare_many(content, [entry(content, "Alfa", a), entry(content, "Beta", b)])


def xlsx_rows(data: bytes, sheet: int) -> list[list[object]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for row in wb.worksheets[sheet].iter_rows()]


def by_key(table: export.Table, row: tuple[object, ...] | list[object]) -> dict[str, object]:
    return dict(zip(table.keys, row, strict=True))


def test_xlsx_sheets_headings_and_types(content: Content, comparison: many.Many) -> None:
    data = export.xlsx(content, comparison, "nl")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Antwoorden", "Samenvatting"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(c.font.b for c in ws[1])
        assert not ws.cell(2, 1).font.b
    answers = xlsx_rows(data, 0)
    assert answers[0][:3] == ["Organisatie", "Bron", "Soort (scan, workshop)"]
    assert len(answers) == 1 + 2 * len(content.item_ids())
    table = export.answers_table(content, comparison, "nl")
    rows = [by_key(table, r) for r in answers[1:]]
    first = content.phase(1).statements[0].id
    second = content.phase(1).statements[1].id
    alfa = {r["item_id"]: r for r in rows if r["organisation"] == "Alfa"}
    assert alfa[second]["value"] == 3 and type(alfa[second]["value"]) is int
    assert alfa[second]["answer"] == "Grotendeels"
    assert alfa[second]["status"] == "answered"
    assert alfa[second]["number"] == "1.2" and alfa[second]["part_number"] == 1
    # "don't know" and "not applicable": their own label and status, never 0
    assert alfa[first]["value"] is None
    assert (alfa[first]["answer"], alfa[first]["status"]) == ("Weet ik niet", "dont_know")
    na = next(r for r in alfa.values() if r["status"] == "not_applicable")
    assert (na["value"], na["answer"]) == (None, "Niet van toepassing")
    q = content.questions[0].subquestions[0].id
    assert (alfa[q]["value"], alfa[q]["answer"], alfa[q]["status"]) == (None, None, "open")
    assert alfa[q]["part"] == "question" and alfa[q]["number"] == "V1.1"
    assert {r["role"] for r in rows} == {"scan"}
    assert {r["participant"] for r in rows} == {None}

    summary = xlsx_rows(data, 1)
    assert summary[0][6] == "Vervulling of score (%)"
    stable = export.summary_table(content, comparison, "nl")
    srows = [by_key(stable, r) for r in summary[1:]]
    assert len(srows) == 2 * (6 + 4)
    alfa_planning = srows[0]
    assert alfa_planning["name"] == "Planning"
    assert alfa_planning["figure"] == 75.0 and type(alfa_planning["figure"]) in (int, float)
    assert alfa_planning["status"] == "reached"
    assert (alfa_planning["answered"], alfa_planning["dont_know"]) == (
        len(content.phase(1).statements) - 1 - (1 if na["part_number"] == 1 else 0),
        1,
    )
    assert type(alfa_planning["entry_index"]) in (int, float)
    beta_planning = srows[10]
    assert beta_planning["organisation"] == "Beta"
    # the figure as `score` gives it; the status says it is too thin to judge
    assert beta_planning["figure"] == 100
    assert beta_planning["status"] == "insufficient_data"
    assert beta_planning["answered"] == 1
    beta_q1 = srows[16]
    assert (beta_q1["part"], beta_q1["number"], beta_q1["figure"], beta_q1["status"]) == (
        "question",
        1,
        None,
        "no_answers",
    )


def test_english_headings_and_labels(content: Content, comparison: many.Many) -> None:
    data = export.xlsx(content, comparison, "en")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Answers", "Summary"]
    answers = xlsx_rows(data, 0)
    assert answers[0][0] == "Organisation" and "Value (0–4)" in answers[0]
    labels = {r[11] for r in answers[1:]}
    assert {"Don't know", "Not applicable", "Largely"} <= labels
    assert xlsx_rows(data, 1)[0][6] == "Fulfilment or score (%)"


def test_csv_reads_back(content: Content, comparison: many.Many, tmp_path: Path) -> None:
    written = export.write(content, comparison, "en", tmp_path / "out.csv", tmp_path / "out.xlsx")
    assert written == [tmp_path / "out.csv", tmp_path / "out-summary.csv", tmp_path / "out.xlsx"]
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 * len(content.item_ids())
    dk = [r for r in rows if r["Status"] == "dont_know"]
    assert len(dk) == 1 and dk[0]["Value (0–4)"] == "" and dk[0]["Answer"] == "Don't know"
    assert {r["Value (0–4)"] for r in rows} <= {"", "0", "1", "2", "3", "4"}
    with (tmp_path / "out-summary.csv").open(encoding="utf-8-sig", newline="") as f:
        summary = list(csv.DictReader(f))
    assert summary[0]["Fulfilment or score (%)"] == "75.0"
    assert summary[10]["Fulfilment or score (%)"] == "100.0"
    assert summary[10]["Status"] == "insufficient_data"
    # the Dutch summary file is called so
    nl = export.write(content, comparison, "nl", tmp_path / "uit.csv")
    assert nl[1].name == "uit-samenvatting.csv"


def test_the_exports_give_the_comparisons_figures(content: Content) -> None:
    """The summary holds the same figures as the comparison (rounded as the JSON rounds)."""
    answers = phase_answers(content, 1, 3) | phase_answers(content, 2, 1)
    answers[content.phase(2).statements[0].id] = 2
    m = compare_many(content, [entry(content, "A", answers), entry(content, "B", {})])
    table = export.summary_table(content, m, "en")
    rows = [by_key(table, r) for r in table.rows]
    assert rows[1]["figure"] == many.rounded(m.rows[0].fulfilment(2)) == 29.2
    assert rows[0]["entry_phase"] == m.rows[0].phase == 1
    assert rows[0]["entry_index"] == round(m.rows[0].index, 2)


def test_a_workshop_exports_agreed_and_anonymous_participants(content: Content) -> None:
    item = content.phase(1).statements[0].id
    people = many.anonymous([{item: 4}, {item: DONT_KNOW}, {item: 1}])
    w = entry(content, "Team", {item: 3}, participants=people)
    w = Entry(**{**w.__dict__, "kind": "workshop"})
    table = export.answers_table(content, many.single(content, w), "en")
    rows = [by_key(table, r) for r in table.rows if r[5] == item]
    # ordered by their answers alone (the "don't know" sorts first), numbered from there
    assert [(r["participant"], r["role"], r["value"], r["status"]) for r in rows] == [
        ("", "agreed", 3, "answered"),
        ("P1", "participant", None, "dont_know"),
        ("P2", "participant", 1, "answered"),
        ("P3", "participant", 4, "answered"),
    ]


def test_a_name_never_becomes_a_formula(content: Content, tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://example.com","klik")'
    m = compare_many(content, [entry(content, evil, {}), entry(content, "-1+1", {})])
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx(content, m, "en")))
    for ws in wb.worksheets:
        assert ws.cell(2, 1).value == evil and ws.cell(2, 1).data_type == "s"
    answers, summary = export.csv_files(content, m, "en")
    rows = list(csv.reader(io.StringIO(answers.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + evil
    assert {r[0] for r in rows[1:]} == {"'" + evil, "'-1+1"}
    assert csv.reader(io.StringIO(summary.decode("utf-8-sig"))).__next__()[0] == "Organisation"
    assert b"'=HYPERLINK" in summary
