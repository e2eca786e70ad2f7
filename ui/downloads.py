"""Downloads: the save file and the board report. The PDF is built when the button is clicked."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assessment import report
from assessment.report import ReportInput
from ui.i18n import content, lang, t
from ui.state import current_save


def save_button() -> None:
    """The save file of the scan as it stands, as JSON."""
    save = current_save()
    st.download_button(
        t("save.download"),
        data=save.to_json(),
        file_name=save.filename(),
        mime="application/json",
        type="primary",
        icon=":material/download:",
        on_click="ignore",
    )


def report_button(data: ReportInput, file_name: str, key: str, primary: bool = False) -> None:
    """Download a board report. The PDF is built on click, outside the script run (where the
    session state is not at hand): ``data`` is taken from the state now."""
    st.download_button(
        t("report.download"),
        data=partial(report.build_report, content(), data),
        file_name=file_name,
        mime="application/pdf",
        on_click="ignore",
        type="primary" if primary else "secondary",
        icon=":material/picture_as_pdf:",
        help=t("report.download.help"),
        key=key,
    )


def solo_report_button(key: str) -> None:
    """Download the board report of the solo scan as it stands."""
    save = current_save()
    report_button(report.report_input(save, lang()), save.filename(kind="report"), key)
