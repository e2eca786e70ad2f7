"""make load: a room of N phones against one running app, measured, nothing taken on trust.

    make load                                   # N = 50, 100, 200, 400 on SQLite and PostgreSQL
    uv run python -m bench.load --people 20 --db sqlite --think 0.2,0.8
    make load ARGS="--replicas 1,2 --people 200,400"   # clusters behind HAProxy (PostgreSQL)

For every N and database it starts the app as one Streamlit process (as ``make run`` does), or
with ``--replicas`` a cluster of that many behind HAProxy (as ``make cluster`` does),
opens the read-only board in a real Chromium page, and lets N protocol-level phones (see
``bench/phone.py``) join by code, answer every item with think times, press Next and finish.
Afterwards it reads the database back and reports: answers acknowledged / stored / missing,
refused (shown to the person as not saved), the answer round trip, how long an answer took to
show on the board, the server's CPU and memory, and the errors in its log. Printed as a table,
written as JSON under ``bench/results/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select

from assessment import workshop as ws
from assessment.content import default_content
from assessment.storage import answers, make_engine, participants
from bench.phone import Phone, Stats
from deploy.cluster import COOKIE, AppServer, Cluster

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


# -- the server ---------------------------------------------------------------------------


class ClusterTarget:
    """A cluster as a room's target: the balancer's address, and the replicas' CPU and memory
    together. Its disruption kills replica r1 (SIGKILL): with others beside it, for good (its
    people must come back through the balancer to another replica); when it is the only one,
    it is started again (as one process is)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.url = cluster.url
        self.gone_cpu = 0.0  # CPU seconds of replicas that were killed, read just before

    def alive(self) -> list[AppServer]:
        return [r for r in self.cluster.replicas if r.alive()]

    def cpu_seconds(self) -> float:
        return self.gone_cpu + sum(r.cpu_seconds() for r in self.alive())

    def rss_mb(self) -> float:
        return sum(r.rss_mb() for r in self.alive())

    def disrupt(self) -> None:
        victim = self.cluster.replicas[0]
        self.gone_cpu += victim.cpu_seconds()
        victim.kill()
        if len(self.cluster.replicas) == 1:
            victim.start()


Target = AppServer | ClusterTarget


@contextlib.contextmanager
def database(kind: str, workdir: Path) -> Iterator[tuple[str, dict[str, str]] | None]:
    """(URL, the app's environment) for a fresh database; None when PostgreSQL is absent."""
    if kind == "sqlite":
        data = workdir / "data"
        yield f"sqlite:///{data / 'sbsmi.sqlite3'}", {"SBSMI_DATA_DIR": str(data)}
        return
    try:
        import psycopg

        schema = f"load_{secrets.token_hex(4)}"
        with psycopg.connect(PG_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:
        print(f"PostgreSQL not reachable at {PG_URL} ({exc.__class__.__name__}): skipped")
        yield None
        return
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        yield url, {"DATABASE_URL": url}
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# -- the board in Chromium -------------------------------------------------------------------


async def watch_board(
    url: str,
    label: str,
    samples: list[tuple[float, int]],
    stop: asyncio.Event,
    replica: str | None = None,
) -> str:
    """Open the board in Chromium and note (time, answers shown) whenever the figure changes.
    Behind a balancer, ``replica`` pins the page to that replica (its sticky cookie)."""
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}: board latency not measured"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1400, "height": 900})
        if replica:
            await context.add_cookies([{"name": COOKIE, "value": replica, "url": url}])
        page = await context.new_page()
        await page.goto(url)
        metric = (
            page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")
        )
        await metric.wait_for(timeout=90_000)
        last = -1
        while not stop.is_set():
            try:
                text = await metric.inner_text(timeout=5_000)
                shown = int("".join(ch for ch in text if ch.isdigit()) or 0)
            except Exception:  # the board is redrawing; look again
                shown = last
            if shown != last:
                samples.append((time.time(), shown))
                last = shown
            await asyncio.sleep(0.1)
        await browser.close()
    return ""


