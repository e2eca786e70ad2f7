"""Method and sources: the SBSMI, the four questions, the scales, the formula, the SMART check of
the strategy canvas, how two scans are compared, the sources."""

from __future__ import annotations

import streamlit as st

from assessment import explain, formats, progress
from ui.i18n import content, lang, t

c = content()
language = lang()
SYMBOL = {"dont_know": "?", "not_applicable": "–"}  # the scale points that are not a number

st.title(t("method.title"))
st.markdown(t("method.intro"))

st.header(t("method.sbsmi"))
st.markdown(t("method.sbsmi.intro"))
for phase in c.phases:
    with st.expander(f"{phase.number}. {phase.name(language)} — {phase.tagline(language)}"):
        bullets = "\n".join(f"- {s.text(language)}" for s in phase.statements)
        st.markdown(f"{phase.description(language)}\n\n{bullets}")

st.header(t("method.questions"))
st.markdown(t("method.questions.intro"))
for q in c.questions:
    with st.expander(f"{q.number}. {q.title(language)}"):
        bullets = "\n".join(f"- {s.text(language)}" for s in q.subquestions)
        st.markdown(
            f"{q.description(language)}\n\n**{t('method.how')}** {q.method(language)}\n\n{bullets}"
        )

st.header(t("method.scales"))
for scale_id in ("phase", "question"):
    st.markdown(f"**{t(f'method.scale.{scale_id}')}**")
    for point in c.scale(scale_id).points:
        value = point.value if isinstance(point.value, int) else SYMBOL[point.value]
        st.markdown(f"- {value} · **{point.label(language)}**: {point.description(language)}")

st.header(t("method.formula"))
for line in explain.formula_lines(c, language):
    st.markdown(f"- {line}")
st.markdown(t("method.plan_rules"))

st.header(t("method.na"))
st.markdown(t("method.na.intro"))
for condition in c.conditions:
    sizes = ", ".join(t(f"size.{s}") for s in condition.not_at) or t("method.na.never")
    applies = ", ".join(t(f"size.{s}") for s in condition.applies_at) or t("method.na.always_never")
    refs = [c.ref(i, language) for i in c.assuming({condition.id})]
    st.markdown(
        "- "
        + t(
            "method.na.condition",
            assumes=condition.label(language),
            sizes=sizes,
            applies=applies,
            items=", ".join(refs) or formats.EMPTY,
        )
    )

st.header(t("method.objectives"))
st.markdown(t("method.objectives.intro"))
for o in c.objectives:
    kpis = "; ".join(k(language) for k in o.kpis)
    st.markdown(f"- **{o.name(language)}**: {o.description(language)} _{t('method.kpis')}: {kpis}_")

st.header(t("method.smart"))
st.markdown(t("method.smart.intro"))
st.markdown("\n".join(f"- {line}" for line in explain.smart_rule_lines(c, language)))
st.markdown(t("method.smart.warnings"))
st.markdown("\n".join(f"- {line}" for line in explain.post_warning_lines(c, language)))
st.markdown(t("method.smart.note"))

st.header(t("method.progress"))
st.markdown(t("method.progress.intro"))
st.markdown("\n".join(f"- {line}" for line in progress.rule_lines(c, language)))

st.header(t("method.sources"))
for s in c.sources:
    st.markdown(f"- **{s.title(language)}** — {s.citation}")
