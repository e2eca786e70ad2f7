"""Benchmarks: every figure next to a baseline measured in the same run, judged as a ratio.

    make bench            # or: uv run python -m bench.run [--quick]

Prints a table (figure, our median, baseline median, ratio, aim, runs) and writes the same as
JSON under bench/results/ (ignored by git). No timing assertions live in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.routes import ROUTES

if TYPE_CHECKING:
    from deploy.cluster import AppServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass
class Figure:
    name: str
    ours: float  # median seconds
    baseline: float  # median seconds
    runs: int
    aim: float | None  # the ratio we aim to stay within
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    @property
    def verdict(self) -> str:
        if self.aim is None:
            return "info"
        return "ok" if self.ratio <= self.aim else "MISSED"


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_subprocess(code: str, runs: int) -> float:
    """Wall time of a fresh Python process running ``code`` (imports included)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# -- the report (issue: board-ready PDF) ---------------------------------------------------

REPORT_SETUP = """
import datetime as dt
from assessment.content import default_content
from assessment.report import ReportInput, build_report
from assessment.savefile import Organisation
c = default_content()
answers = {i: n % 5 for n, i in enumerate(c.item_ids())}
data = ReportInput(Organisation(name="Bench BV"), answers, generated=dt.date(2026, 11, 26))
"""
REPORT_RUN = "build_report(c, data)"
CANVAS_SETUP = (
    REPORT_SETUP
    + """
import dataclasses, pathlib
from assessment.savefile import parse
canvas = parse(pathlib.Path("tests/fixtures/strategy-photographer.json").read_bytes(), c).strategy
data = dataclasses.replace(data, strategy=canvas, scanned=dt.date(2026, 11, 29))
"""
)
FLOOR_SETUP = """
import io, datetime as dt
from fpdf import FPDF
from assessment import charts
from assessment.content import default_content
from assessment.pdf import FONT_DIR, chart_png
from assessment.scoring import score
c = default_content()
r = score(c, {i: n % 5 for n, i in enumerate(c.item_ids())})
def floor():
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Eén pagina met één grafiek – “floor”")
    pdf.image(io.BytesIO(chart_png(charts.phase_chart(c, r, "nl", 680))), w=170)
    return bytes(pdf.output())
"""
FLOOR_RUN = "floor()"


