"""Compare many: several saved scans and workshops side by side, with the exports."""

from __future__ import annotations

import streamlit as st

from assessment import many as mn
from ui import compare
from ui.i18n import content, t

st.title(t("compare.title"))
st.markdown(t("compare.intro"))
entries = compare.inputs()

if len(entries) < 2:
    st.info(t("compare.need_two"), icon=":material/info:")
    st.stop()

many = mn.compare_many(content(), entries)
st.success(t("compare.loaded", count=len(many.rows)), icon=":material/check_circle:")
compare.table(many)
compare.charts(many)
compare.differs(many)
compare.items_line(many)

st.subheader(t("compare.download"))
compare.export_buttons(many, "sbsmi-compare", "export.compare", report=True)
