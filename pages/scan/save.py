"""Save and resume: download the versioned save file, upload one to continue."""

from __future__ import annotations

import streamlit as st

from ui import compare, downloads, state, widgets
from ui.i18n import t

st.title(t("save.title"))
st.markdown(t("save.intro"))
widgets.progress_line(state.result())
downloads.save_button()
st.caption(t("save.privacy"))
compare.scan_exports()

st.subheader(t("save.resume"))
st.caption(t("save.resume.help"))
widgets.upload_box("upload.save")