def bench_report(runs: int) -> list[Figure]:
    ns_report: dict[str, object] = {}
    ns_canvas: dict[str, object] = {}
    ns_floor: dict[str, object] = {}
    exec(REPORT_SETUP, ns_report)
    exec(CANVAS_SETUP, ns_canvas)
    exec(FLOOR_SETUP, ns_floor)
    from assessment.pdf import _png

    def uncached() -> None:
        _png.cache_clear()
        exec(REPORT_RUN, ns_report)

    def floor_uncached() -> None:
        _png.cache_clear()
        exec(FLOOR_RUN, ns_floor)

    warm_report = median_time(lambda: exec(REPORT_RUN, ns_report), runs)
    warm_canvas = median_time(lambda: exec(REPORT_RUN, ns_canvas), runs)
    warm_floor = median_time(floor_uncached, runs)
    warm_new = median_time(uncached, runs)
    cold_runs = max(3, runs // 2)
    cold_report = median_subprocess(REPORT_SETUP + REPORT_RUN, cold_runs)
    cold_floor = median_subprocess(FLOOR_SETUP + FLOOR_RUN, cold_runs)
    return [
        Figure(
            "PDF report, warm, charts rendered",
            warm_new,
            warm_floor,
            runs,
            2.0,
            "floor: one-page fpdf2 document + one vl-convert chart (rendered each run)",
        ),
        Figure(
            "PDF report, warm, same answers again",
            warm_report,
            warm_floor,
            runs,
            2.0,
            "a repeated download: the chart images come from the cache",
        ),
        Figure(
            "PDF report with a strategy canvas, warm, same answers again",
            warm_canvas,
            warm_floor,
            runs,
            2.0,
            "the photographer's canvas (tests/fixtures): the canvas page and the objectives",
        ),
        Figure(
            "PDF report, cold process",
            cold_report,
            cold_floor,
            cold_runs,
            None,
            "imports included; same floor in a fresh process",
        ),
    ]


# -- workshop (issue: workshop mode) ---------------------------------------------------------


def _filled_workshop(engine: object, people: int) -> object:
    """A workshop with ``people`` participants who answered everything (bulk insert)."""
    from sqlalchemy import insert

    from assessment import workshop as ws
    from assessment.content import default_content
    from assessment.storage import answers, participants

    c = default_content()
    w = ws.create(engine, f"Bench {people}", "nl", "both")  # type: ignore[arg-type]
    ids = c.item_ids()
    now = ws.now()
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(
            insert(participants),
            [
                {"workshop_id": w.id, "token": f"b{people}-{n}", "created_at": now}
                for n in range(people)
            ],
        )
        pids = [
            r[0]
            for r in conn.execute(
                participants.select()
                .with_only_columns(participants.c.id)
                .where(participants.c.workshop_id == w.id)
            )
        ]
        conn.execute(
            insert(answers),
            [
                {
                    "participant_id": pid,
                    "item_id": item,
                    "value": (pid + k) % 6 - 1,
                    "updated_at": now,
                }
                for pid in pids
                for k, item in enumerate(ids)
            ],
        )
    return w


def bench_workshop(runs: int, workdir: Path) -> list[Figure]:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from assessment import workshop as ws
    from assessment.content import default_content
    from assessment.storage import make_engine

    c = default_content()
    engine = make_engine(f"sqlite:///{workdir / 'bench.sqlite3'}")
    figures = []
    timings = {}
    for people in (10, 100, 1000):
        w = _filled_workshop(engine, people)
        timings[people] = median_time(partial(ws.board, engine, c, w), runs)  # type: ignore[arg-type]
    for people in (100, 1000):
        answers = people * len(c.item_ids())
        figures.append(
            Figure(
                f"board aggregation, {people} people",
                timings[people],
                timings[10],
                runs,
                (people / 10) * 1.2,
                f"{answers} answers; baseline 10 people; aim: grows no faster than the answers",
            )
        )
    figures.insert(
        0,
        Figure(
            "board aggregation, 10 people",
            timings[10],
            timings[10],
            runs,
            None,
            f"{10 * len(c.item_ids())} answers",
        ),
    )

    # from a participant's answer to the board showing it (the board polls every 3 s; this
    # is the work on the server: the write plus a board read that includes it)
    w = ws.create(engine, "Latency", "nl", "both")
    joined = [ws.join(engine, w) for _ in range(20)]
    item = c.item_ids()[0]

    def answer_then_board() -> None:
        ws.answer(engine, c, joined[0].token, item, 3)
        room = ws.board(engine, c, w)
        assert room.items[item].counts[3] >= 1

    baseline_read = median_time(lambda: ws.board(engine, c, w), runs)
    figures.append(
        Figure(
            "answer to board (server work)",
            median_time(answer_then_board, runs),
            baseline_read,
            runs,
            None,
            "baseline: the board read alone; plus up to 3 s of board refresh",
        )
    )

    # throughput of concurrent answers: 60 people answering everything at once
    def storm(url: str) -> float:
        eng = make_engine(url)
        w = ws.create(eng, "Storm", "nl", "both")
        crowd = [ws.join(eng, w) for _ in range(60)]
        ids = c.item_ids()
        gate = threading.Barrier(len(crowd))

        def one(i: int) -> None:
            gate.wait()
            for n, it in enumerate(ids):
                ws.answer(eng, c, crowd[i].token, it, (i + n) % 5)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(crowd)) as pool:
            list(pool.map(one, range(len(crowd))))
        elapsed = time.perf_counter() - t0
        eng.dispose()
        return elapsed / (len(crowd) * len(ids))

    one_writer = median_time(lambda: ws.answer(engine, c, joined[1].token, item, 2), runs)
    per_answer = storm(f"sqlite:///{workdir / 'storm.sqlite3'}")
    figures.append(
        Figure(
            "60 concurrent: time per answer, SQLite",
            per_answer,
            one_writer,
            1,
            None,
            f"{1 / per_answer:.0f} answers/s; baseline one lone answer",
        )
    )
    from bench.load import database

    with database("postgresql", workdir) as found:  # None (and said so) without PostgreSQL
        if found is not None:
            figures.append(
                Figure(
                    "60 concurrent: time per answer, PostgreSQL",
                    storm(found[0]),
                    one_writer,
                    1,
                    None,
                    "baseline: one lone answer on SQLite",
                )
            )
    return figures


# -- the app (issue: benchmark suite) ----------------------------------------------------------


