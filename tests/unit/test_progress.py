"""Progress over time: the re-scan, the comparison of two scans, and the save file's history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assessment import plan as plan_mod
from assessment.answers import DONT_KNOW
from assessment.content import Content
from assessment.progress import (
    Scan,
    compare,
    current_scan,
    history,
    rescan,
    sentences,
    snapshot_scan,
)
from assessment.savefile import PlanEdit, SaveFile, SaveFileError, Targets, parse
from assessment.scoring import score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MARCH = dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC)
NOVEMBER = dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC)


def phase_items(content: Content, number: int) -> list[str]:
    return [s.id for s in content.phase(number).statements]


def scan(content: Content, answers: dict[str, object], when: dt.date, **kw: object) -> Scan:
    return Scan(when, content.version, answers, **kw)  # type: ignore[arg-type]


def test_a_phase_reached_and_a_phase_that_moved(content: Content) -> None:
    before = {i: 4 for i in phase_items(content, 1)} | {i: 1 for i in phase_items(content, 2)}
    after = {i: 4 for i in phase_items(content, 1) + phase_items(content, 2)}
    c = compare(content, scan(content, before, MARCH.date()), scan(content, after, NOVEMBER.date()))
    assert (c.result_before.phase, c.result_after.phase) == (1, 2)
    assert c.reached == (2,) and c.lost == ()
    assert [(ch.before, ch.after, ch.delta) for ch in c.phases[:2]] == [
        (100.0, 100.0, 0.0),
        (25.0, 100.0, 75.0),
    ]
    assert c.index_delta == pytest.approx(c.result_after.index - c.result_before.index)
    text = sentences(content, c, "en")
    assert "Since 12 March 2026 you have reached Presence." in text
    assert "Presence went from 25% to 100%." in text
    nl = sentences(content, c, "nl")
    assert "Sinds 12 maart 2026 heb je de fase Aanwezigheid bereikt." in nl


def test_a_phase_lost(content: Content) -> None:
    before = {i: 4 for i in phase_items(content, 1)}
    after = {i: 2 for i in phase_items(content, 1)}
    c = compare(content, scan(content, before, MARCH.date()), scan(content, after, NOVEMBER.date()))
    assert c.lost == (1,) and c.reached == ()


def test_insufficient_data_on_either_side_gives_no_difference(content: Content) -> None:
    items = phase_items(content, 3)
    thin = {items[0]: 4}  # one of seven: insufficient data
    full = {i: 3 for i in items}
    c = compare(content, scan(content, thin, MARCH.date()), scan(content, full, NOVEMBER.date()))
    engagement = c.phases[2]
    assert engagement.before is None and engagement.after == 75.0 and engagement.delta is None
    back = compare(content, scan(content, full, MARCH.date()), scan(content, thin, NOVEMBER.date()))
    assert back.phases[2].after is None and back.phases[2].delta is None
    # "don't know" is not an answer on either side either
    dk = {i: DONT_KNOW for i in items}
    c2 = compare(content, scan(content, dk, MARCH.date()), scan(content, full, NOVEMBER.date()))
    assert c2.phases[2].before is None
    # a question with nothing answered has no score
    assert c.questions[0].before is None and c.questions[0].delta is None


def test_different_content_versions_compare_on_the_items_both_asked(content: Content) -> None:
    """A scan of content version 1 (the first 52 items) against one of version 2 (59 items):
    29 items were asked by both; 23 only by version 1 (retired since), 30 only by version 2."""
    asked_1 = content.asked(1)
    shared = asked_1 & content.asked(2)
    assert (len(asked_1), len(content.asked(2)), len(shared)) == (52, 59, 29)
    old = {i: 4 for i in asked_1}  # including answers to statements retired since
    new = {i: 4 for i in content.asked(2)}
    c = compare(content, Scan(MARCH.date(), 1, old), Scan(NOVEMBER.date(), 2, new))
    assert (c.compared, c.not_compared) == (29, 53)
    # the same answers on the shared items: nothing changed, although version 2 asked more
    assert all(ch.delta in (0.0, None) for ch in c.phases)
    assert c.result_before.index == c.result_after.index
    assert "53 questions were not compared" in " ".join(sentences(content, c, "en"))
    # scored as a whole, the new scan would count its 30 new items; compared, it does not
    assert score(content, new).phases[3].total > c.result_after.phases[3].total


def test_actions_done_resolved_open_new_dropped_and_unmoved(content: Content) -> None:
    p1 = phase_items(content, 1)
    before = {i: 4 for i in p1} | {i: 1 for i in phase_items(content, 2)}
    after = dict(before)
    p2 = phase_items(content, 2)
    after[p2[0]] = 4  # its gap closed: resolved
    after[p2[1]] = 1  # marked done below, but still low: done, but the answer did not move
    after[p1[0]] = 2  # a new gap: a new action
    today = NOVEMBER.date()
    edits_before = {f"act.{p2[2]}": plan_mod.Edit(progress="in_progress")}
    edits_after = {
        f"act.{p2[1]}": plan_mod.Edit(progress="done", done_on=today),
        f"act.{p2[2]}": plan_mod.Edit(include=False),
    }
    c = compare(
        content,
        scan(content, before, MARCH.date(), edits=edits_before),
        scan(content, after, today, edits=edits_after),
    )
    a = c.actions
    assert a.resolved == (f"act.{p2[0]}",)
    assert a.done == (f"act.{p2[1]}",)
    assert a.done_but_unmoved == (f"act.{p2[1]}",)
    assert a.dropped == (f"act.{p2[2]}",)
    assert a.new == (f"act.{p1[0]}",)
    assert set(a.open) == {f"act.{i}" for i in p2[3:]}
    text = " ".join(sentences(content, c, "en"))
    assert "1 action has been completed" in text  # marked done
    assert "1 action left the plan because its statement now scores high enough" in text
    assert "1 action is marked done, but the answer to its statement did not move" in text


def test_another_organisation_is_a_warning(content: Content) -> None:
    answers = {i: 2 for i in phase_items(content, 1)}
    c = compare(
        content,
        scan(content, answers, MARCH.date(), organisation="Bakkerij Jansen"),
        scan(content, answers, NOVEMBER.date(), organisation="  bakkerij   JANSEN "),
    )
    assert not c.other_organisation
    other = compare(
        content,
        scan(content, answers, MARCH.date(), organisation="Bakkerij Jansen"),
        scan(content, answers, NOVEMBER.date(), organisation="Slagerij Pietersen"),
    )
    assert other.other_organisation
    assert "Slagerij Pietersen" in sentences(content, other, "en")[-1]


def _saved(content: Content) -> SaveFile:
    save = parse((FIXTURES / "strategy-photographer.json").read_bytes(), content)
    return save.model_copy(update={"created_at": MARCH, "updated_at": MARCH})


def test_a_rescan_keeps_the_earlier_scan_as_a_snapshot(content: Content) -> None:
    old = _saved(content)
    new = rescan(content, old, NOVEMBER)
    assert new.answers == old.answers and new.strategy == old.strategy
    assert sorted(new.unconfirmed) == sorted(k for k, v in old.answers.items() if v is not None)
    (snap,) = new.snapshots
    result = score(content, old.answers)
    assert snap.taken_on == MARCH.date()
    assert (snap.phase, snap.index) == (result.phase, round(result.index, 4))
    assert snap.answers == {k: v for k, v in old.answers.items() if v is not None}
    # a second re-scan next year keeps both, oldest first, through a save and a load
    again = rescan(content, new.model_copy(update={"updated_at": NOVEMBER}), NOVEMBER)
    loaded = parse(again.to_json(), content)
    assert [s.taken_on for s in loaded.snapshots] == [MARCH.date(), NOVEMBER.date()]
    assert [p[0] for p in history(content, loaded)] == [
        MARCH.date(),
        NOVEMBER.date(),
        NOVEMBER.date(),
    ]


def test_statuses_carry_over_by_action_id(content: Content) -> None:
    old = _saved(content)
    action_id = plan_mod.generate(content, old.answers, score(content, old.answers))[0].action_id
    done = plan_mod.Edit().with_status("done", MARCH.date())
    old = old.model_copy(update={"plan": [PlanEdit.of(action_id, done)]})
    new = parse(rescan(content, old, NOVEMBER).to_json(), content)
    assert new.edits()[action_id].status == "done"
    assert new.edits()[action_id].done_on == MARCH.date()
    # unchanged answers: done, but the statement did not move
    c = compare(content, snapshot_scan(new.snapshots[-1]), current_scan(new))
    assert action_id in c.actions.done_but_unmoved
    assert action_id not in c.actions.done  # done already at the earlier scan


def test_with_status_dates_done_and_dropped_is_not_included() -> None:
    today = NOVEMBER.date()
    done = plan_mod.Edit().with_status("done", today)
    assert (done.status, done.done_on, done.include) == ("done", today, True)
    assert done.with_status("done", dt.date(2027, 1, 1)).done_on == today  # keeps its date
    dropped = done.with_status("dropped", today)
    assert (dropped.status, dropped.include) == ("dropped", False)
    reopened = dropped.with_status("open", today)
    assert (reopened.status, reopened.done_on, reopened.include) == ("open", None, True)


# -- the save file's history -----------------------------------------------------------------


def _raw(content: Content) -> dict[str, object]:
    data: dict[str, object] = json.loads(rescan(content, _saved(content), NOVEMBER).to_json())
    return data


def test_a_snapshot_dated_after_the_file_is_refused(content: Content) -> None:
    data = _raw(content)
    data["snapshots"][0]["taken_on"] = "2026-12-24"  # type: ignore[index]
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "in_future"
    assert "2026-12-24" in info.value.message(content, "en")


def test_a_done_date_after_the_file_is_refused(content: Content) -> None:
    data = _raw(content)
    data["plan"] = [{"action_id": "act.why.problems", "status": "done", "done_on": "2027-01-05"}]
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "in_future"


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (
            {"action_id": "act.why.problems", "include": True, "status": "dropped"},
            "status_conflict",
        ),
        ({"action_id": "act.why.problems", "include": False, "status": "done"}, "status_conflict"),
        ({"action_id": "act.why.problems", "status": "finished"}, "invalid"),
    ],
)
def test_a_status_that_contradicts_itself_is_refused(
    content: Content, edit: dict[str, object], code: str
) -> None:
    data = _raw(content)
    data["plan"] = [edit]
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == code


def test_a_snapshot_of_an_unknown_content_version_or_id_is_refused(content: Content) -> None:
    data = _raw(content)
    data["snapshots"][0]["content_version"] = 9  # type: ignore[index]
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "newer_content"
    data = _raw(content)
    data["snapshots"][0]["answers"] = {"made.up": 3}  # type: ignore[index]
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "not_asked"
    assert "made.up" in info.value.message(content, "en")
    data = _raw(content)
    data["snapshots"][0]["index"] = 0.2  # type: ignore[index]  # phase 3 cannot have index 0.2
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "invalid"


def test_older_files_load_with_their_content_version_and_an_empty_history(
    content: Content,
) -> None:
    v1 = parse((FIXTURES / "savefile-v1-e9d4024.json").read_bytes(), content)
    v2 = parse((FIXTURES / "persona-sole-trader.json").read_bytes(), content)
    assert (v1.content_version, v2.content_version) == (1, 2)
    for save in (v1, v2):
        assert save.snapshots == [] and not save.targets and save.unconfirmed == []
        assert all(e.status in ("open", "dropped") for e in save.plan)
    # a version-1 scan and today's re-scan of it compare on the items both asked
    c = compare(content, current_scan(v1), current_scan(v2))
    assert c.compared == 29


def test_unconfirmed_answers_stay_only_while_answered(content: Content) -> None:
    data = _raw(content)
    answers = data["answers"]
    assert isinstance(answers, dict)
    first = next(k for k, v in answers.items() if v is not None)
    answers[first] = None
    loaded = parse(json.dumps(data), content)
    assert first not in loaded.unconfirmed and loaded.unconfirmed


def test_targets_round_trip(content: Content) -> None:
    save = _saved(content).model_copy(
        update={"targets": Targets(phase=4, by=dt.date(2027, 6, 1), fulfilment={4: 80.0})}
    )
    loaded = parse(save.to_json(), content)
    assert loaded.targets == save.targets
    data = json.loads(save.to_json())
    data["targets"]["fulfilment"] = {"7": 50}
    with pytest.raises(SaveFileError):
        parse(json.dumps(data), content)


# -- found in review -------------------------------------------------------------------------


def test_a_version_one_scan_rescanned_in_the_app_saves_and_loads_again(content: Content) -> None:
    """The answers to statements retired since stay in ``retired``; the snapshot holds only what
    its content version asked, so the re-scan's file loads again (nothing lost)."""
    v1 = parse((FIXTURES / "savefile-v1-e9d4024.json").read_bytes(), content)
    assert v1.retired.answers
    as_app_saves = v1.model_copy(update={"content_version": content.version})
    new = rescan(content, as_app_saves, NOVEMBER)
    loaded = parse(new.to_json(), content)
    assert loaded.retired.answers == v1.retired.answers
    assert not set(loaded.snapshots[0].answers) & set(v1.retired.answers)
    # the file as version 1 wrote it keeps its content version: its snapshot is of version 1
    kept = parse(rescan(content, v1, NOVEMBER).to_json(), content)
    assert kept.snapshots[0].content_version == 1
    assert set(kept.snapshots[0].answers) >= set(v1.retired.answers)


