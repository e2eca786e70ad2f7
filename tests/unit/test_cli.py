"""The CLI as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.content import Content


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_schema_is_json_schema() -> None:
    out = run("schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert schema["properties"]["answers"]["type"] == "object"
    assert "organisation" in schema["properties"]


def test_filled_template_is_scored_as_the_formula_says(tmp_path: Path, content: Content) -> None:
    tpl = json.loads(run("template", "--lang", "en").stdout)
    # Planning and Presence fully, Engagement "partly", the rest not at all; one "don't know"
    for item in tpl["items"]:
        phase = item.get("phase")
        if phase is not None:
            tpl["answers"][item["id"]] = 4 if phase <= 2 else (2 if phase == 3 else 0)
        else:
            tpl["answers"][item["id"]] = 1
    first_of_6 = content.phase(6).statements[0].id
    tpl["answers"][first_of_6] = "dont_know"
    path = tmp_path / "filled.json"
    path.write_text(json.dumps(tpl), encoding="utf-8")

    out = run("score", str(path), "--lang", "en")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["phase"] == 2
    assert result["index"] == 2.5
    assert [p["fulfilment"] for p in result["phases"]] == [100.0, 100.0, 50.0, 0.0, 0.0, 0.0]
    assert [p["reached"] for p in result["phases"]] == [True, True, False, False, False, False]
    assert result["phases"][5]["dont_know"] == 1
    assert [q["score"] for q in result["questions"]] == [25.0, 25.0, 25.0, 25.0]
    plan = result["plan"]
    assert plan[0]["horizon"] == "0-3"
    assert {a["statement_id"] for a in plan} >= {first_of_6}
    assert all(set(a) >= {"action_id", "statement_id", "horizon", "text"} for a in plan)
    # foundations first: nothing of phase 4+ before the last action of phase 3
    phases = [a["phase"] for a in plan]
    assert max(i for i, p in enumerate(phases) if p <= 3) < min(
        i for i, p in enumerate(phases) if p >= 4
    )


def test_dutch_texts(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "a.json"
    tpl = json.loads(run("template").stdout)
    tpl["answers"][content.phase(1).statements[0].id] = 0
    path.write_text(json.dumps(tpl), encoding="utf-8")
    result = json.loads(run("score", str(path), "--lang", "nl").stdout)
    assert result["plan"][0]["text"] == content.phase(1).statements[0].action("nl")


def test_bad_files_give_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = {
        "broken.json": '{"format": "sbsmi-scan", ',
        "foreign.json": '{"hello": "world"}',
        "version.json": '{"format": "sbsmi-scan", "version": 7}',
        "tampered.json": '{"format": "sbsmi-scan", "version": 1, "answers": {"nope": 1}}',
        "range.json": '{"format": "sbsmi-scan", "version": 1, "answers": {"planning.x": 9}}',
        "deep.json": "[" * 200_000,
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = run("score", str(path), "--lang", "en")
        assert out.returncode == 2, name
        assert out.stdout == ""
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, out.stderr)
        assert "Traceback" not in out.stderr
    missing = run("score", str(tmp_path / "absent.json"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_score_counts_not_applicable_per_phase_and_question(
    tmp_path: Path, content: Content
) -> None:
    tpl = json.loads(run("template").stdout)
    marked = [i for i in tpl["items"] if i["may_not_apply"]]
    assert marked and all(isinstance(i["may_not_apply"], bool) for i in tpl["items"])
    for item in tpl["items"]:
        tpl["answers"][item["id"]] = "not_applicable" if item["may_not_apply"] else 4
    del tpl["items"]
    path = tmp_path / "na.json"
    path.write_text(json.dumps(tpl), encoding="utf-8")
    out = run("score", str(path))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    per_phase = {p["number"]: p["not_applicable"] for p in result["phases"]}
    per_question = {q["number"]: q["not_applicable"] for q in result["questions"]}
    assert sum(per_phase.values()) + sum(per_question.values()) == len(marked)
    assert result["phase"] == 6 and all(p["fulfilment"] == 100.0 for p in result["phases"])
    assert not any(a["statement_id"] in {m["id"] for m in marked} for a in result["plan"])


def test_not_applicable_where_it_always_applies_is_one_line_and_exit_2(
    tmp_path: Path, content: Content
) -> None:
    item = next(i for i in content.item_ids() if not content.may_not_apply(i))
    tpl = json.loads(run("template").stdout)
    tpl["answers"][item] = "not_applicable"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tpl), encoding="utf-8")
    for command in ("score", "report"):
        extra = ["-o", str(tmp_path / "x.pdf")] if command == "report" else []
        out = run(command, str(path), "--lang", "en", *extra)
        assert out.returncode == 2
        assert out.stderr.count("\n") == 1 and item in out.stderr
        assert "Traceback" not in out.stderr


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CANVAS = FIXTURES / "strategy-photographer.json"


def test_score_prints_the_smart_check_of_the_canvas() -> None:
    out = run("score", str(CANVAS), "--lang", "en")
    assert out.returncode == 0, out.stderr
    strategy = json.loads(out.stdout)["strategy"]
    assert strategy["checked_on"] == "2026-11-29"  # the day the file was saved
    first, second = strategy["smart"]
    assert (first["goal"], first["index"]) == ("recruitment", 0)
    assert first["text"] == "Meer offerteaanvragen van bruidsparen via Instagram"
    for key in ("specific", "measurable", "achievable", "relevant", "time_bound"):
        assert set(first[key]) == {"ok", "why"} and first[key]["ok"] is True, key
        assert first[key]["why"]
    assert first["ok"] is True
    # 2 -> 20 companies in seven months is beyond three times a year: not achievable
    assert second["achievable"]["ok"] is False and second["ok"] is False
    assert "beyond what this scan deems realistic" in second["achievable"]["why"]
    assert [(w["code"], w["ref"]) for w in strategy["warnings"]] == [
        ("audience_not_served", "families"),
        ("channel_without_audience", "tiktok"),
        ("channel_without_goal", "tiktok"),
    ]
    assert "Technology before people" in strategy["warnings"][1]["text"]


def test_score_in_dutch_and_an_empty_canvas(tmp_path: Path) -> None:
    nl = json.loads(run("score", str(CANVAS)).stdout)["strategy"]
    assert "Techniek vóór mensen" in nl["warnings"][1]["text"]
    tpl = json.loads(run("template").stdout)
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(tpl), encoding="utf-8")
    out = run("score", str(path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["strategy"]["smart"] == []
    assert json.loads(out.stdout)["strategy"]["warnings"] == []


def test_the_schema_publishes_the_canvas() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$id"].endswith(":v3")
    assert "strategy" in schema["properties"]
    smart = schema["$defs"]["Smart"]["properties"]
    assert set(smart) >= {
        "text",
        "audiences",
        "channels",
        "kpi",
        "baseline",
        "target",
        "unit",
        "deadline",
        "owner",
    }
    assert set(schema["$defs"]["Strategy"]["properties"]) >= {
        "audiences",
        "objectives",
        "channels",
        "final_responsibility",
        "webcare",
        "review",
    }


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('"baseline": 2,', '"baseline": "twee",', "must be a number"),
        ('"deadline": "2027-06-30"', '"deadline": "2027-06-31"', "not a valid date"),
        ('"channels": [\n              "linkedin"', '"channels": ["bluesky"', "(bluesky)"),
        ('"goal": "loyalty"', '"goal": "fame"', "unknown goal (fame)"),
    ],
)
def test_a_bad_canvas_is_one_line_and_exit_2(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = CANVAS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (["score", str(path)], ["report", str(path), "-o", str(tmp_path / "r.pdf")]):
        out = run(*command, "--lang", "en")
        assert out.returncode == 2
        assert out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and says in out.stderr, out.stderr
    assert not (tmp_path / "r.pdf").exists()


def _rescanned(tmp_path: Path) -> tuple[Path, Path]:
    """An earlier scan (March) and a re-scan of it (November) with changed answers and an action
    marked done: the two files a consultant compares."""
    import datetime as dt

    from assessment.content import default_content
    from assessment.progress import rescan
    from assessment.savefile import PlanEdit, parse

    content = default_content()
    march = dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC)
    old = parse(CANVAS.read_bytes(), content).model_copy(
        update={"created_at": march, "updated_at": march}
    )
    new = rescan(content, old, dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC))
    answers = dict(new.answers) | {"engagement.replies": 4, "engagement.stand-in": 4}
    done = PlanEdit(action_id="act.audience-expectations.tone", status="done", done_on=march.date())
    new = new.model_copy(update={"answers": answers, "plan": [done], "unconfirmed": []})
    paths = tmp_path / "march.json", tmp_path / "november.json"
    paths[0].write_text(old.to_json(), encoding="utf-8")
    paths[1].write_text(new.to_json(), encoding="utf-8")
    return paths


def test_compare_two_files(tmp_path: Path) -> None:
    old, new = _rescanned(tmp_path)
    out = run("compare", str(old), str(new), "--lang", "en")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["dates"] == {"before": "2026-03-12", "after": "2026-11-29"}
    assert set(result["index"]) == {"before", "after", "delta"}
    assert result["phase"] == {"before": 3, "after": 3}
    engagement = result["phases"][2]
    assert (
        engagement["number"] == 3
        and engagement["delta"] == engagement["after"] - engagement["before"]
    )
    assert engagement["delta"] > 0
    assert all(set(q) >= {"number", "before", "after", "delta"} for q in result["questions"])
    assert set(result["actions"]) >= {"done", "open", "new", "dropped"}
    assert result["actions"]["done"] == ["act.audience-expectations.tone"]
    assert result["actions"]["done_but_unmoved"] == ["act.audience-expectations.tone"]
    assert (result["compared"], result["not_compared"]) == (59, 0)
    assert any("Engagement went from" in s for s in result["sentences"])


def test_compare_one_file_with_its_latest_snapshot(tmp_path: Path) -> None:
    old, new = _rescanned(tmp_path)
    two = json.loads(run("compare", str(old), str(new)).stdout)
    one = run("compare", str(new))
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["phases"] == two["phases"]
    nothing = run("compare", str(old), "--lang", "en")
    assert nothing.returncode == 2 and "holds no earlier scan" in nothing.stderr


def test_compare_refuses_what_it_cannot_compare(tmp_path: Path) -> None:
    old, new = _rescanned(tmp_path)
    for args, says in (
        ([str(old), str(old)], "the same scan twice"),
        ([str(new), str(old)], "is later than the second"),
        ([str(old), str(tmp_path / "absent.json")], "cannot be read"),
    ):
        out = run("compare", *args, "--lang", "en")
        assert out.returncode == 2 and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and says in out.stderr, out.stderr
    future = json.loads(new.read_text(encoding="utf-8"))
    future["snapshots"][0]["taken_on"] = "2027-01-01"
    bad = tmp_path / "future.json"
    bad.write_text(json.dumps(future), encoding="utf-8")
    out = run("compare", str(bad), "--lang", "en")
    assert out.returncode == 2 and "after the day it was saved" in out.stderr


def test_compare_warns_about_another_organisation(tmp_path: Path) -> None:
    old, new = _rescanned(tmp_path)
    other = json.loads(new.read_text(encoding="utf-8"))
    other["organisation"]["name"] = "Slagerij Pietersen"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    out = run("compare", str(old), str(path), "--lang", "en")
    assert out.returncode == 0
    assert out.stderr.startswith("warning: ") and "Slagerij Pietersen" in out.stderr
    assert json.loads(out.stdout)["warnings"][0]["code"] == "other_organisation"


def test_report_with_a_previous_scan(tmp_path: Path) -> None:
    old, new = _rescanned(tmp_path)
    pdf = tmp_path / "r.pdf"
    out = run("report", str(new), "-o", str(pdf), "--previous", str(old))
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    bad = run("report", str(new), "-o", str(pdf), "--previous", str(tmp_path / "none.json"))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    for previous, says in ((new, "the same scan twice"), (tmp_path / "later.json", "is later")):
        if previous != new:
            later = json.loads(new.read_text(encoding="utf-8"))
            later["updated_at"] = "2026-12-01T10:00:00Z"
            later["answers"]["planning.listening"] = 0
            previous.write_text(json.dumps(later), encoding="utf-8")
        out = run("report", str(new), "-o", str(pdf), "--previous", str(previous), "--lang", "en")
        assert out.returncode == 2 and says in out.stderr, out.stderr


def test_the_plan_says_each_actions_status_and_done_date(tmp_path: Path, content: Content) -> None:
    first, second, third = (s.id for s in content.phase(1).statements[:3])
    save = {
        "format": "sbsmi-scan",
        "version": 3,
        "answers": {first: 1, second: 0, third: 2},
        "plan": [
            {"action_id": f"act.{first}", "status": "done", "done_on": "2026-04-01"},
            {"action_id": f"act.{second}", "include": False},
        ],
    }
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(save), encoding="utf-8")
    out = run("score", str(path), "--lang", "en")
    assert out.returncode == 0, out.stderr
    plan = {a["action_id"]: a for a in json.loads(out.stdout)["plan"]}
    assert plan[f"act.{first}"]["status"] == "done"
    assert plan[f"act.{first}"]["done_on"] == "2026-04-01"
    assert plan[f"act.{first}"]["done_but_low"] is True  # still answered "hardly"
    assert plan[f"act.{second}"]["status"] == "dropped"
    assert plan[f"act.{second}"]["include"] is False
    assert plan[f"act.{third}"]["status"] == "open"
    assert plan[f"act.{third}"]["done_on"] is None