def bench_page_reruns(runs: int) -> list[Figure]:
    """Each page rerun in process (AppTest), with a complete assessment, against a one-liner."""
    from streamlit.testing.v1 import AppTest

    from assessment.content import default_content
    from assessment.savefile import parse

    c = default_content()
    answers = {i: n % 5 for n, i in enumerate(c.item_ids())}
    fixture = ROOT / "tests" / "fixtures" / "strategy-photographer.json"
    canvas = parse(fixture.read_bytes(), c).strategy  # a complete canvas on every page
    base = AppTest.from_string("import streamlit as st\nst.write('hello')", default_timeout=60)
    baseline = median_time(base.run, runs, warmup=2)
    figures = []
    for route in ROUTES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["answers"] = dict(answers)
        at.session_state["strategy"] = canvas.model_copy(deep=True)
        at.run()
        at.switch_page(route.script)
        ours = median_time(at.run, runs, warmup=2)
        figures.append(
            Figure(
                f"page rerun: {route.slug}",
                ours,
                baseline,
                runs,
                3.0,
                "baseline: rerun of a one-line script",
            )
        )
    return figures


def _server(script: str, workdir: Path) -> AppServer:
    """A Streamlit server of ours on a free port, one process (so its memory can be read)."""
    from deploy.cluster import AppServer

    return AppServer(
        {"SBSMI_DATA_DIR": str(workdir)}, workdir / f"server-{Path(script).stem}.log", script=script
    )


