"""The board report: results in, PDF bytes out (A4, drawn with the primitives of assessment.pdf).

The charts are the app's own chart functions, rendered to PNG by vl-convert. Everything a user
typed (organisation, owner, notes) is printed as plain text: no markdown or HTML is interpreted,
and characters the font lacks (emoji) are dropped, never a crash or a blank page.

Every figure and decision comes from the domain (scoring, plan, explain, formats); the report
only chooses the words and the order: ``front`` (cover, summary, charts), ``canvas`` (the
strategy canvas, after the summary, when there is one), ``changes`` (the progress page, when
there is a previous scan) and ``detail`` (findings, plan, method,
appendix), all written through a ``Context``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from assessment import plan as plan_mod
from assessment.answers import AnswerValue, Parts
from assessment.content import Content, as_lang
from assessment.pdf import chart_png
from assessment.progress import Scan, current_scan, snapshot_scan
from assessment.report import canvas, changes, detail, front
from assessment.report.context import Context
from assessment.savefile import Organisation, SaveFile, Targets
from assessment.strategy import Strategy

__all__ = ["ReportInput", "build_report", "chart_png", "report_input"]


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of; the app, the CLI and the workshop all fill this in."""

    organisation: Organisation
    answers: Mapping[str, AnswerValue]
    edits: Mapping[str, plan_mod.Edit] = field(default_factory=dict)
    lang: Literal["nl", "en"] = "nl"
    generated: dt.date = field(default_factory=dt.date.today)
    mode: Literal["solo", "workshop"] = "solo"
    parts: Parts = "both"  # what was assessed
    participants: int | None = None
    disagreements: tuple[str, ...] = ()  # item ids the room disagreed on most (workshop)
    retired: int = 0  # answers to statements that changed since the file was saved (not counted)
    strategy: Strategy = field(default_factory=Strategy)  # the canvas; empty: no canvas page
    scanned: dt.date | None = None  # the scan's date, on which the SMART check judges (default:
    # the report's date)
    # progress over time: the earlier scan to compare with (a progress page when given), this
    # scan as a side of that comparison, the index over time, and the targets
    previous: Scan | None = None
    current: Scan | None = None
    history: tuple[tuple[dt.date, float, int], ...] = ()
    targets: Targets = field(default_factory=Targets)


def report_input(
    save: SaveFile, lang: str, date: dt.date | None = None, previous: SaveFile | None = None
) -> ReportInput:
    """A solo report of a save file. It compares with ``previous`` when given, else with the
    latest snapshot the file holds (a re-scan), else with nothing."""
    from assessment.content import default_content
    from assessment.progress import history

    points = history(default_content(), save)
    if previous is not None:
        before: Scan | None = current_scan(previous)
        old = history(default_content(), previous)[-1]
        points = sorted({p[0]: p for p in [old, *points]}.values())
    elif save.snapshots:
        before = snapshot_scan(save.snapshots[-1], save.organisation.name)
    else:
        before = None
    return ReportInput(
        organisation=save.organisation,
        answers={k: v for k, v in save.answers.items() if v is not None},
        edits=save.edits(),
        lang=as_lang(lang),
        generated=date or dt.date.today(),
        retired=len(save.retired.answers),
        strategy=save.strategy,
        scanned=save.updated_at.date(),
        previous=before,
        current=current_scan(save),
        history=tuple(points),
        targets=save.targets,
    )


def build_report(content: Content, data: ReportInput) -> bytes:
    """The board report as PDF bytes. A new FPDF per report: it cannot be reused."""
    ctx = Context(content, data)
    for section in (
        front.cover,
        front.summary,
        canvas.canvas,
        changes.progress,
        front.charts,
        detail.findings,
        detail.plan_table,
        detail.method,
        detail.appendix,
    ):
        section(ctx)
    return ctx.doc.output()
