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
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

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
FLOOR_SETUP = """
import io, datetime as dt
from fpdf import FPDF
from assessment import charts
from assessment.content import default_content
from assessment.report import FONT_DIR, chart_png
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
    ns_floor: dict[str, object] = {}
    exec(REPORT_SETUP, ns_report)
    exec(FLOOR_SETUP, ns_floor)
    warm_report = median_time(lambda: exec(REPORT_RUN, ns_report), runs)
    warm_floor = median_time(lambda: exec(FLOOR_RUN, ns_floor), runs)
    cold_runs = max(3, runs // 2)
    cold_report = median_subprocess(REPORT_SETUP + REPORT_RUN, cold_runs)
    cold_floor = median_subprocess(FLOOR_SETUP + FLOOR_RUN, cold_runs)
    return [
        Figure(
            "PDF report, warm process",
            warm_report,
            warm_floor,
            runs,
            2.0,
            "floor: one-page fpdf2 document + one vl-convert chart",
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


# -- output --------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
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
            f"{f.name:<34} {fmt_s(f.ours):>10} {fmt_s(f.baseline):>10} {f.ratio:>6.2f}x "
            f"{aim:>6} {f.runs:>5}  {f.verdict}"
        )
    for f in figures:
        if f.note:
            print(f"  {f.name}: {f.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke check)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 9
    figures = bench_report(runs)
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
