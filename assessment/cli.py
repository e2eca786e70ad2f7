"""Command line: ``python -m assessment schema|template|score|report|compare|compare-many``.

Errors in the input are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assessment import export, formats, many, progress
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
                "status": a.status,
                "done_on": a.done_on.isoformat() if a.done_on else None,
                "done_but_low": a.done_but_low,
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


def compare_json(content: Content, comparison: progress.Comparison, lang: str) -> dict[str, Any]:
    c = comparison

    def change(ch: progress.Change) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {
            "number": ch.number,
            "before": r(ch.before),
            "after": r(ch.after),
            "delta": r(ch.delta),
        }

    a = c.actions
    return {
        "dates": {"before": c.before.when.isoformat(), "after": c.after.when.isoformat()},
        "index": {
            "before": round(c.result_before.index, 2),
            "after": round(c.result_after.index, 2),
            "delta": round(c.index_delta, 2),
        },
        "phase": {"before": c.result_before.phase, "after": c.result_after.phase},
        "phases": [change(ch) | {"name": content.phase(ch.number).name(lang)} for ch in c.phases],
        "questions": [
            change(ch) | {"title": content.question(ch.number).title(lang)} for ch in c.questions
        ],
        "actions": {
            "done": list(a.done),
            "resolved": list(a.resolved),
            "open": list(a.open),
            "new": list(a.new),
            "dropped": list(a.dropped),
            "done_but_unmoved": list(a.done_but_unmoved),
        },
        "compared": c.compared,
        "not_compared": c.not_compared,
        "only_one_version": c.only_one_version,
        "no_longer_asked": c.no_longer_asked,
        "warnings": (
            [{"code": "other_organisation", "text": progress.sentences(content, c, lang)[-1]}]
            if c.other_organisation
            else []
        ),
        "sentences": progress.sentences(content, c, lang),
    }


def many_json(
    content: Content,
    comparison: many.Many,
    lang: str,
    unreadable: Sequence[tuple[str, SaveFileError]] = (),
    limit: int = 10,
) -> dict[str, Any]:
    """A comparison of many as JSON: the same figures as the exports (one decimal for a
    percentage, two for the index)."""
    m = comparison

    def spread(s: many.Spread) -> dict[str, Any]:
        return {
            "values": [many.rounded(v) for v in s.values],
            "low": many.rounded(s.low),
            "median": many.rounded(s.median),
            "high": many.rounded(s.high),
            "entries": s.count,
            "missing": s.missing,
        }

    def entry(r: many.Row) -> dict[str, Any]:
        e = r.entry
        return {
            "name": e.name,
            "source": e.source,
            "kind": e.kind,
            "content_version": e.content_version,
            "date": e.when.isoformat() if e.when else None,
            "phase": r.phase,
            "phase_name": content.phase_name(r.phase, lang),
            "index": round(r.index, 2),
            "phases": [
                {
                    "number": p.number,
                    "name": content.phase(p.number).name(lang),
                    "fulfilment": many.rounded(
                        p.fulfilment
                    ),  # as score gives it; status: too thin?
                    "status": r.status(f"phase.{p.number}"),
                    "answered": p.answered,
                    "dont_know": p.dont_know,
                    "not_applicable": p.not_applicable,
                    "total": p.total,
                }
                for p in r.result.phases
            ],
            "questions": [
                {
                    "number": q.number,
                    "title": content.question(q.number).title(lang),
                    "score": many.rounded(q.score),
                    "answered": q.answered,
                    "dont_know": q.dont_know,
                    "not_applicable": q.not_applicable,
                    "total": q.total,
                }
                for q in r.result.questions
            ],
        }

    return {
        "entries": [entry(r) for r in m.rows],
        "spread": {
            "phases": [
                {"number": n, "name": content.phase(n).name(lang)} | spread(s)
                for n, s in enumerate(m.phases, 1)
            ],
            "questions": [
                {"number": n, "title": content.question(n).title(lang)} | spread(s)
                for n, s in enumerate(m.questions, 1)
            ],
        },
        "differs_most": [
            {
                "item_id": s.item_id,
                "number": content.ref(s.item_id, lang),
                "text": content.item(s.item_id)[0].text(lang),
                "low": s.low,
                "median": s.median,
                "high": s.high,
                "range": s.range,
                "stdev": many.rounded(s.stdev, 2),
                "answered": s.answered,
                "dont_know": s.dont_know,
                "not_applicable": s.not_applicable,
                "open": s.open,
                "values": list(s.values),
            }
            for s in m.differs_most(limit)
        ],
        "compared": m.compared,
        "not_compared": m.not_compared,
        "only_some_versions": m.only_some_versions,
        "no_longer_asked": m.no_longer_asked,
        "unreadable": [
            {"file": f, "code": exc.code, "message": exc.message(content, lang)}
            for f, exc in unreadable
        ],
    }


def _compare_many(content: Content, args: argparse.Namespace) -> tuple[int, Any]:
    """``compare-many``: every damaged file named on stderr; the rest compared when at least two
    are sound."""
    entries: list[many.Entry] = []
    errors: list[tuple[str, SaveFileError]] = []
    for path in args.files:  # in the order given: the names' " (2)" follows it
        try:
            # the file's name, never its directory: an export goes to a steering group
            found, damaged = many.entries_from_files(content, [(Path(path).name, _read(path))])
        except SaveFileError as exc:
            found, damaged = [], [(path, exc)]
        entries += found
        errors += [(path, exc) for _, exc in damaged]  # named as typed, on stderr only
    for path, err in errors:
        print(f"error: {path}: {err.message(content, args.lang)}", file=sys.stderr)
    if len(entries) < 2:
        print(
            f"error: {content.t('many.error.too_few', args.lang, count=len(entries))}",
            file=sys.stderr,
        )
        return EXIT_INPUT, None
    comparison = many.compare_many(content, entries)
    if not _export(content, comparison, args):
        return EXIT_INPUT, None
    if args.pdf:
        from assessment.report.many import build_comparison_report

        data = build_comparison_report(content, comparison, args.lang, dt.date.today())
        try:
            Path(args.pdf).write_bytes(data)
        except OSError as err:
            print(f"error: {args.pdf}: {err.strerror or err}", file=sys.stderr)
            return EXIT_INPUT, None
    return 0, many_json(content, comparison, args.lang, errors)


def _export(content: Content, comparison: many.Many, args: argparse.Namespace) -> bool:
    """Write the ``--csv`` and ``--xlsx`` files asked for; False (said on stderr) when one
    cannot be written."""
    csv_path = Path(args.csv) if args.csv else None
    xlsx_path = Path(args.xlsx) if args.xlsx else None
    try:
        export.write(content, comparison, args.lang, csv_path, xlsx_path)
    except OSError as err:
        where = err.filename or args.csv or args.xlsx
        print(f"error: {where}: {err.strerror or err}", file=sys.stderr)
        return False
    return True


def _sides(
    content: Content, files: list[str], lang: str
) -> tuple[progress.Scan, progress.Scan, SaveFile]:
    """The two scans to compare: two files, or one file's latest snapshot and its answers."""
    saves = [parse(_read(f), content) for f in files]
    latest = saves[-1]
    if len(files) == 1:
        if not latest.snapshots:
            raise progress.CompareError("no_snapshot")
        before = progress.snapshot_scan(latest.snapshots[-1], latest.organisation.name)
    else:
        same_path = Path(files[0]).resolve() == Path(files[1]).resolve() and files[0] != "-"
        if same_path:
            raise progress.CompareError("same")
        before = progress.current_scan(saves[0])
    after = progress.current_scan(latest)
    _check_pair(before, after, lang)
    return before, after, latest


