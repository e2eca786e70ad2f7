"""Compare many: the aggregation over organisations, teams and workshops."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from assessment import export, many
from assessment.answers import DONT_KNOW, NOT_APPLICABLE, AnswerValue
from assessment.content import Content
from assessment.many import compare_many, entries_from_files
from assessment.progress import Scan, compare, current_scan
from assessment.savefile import Organisation, SaveFile, parse
from assessment.scoring import score
from tests.helpers import all_answers, phase_answers, up_to
from tests.helpers import scan_entry as entry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def file(name: str, answers: dict[str, AnswerValue]) -> bytes:
    return SaveFile(organisation=Organisation(name=name), answers=answers).to_json().encode()


# -- names -----------------------------------------------------------------------------------


def test_duplicate_names_are_told_apart_in_order(content: Content) -> None:
    names = ["Bakkerij Jansen", "bakkerij  jansen", "Gemeente X", "Bakkerij Jansen (2)", "X"]
    entries = [entry(content, n, {}) for n in names]
    got = [e.name for e in many.distinct_names(entries)]
    # the second Jansen would be "(2)", but a file already has that name: it gets "(3)"
    assert got == [
        "Bakkerij Jansen",
        "bakkerij  jansen (3)",
        "Gemeente X",
        "Bakkerij Jansen (2)",
        "X",
    ]
    assert [e.name for e in many.distinct_names(entries)] == got  # deterministic
    m = compare_many(content, entries)
    assert [r.name for r in m.rows] == got


def test_files_named_by_organisation_else_by_file_name(content: Content) -> None:
    files = [
        ("a.json", file("Bakkerij Jansen", {})),
        ("b.json", file("Bakkerij Jansen", {})),
        ("anoniem.json", file("", {})),
    ]
    entries, errors = entries_from_files(content, files)
    assert errors == []
    assert [e.name for e in entries] == ["Bakkerij Jansen", "Bakkerij Jansen (2)", "anoniem.json"]
    assert [e.source for e in entries] == ["a.json", "b.json", "anoniem.json"]
    assert {e.kind for e in entries} == {"scan"}


def test_a_damaged_file_is_named_and_the_rest_compares(content: Content) -> None:
    files = [
        ("goed.json", file("Goed", up_to(content, 2))),
        ("kapot.json", b'{"format": "sbsmi-scan", '),
        ("vreemd.json", b'{"hello": "world"}'),
        ("ook-goed.json", file("Ook goed", up_to(content, 3))),
    ]
    entries, errors = entries_from_files(content, files)
    assert [e.source for e in entries] == ["goed.json", "ook-goed.json"]
    assert [(f, e.code) for f, e in errors] == [
        ("kapot.json", "bad_json"),
        ("vreemd.json", "not_save_file"),
    ]
    assert "kapot" not in errors[0][1].message(content, "nl")  # the caller names the file
    m = compare_many(content, entries)
    assert [r.phase for r in m.rows] == [2, 3]


# -- figures ---------------------------------------------------------------------------------


def test_every_entry_is_scored_by_the_formula(content: Content) -> None:
    answers = [up_to(content, 2), up_to(content, 4, value=3), all_answers(content, 1)]
    m = compare_many(content, [entry(content, f"O{n}", a) for n, a in enumerate(answers)])
    assert m.compared == len(content.item_ids()) and m.not_compared == 0
    for row, a in zip(m.rows, answers, strict=True):
        expected = score(content, a)
        assert row.phase == expected.phase
        assert row.index == expected.index
        assert row.cells[:6] == tuple(p.fulfilment for p in expected.phases)
    assert m.phases[0].values == (100.0, 75.0, 25.0)
    assert (m.phases[0].low, m.phases[0].median, m.phases[0].high) == (25.0, 75.0, 100.0)


def test_insufficient_data_is_none_and_left_out_of_the_spread(content: Content) -> None:
    planning = [s.id for s in content.phase(1).statements]
    thin = {i: 4 for i in planning[:2]}  # 2 of 7: too few to judge
    full = phase_answers(content, 1, 2)
    m = compare_many(content, [entry(content, "Dun", thin), entry(content, "Vol", full)])
    dun, vol = m.rows
    assert dun.fulfilment(1) is None and dun.status("phase.1") == "insufficient_data"
    assert dun.value("phase.1") is None
    assert vol.fulfilment(1) == 50.0 and vol.status("phase.1") == "not_reached"
    spread = m.spread("phase.1")
    assert spread.values == (None, 50.0)
    assert (spread.count, spread.missing) == (1, 1)
    assert (spread.low, spread.median, spread.high) == (50.0, 50.0, 50.0)
    # nothing answered at all: no figure, no median
    assert m.spread("question.1").values == (None, None)
    assert m.spread("question.1").median is None
    assert dun.status("question.1") == "no_answers"


def test_dont_know_is_counted_apart_never_as_zero(content: Content) -> None:
    item = content.phase(1).statements[0].id
    base = phase_answers(content, 1, 4)
    m = compare_many(
        content,
        [
            entry(content, "A", base),
            entry(content, "B", base | {item: DONT_KNOW}),
            entry(content, "C", base | {item: 2}),
        ],
    )
    assert m.rows[1].fulfilment(1) == 100.0  # "don't know" left out, not a zero
    s = next(s for s in m.items if s.item_id == item)
    assert s.values == (4, DONT_KNOW, 2)
    assert (s.answered, s.dont_know, s.not_applicable, s.open) == (2, 1, 0, 0)
    assert (s.low, s.median, s.high, s.range) == (2, 3.0, 4, 2)
    assert s.stdev == 1.0


def test_not_applicable_leaves_the_item_and_is_counted_apart(content: Content) -> None:
    item = next(i for i in content.item_ids() if content.may_not_apply(i))
    phase = content.item(item)[1]
    assert phase is not None
    base = phase_answers(content, phase.number, 4)
    m = compare_many(
        content,
        [
            entry(content, "A", base | {item: NOT_APPLICABLE}),
            entry(content, "B", base | {item: 0}),
            entry(content, "C", base | {item: NOT_APPLICABLE}),
        ],
    )
    assert m.rows[0].fulfilment(phase.number) == 100.0
    assert m.rows[0].result.phases[phase.number - 1].not_applicable == 1
    s = next(s for s in m.items if s.item_id == item)
    assert (s.answered, s.not_applicable, s.points) == (1, 2, (0,))
    assert s.range == 0  # one answer: nothing to differ on
    assert item not in [d.item_id for d in m.differs_most()]


def test_changed_content_versions_compare_on_shared_items(content: Content) -> None:
    old = parse((FIXTURES / "savefile-v1-e9d4024.json").read_bytes(), content)
    assert old.content_version == 1
    new = up_to(content, 3)
    entries = [
        many.entry_from_save(old, "oud.json"),
        entry(content, "Nieuw", new),
        entry(content, "Ook nieuw", up_to(content, 1)),
    ]
    m = compare_many(content, entries)
    shared = content.asked(1) & content.asked(content.version) & set(content.item_ids())
    assert m.shared == shared
    assert m.compared == len(shared) < len(content.item_ids())
    # the same counts as comparing the two scans over time
    pair = compare(content, current_scan(old), Scan(dt.date(2026, 11, 29), content.version, new))
    assert (m.compared, m.only_some_versions, m.no_longer_asked) == (
        pair.compared,
        pair.only_one_version,
        pair.no_longer_asked,
    )
    assert m.not_compared == pair.not_compared > 0
    assert {s.item_id for s in m.items} == shared
    # every entry scored on the shared items only
    assert m.rows[1].result == score(content, new, only=shared)
    # the same version everywhere compares on everything
    same = compare_many(content, entries[1:])
    assert same.compared == len(content.item_ids()) and same.not_compared == 0


def test_single_scores_as_score_does(content: Content) -> None:
    old = parse((FIXTURES / "savefile-v1-e9d4024.json").read_bytes(), content)
    one = many.single(content, many.entry_from_save(old, "oud.json"))
    assert one.rows[0].result == score(content, current_scan(old).answers)
    assert one.compared == len(content.item_ids())


# -- differs most, sorting, filtering --------------------------------------------------------


def test_the_statements_that_differ_most(content: Content) -> None:
    a, b, c, d = content.item_ids()[:4]
    rows = [
        {a: 0, b: 1, c: 2, d: DONT_KNOW},
        {a: 4, b: 3, c: 2, d: 0},
        {a: 4, b: 1, c: 2, d: DONT_KNOW},
    ]
    m = compare_many(content, [entry(content, f"E{n}", r) for n, r in enumerate(rows)])
    top = m.differs_most()
    assert [s.item_id for s in top] == [a, b]  # c: all alike; d: one answer only
    assert top[0].range == 4 and top[1].range == 2
    assert [s.item_id for s in m.differs_most(limit=1)] == [a]
    assert [s.item_id for s in m.differs_most(minimum=4)] == []


def test_sort_and_filter(content: Content) -> None:
    planning = [s.id for s in content.phase(1).statements]
    entries = [
        entry(content, "beta", up_to(content, 2)),
        entry(content, "Alfa", up_to(content, 4)),
        entry(content, "Gamma", {planning[0]: 4}),  # phase 1: insufficient data
        entry(content, "Team Delta", up_to(content, 1), kind="workshop"),
    ]
    m = compare_many(content, entries)
    assert [r.name for r in m.sorted("name")] == ["Alfa", "beta", "Gamma", "Team Delta"]
    assert m.sorted("name", descending=True)[0].name == "Team Delta"
    assert [r.name for r in m.sorted("index", descending=True)] == [
        "Alfa",
        "beta",
        "Team Delta",
        "Gamma",
    ]
    # by a column: the row without a figure last, both ways
    assert [r.name for r in m.sorted("phase.3")][-1] == "Gamma"
    assert [r.name for r in m.sorted("phase.1", descending=True)][-1] == "Gamma"
    # beta and Team Delta both 0 on Engagement: ties by name
    assert [r.name for r in m.sorted("phase.3")][:3] == ["beta", "Team Delta", "Alfa"]
    with pytest.raises(ValueError):
        m.sorted("phase.9")
    assert [r.name for r in m.filtered(kind="workshop")] == ["Team Delta"]
    assert [r.name for r in m.filtered(text="  ALFA ")] == ["Alfa"]
    assert [r.name for r in m.filtered(kind="scan", text=".json")] == ["beta", "Alfa", "Gamma"]


def test_participants_are_anonymous_and_in_a_stable_order() -> None:
    people = [{"b": 2, "a": 1}, {"a": 0, "c": None}, {"a": 1, "b": 2}]
    got = many.anonymous(people)
    assert got == ({"a": 0}, {"a": 1, "b": 2}, {"a": 1, "b": 2})
    assert many.anonymous(reversed(people)) == got


def test_two_hundred_files_all_named_apart(content: Content) -> None:
    """200 files, 150 organisation names: every row its own name (`make bench` times it)."""
    import random

    rnd = random.Random(7)
    choices: list[AnswerValue] = [0, 1, 2, 3, 4, DONT_KNOW, None]
    files = [
        (f"f{n}.json", file(f"Org {n % 150}", {i: rnd.choice(choices) for i in content.item_ids()}))
        for n in range(200)
    ]
    entries, errors = entries_from_files(content, files)
    m = compare_many(content, entries)
    assert len(m.rows) == 200 and not errors
    assert len({r.name for r in m.rows}) == 200
    assert m.rows[150].name == "Org 0 (2)"


def test_a_workshop_of_the_phases_alone_compares_on_the_phases(content: Content) -> None:
    team = replace(entry(content, "Team", up_to(content, 2), kind="workshop"), parts="phases")
    scan = entry(content, "Scan", up_to(content, 2) | {content.questions[0].subquestions[0].id: 4})
    m = compare_many(content, [team, scan])
    statements = {s.id for p in content.phases for s in p.statements}
    # the phases over both; the questions over the entries that asked them (the scan): a
    # workshop of the phases alone takes nothing away from the scan's questions
    assert m.shared == set(content.item_ids())
    assert m.only_some_versions == 0
    assert m.rows[1].score(1) == 100.0 and m.rows[0].score(1) is None
    assert {s.part for s in m.items} == {"phase", "question"}
    # on its own, everything it asked
    rows = export.answers_table(content, many.single(content, team), "nl").rows
    assert len(rows) == len(statements)


# -- found in review -------------------------------------------------------------------------


def test_scans_of_one_old_content_version_get_the_phase_score_gives_them(content: Content) -> None:
    """Two version-1 scans, every item version 1 asked at "fully": compared on the 29 items
    version 1 shares with today's, a phase compared on fewer than half of its statements has
    insufficient data, so no phase is reached on a single statement (as ``score`` says)."""
    answers = {i: 4 for i in content.asked(1)}
    old = [replace(entry(content, n, answers), content_version=1) for n in ("A", "B")]
    m = compare_many(content, old)
    own = score(content, {k: v for k, v in answers.items() if k in content.item_ids()})
    assert [r.phase for r in m.rows] == [own.phase, own.phase]
    assert m.rows[0].index == pytest.approx(own.index)


def test_a_workshop_of_the_questions_alone_leaves_the_scans_phases_alone(
    content: Content,
) -> None:
    scan = entry(content, "Scan", up_to(content, 3))
    team = replace(entry(content, "Team", {}, kind="workshop"), parts="questions")
    m = compare_many(content, [scan, team])
    assert m.rows[0].phase == score(content, up_to(content, 3)).phase == 3


def test_a_control_character_in_a_name_never_breaks_an_export(content: Content) -> None:
    m = compare_many(
        content,
        [
            entry(content, "Bell\x07co\x0b", up_to(content, 1)),
            entry(content, "B", up_to(content, 2)),
        ],
    )
    data = export.to_xlsx(export.tables(content, m, "en"))
    assert data[:2] == b"PK"
    csv_text = export.to_csv(export.tables(content, m, "en")[0]).decode("utf-8-sig")
    assert "Bellco" in csv_text and "\x07" not in csv_text