def board_latencies(acked_times: list[float], samples: list[tuple[float, int]]) -> list[float]:
    """For the i-th acknowledged answer: when the board first showed at least i answers."""
    out = []
    j = 0
    for i, t_ack in enumerate(sorted(acked_times), 1):
        while j < len(samples) and samples[j][1] < i:
            j += 1
        if j == len(samples):
            break
        out.append(max(0.0, samples[j][0] - t_ack))
    return out


# -- one room ------------------------------------------------------------------------------


@dataclass
class RoomResult:
    db: str
    people: int
    think: str
    duration_s: float
    joined: int
    join_failed: int
    finished: int
    answers_sent: int
    acknowledged: int
    stored: int
    missing: int  # acknowledged but not in the database (or another value): must be 0
    duplicated: int  # answers stored under a participant that no phone holds
    refused: int  # shown to the person as not saved
    answer_p50: float | None
    answer_p95: float | None
    answer_max: float | None
    click_p95: float | None
    join_p95: float | None
    board_p50: float | None
    board_p95: float | None
    board_seen: int
    cpu_percent: float
    rss_start_mb: float
    rss_joined_mb: float  # once every phone has joined
    rss_end_mb: float
    server_errors: int
    locked: int
    phone_errors: list[str] = field(default_factory=list)
    restarts: int = 0  # one process killed and started again, or a replica killed for good
    note: str = ""
    replicas: int = 0  # 0: one app process, no balancer (make run); N: a cluster behind HAProxy
    spread: dict[str, int] = field(default_factory=dict)  # phones per replica at joining
    moved: int = 0  # phones that came back on another replica after theirs was killed
    # this process: the phones and the board's Playwright client (100 % = one core)
    phones_cpu_percent: float = float("nan")
    host_cpu_percent: float = float("nan")  # the whole machine busy (100 % = every core)
    balancer_cpu_percent: float = float("nan")
    board_after_kill: int = 0  # board refreshes that showed new answers after the kill


def host_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def host_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[1] - before[1]
    return (after[0] - before[0]) / total * 100 if total else float("nan")


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


async def play_room(
    server: Target,
    code: str,
    people: int,
    think: tuple[float, float],
    ramp: float,
    duration: float,
    board_url: str | None,
    restart_after: float | None,
    seed: int,
    board_replica: str | None = None,
) -> tuple[list[Stats], list[str], list[tuple[float, int]], str, float | None, float]:
    c = default_content()
    deadline = time.time() + duration
    rnd = random.Random(seed)
    phones = [
        Phone(server.url, code, c, "nl", think, random.Random(rnd.random()), deadline)
        for _ in range(people)
    ]
    samples: list[tuple[float, int]] = []
    stop = asyncio.Event()
    board_task = None
    if board_url:
        board_task = asyncio.create_task(
            watch_board(board_url, c.t("ws.board.answers", "nl"), samples, stop, board_replica)
        )
        while not samples and not board_task.done():
            await asyncio.sleep(0.2)

    async def one(i: int, phone: Phone) -> Stats:
        await asyncio.sleep(ramp * i / max(1, people))
        return await phone.run()

    disrupted_at: float | None = None
    tasks = [asyncio.create_task(one(i, p)) for i, p in enumerate(phones)]
    rss_joined: list[float] = []

    async def memory_after_joins() -> None:
        # every phone has joined and answers: from here on the sessions are all there, so the
        # server's memory should stay flat to the end (the garbage collector keeps up)
        await asyncio.sleep(ramp + 15)
        with contextlib.suppress(OSError):
            rss_joined.append(server.rss_mb())

    memory = asyncio.create_task(memory_after_joins())
    if restart_after is not None:
        await asyncio.sleep(restart_after)
        disrupted_at = time.time()
        if isinstance(server, ClusterTarget):
            await asyncio.to_thread(server.disrupt)
        else:
            server.kill()
            await asyncio.to_thread(server.start)
    stats = await asyncio.gather(*tasks)
    memory.cancel()
    if os.environ.get("SBSMI_LOAD_TRACE"):
        trace = sorted(
            (t, r) for s in stats for t, r in zip(s.answer_at, s.answer_rtt, strict=True)
        )
        Path(os.environ["SBSMI_LOAD_TRACE"]).write_text(json.dumps(trace))
    # the board's last refreshes: until it counts every acknowledged answer (or 15 s pass)
    acked = sum(len(s.acked) for s in stats)
    settle = time.time() + 15
    while board_task and samples and samples[-1][1] < acked and time.time() < settle:
        await asyncio.sleep(0.2)
    await asyncio.sleep(3.5)  # and one refresh more (answers stored but not yet acknowledged)
    stop.set()
    note = await board_task if board_task else "no board"
    joined_mb = rss_joined[0] if rss_joined else float("nan")
    return list(stats), [p.token for p in phones], samples, note, disrupted_at, joined_mb