def test_the_same_old_content_version_twice_compares_every_item_it_still_asks(
    content: Content,
) -> None:
    old = {i: 2 for i in content.asked(1)}
    new = {i: 4 for i in content.asked(1)}
    c = compare(content, Scan(MARCH.date(), 1, old), Scan(NOVEMBER.date(), 1, new))
    assert (c.compared, c.only_one_version, c.no_longer_asked) == (29, 0, 23)
    text = " ".join(sentences(content, c, "en"))
    assert "only one of the two versions" not in text
    assert "23 questions were not compared: the scan no longer asks them" in text
    assert "On the questions both scans asked, the maturity index went" in text


def test_reached_and_lost_follow_the_current_phase(content: Content) -> None:
    """Phase 4 at 100% while Planning is not reached is not "reached"; losing it is not "lost"."""
    p4 = {i: 4 for i in phase_items(content, 4)}
    before = {i: 1 for i in phase_items(content, 1)} | p4
    after = {i: 1 for i in phase_items(content, 1)} | {i: 1 for i in phase_items(content, 4)}
    c = compare(content, scan(content, before, MARCH.date()), scan(content, after, NOVEMBER.date()))
    assert c.lost == () and c.reached == ()
    text = " ".join(sentences(content, c, "en"))
    assert "no longer reached" not in text


