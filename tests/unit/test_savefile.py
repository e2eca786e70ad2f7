from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.content import Content
from assessment.savefile import MAX_NAME, SaveFile, SaveFileError, parse, template


def valid(content: Content) -> dict:
    data = template(content, "nl")
    del data["items"]
    return data


def test_template_round_trips(content: Content) -> None:
    data = template(content, "en")
    save = parse(json.dumps(data), content)
    assert set(save.answers) == set(content.item_ids())
    assert all(v is None for v in save.answers.values())
    assert {i["id"] for i in data["items"]} == set(content.item_ids())


def test_save_file_round_trips(content: Content) -> None:
    ids = content.item_ids()
    save = SaveFile(answers={ids[0]: 3, ids[1]: "dont_know", ids[2]: None})
    save.organisation.name = "Bakkerij ’t Hoekje “De Beste” €"
    again = parse(save.to_json(), content)
    assert again.answers == save.answers
    assert again.organisation.name == save.organisation.name


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda d: "{not json", "bad_json"),
        (lambda d: json.dumps([1, 2]), "not_save_file"),
        (lambda d: json.dumps({**d, "format": "something-else"}), "not_save_file"),
        (lambda d: json.dumps({**d, "version": 99}), "wrong_version"),
        (lambda d: json.dumps({**d, "answers": {"made.up": 2}}), "unknown_id"),
        (lambda d: json.dumps({**d, "answers": {"planning.x": 5}}), "bad_value"),
        (lambda d: json.dumps({**d, "answers": {"planning.x": "3"}}), "bad_value"),
        (lambda d: json.dumps({**d, "answers": {"planning.x": True}}), "bad_value"),
        (lambda d: json.dumps({**d, "organisation": {"name": "x" * (MAX_NAME + 1)}}), "too_long"),
        (lambda d: json.dumps({**d, "surprise": 1}), "invalid"),
        (lambda d: b"\xff\xfe\x00garbage", "bad_json"),
    ],
)
def test_damaged_foreign_or_tampered_files_are_refused(content: Content, mutate, code) -> None:
    with pytest.raises(SaveFileError) as info:
        parse(mutate(valid(content)), content)
    assert info.value.code == code
    for lang in ("nl", "en"):
        message = info.value.message(content, lang)
        assert message and "{" not in message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("[" * 100_000, "bad_json"),
        ('{"format": "sbsmi-scan", "version": true}', "wrong_version"),
        ('{"format": "sbsmi-scan", "version": 1.0}', "wrong_version"),
        ('{"format": "sbsmi-scan", "version": "1"}', "wrong_version"),
        (
            '{"format": "sbsmi-scan", "version": 1, "plan": [{"action_id": "act.nope"}]}',
            "unknown_id",
        ),
        ('{"format": "sbsmi-scan", "version": 1, "organisation": {"size": "huge"}}', "invalid"),
    ],
)
def test_subtler_tampering_is_refused(content: Content, text: str, code: str) -> None:
    with pytest.raises(SaveFileError) as info:
        parse(text, content)
    assert info.value.code == code
    assert "Input should" not in info.value.message(content, "nl")  # no English leaking in


def test_wrong_version_message_shows_what_the_file_says(content: Content) -> None:
    with pytest.raises(SaveFileError) as info:
        parse('{"format": "sbsmi-scan", "version": "1"}', content)
    assert '"1"' in info.value.message(content, "en")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_save_file_of_the_previous_version_still_loads(content: Content) -> None:
    """Written by the app at e9d4024 (version 1): it loads, whole, forever. Answers to
    statements that changed since are kept apart (``retired``), never mapped onto new ones."""
    raw = json.loads((FIXTURES / "savefile-v1-e9d4024.json").read_bytes())
    save = parse(json.dumps(raw), content)
    assert save.version == 3 and not save.strategy  # upgraded; the canvas starts empty
    assert save.organisation.name == "Bakkerij ’t Hoekje" and save.organisation.size == "2-9"
    given = {k: v for k, v in raw["answers"].items() if v is not None}
    assert len(given) == 31 and sum(v == "dont_know" for v in given.values()) == 1
    retired = {r.id for r in content.retired}
    for item_id, value in given.items():
        if item_id in retired:
            assert item_id not in save.answers and save.retired.answers[item_id] == value
        else:
            assert save.answers[item_id] == value
    assert save.retired.answers, "the fixture answers statements that content v2 retired"
    assert save.answers["planning.listening"] == 0
    kept_edits = save.edits() | {e.action_id: e.to_edit() for e in save.retired.plan}
    assert kept_edits["act.planning.pilots"].owner == "Sanne"
    assert str(kept_edits["act.planning.pilots"].due) == "2027-02-01"
    assert kept_edits["act.planning.readiness-audit"].include is False
    # saved again and loaded again: the retired answers are still there, still apart
    again = parse(save.to_json(), content)
    assert again.retired == save.retired and again.answers == save.answers
