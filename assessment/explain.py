"""How the score was reached: the formula with a worked example from the user's own answers.

Used by the results page, the method page and the report, so they always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args, get_type_hints

from assessment import formats
from assessment.answers import NOT_APPLICABLE
from assessment.content import Content
from assessment.formats import number, percent
from assessment.scoring import PhaseResult, Result
from assessment.strategy import CRITERIA, PostWarning


def formula_lines(content: Content, lang: str) -> list[str]:
    return [
        content.t(f"formula.{i}", lang, threshold=percent(content.threshold, lang))
        for i in range(1, 6)
    ] + [content.t("formula.na", lang)]


# The warning codes in the order the check gives them (strategy.warnings).
POST_WARNINGS: tuple[str, ...] = get_args(get_type_hints(PostWarning)["code"])


def smart_rule_lines(content: Content, lang: str) -> list[str]:
    """The SMART check's five rules (Markdown emphasis), with the content's limits filled in:
    the same words on the method page, in the report and (in English) in the README."""
    limits = content.strategy.smart
    params = {
        "months": limits.max_months,
        "factor": number(limits.max_factor_per_year, lang, 2),
        "focus": limits.focus,
    }
    return [content.t(f"method.smart.{c}", lang, **params) for c in CRITERIA]


def post_warning_lines(content: Content, lang: str) -> list[str]:
    """The canvas's warnings where it breaks POST's order, as rules (the order they are given)."""
    focus = content.strategy.smart.focus
    return [content.t(f"method.smart.warning.{code}", lang, focus=focus) for code in POST_WARNINGS]


def not_applicable_text(content: Content, result: Result, lang: str) -> str | None:
    """How "not applicable" was used in this scan: how many items, and what they assume."""
    if not result.not_applicable:
        return None
    every = [a for p in result.phases for a in p.answers]
    every += [a for q in result.questions for a in q.answers]
    assumed = {content.item(a.item_id)[0].assumes for a in every if a.value == NOT_APPLICABLE}
    labels = [c.label(lang) for c in content.conditions if c.id in assumed]
    return content.t("na.summary", lang, count=result.not_applicable, assumes="; ".join(labels))


@dataclass(frozen=True)
class Example:
    phase: PhaseResult
    values: tuple[int, ...]


def example_phase(result: Result) -> Example | None:
    """The phase that decides the index (k+1), or else the highest phase with answers."""
    candidates = []
    if result.phase < 6:
        candidates.append(result.phases[result.phase])
    candidates += [p for p in reversed(result.phases) if p.answered]
    for p in candidates:
        if p.answered:
            values = tuple(a.value for a in p.answers if isinstance(a.value, int))
            return Example(p, values)
    return None


def worked_example(content: Content, result: Result, lang: str) -> list[str]:
    """The calculation, step by step, with these answers. Empty when nothing is answered."""
    ex = example_phase(result)
    if ex is None:
        return []
    p = ex.phase
    name = content.phase(p.number).name(lang)
    total = sum(ex.values)
    mean = total / len(ex.values)
    fulfilment = p.fulfilment or 0.0
    lines = [
        content.t(
            "example.answers",
            lang,
            number=p.number,
            phase=name,
            values=", ".join(str(v) for v in ex.values),
            dont_know=p.dont_know,
            open=p.unanswered,
        ),
        *(
            [content.t("example.na", lang, count=p.not_applicable, total=p.total)]
            if p.not_applicable
            else []
        ),
        content.t(
            "example.mean",
            lang,
            sum=total,
            count=len(ex.values),
            mean=number(mean, lang, 2),
            fulfilment=percent(fulfilment, lang),
        ),
    ]
    if not p.sufficient_data:
        lines.append(
            content.t("example.insufficient", lang, answered=p.answered, total=p.applicable)
        )
    else:
        key = "example.reached" if p.reached else "example.not_reached"
        lines.append(
            content.t(
                key,
                lang,
                fulfilment=percent(fulfilment, lang),
                threshold=percent(result.threshold, lang),
            )
        )
    reached = [str(q.number) for q in result.phases[: result.phase]]
    if result.phase:
        lines.append(content.t("example.current", lang, phases=", ".join(reached), k=result.phase))
    else:
        lines.append(content.t("example.current_none", lang))
    if result.phase == 6:
        lines.append(content.t("example.index_all", lang))
    else:
        nxt = result.phases[result.phase]
        part = (nxt.fulfilment or 0.0) if nxt.sufficient_data else 0.0
        lines.append(
            content.t(
                "example.index",
                lang,
                k=result.phase,
                fulfilment=number(part, lang),
                index=formats.index(result.index, lang),
            )
        )
    return lines


def warning_text(content: Content, result: Result, phase: int, lang: str) -> str:
    return content.t(
        "result.warning.ahead",
        lang,
        phase=content.phase(phase).name(lang),
        next=content.phase(result.phase + 1).name(lang),
    )


def next_step_text(content: Content, result: Result, lang: str) -> str | None:
    """The sentence about phase k+1 (Markdown emphasis), or None when all six are reached."""
    if result.next_phase is None:
        return None
    nxt = result.phases[result.next_phase - 1]
    name = content.phase(result.next_phase).name(lang)
    if not nxt.sufficient_data:
        return content.t("results.next.thin", lang, phase=name)
    return content.t(
        "results.next",
        lang,
        phase=name,
        fulfilment=percent(nxt.fulfilment or 0, lang),
        threshold=percent(result.threshold, lang),
    )


def weakest_text(content: Content, result: Result, lang: str) -> str | None:
    """The sentence naming the weakest phase (Markdown emphasis), or None when there is none."""
    weakest = result.weakest_phase
    if weakest is None:
        return None
    return content.t(
        "results.weakest",
        lang,
        phase=content.phase(weakest.number).name(lang),
        fulfilment=percent(weakest.fulfilment or 0, lang),
    )
