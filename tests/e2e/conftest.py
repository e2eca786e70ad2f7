"""The real app, started as the README does (``make run``), driven in Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.cluster import answers_health, port_taken, serves_on
from tests.helpers import missing

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        missing(
            f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)",
            ".ci/run must install it",
        )


def _start(workdir: Path, port: int) -> subprocess.Popen[bytes]:
    log = workdir / "server.log"
    env = {**os.environ, "SBSMI_DATA_DIR": str(workdir / "data")}
    with log.open("a") as out:
        return subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextlib.contextmanager
def serve_app(workdir: Path) -> Iterator[str]:
    """Start the app as the README says (``make run``) on a free port; yield its URL. (A port
    another process binds first makes the app say so and stop: then it starts on another.)"""
    _need_chromium()
    port = _free_port()
    log = workdir / "server.log"
    log.write_text("")
    proc = _start(workdir, port)
    try:
        deadline = time.monotonic() + 120
        moves = 0
        while True:
            if proc.poll() is not None:
                if not (moves < 3 and port_taken(log.read_text(), port)):
                    raise RuntimeError(f"the app did not start:\n{log.read_text()}")
                moves += 1
                log.rename(workdir / f"server-port-{port}-taken.log")  # its ERROR line is expected
                log.write_text("")
                port = _free_port()
                proc = _start(workdir, port)
            # ours: its own output names the port (the port may answer for another process)
            elif serves_on(log.read_text(), port) and answers_health(f"http://127.0.0.1:{port}"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# What must never appear in the server's log while the browser tests use the app.
LOG_PROBLEMS = ("Traceback", "Deprecat", "deprecat", "WARNING", "ERROR")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app shared by the browser tests; afterwards its log must be clean (no errors, no
    deprecation warnings: a Streamlit API on its way out is replaced before it goes)."""
    workdir = tmp_path_factory.mktemp("server")
    with serve_app(workdir) as url:
        yield url
    log = (workdir / "server.log").read_text()
    problems = [line for line in log.splitlines() if any(p in line for p in LOG_PROBLEMS)]
    assert not problems, "the server logged:\n" + "\n".join(problems[:20])


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots for a person to look at, under pytest's temporary directory (never the
    source tree)."""
    return tmp_path_factory.mktemp("screenshots")


# When is the app done with a click? Streamlit's server ends every script run (a whole page or a
# fragment) with a ``script_finished`` message on the page's websocket. The tests count those
# messages per page (not the ones that end a run early for an ``st.rerun()``: another run
# follows) and, after an action, wait for the count to rise, then for the root element's
# data-test-script-state to read notRunning. (The "Running..." status widget is no signal: it
# only appears once a run has taken 500 ms; and the DOM alone can still show the state from
# before the click's run started, or skip a short run that React draws in one go.)
_IDLE = (
    '() => !!document.querySelector(\'[data-testid="stApp"]'
    '[data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]\')'
)
_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


def _run_done(payload: str | bytes) -> bool:
    if not isinstance(payload, bytes):
        return False
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return False
    return msg.WhichOneof("type") == "script_finished" and msg.script_finished in _DONE


class _Stream:
    """The page's current websocket to the app and how many script runs it has seen end."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.runs = 0
        ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if _run_done(payload):
            self.runs += 1

    def wait_beyond(self, runs: int, timeout: float) -> None:
        # Playwright delivers events only inside its calls: nothing can slip in between the
        # check and expect_event's listener.
        if self.runs <= runs:
            with self.ws.expect_event("framereceived", predicate=_run_done, timeout=timeout):
                pass


_STREAMS: dict[Page, _Stream] = {}


def _follow_stream(page: Page) -> None:
    def opened(ws: WebSocket) -> None:
        if ws.url.endswith("/_stcore/stream"):
            _STREAMS[page] = _Stream(ws)

    def closed(_: Page) -> None:
        _STREAMS.pop(page, None)

    page.on("websocket", opened)
    page.on("close", closed)


def new_page(owner: Browser | BrowserContext, **kwargs: Any) -> Page:
    """A page (in a context of its own for a Browser) whose script runs ``reran`` can follow."""
    page = owner.new_page(**kwargs)
    _follow_stream(page)
    return page


def wait_ready(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, its first script run has ended and a heading shows."""
    page.wait_for_function(_IDLE, timeout=timeout)
    stream = _STREAMS.get(page)
    assert stream is not None, "a page made with new_page()"
    stream.wait_beyond(0, timeout)
    page.wait_for_function(_IDLE, timeout=timeout)
    expect(page.locator("h1, h2").first).to_be_visible(timeout=timeout)


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until no script run is going on (connected, root state notRunning)."""
    page.wait_for_function(_IDLE, timeout=timeout)


@contextlib.contextmanager
def reran(page: Page, timeout: float = 30_000) -> Iterator[None]:
    """Wait, after the block's action, for the script run it caused to end:
    ``with reran(page): button.click()``."""
    stream = _STREAMS.get(page)
    assert stream is not None, "a page made with new_page(), after wait_ready()"
    before = stream.runs
    yield
    _STREAMS[page].wait_beyond(before if _STREAMS[page] is stream else 0, timeout)
    page.wait_for_function(_IDLE, timeout=timeout)