def read_back(
    url: str, workshop_id: int, stats: list[Stats], tokens: list[str]
) -> tuple[int, int, int]:
    """(stored, missing, duplicated) from the database itself."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(participants.c.token, answers.c.item_id, answers.c.value)
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.workshop_id == workshop_id)
        ).all()
    engine.dispose()
    c = default_content()
    stored = {(tok, item): value for tok, item, value in rows}
    missing = 0
    for st, tok in zip(stats, tokens, strict=True):
        for item_id, (label, _) in st.acked.items():
            value = stored.get((tok, item_id))
            scale = c.scale("phase" if c.item(item_id)[1] else "question")
            expected = next((p.value for p in scale.points if p.label("nl") == label), None)
            if value is None or ws.from_db(value) != expected:
                missing += 1
    # answers under a participant no phone holds: one phone stored twice. (A join whose reply
    # was lost in a server restart leaves a participant without answers: not a duplicate.)
    duplicated = len({tok for tok, _ in stored} - set(tokens))
    return len(stored), missing, duplicated


def run_room(
    db: str,
    people: int,
    think: tuple[float, float],
    duration: float,
    browser: bool,
    restart_after: float | None,
    workdir: Path,
    seed: int = 1,
    replicas: int = 0,
    board_replica: str | None = None,
) -> RoomResult | None:
    """One room. ``replicas`` = 0: one app process as ``make run`` starts it; N: a cluster of
    N replicas behind HAProxy on PostgreSQL (``deploy/cluster.py``), where ``restart_after``
    kills replica r1 for good and ``board_replica`` pins the board's browser to a replica."""
    workdir.mkdir(parents=True, exist_ok=True)
    if replicas and db != "postgresql":
        raise ValueError("a cluster runs on PostgreSQL")
    with database(db, workdir) as found:
        if found is None:
            return None
        url, env = found
        engine = make_engine(url)  # migrates; the facilitator's creation is not under test
        w = ws.create(engine, f"Load {people}", "nl", "both")
        engine.dispose()
        server: Target
        cluster: Cluster | None = None
        if replicas:
            cluster = Cluster(replicas, url, workdir / f"cluster-{replicas}-{people}")
            cluster.start()
            server = ClusterTarget(cluster)
            logs = [r.log for r in cluster.replicas]
        else:
            log = workdir / f"server-{db}-{people}.log"
            log.write_text("")
            server = AppServer(env, log)
            logs = [log]
        try:
            board_key = getattr(w, "board_key", None)
            board_url = (
                f"{server.url}/workshop?board={board_key}" if browser and board_key else None
            )
            rss_start = server.rss_mb()
            cpu0, t0 = server.cpu_seconds(), time.time()
            own0 = time.process_time()  # the phones run in this process
            host0 = host_busy()
            lb0 = cluster.haproxy_cpu_seconds() if cluster else 0.0
            ramp = min(20.0, max(5.0, people / 20))
            room = play_room(
                server,
                w.code,
                people,
                think,
                ramp,
                duration,
                board_url,
                restart_after,
                seed,
                board_replica,
            )
            # in a thread of its own: the caller may already run an event loop (pytest with
            # Playwright's sync API does)
            with ThreadPoolExecutor(max_workers=1) as pool:
                outcome = pool.submit(asyncio.run, room).result()
            stats, tokens, samples, note, disrupted_at, rss_joined = outcome
            wall = time.time() - t0
            # one process started again has a new CPU count; a cluster counts the killed one's
            comparable = disrupted_at is None or cluster is not None
            cpu = (server.cpu_seconds() - cpu0) / wall * 100 if comparable else float("nan")
            own = (time.process_time() - own0) / wall * 100
            host = host_percent(host0, host_busy())
            lb = (cluster.haproxy_cpu_seconds() - lb0) / wall * 100 if cluster else float("nan")
            rss_end = server.rss_mb()
        finally:
            if cluster is not None:
                cluster.stop()
            else:
                assert isinstance(server, AppServer)
                server.stop()
        stored, missing, duplicated = read_back(url, w.id, stats, tokens)
        text = "".join(log.read_text() for log in logs)
        all_rtt = [x for s in stats for x in s.answer_rtt]
        acked_times = [t for s in stats for (_, t) in s.acked.values()]
        board = board_latencies(acked_times, samples) if samples else []
        errors = [e for s in stats for e in s.errors]
        spread: dict[str, int] = {}
        for st in stats:
            if st.replicas:
                spread[st.replicas[0]] = spread.get(st.replicas[0], 0) + 1
        after = [n for t, n in samples if disrupted_at is not None and t > disrupted_at]
        return RoomResult(
            db=db,
            people=people,
            think=f"{think[0]}-{think[1]} s",
            duration_s=round(wall, 1),
            joined=sum(1 for s in stats if s.join_s is not None),
            join_failed=sum(1 for s in stats if s.join_s is None),
            finished=sum(1 for s in stats if s.finished),
            answers_sent=len(all_rtt),
            acknowledged=len(acked_times),
            stored=stored,
            missing=missing,
            duplicated=duplicated,
            refused=sum(s.refused for s in stats),
            answer_p50=pct(all_rtt, 0.5),
            answer_p95=pct(all_rtt, 0.95),
            answer_max=max(all_rtt) if all_rtt else None,
            click_p95=pct([x for s in stats for x in s.click_rtt], 0.95),
            join_p95=pct([s.join_s for s in stats if s.join_s is not None], 0.95),
            board_p50=pct(board, 0.5),
            board_p95=pct(board, 0.95),
            board_seen=samples[-1][1] if samples else 0,
            cpu_percent=round(cpu, 1),
            rss_start_mb=round(rss_start, 1),
            rss_joined_mb=round(rss_joined, 1),
            rss_end_mb=round(rss_end, 1),
            server_errors=text.count("Traceback"),
            locked=text.count("database is locked"),
            phone_errors=sorted(set(errors))[:10],
            restarts=0 if disrupted_at is None else 1,
            note=note,
            replicas=replicas,
            spread=dict(sorted(spread.items())),
            moved=sum(1 for s in stats if len(s.replicas) > 1),
            phones_cpu_percent=round(own, 1),
            host_cpu_percent=round(host, 1),
            balancer_cpu_percent=round(lb, 1),
            board_after_kill=len(after),
        )