def test_a_done_action_that_left_the_plan_counts_once(content: Content) -> None:
    p2 = phase_items(content, 2)
    before = {i: 4 for i in phase_items(content, 1)} | {i: 1 for i in p2}
    after = dict(before) | {p2[0]: 4, p2[1]: None, p2[2]: DONT_KNOW}
    edits = {f"act.{p2[0]}": plan_mod.Edit(progress="done", done_on=NOVEMBER.date())}
    c = compare(
        content,
        scan(content, before, MARCH.date()),
        scan(content, after, NOVEMBER.date(), edits=edits),
    )
    assert c.actions.done == (f"act.{p2[0]}",)
    assert c.actions.resolved == ()  # done once; a cleared or "don't know" answer is no progress
    text = " ".join(sentences(content, c, "en"))
    assert "1 action has been completed" in text and "left the plan" not in text


def test_a_dropped_action_is_not_new(content: Content) -> None:
    p1 = phase_items(content, 1)
    before = {i: 4 for i in p1}
    after = dict(before) | {p1[0]: 1}
    edits = {f"act.{p1[0]}": plan_mod.Edit(include=False)}
    c = compare(
        content,
        scan(content, before, MARCH.date()),
        scan(content, after, NOVEMBER.date(), edits=edits),
    )
    assert c.actions.new == () and c.actions.dropped == (f"act.{p1[0]}",)


