"""Start: what the scan is, the organisation profile, resume from a save file."""

from __future__ import annotations

import streamlit as st

from assessment.savefile import MAX_NAME, MAX_SHORT, SIZES
from pages import common
from pages.common import t

common.init_state()
c = common.content()
lang = common.lang()  # format functions below use this, not live session state
org = st.session_state.org


def _set_org(field: str) -> None:
    value = st.session_state.get(common.wkey(f"org.{field}"))
    if value is None and field != "size":
        return
    if field == "size" and value not in (None, *SIZES):
        return
    org[field] = value


common.language_switch("start")  # also here: on a phone the sidebar is folded away
st.title(t("start.title"))
st.markdown(t("start.intro"))
cols = st.columns(3)
cols[0].markdown(t("start.get.phase"))
cols[1].markdown(t("start.get.plan"))
cols[2].markdown(t("start.get.save"))
st.caption(t("start.time"))

res = common.result()
if res.answered + res.dont_know:
    common.progress_line(res)
label = t("start.continue") if res.answered + res.dont_know else t("start.begin")
if st.button(label, type="primary", icon=":material/arrow_forward:"):
    st.switch_page("pages/questionnaire.py")

with st.expander(t("start.profile"), expanded=not org.get("name")):
    st.text_input(
        t("start.profile.name"),
        value=org.get("name", ""),
        max_chars=MAX_NAME,
        key=common.wkey("org.name"),
        on_change=_set_org,
        args=("name",),
    )
    st.text_input(
        t("start.profile.sector"),
        value=org.get("sector", ""),
        max_chars=MAX_SHORT,
        key=common.wkey("org.sector"),
        on_change=_set_org,
        args=("sector",),
    )
    sizes = [None, *SIZES]
    st.selectbox(
        t("start.profile.size"),
        sizes,
        index=sizes.index(org.get("size")),
        format_func=lambda s: c.t("start.profile.size.none" if s is None else f"size.{s}", lang),
        key=common.wkey("org.size"),
        on_change=_set_org,
        args=("size",),
    )
    st.caption(t("start.profile.privacy"))

st.subheader(t("start.resume"))
st.caption(t("start.resume.help"))
common.upload_box("upload.start")