# -- the table -----------------------------------------------------------------------------


def fmt(v: float | None, unit: str = "s") -> str:
    if v is None:
        return "–"
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f} s"
    return f"{v:.0f}{unit}"


def print_table(results: list[RoomResult]) -> None:
    head = (
        "db",
        "replicas",
        "N",
        "joined",
        "finished",
        "acked",
        "stored",
        "missing",
        "refused",
        "answer p50",
        "p95",
        "max",
        "board p50",
        "p95",
        "server CPU",
        "bench CPU",
        "LB CPU",
        "host busy",
        "MB start→joined→end",
        "errors",
    )
    rows = [
        (
            r.db,
            str(r.replicas) if r.replicas else "–",
            str(r.people),
            f"{r.joined}/{r.people}",
            str(r.finished),
            str(r.acknowledged),
            str(r.stored),
            str(r.missing),
            str(r.refused),
            fmt(r.answer_p50),
            fmt(r.answer_p95),
            fmt(r.answer_max),
            fmt(r.board_p50),
            fmt(r.board_p95),
            f"{r.cpu_percent:.0f}%",
            f"{r.phones_cpu_percent:.0f}%",
            "–"
            if r.balancer_cpu_percent != r.balancer_cpu_percent
            else f"{r.balancer_cpu_percent:.0f}%",
            f"{r.host_cpu_percent:.0f}%",
            f"{r.rss_start_mb:.0f}→{r.rss_joined_mb:.0f}→{r.rss_end_mb:.0f}",
            str(r.server_errors + len(r.phone_errors)),
        )
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    print(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    for r in results:
        if r.replicas:
            print(
                f"{r.replicas} replicas, N={r.people}: phones per replica at joining {r.spread}"
                + (f"; moved after the kill: {r.moved}" if r.restarts else "")
            )
        if r.phone_errors or r.server_errors:
            print(
                f"{r.db} N={r.people}: server tracebacks {r.server_errors}, "
                f"'database is locked' {r.locked}; phones: {r.phone_errors}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", default="50,100,200,400", help="room sizes, comma-separated")
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument(
        "--think", default="0.5,3", help="seconds between clicks: low,high (0,0 = burst)"
    )
    ap.add_argument("--duration", type=float, default=240, help="a room stops after this long")
    ap.add_argument("--no-browser", action="store_true", help="no Chromium board")
    ap.add_argument(
        "--restart-after",
        type=float,
        default=None,
        help="kill the server this many seconds in and start it again",
    )
    ap.add_argument(
        "--replicas",
        default="",
        help="a cluster behind HAProxy on PostgreSQL instead of one process: replica counts, "
        "comma-separated (1,2); with --restart-after, replica r1 is killed for good",
    )
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    lo, hi = (float(x) for x in args.think.split(","))
    workdir = args.workdir or Path(os.environ.get("TMPDIR", "/tmp")) / f"sbsmi-load-{os.getpid()}"
    results = []
    # (database, replicas): one process per database, or clusters on PostgreSQL
    setups = (
        [("postgresql", int(x)) for x in args.replicas.split(",")]
        if args.replicas
        else [(db, 0) for db in args.db.split(",")]
    )
    if args.replicas and args.db != ap.get_default("db"):
        print("--replicas: a cluster runs on PostgreSQL (--db is not used)", flush=True)
    for db, replicas in setups:
        for n in (int(x) for x in args.people.split(",")):
            where = f"{replicas} replicas behind HAProxy" if replicas else "one process"
            print(f"room: {n} phones on {db}, {where}, think {lo}-{hi} s ...", flush=True)
            r = run_room(
                db,
                n,
                (lo, hi),
                args.duration,
                not args.no_browser,
                args.restart_after,
                workdir / f"{db}-{replicas}-{n}",
                replicas=replicas,
            )
            if r is not None:
                results.append(r)
                print_table([r])
    print()
    print_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}",
                "rooms": [asdict(r) for r in results],
            },
            indent=2,
        )
    )
    print(f"\nwritten: {out.relative_to(ROOT)}")
    bad = [r for r in results if r.missing or r.duplicated]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
