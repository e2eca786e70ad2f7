"""Save and resume: download the versioned save file, upload one to continue."""

from __future__ import annotations

import streamlit as st

from pages import common
from pages.common import t

common.init_state()
res = common.result()

st.title(t("save.title"))
st.markdown(t("save.intro"))
common.progress_line(res)
st.download_button(
    t("save.download"),
    data=common.current_save().to_json(),
    file_name=common.save_filename(),
    mime="application/json",
    type="primary",
    icon=":material/download:",
    on_click="ignore",
)
st.caption(t("save.privacy"))

st.subheader(t("save.resume"))
st.caption(t("save.resume.help"))
common.upload_box("upload.save")