def test_done_but_unmoved_only_where_the_answer_did_not_rise(content: Content) -> None:
    p2 = phase_items(content, 2)
    before = {i: 4 for i in phase_items(content, 1)} | {i: 0 for i in p2}
    after = dict(before) | {p2[0]: 2}  # rose, still low: done and in the plan, but it moved
    edits = {
        f"act.{p2[0]}": plan_mod.Edit(progress="done", done_on=NOVEMBER.date()),
        f"act.{p2[1]}": plan_mod.Edit(progress="done", done_on=NOVEMBER.date()),
    }
    c = compare(
        content,
        scan(content, before, MARCH.date()),
        scan(content, after, NOVEMBER.date(), edits=edits),
    )
    assert c.actions.done_but_unmoved == (f"act.{p2[1]}",)


def test_nothing_changed_reads_as_such(content: Content) -> None:
    answers = {i: 2 for i in phase_items(content, 1)}
    c = compare(
        content, scan(content, answers, MARCH.date()), scan(content, dict(answers), NOVEMBER.date())
    )
    text = sentences(content, c, "en")
    assert "The maturity index is still 0.50, as on 12 March 2026." in text
    assert not any("completed" in s or "left the plan" in s for s in text)


def test_premarked_answers_are_not_the_earlier_scans(content: Content) -> None:
    old = _saved(content)
    marked = next(k for k, v in old.answers.items() if v == "not_applicable")
    new = rescan(content, old, NOVEMBER, premarked={marked})
    assert marked not in new.unconfirmed and marked not in new.snapshots[0].answers
    assert new.answers[marked] == "not_applicable"  # still marked in the new scan


def test_a_done_date_is_never_in_the_future(content: Content) -> None:
    answers = {i: 1 for i in phase_items(content, 1)}
    action = plan_mod.generate(content, answers, score(content, answers))[0]
    today = NOVEMBER.date()
    edit = plan_mod.edit_from_change(
        content, action, None, {"status": "done", "done_on": "2027-01-15"}, "en", today
    )
    assert (edit.status, edit.done_on) == ("done", today)
