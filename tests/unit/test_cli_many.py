"""``compare-many`` and ``score --csv/--xlsx`` as a user runs them: a real subprocess, real files,
the written .xlsx opened with openpyxl."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from assessment.answers import DONT_KNOW, AnswerValue
from assessment.content import Content
from assessment.savefile import Organisation, SaveFile
from tests.helpers import up_to
from tests.unit.test_cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def save(path: Path, name: str, answers: dict[str, AnswerValue]) -> str:
    path.write_text(SaveFile(organisation=Organisation(name=name), answers=answers).to_json())
    return str(path)


def test_compare_many_names_damaged_files_and_compares_the_rest(
    tmp_path: Path, content: Content
) -> None:
    first = content.phase(1).statements[0].id
    a = save(tmp_path / "a.json", "Bakkerij Jansen", up_to(content, 2) | {first: DONT_KNOW})
    b = save(tmp_path / "b.json", "Bakkerij Jansen", up_to(content, 3))
    old = str(FIXTURES / "savefile-v1-e9d4024.json")
    broken = tmp_path / "kapot.json"
    broken.write_text('{"format": "sbsmi-scan", ')
    missing = tmp_path / "weg.json"
    out_csv, out_xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    r = run(
        "compare-many",
        a,
        str(broken),
        b,
        str(missing),
        old,
        "--csv",
        str(out_csv),
        "--xlsx",
        str(out_xlsx),
        "--lang",
        "en",
    )
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {broken}: This file is damaged or not JSON")
    assert lines[1].startswith(f"error: {missing}: The file cannot be read")
    out = json.loads(r.stdout)
    names = [e["name"] for e in out["entries"]]
    assert names[:2] == ["Bakkerij Jansen", "Bakkerij Jansen (2)"]
    # the file's name only: no directory reaches an export
    assert [e["source"] for e in out["entries"]] == [Path(a).name, Path(b).name, Path(old).name]
    assert [f["file"] for f in out["unreadable"]] == [str(broken), str(missing)]
    # the old file was answered on content version 1: shared items only, and said
    assert out["compared"] < len(content.item_ids())
    assert out["not_compared"] == out["only_some_versions"] + out["no_longer_asked"] > 0
    entry = out["entries"][1]
    assert set(entry) >= {"name", "source", "phase", "index", "phases", "questions"}
    assert len(entry["phases"]) == 6 and len(entry["questions"]) == 4
    assert len(out["spread"]["phases"]) == 6
    spread = out["spread"]["phases"][0]
    assert spread["values"] == [p["phases"][0]["fulfilment"] for p in out["entries"]]
    assert all(s["range"] > 0 and s["answered"] >= 2 for s in out["differs_most"])

    # the .xlsx holds the same figures, numbers as numbers
    wb = openpyxl.load_workbook(out_xlsx)
    assert wb.sheetnames == ["Answers", "Summary"]
    summary = list(wb["Summary"].iter_rows(values_only=True))
    head = summary[0]
    col = {h: n for n, h in enumerate(head)}
    rows = summary[1:]
    assert len(rows) == 3 * 10
    for n, e in enumerate(out["entries"]):
        for p in e["phases"]:
            row = rows[n * 10 + p["number"] - 1]
            assert row[col["Organisation"]] == e["name"]
            assert row[col["Fulfilment or score (%)"]] == p["fulfilment"]
            assert row[col["Status"]] == p["status"]
            assert row[col["Maturity index"]] == e["index"]
    answers = list(wb["Answers"].iter_rows(values_only=True))
    assert len(answers) == 1 + 3 * len(content.item_ids())
    acol = {h: n for n, h in enumerate(answers[0])}
    values = {r[acol["Value (0–4)"]] for r in answers[1:]}
    assert values <= {None, 0, 1, 2, 3, 4}
    dk = [r for r in answers[1:] if r[acol["Item id"]] == first and r[acol["Source"]] == "a.json"]
    assert dk[0][acol["Answer"]] == "Don't know" and dk[0][acol["Value (0–4)"]] is None
    # and the CSV, with its summary next to it
    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == len(answers)
    assert (tmp_path / "out-summary.csv").exists()


def test_compare_many_needs_two_sound_files(tmp_path: Path, content: Content) -> None:
    a = save(tmp_path / "a.json", "A", up_to(content, 1))
    broken = tmp_path / "kapot.json"
    broken.write_text("{")
    r = run("compare-many", a, str(broken), "--xlsx", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"error: {broken}: ")
    assert "minstens twee" in lines[1]
    assert not (tmp_path / "x.xlsx").exists()
    one = run("compare-many", a)  # fewer than two files: a usage error
    assert one.returncode == 2 and "at least two" in one.stderr


def test_compare_many_cannot_write(tmp_path: Path, content: Content) -> None:
    a = save(tmp_path / "a.json", "A", up_to(content, 1))
    b = save(tmp_path / "b.json", "B", up_to(content, 2))
    r = run("compare-many", a, b, "--xlsx", str(tmp_path / "nope" / "x.xlsx"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "nope" in r.stderr


def test_score_exports_a_single_scan(tmp_path: Path, content: Content) -> None:
    a = save(tmp_path / "a.json", "Alfa", up_to(content, 2))
    r = run("score", a, "--csv", str(tmp_path / "a.csv"), "--xlsx", str(tmp_path / "a.xlsx"))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Antwoorden", "Samenvatting"]
    summary = list(wb["Samenvatting"].iter_rows(values_only=True))
    col = {h: n for n, h in enumerate(summary[0])}
    assert [row[col["Vervulling of score (%)"]] for row in summary[1:7]] == [
        p["fulfilment"] for p in result["phases"]
    ]
    assert (tmp_path / "a-samenvatting.csv").exists()