def _check_pair(before: progress.Scan, after: progress.Scan, lang: str) -> None:
    """Two scans that can be compared: not the same scan twice, the older one first."""
    if progress.same_scan(before, after):
        raise progress.CompareError("same")
    if before.when > after.when:
        raise progress.CompareError(
            "order",
            before=formats.date(before.when, lang),
            after=formats.date(after.when, lang),
        )


def _write_report(
    content: Content,
    save: SaveFile,
    lang: str,
    date: dt.date | None,
    output: str,
    previous: SaveFile | None = None,
) -> int:
    from assessment.report import build_report, report_input

    pdf = build_report(content, report_input(save, lang, date, previous=previous))
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


def _export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--csv",
        metavar="OUT.csv",
        default=None,
        help="write the answers as CSV, and the summary next to it (OUT-summary.csv in English, "
        "OUT-samenvatting.csv in Dutch)",
    )
    p.add_argument(
        "--xlsx", metavar="OUT.xlsx", default=None, help="write both tables as an Excel workbook"
    )


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
    _export_options(p_score)
    p_report = sub.add_parser("report", help="write the board report (PDF) of a save file")
    p_report.add_argument("file", help="the save file (- for standard input)")
    p_report.add_argument("-o", "--output", required=True, help="the PDF file to write")
    p_report.add_argument("--lang", choices=["nl", "en"], default="nl")
    p_report.add_argument(
        "--previous",
        metavar="OLD",
        default=None,
        help="an earlier save file: the report gets a progress page (automatic when the file "
        "holds a snapshot of an earlier scan)",
    )
    p_report.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=None,
        help="the report date (YYYY-MM-DD); default today",
    )
    p_cmp = sub.add_parser(
        "compare",
        help="what changed between two scans (OLD NEW), or since a file's latest snapshot (FILE)",
    )
    p_cmp.add_argument("files", nargs="+", metavar="FILE", help="OLD NEW, or one FILE")
    p_cmp.add_argument("--lang", choices=["nl", "en"], default="nl")
    p_many = sub.add_parser(
        "compare-many",
        help="compare two or more scans side by side (JSON), optionally exported as CSV / .xlsx",
    )
    p_many.add_argument("files", nargs="+", metavar="FILE", help="two or more save files")
    p_many.add_argument("--lang", choices=["nl", "en"], default="nl")
    _export_options(p_many)
    p_many.add_argument(
        "--pdf",
        metavar="OUT.pdf",
        default=None,
        help="write the comparison report (PDF): heat map, spread, one line per organisation "
        "and the statements where the group differs most",
    )
    args = parser.parse_args(argv)
    if args.command == "compare" and len(args.files) > 2:
        parser.error("compare takes one or two files")
    if args.command == "compare-many" and len(args.files) < 2:
        parser.error("compare-many takes at least two files")

    content = default_content()
    out: Any
    if args.command == "schema":
        out = json_schema()
    elif args.command == "template":
        out = template(content, args.lang)
    elif args.command == "compare-many":
        code, out = _compare_many(content, args)
        if code:
            return code
    elif args.command == "compare":
        try:
            before, after, _ = _sides(content, args.files, args.lang)
        except (SaveFileError, progress.CompareError) as exc:
            print(f"error: {exc.message(content, args.lang)}", file=sys.stderr)
            return EXIT_INPUT
        comparison = progress.compare(content, before, after)
        if comparison.other_organisation:  # a warning, not a refusal
            print(
                f"warning: {progress.sentences(content, comparison, args.lang)[-1]}",
                file=sys.stderr,
            )
        out = compare_json(content, comparison, args.lang)
    else:
        try:
            save = parse(_read(args.file), content)
        except SaveFileError as exc:
            print(f"error: {exc.message(content, args.lang)}", file=sys.stderr)
            return EXIT_INPUT
        if args.command == "report":
            previous = None
            if args.previous:
                try:
                    previous = parse(_read(args.previous), content)
                    before, after = progress.current_scan(previous), progress.current_scan(save)
                    _check_pair(before, after, args.lang)
                except progress.CompareError as exc:
                    print(f"error: {exc.message(content, args.lang)}", file=sys.stderr)
                    return EXIT_INPUT
                except SaveFileError as exc:
                    print(
                        f"error: {args.previous}: {exc.message(content, args.lang)}",
                        file=sys.stderr,
                    )
                    return EXIT_INPUT
                if not progress.same_organisation(before.organisation, after.organisation):
                    comparison = progress.compare(content, before, after)
                    warning = progress.sentences(content, comparison, args.lang)[-1]
                    print(f"warning: {warning}", file=sys.stderr)
            return _write_report(content, save, args.lang, args.date, args.output, previous)
        out = result_json(content, save, args.lang)
        if args.csv or args.xlsx:
            name = Path(args.file).name if args.file != "-" else "-"
            entry = many.entry_from_save(save, name)
            if not _export(content, many.single(content, entry), args):
                return EXIT_INPUT
    try:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
