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
    assert info.value.code == "bad_value"


def test_a_retired_answer_is_kept_apart_and_never_mapped(content: Content) -> None:
    old = content.retired[0]
    kept = next(i for i in content.item_ids() if not content.may_not_apply(i))
    save = parse(_file(content, 1, {old.id: 3, kept: 2}), content)
    assert save.answers == {kept: 2}
    assert save.retired.answers == {old.id: 3}
    for new in old.replaced_by:
        assert new not in save.answers  # never carried over
    data = json.loads(save.to_json())
    assert data["version"] == 2 and data["retired"]["answers"] == {old.id: 3}


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
