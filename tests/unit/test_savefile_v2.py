"""Save file version 2: "not applicable" only where an item may not apply; version 1 upgrades."""

from __future__ import annotations

import json

import pytest

from assessment.answers import NOT_APPLICABLE
from assessment.content import Content
from assessment.savefile import SaveFile, SaveFileError, parse, template


def _file(content: Content, version: int, answers: dict[str, object]) -> str:
    data = template(content, "nl")
    del data["items"]
    data["version"] = version
    data["answers"] = answers
    if version < 3:  # the canvas and the history came with version 3
        for field in ("strategy", "content_version", "snapshots", "targets", "unconfirmed"):
            del data[field]
    if version == 1:  # version 1 had no such field
        del data["retired"]
    return json.dumps(data)


def test_not_applicable_loads_where_the_item_may_not_apply(content: Content) -> None:
    item = next(i for i in content.item_ids() if content.may_not_apply(i))
    save = parse(_file(content, 2, {item: NOT_APPLICABLE}), content)
    assert save.answers[item] == NOT_APPLICABLE


def test_not_applicable_on_an_item_that_always_applies_is_refused(content: Content) -> None:
    item = next(i for i in content.item_ids() if not content.may_not_apply(i))
    with pytest.raises(SaveFileError) as info:
        parse(_file(content, 2, {item: NOT_APPLICABLE}), content)
    assert info.value.code == "always_applies"
    assert item in info.value.message(content, "nl") and item in info.value.message(content, "en")


def test_a_version_one_file_cannot_have_said_not_applicable(content: Content) -> None:
    item = next(i for i in content.item_ids() if content.may_not_apply(i))
    with pytest.raises(SaveFileError) as info:
        parse(_file(content, 1, {item: NOT_APPLICABLE}), content)
    assert info.value.code == "na_in_v1"


def test_a_retired_answer_is_kept_apart_and_never_mapped(content: Content) -> None:
    old = content.retired[0]
    kept = next(i for i in content.item_ids() if not content.may_not_apply(i))
    save = parse(_file(content, 1, {old.id: 3, kept: 2}), content)
    assert save.answers == {kept: 2}
    assert save.retired.answers == {old.id: 3}
    for new in old.replaced_by:
        assert new not in save.answers  # never carried over
    data = json.loads(save.to_json())
    assert data["version"] == 3 and data["retired"]["answers"] == {old.id: 3}


def test_unknown_ids_are_still_refused_in_retired(content: Content) -> None:
    data = json.loads(SaveFile().to_json())
    data["retired"] = {"answers": {"made.up": 1}, "plan": []}
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "unknown_id"


def test_the_template_says_which_items_may_not_apply(content: Content) -> None:
    items = template(content, "en")["items"]
    assert all(isinstance(i["may_not_apply"], bool) for i in items)
    assert {i["id"] for i in items if i["may_not_apply"]} == {
        i for i in content.item_ids() if content.may_not_apply(i)
    }
    marked = [i for i in items if i["may_not_apply"]]
    assert all(i["assumes"] for i in marked)
    assert any("1" in i["not_applicable_at"] for i in marked)


def test_the_size_refuses_not_applicable_where_the_condition_always_holds(
    content: Content,
) -> None:
    item = next(
        i
        for i in content.item_ids()
        if content.may_not_apply(i) and not content.may_not_apply(i, "250+")
    )
    data = json.loads(_file(content, 2, {item: NOT_APPLICABLE}))
    parse(json.dumps(data), content)  # no size given: allowed
    data["organisation"]["size"] = "250+"
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "always_applies"


def test_an_open_answer_to_a_retired_statement_is_nothing_to_answer_again(
    content: Content,
) -> None:
    """A version-1 template has every old id set to null: nothing was answered."""
    old = [r.id for r in content.retired]
    save = parse(_file(content, 1, dict.fromkeys(old)), content)
    assert not save.retired


@pytest.mark.parametrize(
    ("retired", "code"),
    [
        ({"answers": {"engagement.dialogue": "not_applicable"}}, "na_in_v1"),
        ({"answers": {"planning.listening": 2}}, "not_retired"),
        ({"answers": {"made.up": 2}}, "unknown_id"),
    ],
)
def test_a_tampered_retired_part_is_refused(content: Content, retired: dict, code: str) -> None:
    data = json.loads(_file(content, 2, {}))
    data["retired"] = retired
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == code
    for lang in ("nl", "en"):
        assert "{" not in info.value.message(content, lang)


def test_a_retired_answer_in_both_places_is_refused(content: Content) -> None:
    old = content.retired[0].id
    data = json.loads(_file(content, 2, {old: 1}))
    data["retired"] = {"answers": {old: 2}, "plan": []}
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.code == "retired_twice"
