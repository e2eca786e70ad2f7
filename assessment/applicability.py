"""Which items apply to an organisation: the size pre-marks "not applicable".

The content says, per item, what it assumes (``Item.assumes``, a condition in
``content/conditions.yaml``) and at which organisation sizes that does not hold (``not_at``).
Choosing a size pre-marks those items "not applicable" where nothing was answered yet; the user
sees the mark and can change it. Changing the size again clears only marks that the new size no
longer implies and that are still exactly the pre-mark ("not applicable").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.answers import NOT_APPLICABLE, AnswerValue
from assessment.content import Content


@dataclass(frozen=True)
class Premark:
    answers: dict[str, AnswerValue]
    marked: tuple[str, ...]  # newly pre-marked "not applicable"
    cleared: tuple[str, ...]  # pre-marks of the earlier size that no longer hold


def premark(
    content: Content,
    answers: Mapping[str, AnswerValue],
    size: str | None,
    previous: str | None = None,
) -> Premark:
    """The answers after choosing ``size`` (coming from ``previous``)."""
    now = set(content.not_applicable_at(size))
    before = set(content.not_applicable_at(previous))
    out = dict(answers)
    cleared = [i for i in content.item_ids() if i in before - now and out.get(i) == NOT_APPLICABLE]
    for item_id in cleared:
        out.pop(item_id, None)
    marked = [i for i in content.item_ids() if i in now and out.get(i) is None]
    for item_id in marked:
        out[item_id] = NOT_APPLICABLE
    return Premark(out, tuple(marked), tuple(cleared))


def presumed(content: Content, item_id: str, value: AnswerValue, size: str | None) -> bool:
    """Whether this answer is the size's pre-mark (shown as such, so the user can check it)."""
    return value == NOT_APPLICABLE and item_id in content.not_applicable_at(size)
