"""The router: page config, the session's state, the language switch, the navigation.

Every page runs through here (``st.navigation``). Start the app with ``make run``, which runs
``python app.py`` (see ``_serve``). ``streamlit run app.py`` works too, with one blemish: when a
page link (``/results``) is the very first request of a fresh process, Streamlit's old mode
shows its "page not found" notice before the router shows the page.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import state
from ui.i18n import language_switch, t
from ui.routes import DEFAULT, ROUTES

ROOT = Path(__file__).resolve().parent
_log = logging.getLogger("sbsmi.router")


def _leave_pages_directory_mode() -> None:
    """Keep Streamlit out of its old (v1) multipage mode, before the server starts.

    Pinned to streamlit==1.67.0 (pyproject.toml). With a ``pages/`` folder beside the entry
    script, Streamlit sets the private class flag ``PagesManager.uses_pages_directory`` when the
    first session of a process starts, and until ``st.navigation`` has run once it lists every
    file in ``pages/`` as a page and runs a page file directly, without this router: a wrong
    navigation, no language switch. Set before the server starts (``_serve``), the first session
    is routed like every other. Should a Streamlit upgrade rename the flag, nothing crashes: a
    log line says so, and the e2e test of the first request (tests/e2e) fails.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        _log.error("Streamlit's PagesManager moved: check the router's v1 guard (app.py)")
        return
    if not hasattr(PagesManager, "uses_pages_directory"):
        _log.error(
            "PagesManager.uses_pages_directory is gone: check the router's v1 guard (app.py)"
        )
        return
    PagesManager.uses_pages_directory = False


def _serve(args: list[str]) -> int:
    """``python app.py [streamlit options]``: the v1 mode off, then ``streamlit run app.py``.

    The address printed is this machine's address in the local network (found without sending
    anything): the one to open on the projector's laptop, so that the join links and QR codes
    it shows work on the phones in the room. Naming it also keeps Streamlit from asking
    checkip.amazonaws.com for the public address at start-up (no network calls of our own).
    """
    from streamlit import net_util
    from streamlit.web import cli

    _leave_pages_directory_mode()
    if not any(a.startswith("--browser.serverAddress") for a in args):
        args = [*args, "--browser.serverAddress", net_util.get_internal_ip() or "localhost"]
    return int(cli.main(["run", str(Path(__file__).resolve()), *args], standalone_mode=False) or 0)


RUN_BY_PYTHON = __name__ == "__main__" and get_script_run_ctx(suppress_warning=True) is None
if RUN_BY_PYTHON:  # python app.py (make run), not a script run of Streamlit's
    sys.exit(_serve(sys.argv[1:]))

st.set_page_config(
    page_title="SBSMI scan",
    page_icon=str(ROOT / "assets" / "favicon.png"),  # local: see privacy
    layout="centered",
    initial_sidebar_state="auto",
)
state.init()

# A workshop participant (by code or private link) sees only the questionnaire: no navigation.
# The projector's read-only board neither: nothing on it leads to the facilitator's pages.
participant = bool(
    st.query_params.get("p") or st.query_params.get("code") or st.query_params.get("board")
)

with st.sidebar:
    language_switch("sidebar")

page = st.navigation(
    [
        st.Page(r.script, title=t(r.title), icon=r.icon, url_path=r.slug, default=r.slug == DEFAULT)
        for r in ROUTES
    ],
    position="hidden" if participant else "sidebar",
)
page.run()
