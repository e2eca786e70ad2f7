"""The SMART check as published: the method page, the report and the README say the same rules,
with the content's limits filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import explain
from assessment.content import Content, SmartLimits
from assessment.strategy import CRITERIA

README = Path(__file__).resolve().parents[2] / "README.md"


def flat(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_rules_carry_the_contents_limits(lang: str, content: Content) -> None:
    lines = explain.smart_rule_lines(content, lang)
    assert len(lines) == len(CRITERIA) == 5
    text = " ".join(lines)
    assert ("24 maanden" if lang == "nl" else "24 months") in text
    assert ("hooguit 3 keer" if lang == "nl" else "at most 3 times") in text
    assert "1/3" in text
    assert ("meer dan 3 doelen" if lang == "nl" else "more than 3 goals") in " ".join(
        explain.post_warning_lines(content, lang)
    )
    # other limits in the content, other words: nothing is written in by hand
    other = content.model_copy(
        update={
            "strategy": content.strategy.model_copy(
                update={"smart": SmartLimits(max_months=18, max_factor_per_year=2.5, focus=2)}
            )
        }
    )
    text = " ".join(explain.smart_rule_lines(other, lang) + explain.post_warning_lines(other, lang))
    assert ("18 maanden" if lang == "nl" else "18 months") in text
    assert ("2,5" if lang == "nl" else "2.5") in text and "24" not in text
    assert ("meer dan 2 doelen" if lang == "nl" else "more than 2 goals") in text


def test_the_readme_publishes_the_same_rules(content: Content) -> None:
    readme = flat(README.read_text(encoding="utf-8"))
    for line in explain.smart_rule_lines(content, "en") + explain.post_warning_lines(content, "en"):
        assert flat(line) in readme, line
    assert flat(content.t("method.smart.note", "en")) in readme
    for code in explain.POST_WARNINGS:
        assert f"`{code}`" in readme
