"""Exports: every scan, workshop and comparison as CSV and Excel (.xlsx). No Streamlit.

Two tables, with column headings in the chosen language and stable ids beside the texts:
- answers: one row per organisation (or participant) x item: every item the scan asks now
  (of a workshop: within its parts);
- summary: one row per organisation x phase and x question, with the figures of the comparison
  (the same as ``compare-many``'s JSON and the page).
Numbers are numbers (an int 0-4, a percentage with one decimal); "don't know" and "not
applicable" are their own values (a label and a status), never 0. A workshop's participants are
"P1", "P2" … in an order that reveals nothing (``many.anonymous``): no token, no join time.

CSV: UTF-8 with a byte order mark (Excel opens it right), comma-separated, a dot as the decimal
separator, a text that would read as a formula (starting with = + - @) behind an apostrophe;
the answers in one file, the summary in a second (``<name>-summary.csv`` in English,
``<name>-samenvatting.csv`` in Dutch). Excel: one workbook with both tables as two sheets, a bold
frozen heading row and an autofilter; a text is always a text there, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessment.answers import DONT_KNOW, NOT_APPLICABLE, AnswerValue
from assessment.content import Content
from assessment.many import COLUMNS, Entry, Many, Row, rounded

Cell = str | int | float | None

ANSWER_COLUMNS = (
    "organisation",
    "source",
    "kind",
    "participant",
    "role",
    "item_id",
    "part",
    "part_number",
    "number",
    "text",
    "value",
    "answer",
    "status",
)
SUMMARY_COLUMNS = (
    "organisation",
    "source",
    "kind",
    "part",
    "number",
    "name",
    "figure",
    "status",
    "answered",
    "dont_know",
    "not_applicable",
    "open",
    "total",
    "entry_phase",
    "entry_index",
)


@dataclass(frozen=True)
class Table:
    """A sheet: its name and headings in the language, the stable column keys, the rows."""

    sheet: str
    keys: tuple[str, ...]
    headings: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def status(value: AnswerValue) -> str:
    """An answer's stable code: answered / dont_know / not_applicable / open."""
    if value == DONT_KNOW:
        return "dont_know"
    if value == NOT_APPLICABLE:
        return "not_applicable"
    return "answered" if type(value) is int else "open"


def _people(entry: Entry) -> list[tuple[str, str, dict[str, AnswerValue]]]:
    """(participant, role, answers): a scan's answers; a workshop's agreed answers, then its
    participants as P1, P2 …"""
    if entry.kind == "scan":
        return [("", "scan", dict(entry.answers))]
    out = [("", "agreed", dict(entry.answers))]
    out += [(f"P{n}", "participant", dict(p)) for n, p in enumerate(entry.participants, 1)]
    return out


def answers_table(content: Content, many: Many, lang: str) -> Table:
    items = []
    for p in content.phases:
        for st in p.statements:
            items.append((st.id, "phase", p.number, content.ref(st.id, lang), st.text(lang)))
    for q in content.questions:
        for sq in q.subquestions:
            items.append((sq.id, "question", q.number, content.ref(sq.id, lang), sq.text(lang)))
    labels = {
        part: {pt.value: pt.label(lang) for pt in content.scale(part).points}
        for part in ("phase", "question")
    }
    rows: list[tuple[Cell, ...]] = []
    for r in many.rows:
        e = r.entry
        part_of = {"phases": "phase", "questions": "question"}.get(e.parts)
        own = [i for i in items if part_of is None or i[1] == part_of]
        for participant, role, answers in _people(e):
            for item_id, part, part_number, number, text in own:
                value = answers.get(item_id)
                code = status(value)
                rows.append(
                    (
                        e.name,
                        e.source,
                        e.kind,
                        participant,
                        role,
                        item_id,
                        part,
                        part_number,
                        number,
                        text,
                        value if type(value) is int else None,
                        labels[part][value] if value is not None else None,
                        code,
                    )
                )
    return _table(content, lang, "answers", ANSWER_COLUMNS, rows)