def _browser() -> tuple[Any, Any]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _first_heading(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    ctx = browser.new_context()
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.locator("h1").first.wait_for(state="visible", timeout=60_000)
    elapsed = time.perf_counter() - t0
    ctx.close()
    return elapsed


def _answer_to_board(browser, server: AppServer, workdir: Path, runs: int) -> Figure:  # type: ignore[no-untyped-def]
    """From a participant's answer (stored) to the facilitator's board showing it, in Chromium."""
    from assessment import workshop as ws
    from assessment.content import default_content
    from assessment.storage import make_engine

    c = default_content()
    engine = make_engine(f"sqlite:///{workdir / 'sbsmi.sqlite3'}")  # the server's database
    w = ws.create(engine, "Latency", "nl", "both")
    person = ws.join(engine, w)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{server.url}/workshop?key={w.facilitator_key}")
    label = c.t("ws.board.dont_know", "nl")
    value = page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")
    value.wait_for(timeout=60_000)
    times = []
    rnd = random.Random(7)
    for n, item in enumerate(c.item_ids()[:runs], 1):
        # answers arrive at any moment of the board's cycle, not just after a refresh
        time.sleep(rnd.uniform(0, 3.0))
        t0 = time.perf_counter()
        ws.answer(engine, c, person.token, item, "dont_know")
        page.wait_for_function(
            "([el, n]) => el && el.innerText.trim() === String(n)",
            arg=[value.element_handle(), n],
            timeout=30_000,
        )
        times.append(time.perf_counter() - t0)
    page.close()
    engine.dispose()
    return Figure(
        "answer to board, in Chromium",
        statistics.median(times),
        3.0,
        len(times),
        1.0,
        "baseline: the board's refresh interval (3 s); aim: within one interval",
    )


def bench_browser(runs: int, workdir: Path) -> list[Figure]:
    from tests.e2e.conftest import CHROMIUM

    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: browser figures left out")
        return []
    ours_srv = _server("app.py", workdir)
    hello_srv = _server("bench/hello_app.py", workdir)
    pw, browser = _browser()
    try:
        for srv in (ours_srv, hello_srv):  # warm both servers (first script run, caches)
            _first_heading(browser, srv.url)
        ours, hello = [], []
        for _ in range(runs):  # interleaved, so both see the same machine noise
            ours.append(_first_heading(browser, ours_srv.url))
            hello.append(_first_heading(browser, hello_srv.url))
        figures = [
            Figure(
                "first render in Chromium (to h1)",
                statistics.median(ours),
                statistics.median(hello),
                runs,
                1.5,
                "baseline: a hello-world Streamlit app served the same way",
            )
        ]

        figures.append(_answer_to_board(browser, ours_srv, workdir, runs))

        # memory: resident memory of our server with 1 and with 30 open sessions
        ctx = browser.new_context()
        pages = []
        pages.append(ctx.new_page())
        pages[0].goto(f"{ours_srv.url}/results")
        pages[0].locator("h1").first.wait_for(timeout=60_000)
        time.sleep(1)
        one = ours_srv.rss_mb()
        for _ in range(29):
            p = ctx.new_page()
            p.goto(f"{ours_srv.url}/results")
            p.locator("h1").first.wait_for(timeout=60_000)
            pages.append(p)
        time.sleep(2)
        thirty = ours_srv.rss_mb()
        per_session = (thirty - one) / 29
        figures.append(
            Figure(
                "server memory, 30 sessions (MB)",
                thirty,
                one,
                1,
                None,
                f"baseline: 1 session; about {per_session:.1f} MB per session",
            )
        )
        ctx.close()
        return figures
    finally:
        browser.close()
        pw.stop()
        ours_srv.stop()
        hello_srv.stop()


# -- compare many and the exports (issue 14) -----------------------------------------------


def _save_files(count: int) -> list[tuple[str, bytes]]:
    """``count`` save files of the current content version, every item answered at random
    (points, "don't know", open), 150 organisation names (so some are told apart)."""
    from assessment.content import default_content
    from assessment.savefile import Organisation, SaveFile

    c = default_content()
    rnd = random.Random(14)
    choices: list[object] = [0, 1, 2, 3, 4, "dont_know", None]
    files = []
    for n in range(count):
        answers = {i: rnd.choice(choices) for i in c.item_ids()}
        save = SaveFile(organisation=Organisation(name=f"Organisatie {n % 150}"), answers=answers)
        files.append((f"scan-{n:03}.json", save.to_json().encode()))
    return files


def bench_many(runs: int) -> list[Figure]:
    from openpyxl import Workbook

    from assessment import export, many
    from assessment.content import default_content
    from assessment.savefile import parse
    from assessment.scoring import score

    c = default_content()
    files = _save_files(200)

    def parse_only() -> None:
        for _, data in files:
            parse(data, c)

    def parse_and_score() -> None:  # each file on its own, as `python -m assessment score` does
        for _, data in files:
            score(c, parse(data, c).answers)

    def compare() -> many.Many:
        entries, errors = many.entries_from_files(c, files)
        assert not errors
        m = many.compare_many(c, entries)
        m.differs_most()
        return m

    m = compare()
    answers = export.answers_table(c, m, "nl")
    assert len(answers.rows) == 200 * len(c.item_ids())

    def floor() -> bytes:  # the same rows, written by openpyxl with nothing else
        import io

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("rows")
        ws.append(answers.headings)
        for row in answers.rows:
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    xlsx_runs = max(3, runs // 2)
    parsing = median_time(parse_only, runs)
    return [
        Figure(
            "compare-many, 200 save files (parse, score, spread)",
            median_time(compare, runs),
            median_time(parse_and_score, runs),
            runs,
            1.5,
            "baseline: parsing and scoring the same 200 files one by one "
            f"(parsing alone: {fmt_s(parsing)})",
        ),
        Figure(
            f"xlsx export of 200 scans ({len(answers.rows):,} answer rows)",
            median_time(lambda: export.xlsx(c, m, "nl"), xlsx_runs),
            median_time(floor, xlsx_runs),
            xlsx_runs,
            1.5,
            "baseline: openpyxl writing the same answer rows alone (no summary, no styling)",
        ),
    ]


# -- output --------------------------------------------------------------------------------


def fmt_value(f: Figure, value: float) -> str:
    return f"{value:.0f} MB" if "(MB)" in f.name else fmt_s(value)


def fmt_s(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def print_table(figures: list[Figure]) -> None:
    head = (
        f"{'figure':<34} {'ours':>10} {'baseline':>10} {'ratio':>7} {'aim':>6} {'runs':>5}  verdict"
    )
    print(head)
    print("-" * len(head))
    for f in figures:
        aim = f"{f.aim:.1f}x" if f.aim else "-"
        print(
            f"{f.name:<44} {fmt_value(f, f.ours):>10} {fmt_value(f, f.baseline):>10} "
            f"{f.ratio:>6.2f}x "
            f"{aim:>6} {f.runs:>5}  {f.verdict}"
        )
    for f in figures:
        if f.note:
            print(f"  {f.name}: {f.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke check)")
    parser.add_argument(
        "--only", choices=["many"], default=None, help="only these figures (compare many)"
    )
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 9
    import tempfile

    if args.only == "many":
        figures = bench_many(runs)
    else:
        figures = bench_page_reruns(runs * 2)
        figures += bench_report(runs)
        figures += bench_many(runs)
        with tempfile.TemporaryDirectory() as tmp:
            figures += bench_workshop(runs, Path(tmp))
            figures += bench_browser(runs, Path(tmp))
    print_table(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"bench-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count(),
                },
                "figures": [asdict(f) | {"ratio": f.ratio, "verdict": f.verdict} for f in figures],
            },
            indent=2,
        )
    )
    print(f"\nwritten: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
