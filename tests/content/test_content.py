"""Every content file validates, ids are unique, both languages are complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from assessment.content import CONTENT_DIR, LANGUAGES, Content, ContentError, Text, load_content


def texts(obj: object) -> list[Text]:
    found: list[Text] = []
    if isinstance(obj, Text):
        found.append(obj)
    elif isinstance(obj, tuple | list):
        for x in obj:
            found += texts(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            found += texts(x)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found += texts(getattr(obj, name))
    return found


def test_the_phases_by_name_the_item_count_and_the_threshold(content: Content) -> None:
    assert [p.name("nl") for p in content.phases] == [
        "Planning",
        "Aanwezigheid",
        "Deelname (dialoog)",
        "Geformaliseerd",
        "Strategisch",
        "Geconvergeerd",
    ]
    assert [p.name("en") for p in content.phases] == [
        "Planning",
        "Presence",
        "Engagement",
        "Formalised",
        "Strategic",
        "Converged",
    ]
    assert len(content.item_ids()) == 59  # the questionnaire's "20 of 59" after phases 1-3
    assert content.threshold == 75


def test_every_statement_exists_in_both_languages(content: Content) -> None:
    for p in content.phases:
        for s in p.statements:
            for field in (s.text, s.help, s.action, s.kpi, s.owner):
                for lang in LANGUAGES:
                    assert field(lang).strip(), (s.id, lang)
            assert s.text("nl") != s.text("en"), f"{s.id}: Dutch text looks untranslated"


def test_no_text_is_left_untranslated(content: Content) -> None:
    same = [t.nl for t in texts(content) if t.nl == t.en and len(t.nl) > 25]
    assert same == []


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_missing_translation_names_file_and_field(content_copy: Path) -> None:
    edit(content_copy / "phases.yaml", lambda d: d["phases"][2]["statements"][1]["help"].pop("en"))
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    message = str(info.value)
    assert "phases.yaml" in message
    assert "phases.2.statements.1.help.en" in message


def test_duplicate_id_is_refused(content_copy: Path) -> None:
    def dup(d: dict) -> None:  # type: ignore[type-arg]
        d["phases"][1]["statements"][0]["id"] = d["phases"][0]["statements"][0]["id"]

    edit(content_copy / "phases.yaml", dup)
    with pytest.raises(ContentError, match="duplicate id"):
        load_content(content_copy)


def test_unknown_source_reference_is_refused(content_copy: Path) -> None:
    edit(content_copy / "questions.yaml", lambda d: d["questions"][0]["sources"].append("nowhere"))
    with pytest.raises(ContentError, match=r"questions\.yaml.*unknown source 'nowhere'"):
        load_content(content_copy)


def test_placeholder_mismatch_is_refused(content_copy: Path) -> None:
    edit(content_copy / "ui.yaml", lambda d: d["ui"]["plan.why"].update(en="no placeholders"))
    with pytest.raises(ContentError, match=r"plan\.why"):
        load_content(content_copy)


def test_broken_yaml_names_the_file(content_copy: Path) -> None:
    (content_copy / "scales.yaml").write_text("scales: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match=r"scales\.yaml"):
        load_content(content_copy)
