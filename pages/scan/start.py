"""Start: what the scan is, the organisation profile, resume from a save file."""

from __future__ import annotations

import streamlit as st

from assessment.answers import SIZES
from assessment.plan import MAX_SHORT
from assessment.savefile import MAX_NAME
from ui import routes, state, widgets
from ui.i18n import content, lang, language_switch, t, wkey

c = content()
language = lang()  # format functions below use this, not live session state
org = st.session_state.org


def _set_org(field: str) -> None:
    value = st.session_state.get(wkey(f"org.{field}"))
    if field == "size":
        if value in (None, *SIZES):
            st.session_state.size_note = state.set_size(value)
        return
    if value is not None:
        org[field] = value


language_switch("start")  # also here: on a phone the sidebar is folded away
st.title(t("start.title"))
st.markdown(t("start.intro"))
cols = st.columns(3)
cols[0].markdown(t("start.get.phase"))
cols[1].markdown(t("start.get.plan"))
cols[2].markdown(t("start.get.save"))
st.caption(t("start.time"))

res = state.result()
if res.given:
    widgets.progress_line(res)
label = t("start.continue") if res.given else t("start.begin")
if st.button(label, type="primary", icon=":material/arrow_forward:"):
    routes.go("questionnaire")

with st.expander(t("start.profile"), expanded=not org.get("name")):
    for field, limit in (("name", MAX_NAME), ("sector", MAX_SHORT)):
        st.text_input(
            t(f"start.profile.{field}"),
            value=org.get(field, ""),
            max_chars=limit,
            key=wkey(f"org.{field}"),
            on_change=_set_org,
            args=(field,),
        )
    sizes = [None, *SIZES]
    st.selectbox(
        t("start.profile.size"),
        sizes,
        index=sizes.index(org.get("size")),
        format_func=lambda s: c.t(
            "start.profile.size.none" if s is None else f"size.{s}", language
        ),
        key=wkey("org.size"),
        on_change=_set_org,
        args=("size",),
    )
    widgets.size_note(org.get("size"))
    st.caption(t("start.profile.privacy"))

st.subheader(t("start.resume"))
st.caption(t("start.resume.help"))
widgets.upload_box("upload.start")