def _summary_rows(content: Content, row: Row, lang: str) -> list[tuple[Cell, ...]]:
    e = row.entry
    res = row.result
    out: list[tuple[Cell, ...]] = []
    for col in COLUMNS:
        part = res.phases[col.number - 1] if col.part == "phase" else res.questions[col.number - 1]
        out.append(
            (
                e.name,
                e.source,
                e.kind,
                col.part,
                col.number,
                col.name(content, lang),
                # the figure as `score` gives it, also where the status says it is too thin
                rounded(part.fulfilment if col.part == "phase" else part.score),  # type: ignore[union-attr]
                row.status(col),
                part.answered,
                part.dont_know,
                part.not_applicable,
                part.applicable - part.answered - part.dont_know,
                part.total,
                row.phase,
                rounded(row.index, 2),
            )
        )
    return out


def summary_table(content: Content, many: Many, lang: str) -> Table:
    rows = [cells for r in many.rows for cells in _summary_rows(content, r, lang)]
    return _table(content, lang, "summary", SUMMARY_COLUMNS, rows)


def _table(
    content: Content, lang: str, sheet: str, keys: Sequence[str], rows: list[tuple[Cell, ...]]
) -> Table:
    return Table(
        sheet=content.t(f"export.sheet.{sheet}", lang),
        keys=tuple(keys),
        headings=tuple(content.t(f"export.col.{k}", lang) for k in keys),
        rows=rows,
    )


# -- writing ---------------------------------------------------------------------------------


def to_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a byte order mark, the headings first."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.headings)
    writer.writerows([_csv_text(c) for c in row] for row in table.rows)
    return buf.getvalue().encode("utf-8-sig")


def _text_cell(ws: Any, value: str) -> Any:
    """A text that starts with "=" stays text: openpyxl would write it as a formula."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: Cell) -> Cell:
    """A text a spreadsheet would take for a formula (a name like "=HYPERLINK(…)" in a file)
    starts with an apostrophe in the CSV, as OWASP advises; control characters are dropped;
    everything else as it is."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return "" if value is None else value


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """The tables as one workbook, a sheet each: bold frozen headings, an autofilter; numbers as
    numbers, empty cells where there is no figure."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(table.sheet[:31])
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.keys))
        ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        for n, heading in enumerate(table.headings, 1):
            width = max(10, min(60, len(heading) + 2))
            if table.keys[n - 1] == "text":
                width = 60
            ws.column_dimensions[get_column_letter(n)].width = width
        heads = []
        for heading in table.headings:
            cell = WriteOnlyCell(ws, value=heading)
            cell.font = bold
            heads.append(cell)
        ws.append(heads)
        for row in table.rows:
            cells = [ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row]
            ws.append(
                [_text_cell(ws, c) if isinstance(c, str) and c[:1] == "=" else c for c in cells]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tables(content: Content, many: Many, lang: str) -> tuple[Table, Table]:
    """The answers and the summary of a scan, a workshop or a comparison."""
    return answers_table(content, many, lang), summary_table(content, many, lang)


def xlsx(content: Content, many: Many, lang: str) -> bytes:
    """The .xlsx download: the answers and the summary sheets."""
    return to_xlsx(tables(content, many, lang))


def csv_files(content: Content, many: Many, lang: str) -> tuple[bytes, bytes]:
    """The two CSV downloads: the answers, and the summary."""
    answers, summary = tables(content, many, lang)
    return to_csv(answers), to_csv(summary)


def summary_path(path: Path, content: Content, lang: str) -> Path:
    """Where the summary CSV goes next to the answers CSV: ``out.csv`` -> ``out-summary.csv``
    (English) or ``out-samenvatting.csv`` (Dutch)."""
    suffix = content.t("export.file.summary", lang)
    return path.with_name(f"{path.stem}-{suffix}{path.suffix or '.csv'}")


def write(
    content: Content,
    many: Many,
    lang: str,
    csv_path: Path | None = None,
    xlsx_path: Path | None = None,
) -> list[Path]:
    """Write the exports asked for; the paths written, in order. Raises OSError."""
    written: list[Path] = []
    if csv_path is not None:
        answers, summary = csv_files(content, many, lang)
        csv_path.write_bytes(answers)
        second = summary_path(csv_path, content, lang)
        second.write_bytes(summary)
        written += [csv_path, second]
    if xlsx_path is not None:
        xlsx_path.write_bytes(xlsx(content, many, lang))
        written.append(xlsx_path)
    return written
