"""Which items apply to an organisation: the size pre-marks "not applicable", and refuses it.

The content says, per item, what it assumes (``Item.assumes``, a condition in
``content/conditions.yaml``), at which organisation sizes that does not hold (``not_at``: the
item is pre-marked "not applicable") and at which it always holds (``applies_at``: "not
applicable" is refused). Choosing a size pre-marks the open items it implies; the user sees the
mark and can change it. Changing the size again takes back only the marks that the app itself
made and that the new size no longer implies (never an answer the user chose), and clears a
"not applicable" that the new size refuses.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from assessment.answers import NOT_APPLICABLE, AnswerValue
from assessment.content import Content


@dataclass(frozen=True)
class Premark:
    answers: dict[str, AnswerValue]
    premarked: frozenset[str]  # the items whose "not applicable" is the app's pre-mark
    marked: tuple[str, ...]  # newly pre-marked "not applicable"
    cleared: tuple[str, ...]  # open again: a pre-mark no longer implied, or refused at this size


def premark(
    content: Content,
    answers: Mapping[str, AnswerValue],
    size: str | None,
    premarked: Collection[str] = frozenset(),
) -> Premark:
    """The answers after choosing ``size``; ``premarked``: the marks the app made before."""
    implied = set(content.not_applicable_at(size))
    out = dict(answers)
    cleared = [
        i
        for i in content.item_ids()
        if out.get(i) == NOT_APPLICABLE
        and ((i in premarked and i not in implied) or not content.may_not_apply(i, size))
    ]
    for item_id in cleared:
        out.pop(item_id, None)
    marked = [i for i in content.item_ids() if i in implied and out.get(i) is None]
    for item_id in marked:
        out[item_id] = NOT_APPLICABLE
    kept = {i for i in premarked if i in implied and out.get(i) == NOT_APPLICABLE}
    return Premark(out, frozenset(kept | set(marked)), tuple(marked), tuple(cleared))
