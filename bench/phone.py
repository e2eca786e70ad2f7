"""A participant's phone, played through Streamlit's own websocket protocol.

The client speaks what the browser speaks: it sends ``BackMsg.rerun_script`` with the page,
the query string and the widget states, and reads the ``ForwardMsg`` stream back (elements by
their delta path, the query string the app sets, the end of each script run). It finds the
widgets by what a person reads (the labels from ``content/ui.yaml``) and by their keys, so it
follows the app's real questionnaire rather than a script of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.datastructures import Headers
from websockets.exceptions import WebSocketException

from assessment.content import Content
from deploy.cluster import REPLICA_HEADER

ITEM_KEY = re.compile(r":a\.([A-Za-z0-9_.\-]+)$")
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class PhoneError(Exception):
    """The app did not behave as a person would expect (no button, an exception shown...)."""


@dataclass
class Stats:
    joined_at: float | None = None
    join_s: float | None = None
    answer_rtt: list[float] = field(default_factory=list)
    answer_at: list[float] = field(default_factory=list)  # when each answer was sent
    click_rtt: list[float] = field(default_factory=list)
    acked: dict[str, tuple[str, float]] = field(default_factory=dict)  # item -> (label, time)
    refused: int = 0  # shown to the person as not saved
    errors: list[str] = field(default_factory=list)
    finished: bool = False
    reconnects: int = 0
    # behind a balancer: the replica that served each connection, in order (from its
    # X-SBSMI-Replica header; empty for one app process)
    replicas: list[str] = field(default_factory=list)


@dataclass
class Element:
    kind: str
    proto: Any
    fragment_id: str
    run: int


class Phone:
    """One participant. ``await phone.run()`` joins, answers every item, and finishes."""

    def __init__(
        self,
        base_url: str,
        code: str,
        content: Content,
        lang: str,
        think: tuple[float, float],
        rnd: random.Random,
        deadline: float,
    ) -> None:
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = base_url
        self.code = code
        self.c = content
        self.lang = lang
        self.think = think
        self.rnd = rnd
        self.deadline = deadline
        self.query = f"code={code}"
        self.page = "join"
        self.page_hash = ""
        self.run_page = ""
        self.elements: dict[tuple[int, ...], Element] = {}
        self.values: dict[str, WidgetState] = {}
        self.run_no = 0
        self.run_fragments: set[str] = set()
        self.stats = Stats()
        self.conn: Any = None
        self.cookies: dict[str, str] = {}  # what the browser keeps: the balancer's sticky cookie

    # -- protocol ---------------------------------------------------------------------------

    @property
    def token(self) -> str:
        return parse_qs(self.query).get("p", [""])[0]

    async def connect(self) -> None:
        """Open the page, then its websocket, as a browser does: the page's response may set
        cookies (behind a balancer: the replica this person sticks to), and the websocket
        request carries them."""
        await self._load_page()
        headers = {"Cookie": self._cookie_header()} if self.cookies else None
        self.conn = await websockets.connect(
            self.ws_url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.origin),
            additional_headers=headers,
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )
        # a balancer that sent this person to another replica says so in this response
        self._keep(self.conn.response.headers)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep(self, headers: Any) -> None:
        for value in headers.get_all("Set-Cookie"):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
        replica = headers.get(REPLICA_HEADER)
        if replica and (not self.stats.replicas or self.stats.replicas[-1] != replica):
            self.stats.replicas.append(replica)

    async def _load_page(self) -> None:
        """GET the page (its HTML) with the cookies kept so far; keep what it sets."""
        split = urlsplit(self.origin)
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(split.hostname, split.port or 80), 30
        )
        try:
            request = [f"GET /{self.page}?{self.query} HTTP/1.1", f"Host: {split.netloc}"]
            if self.cookies:
                request.append(f"Cookie: {self._cookie_header()}")
            request += ["Connection: close", "", ""]
            writer.write("\r\n".join(request).encode())
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), 60)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        head, _, _ = raw.partition(b"\r\n\r\n")
        status, *lines = head.decode("latin-1").split("\r\n")
        if " 200 " not in f"{status} ":
            raise OSError(f"the page answered {status!r}")
        headers = Headers()
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        self._keep(headers)

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()

    async def rerun(
        self, changed: WidgetState | None = None, fragment_id: str = "", timeout: float = 120
    ) -> float:
        """Send one rerun (a click or a choice) and wait until the app has finished drawing."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.page_script_hash = self.page_hash
        cs.fragment_id = fragment_id
        on_page = {e.proto.id for e in self.elements.values() if getattr(e.proto, "id", "")}
        for wid, state in self.values.items():
            if wid in on_page and (changed is None or wid != changed.id):
                cs.widget_states.widgets.append(state)
        if changed is not None:
            cs.widget_states.widgets.append(changed)
            if not changed.trigger_value:
                self.values[changed.id] = changed
        t0 = time.perf_counter()
        await self.conn.send(msg.SerializeToString())
        await asyncio.wait_for(self._until_finished(), timeout)
        return time.perf_counter() - t0

    async def _until_finished(self) -> None:
        while True:
            data = await self.conn.recv()
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":  # a run starts (a full one or a fragment's)
                self.run_no += 1
                self.run_page = ""
                self.run_fragments = set()
            elif kind == "navigation":  # the page st.navigation chose for this run
                self.run_page = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta":
                self._delta(fm)
            elif kind == "script_finished":
                status = fm.script_finished
                # what the browser does: drop what this run did not draw again (after a fragment
                # run: only within the fragments that ran)
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.elements = {p: e for p, e in self.elements.items() if e.run == self.run_no}
                    # the page shown, sent with every later rerun as the browser does (a run
                    # that ended early for a rerun does not count)
                    self.page_hash = self.run_page or self.page_hash
                elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    ran = self.run_fragments
                    self.elements = {
                        p: e
                        for p, e in self.elements.items()
                        if e.run == self.run_no or e.fragment_id not in ran
                    }
                if status in FINISHED:
                    return
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise PhoneError("script failed to compile")

    def _delta(self, fm: ForwardMsg) -> None:
        d = fm.delta
        if d.fragment_id:
            self.run_fragments.add(d.fragment_id)
        if d.WhichOneof("type") == "add_block":
            # a container drawn anew starts empty: what was in it is gone
            block = tuple(fm.metadata.delta_path)
            self.elements = {p: e for p, e in self.elements.items() if p[: len(block)] != block}
            return
        if d.WhichOneof("type") != "new_element":
            return
        el = d.new_element
        kind = el.WhichOneof("type") or ""
        path = tuple(fm.metadata.delta_path)
        self.elements[path] = Element(kind, getattr(el, kind), d.fragment_id, self.run_no)
        if kind == "exception":
            self.stats.errors.append(f"exception: {el.exception.message[:200]}")

    # -- what a person sees -----------------------------------------------------------------

    def _of(self, kind: str) -> list[Element]:
        return [e for _, e in sorted(self.elements.items()) if e.kind == kind]

    def button(self, label: str) -> Element | None:
        for e in self._of("button"):
            if e.proto.label == label and not e.proto.disabled:
                return e
        return None

    def alerts(self, fmt: int) -> list[str]:
        return [e.proto.body for e in self._of("alert") if e.proto.format == fmt]

    def radios(self) -> list[tuple[str, Element]]:
        out = []
        for e in self._of("radio"):
            m = ITEM_KEY.search(e.proto.id)
            if m and not e.proto.disabled:
                out.append((m.group(1), e))
        return out

    async def click(self, label: str) -> float:
        e = self.button(label)
        if e is None:
            raise PhoneError(f"no button {label!r} on the page")
        state = WidgetState(id=e.proto.id, trigger_value=True)
        rtt = await self.rerun(state, e.fragment_id)
        self.stats.click_rtt.append(rtt)
        return rtt

    def t(self, key: str) -> str:
        return self.c.t(key, self.lang)

    # -- the participant's journey ----------------------------------------------------------

    async def pause(self) -> None:
        lo, hi = self.think
        if hi > 0:
            await asyncio.sleep(self.rnd.uniform(lo, hi))

    async def join(self) -> None:
        await self.connect()
        t0 = time.perf_counter()
        await self.rerun()
        await self.click(self.t("ws.join.go"))
        if not self.token:
            raise PhoneError("joining gave no private link: " + "; ".join(self.alerts(1)))
        self.stats.join_s = time.perf_counter() - t0
        self.stats.joined_at = time.time()

    async def resume(self) -> None:
        """Come back with the private link (after a lost connection or a server restart)."""
        self.stats.reconnects += 1
        await self.close()
        self.elements.clear()
        self.values.clear()
        await self.connect()
        await self.rerun()

    async def answer_step(self) -> None:
        for item_id, e in self.radios():
            if time.time() > self.deadline:
                return
            if item_id in self.stats.acked:
                continue
            await self.pause()
            label = self.rnd.choice(list(e.proto.options))
            state = WidgetState(id=e.proto.id, string_value=label)
            sent = time.time()
            rtt = await self.rerun(state, e.fragment_id)
            self.stats.answer_rtt.append(rtt)
            self.stats.answer_at.append(sent)
            # this statement's own fragment says "not saved" and offers "Save again"
            not_saved = any(b.proto.id.endswith(f"retry.{item_id}") for b in self._of("button"))
            if not_saved:
                self.stats.refused += 1
                self.values.pop(e.proto.id, None)
            else:
                self.stats.acked[item_id] = (label, time.time())

    async def run(self) -> Stats:
        started = time.perf_counter()
        while True:
            try:
                await self.join()
                break
            except (OSError, WebSocketException) as exc:
                await self.close()
                if self.token:  # joined, then the server went away: back with the link
                    self.stats.join_s = time.perf_counter() - started
                    if await self._come_back():
                        break
                elif time.time() < self.deadline:  # as a person would: open the join link again
                    await asyncio.sleep(1.0)
                    self.elements.clear()
                    self.query = f"code={self.code}"
                    continue
                self.stats.errors.append(f"join: {exc.__class__.__name__}: {exc}"[:300])
                return self.stats
            except (PhoneError, TimeoutError) as exc:
                self.stats.errors.append(f"join: {exc.__class__.__name__}: {exc}"[:300])
                await self.close()
                return self.stats
        while True:
            try:
                await self._answer_all()
                break
            except (OSError, WebSocketException):
                # the server went away: come back with the private link, as a person would
                if not await self._come_back():
                    self.stats.errors.append("could not reconnect with the private link")
                    break
            except (PhoneError, TimeoutError) as exc:
                self.stats.errors.append(f"{exc.__class__.__name__}: {exc}"[:300])
                break
        await self.close()
        return self.stats

    async def _come_back(self) -> bool:
        while time.time() < self.deadline:
            await asyncio.sleep(1.0)
            try:
                await self.resume()
                return True
            except (OSError, WebSocketException, TimeoutError):
                continue
        return False

    async def _answer_all(self) -> None:
        while time.time() < self.deadline:
            await self.answer_step()
            if time.time() > self.deadline:
                return
            if self.button(self.t("q.next")) is None:
                break
            await self.pause()
            await self.click(self.t("q.next"))
        if time.time() < self.deadline and self.button(self.t("ws.join.finish")):
            await self.pause()
            await self.click(self.t("ws.join.finish"))
            self.stats.finished = True
