"""The method page publishes the SMART check of the strategy canvas: the same rule lines as the
report and the README (explain.smart_rule_lines), with the content's limits."""

from __future__ import annotations

import pytest

from assessment import explain
from assessment.content import Content
from tests.app.harness import page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_method_page_shows_the_smart_check(lang: str, content: Content) -> None:
    at = page("pages/scan/method.py", lang=lang)
    assert not at.exception
    assert content.t("method.smart", lang) in [h.value for h in at.header]
    shown = "\n".join(m.value for m in at.markdown)
    for line in explain.smart_rule_lines(content, lang) + explain.post_warning_lines(content, lang):
        assert f"- {line}" in shown, line
    assert ("24 maanden" if lang == "nl" else "24 months") in shown
    assert content.t("method.smart.note", lang) in shown
    # after the formula, before the sources
    headers = [h.value for h in at.header]
    order = [content.t(k, lang) for k in ("method.formula", "method.smart", "method.sources")]
    assert [headers.index(h) for h in order] == sorted(headers.index(h) for h in order)
