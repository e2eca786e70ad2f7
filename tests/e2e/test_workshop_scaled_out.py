"""The live room on a cluster, with the real parts: two replicas of the app (``make run``'s
command), PostgreSQL, and HAProxy from Debian in front (``deploy/haproxy.cfg``, started as
``make cluster`` starts it).

- A facilitator on one replica sees the answers a participant gives through the other, and
  downloads the group report through the balancer (the download only exists on the replica
  that made it: without the sticky cookie it would not be found).
- A replica killed mid-workshop (SIGKILL): no acknowledged answer is lost, its participants
  come back through the balancer with their private link and finish on the other replica, and
  the board, open on the killed replica, keeps refreshing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect
from pypdf import PdfReader

from assessment import workshop as ws
from assessment.content import default_content
from assessment.storage import make_engine
from bench.load import RoomResult, database, run_room
from deploy.cluster import (
    COOKIE,
    HAPROXY_CFG,
    REPLICA_HEADER,
    ROOT,
    Cluster,
    ClusterError,
    free_port,
)
from deploy.cluster import haproxy_binary as _haproxy
from tests.e2e.conftest import _need_chromium, new_page, reran, wait_ready
from tests.e2e.test_solo_flow import answer_step, metric
from tests.e2e.test_workshop_flow import group_report
from tests.helpers import missing
from tests.workshop.conftest import need_postgresql

pytestmark = pytest.mark.e2e
C = default_content()
AGREE = next(p.label("nl") for p in C.scale("phase").points if p.value == 4)


def need_haproxy() -> str:
    try:
        return _haproxy()
    except ClusterError as exc:
        missing(str(exc), ".ci/run must install haproxy")


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """Two replicas behind HAProxy on a fresh PostgreSQL schema, for one test (a test may kill
    a replica: none depends on another's cluster)."""
    need_haproxy()
    need_postgresql()
    _need_chromium()
    workdir = tmp_path / "cluster"
    with database("postgresql", workdir) as found:
        assert found is not None
        url, _ = found
        with Cluster(2, url, workdir) as running:
            yield running
        logs = "".join(r.log.read_text() for r in running.replicas)
        assert "Traceback" not in logs, logs[-3000:]


def pinned(browser: Browser, cluster: Cluster, replica: str, **kwargs: object) -> Page:
    """A person whose browser already holds the balancer's cookie for ``replica``."""
    context = browser.new_context(accept_downloads=True, **kwargs)  # type: ignore[arg-type]
    context.add_cookies([{"name": COOKIE, "value": replica, "url": cluster.url}])
    return new_page(context)


def served_by(page: Page, url: str) -> str:
    """Open ``url``; the replica that served the page (the balancer's response header)."""
    with page.expect_response(lambda r: r.url == url) as info:
        page.goto(url)
    response: Response = info.value
    return response.headers.get(REPLICA_HEADER.lower(), "")


def join_and_answer_a_step(
    browser: Browser, cluster: Cluster, replica: str, code: str
) -> tuple[Page, int]:
    """A participant on ``replica`` (a phone-sized page) joins by code and answers the first
    step; the page and how many statements it answered."""
    phone = pinned(browser, cluster, replica, viewport={"width": 390, "height": 844})
    assert served_by(phone, f"{cluster.url}/join?code={code}") == replica
    wait_ready(phone)
    with reran(phone):
        phone.get_by_role("button", name=C.t("ws.join.go", "nl")).click()
    expect(phone).to_have_url(re.compile(r"[?&]p="))
    answer_step(phone, AGREE)
    given = phone.get_by_test_id("stRadio").count()
    assert given > 0
    return phone, given


def replica_cookie(page: Page, cluster: Cluster) -> str:
    return next((c["value"] for c in page.context.cookies(cluster.url) if c["name"] == COOKIE), "")


def fetch(url: str, replica: str) -> tuple[int, str]:
    """GET ``url`` through the balancer as a browser holding ``replica``'s cookie."""
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={replica}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers.get(REPLICA_HEADER, "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get(REPLICA_HEADER, "")


def test_the_configuration_in_the_repository_is_what_haproxy_accepts(cluster: Cluster) -> None:
    binary = need_haproxy()
    for cfg in (HAPROXY_CFG, cluster.config):
        check = subprocess.run([binary, "-c", "-f", str(cfg)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    assert cluster.server_states() == {"r1": "UP", "r2": "UP"}
    # the replicas share PostgreSQL's connections without running out of them
    engine = make_engine(cluster.database_url)
    with engine.connect() as conn:
        allowed = int(conn.exec_driver_sql("SHOW max_connections").scalar_one())
    engine.dispose()
    each = int(cluster.env["SBSMI_DB_POOL_SIZE"]) + int(cluster.env["SBSMI_DB_MAX_OVERFLOW"])
    assert 2 * each <= allowed - 10 and each >= 5


def test_make_cluster_starts_the_replicas_behind_one_address(tmp_path: Path) -> None:
    """The README's command: ``make cluster REPLICAS=2`` with DATABASE_URL; a new visitor
    gets a replica's cookie, and two visitors are spread over the two replicas."""
    need_haproxy()
    need_postgresql()
    port = free_port()
    with database("postgresql", tmp_path) as found:
        assert found is not None
        url, _ = found
        log = tmp_path / "make-cluster.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                ["make", "--no-print-directory", "cluster", "REPLICAS=2", f"PORT={port}"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": url},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            deadline = time.monotonic() + 120
            while "replicas behind HAProxy" not in log.read_text():
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            seen = set()
            for _ in range(2):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
                    assert r.status == 200
                    assert f"{COOKIE}=" in (r.headers.get("Set-Cookie") or "")
                    seen.add(r.headers.get(REPLICA_HEADER))
            assert seen == {"r1", "r2"}
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()


def test_facilitator_on_one_replica_sees_answers_given_through_the_other(
    cluster: Cluster, browser: Browser, tmp_path: Path
) -> None:
    engine = make_engine(cluster.database_url)
    w = ws.create(engine, "Gemeente Noord", "nl", "both")
    engine.dispose()

    fac = pinned(browser, cluster, "r1", viewport={"width": 1400, "height": 1000})
    assert served_by(fac, f"{cluster.url}/workshop?key={w.facilitator_key}") == "r1"
    wait_ready(fac)
    expect(fac.locator("h1").first).to_have_text("Gemeente Noord")

    phone, given = join_and_answer_a_step(browser, cluster, "r2", w.code)

    # the facilitator's live board (on r1) counts what was stored through r2
    expect(metric(fac, "ws.board.joined").get_by_test_id("stMetricValue")).to_have_text(
        "1", timeout=15_000
    )
    expect(metric(fac, "ws.board.answers").get_by_test_id("stMetricValue")).to_have_text(
        str(given), timeout=15_000
    )

    # the group answer and its report, downloaded through the balancer from r1
    download = group_report(fac)
    pdf = tmp_path / "group.pdf"
    download.save_as(pdf)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())
    assert "Gemeente Noord" in text
    assert C.t("report.by.workshop", "nl", count=1) in text

    # the file lives on the replica that made it: the sticky cookie is what finds it
    assert "/media/" in download.url, download.url
    assert fetch(download.url, "r1") == (200, "r1")
    assert fetch(download.url, "r2") == (404, "r2")
    fac.context.close()
    phone.context.close()


def test_a_replica_killed_mid_workshop_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    """Twelve phones over two replicas; r1 is killed (SIGKILL) six seconds in and not started
    again. The board is open on r1."""
    need_haproxy()
    need_postgresql()
    _need_chromium()
    people = 12
    r: RoomResult | None = run_room(
        "postgresql",
        people,
        (0.05, 0.4),
        180,
        True,
        6.0,
        tmp_path,
        replicas=2,
        board_replica="r1",
    )
    assert r is not None and r.restarts == 1
    # the balancer spread the room, and everyone on r1 came back on r2
    assert r.spread.get("r1", 0) >= 3 and r.spread.get("r2", 0) >= 3, r.spread
    assert r.moved == r.spread["r1"], (r.moved, r.spread)
    # nothing acknowledged is lost, nobody is stored twice, everyone finished
    assert r.phone_errors == [] and r.server_errors == 0, r
    assert r.joined == people and r.finished == people
    assert r.missing == 0 and r.duplicated == 0
    assert r.acknowledged == people * len(C.item_ids())
    assert r.stored == r.acknowledged
    # the board (its browser pinned to r1) reconnected and kept counting to the last answer
    assert r.board_after_kill >= 2, r.board_after_kill
    assert r.board_seen == r.stored


def test_a_participant_whose_replica_dies_continues_in_the_same_browser(
    cluster: Cluster, browser: Browser
) -> None:
    """A participant in Chromium on r1 answers the first step; r1 dies (SIGKILL); the page
    reconnects by itself through the balancer (to r2), counts the answers given, and opens the
    next step, where the person goes on."""
    from sqlalchemy import func, select

    from assessment.storage import answers, participants

    engine = make_engine(cluster.database_url)
    w = ws.create(engine, "Kantoor Zuid", "nl", "both")
    phone, first_step = join_and_answer_a_step(browser, cluster, "r1", w.code)

    cluster.replica("r1").kill()

    # the browser reconnects on its own, through the balancer, which moves it to r2 (its
    # cookie changes); the private link in its address bar brings the answers back there
    deadline = time.monotonic() + 30
    while replica_cookie(phone, cluster) != "r2":
        assert time.monotonic() < deadline, "the page did not come back on r2"
        phone.wait_for_timeout(200)
    wait_ready(phone)  # the new connection's first script run has ended
    # on r2 the person goes on where they left off: the next step, with their answers counted
    total = len(C.item_ids())
    expect(phone.get_by_text(C.t("progress", "nl", done=first_step, total=total))).to_be_visible()
    expect(phone.get_by_test_id("stRadio").locator("input:checked")).to_have_count(0)
    answer_step(phone, AGREE)
    second_step = phone.get_by_test_id("stRadio").count()

    with engine.connect() as conn:
        people = conn.execute(
            select(func.count()).where(participants.c.workshop_id == w.id)
        ).scalar_one()
        stored = conn.execute(
            select(func.count())
            .select_from(answers.join(participants))
            .where(participants.c.workshop_id == w.id)
        ).scalar_one()
    engine.dispose()
    assert people == 1, "the same person, not a second one"
    assert stored == first_step + second_step
    phone.context.close()
