"""Command line: ``python -m assessment schema|template|score``.

Errors in the input are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from assessment import plan as plan_mod
from assessment.content import Content, default_content
from assessment.explain import warning_text
from assessment.savefile import SaveFile, SaveFileError, json_schema, parse, template
from assessment.scoring import score
from assessment.strategy import CRITERIA, check

EXIT_INPUT = 2


def result_json(content: Content, save: SaveFile, lang: str) -> dict[str, Any]:
    result = score(content, save.answers)
    actions = plan_mod.apply_edits(plan_mod.generate(content, save.answers, result), save.edits())
    return {
        "phase": result.phase,
        "phase_name": content.phase(result.phase).name(lang) if result.phase else None,
        "index": round(result.index, 2),
        "threshold": result.threshold,
        "phases": [
            {
                "number": p.number,
                "name": content.phase(p.number).name(lang),
                "fulfilment": None if p.fulfilment is None else round(p.fulfilment, 1),
                "reached": p.reached,
                "answered": p.answered,
                "dont_know": p.dont_know,
                "not_applicable": p.not_applicable,
                "total": p.total,
                "sufficient_data": p.sufficient_data,
            }
            for p in result.phases
        ],
        "questions": [
            {
                "number": q.number,
                "title": content.question(q.number).title(lang),
                "score": None if q.score is None else round(q.score, 1),
                "answered": q.answered,
                "dont_know": q.dont_know,
                "not_applicable": q.not_applicable,
                "total": q.total,
            }
            for q in result.questions
        ],
        "retired": sorted(save.retired.answers),
        "warnings": [
            {
                "code": w.code,
                "phase": w.phase,
                "text": warning_text(content, result, w.phase, lang),
            }
            for w in result.warnings
        ],
        "strategy": strategy_json(content, save, lang),
        "plan": [
            {
                "action_id": a.action_id,
                "statement_id": a.item_id,
                "kind": a.kind,
                "phase": a.phase,
                "question": a.question,
                "answer": a.answer,
                "horizon": a.horizon,
                "text": a.text(content, lang),
                "why": a.why(content, lang),
                "owner": a.owner_text(content, lang),
                "kpi": a.kpi(content, lang),
                "include": a.include,
                "due": a.due.isoformat() if a.due else None,
                "notes": a.notes,
            }
            for a in actions
        ],
    }


def strategy_json(content: Content, save: SaveFile, lang: str) -> dict[str, Any]:
    """The SMART check of the canvas, judged on the scan's date (the day the file was saved)."""
    result = check(content, save.strategy, save.updated_at.date())
    return {
        "checked_on": result.on.isoformat(),
        "smart": [
            {
                "goal": s.goal,
                "index": s.index,
                "text": s.smart.text,
                "ok": s.ok,
                **{
                    c: {"ok": v.ok, "why": v.why(content, lang)}
                    for c, v in zip(CRITERIA, s.verdicts, strict=True)
                },
            }
            for s in result.smart
        ],
        "warnings": [
            {"code": w.code, "ref": w.ref, "text": w.text(content, lang)} for w in result.warnings
        ],
    }


def _write_report(
    content: Content, save: SaveFile, lang: str, date: dt.date | None, output: str
) -> int:
    from assessment.report import build_report, report_input

    pdf = build_report(content, report_input(save, lang, date))
    try:
        Path(output).write_bytes(pdf)
    except OSError as exc:
        print(f"error: {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    print(output)
    return 0


def _read(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise SaveFileError("unreadable", detail=exc.strerror or str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assessment", description="SBSMI social media maturity scan"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("schema", help="print the JSON Schema of the save file")
    p_tpl = sub.add_parser("template", help="print an empty save file to fill in")
    p_tpl.add_argument("--lang", choices=["nl", "en"], default="nl")
    p_score = sub.add_parser("score", help="score a save file and print the result as JSON")
    p_score.add_argument("file", help="the save file (- for standard input)")
    p_score.add_argument("--lang", choices=["nl", "en"], default="nl")
    p_report = sub.add_parser("report", help="write the board report (PDF) of a save file")
    p_report.add_argument("file", help="the save file (- for standard input)")
    p_report.add_argument("-o", "--output", required=True, help="the PDF file to write")
    p_report.add_argument("--lang", choices=["nl", "en"], default="nl")
    p_report.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=None,
        help="the report date (YYYY-MM-DD); default today",
    )
    args = parser.parse_args(argv)

    content = default_content()
    out: Any
    if args.command == "schema":
        out = json_schema()
    elif args.command == "template":
        out = template(content, args.lang)
    else:
        try:
            save = parse(_read(args.file), content)
        except SaveFileError as exc:
            print(f"error: {exc.message(content, args.lang)}", file=sys.stderr)
            return EXIT_INPUT
        if args.command == "report":
            return _write_report(content, save, args.lang, args.date, args.output)
        out = result_json(content, save, args.lang)
    try:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
