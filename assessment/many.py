"""Compare many: organisations, teams, departments or workshops side by side.

Pure domain (no Streamlit): a page, a heat map, a spread chart and a comparison PDF draw from a
``Many`` directly, without computing anything again.

Rules (as ``progress.compare`` has them for two scans):
- Every entry is scored by the published formula on the items that every entry's content version
  asked (within a workshop's parts: a workshop of the phases alone asked no questions) and the
  scan still asks (``content/versions.yaml``); how many items only some of them
  asked, and how many the scan no longer asks, is said, never hidden.
- A phase compared on fewer than half of its statements has insufficient data (``score`` with
  ``only``). The phases are compared over the entries that asked them, the questions likewise.
- A phase's fulfilment is None where the entry has insufficient data; a question's score is None
  where nothing was answered. The spread over the entries (low, median, high) ignores those.
- The statements where the group differs most: per compared item, the spread of the entries'
  answers on the 0-4 scale (answered values only); "don't know" and "not applicable" are counted
  apart, never as 0. Ranked by standard deviation, then range, then the number of answers.
- A workshop is compared on its agreed answers; its participants' answers come along anonymously
  (no token, no join time, no id), ordered by their answers alone.
- Names as the files give them (the organisation's name, else the file name); a name that occurs
  again gets " (2)", " (3)" … in the order given.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from assessment.answers import DONT_KNOW, NOT_APPLICABLE, AnswerValue, Parts
from assessment.content import Content
from assessment.progress import current_scan
from assessment.savefile import SaveFile, SaveFileError, parse
from assessment.scoring import Result, score

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from assessment.workshop import Workshop

Kind = Literal["scan", "workshop"]
KINDS: tuple[Kind, ...] = ("scan", "workshop")
Part = Literal["phase", "question"]
# What a phase's or question's figure means in a comparison (stable codes, also in the exports)
FigureStatus = Literal["reached", "not_reached", "insufficient_data", "scored", "no_answers"]


@dataclass(frozen=True)
class Entry:
    """One organisation, team or workshop in a comparison."""

    name: str  # as the file gives it; duplicates told apart ("Bakkerij Jansen (2)")
    source: str  # the file name or the workshop's title
    kind: Kind
    content_version: int
    answers: Mapping[str, AnswerValue]  # a workshop: the agreed answers
    when: dt.date | None = None
    # a workshop only: every participant's answers, anonymous, in an order that reveals nothing
    participants: tuple[Mapping[str, AnswerValue], ...] = ()
    parts: Parts = "both"  # what a workshop asked: the phases, the questions, or both

    def asked(self, content: Content) -> frozenset[str]:
        """The items this entry was asked: its content version's, within a workshop's parts."""
        asked = content.asked(self.content_version)
        if self.parts == "both":
            return asked
        return asked & frozenset(content.item_ids(self.parts))


def rounded(value: float | None, digits: int = 1) -> float | None:
    """A figure as the JSON and the exports give it (one decimal for a percentage)."""
    return None if value is None else round(value, digits)


# -- names -----------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def distinct_names(entries: Sequence[Entry]) -> list[Entry]:
    """The entries with their names told apart: the first keeps its name, a later one with the
    same name (ignoring case and spacing) gets " (2)", " (3)" …, never a name already taken."""
    taken = {_norm(e.name) for e in entries}
    seen: set[str] = set()
    out: list[Entry] = []
    for e in entries:
        key = _norm(e.name)
        if key not in seen:
            seen.add(key)
            out.append(e)
            continue
        n = 2
        while _norm(f"{e.name} ({n})") in taken:
            n += 1
        name = f"{e.name} ({n})"
        taken.add(_norm(name))
        seen.add(_norm(name))
        out.append(replace(e, name=name))
    return out


# -- loading ---------------------------------------------------------------------------------


def entry_from_save(save: SaveFile, filename: str) -> Entry:
    """A scan from a save file: its current answers (answers to statements retired since come
    along but are never compared), named by its organisation, else by the file name."""
    scan = current_scan(save)
    return Entry(
        name=scan.organisation.strip() or filename,
        source=filename,
        kind="scan",
        content_version=scan.content_version,
        answers=scan.answers,
        when=scan.when,
    )


def entries_from_files(
    content: Content, files: Iterable[tuple[str, bytes]]
) -> tuple[list[Entry], list[tuple[str, SaveFileError]]]:
    """Every sound file as an entry (names told apart), and every damaged one with its error:
    a damaged file is named, the rest still compares."""
    entries: list[Entry] = []
    errors: list[tuple[str, SaveFileError]] = []
    for filename, data in files:
        try:
            save = parse(data, content)
        except SaveFileError as exc:
            errors.append((filename, exc))
            continue
        entries.append(entry_from_save(save, filename))
    return distinct_names(entries), errors


def anonymous(people: Iterable[Mapping[str, AnswerValue]]) -> tuple[dict[str, AnswerValue], ...]:
    """Participants' answers in an order that reveals nothing of who or when: by their answers'
    content alone."""
    given: list[dict[str, AnswerValue]] = [
        {k: v for k, v in sorted(p.items()) if v is not None} for p in people
    ]
    return tuple(sorted(given, key=lambda p: json.dumps(p, sort_keys=True)))


def entry_from_workshop(engine: Engine, content: Content, workshop: Workshop) -> Entry:
    """A workshop: its agreed answers, and all participants' answers (one query), anonymous."""
    from sqlalchemy import select

    from assessment import workshop as ws
    from assessment.storage import answers, participants, read

    with read(engine) as conn:
        rows = conn.execute(
            select(answers.c.participant_id, answers.c.item_id, answers.c.value)
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.workshop_id == workshop.id)
        ).all()
    people: dict[int, dict[str, AnswerValue]] = defaultdict(dict)
    for pid, item_id, value in rows:
        people[pid][item_id] = ws.from_db(value)
    save = ws.agreed_save(engine, content, workshop)
    when = save.updated_at.date() if save else ws._utc(workshop.created_at).date()
    return Entry(
        name=workshop.title,
        source=workshop.title,
        kind="workshop",
        content_version=content.version,
        answers=ws.agreed(engine, workshop),
        when=when,
        participants=anonymous(people.values()),
        parts=workshop.parts,
    )


# -- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """One column's values over the entries (None where an entry has no figure), in entry
    order, and their low, median and high (None when no entry has a figure)."""

    values: tuple[float | None, ...]

    @property
    def present(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def count(self) -> int:
        return len(self.present)

    @property
    def missing(self) -> int:
        return len(self.values) - self.count

    @property
    def low(self) -> float | None:
        return min(self.present, default=None)

    @property
    def high(self) -> float | None:
        return max(self.present, default=None)

    @property
    def median(self) -> float | None:
        p = self.present
        return statistics.median(p) if p else None


@dataclass(frozen=True)
class Column:
    """A column of the heat map: a phase's fulfilment or a question's score."""

    key: str  # "phase.3", "question.1"
    part: Part
    number: int

    def name(self, content: Content, lang: str) -> str:
        if self.part == "phase":
            return content.phase(self.number).name(lang)
        return content.question(self.number).title(lang)


COLUMNS: tuple[Column, ...] = tuple(Column(f"phase.{n}", "phase", n) for n in range(1, 7)) + tuple(
    Column(f"question.{n}", "question", n) for n in range(1, 5)
)
_COLUMN = {c.key: c for c in COLUMNS}


@dataclass(frozen=True)
class Row:
    """An entry and its result on the compared items: a row of the heat map."""

    entry: Entry
    result: Result

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def phase(self) -> int:
        return self.result.phase

    @property
    def index(self) -> float:
        return self.result.index

    def fulfilment(self, number: int) -> float | None:
        """A phase's fulfilment; None where the entry has insufficient data."""
        p = self.result.phases[number - 1]
        return p.fulfilment if p.sufficient_data else None

    def score(self, number: int) -> float | None:
        """A question's score; None where nothing was answered."""
        return self.result.questions[number - 1].score

    def value(self, column: Column | str) -> float | None:
        col = _COLUMN[column] if isinstance(column, str) else column
        return self.fulfilment(col.number) if col.part == "phase" else self.score(col.number)

    def status(self, column: Column | str) -> FigureStatus:
        """What a cell means: reached / not_reached / insufficient_data (a phase), scored /
        no_answers (a question). A heat map draws insufficient data unlike a low score."""
        col = _COLUMN[column] if isinstance(column, str) else column
        if col.part == "question":
            return "no_answers" if self.score(col.number) is None else "scored"
        p = self.result.phases[col.number - 1]
        if not p.sufficient_data:
            return "insufficient_data"
        return "reached" if p.reached else "not_reached"

    @property
    def cells(self) -> tuple[float | None, ...]:
        """The heat map's row: the six phases' fulfilment, then the four questions' scores."""
        return tuple(self.value(c) for c in COLUMNS)


@dataclass(frozen=True)
class ItemSpread:
    """How the entries answered one compared item."""

    item_id: str
    part: Part
    number: int  # the phase or question number
    values: tuple[AnswerValue, ...]  # per entry, in entry order (None: open)

    @cached_property
    def points(self) -> tuple[int, ...]:
        """The answers on the scale ("don't know", "not applicable" and open left out)."""
        return tuple(v for v in self.values if type(v) is int)

    @property
    def answered(self) -> int:
        return len(self.points)

    @property
    def dont_know(self) -> int:
        return sum(1 for v in self.values if v == DONT_KNOW)

    @property
    def not_applicable(self) -> int:
        return sum(1 for v in self.values if v == NOT_APPLICABLE)

    @property
    def open(self) -> int:
        return len(self.values) - self.answered - self.dont_know - self.not_applicable

    @property
    def low(self) -> int | None:
        return min(self.points, default=None)

    @property
    def high(self) -> int | None:
        return max(self.points, default=None)

    @property
    def range(self) -> int | None:
        p = self.points
        return max(p) - min(p) if p else None

    @property
    def median(self) -> float | None:
        p = self.points
        return statistics.median(p) if p else None

    @property
    def stdev(self) -> float | None:
        """The population standard deviation of the answers on the scale (as the board's)."""
        p = self.points
        if not p:
            return None
        mean = sum(p) / len(p)
        return math.sqrt(sum((x - mean) ** 2 for x in p) / len(p))


SortKey = Literal["name", "index"] | str  # or a column key: "phase.3", "question.1"


@dataclass(frozen=True)
class Many:
    """A comparison of many entries (see the module's rules)."""

    rows: tuple[Row, ...]
    shared: frozenset[str]  # the compared items
    # items asked by some entries' content versions (or a workshop's parts), not by all
    only_some_versions: int
    no_longer_asked: int  # items all asked that the scan no longer asks (retired since)
    phases: tuple[Spread, ...]  # per phase, over the rows
    questions: tuple[Spread, ...]  # per question
    items: tuple[ItemSpread, ...]  # every compared item, in questionnaire order

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(r.entry for r in self.rows)

    @property
    def compared(self) -> int:
        return len(self.shared)

    @property
    def not_compared(self) -> int:
        return self.only_some_versions + self.no_longer_asked

    @property
    def columns(self) -> tuple[Column, ...]:
        return COLUMNS

    def spread(self, column: Column | str) -> Spread:
        col = _COLUMN[column] if isinstance(column, str) else column
        return (self.phases if col.part == "phase" else self.questions)[col.number - 1]

    def differs_most(self, limit: int = 10, minimum: int = 2) -> list[ItemSpread]:
        """The statements where the group differs most: at least ``minimum`` entries answered on
        the scale and not all alike; largest standard deviation first, then range, then most
        answers, then questionnaire order."""
        order = {s.item_id: n for n, s in enumerate(self.items)}
        ranked = [s for s in self.items if s.answered >= minimum and (s.range or 0) > 0]
        ranked.sort(
            key=lambda s: (-(s.stdev or 0.0), -(s.range or 0), -s.answered, order[s.item_id])
        )
        return ranked[:limit]

    def sorted(self, by: SortKey = "name", descending: bool = False) -> tuple[Row, ...]:
        return sort_rows(self.rows, by, descending)

    def filtered(self, kind: Kind | None = None, text: str = "") -> tuple[Row, ...]:
        return filter_rows(self.rows, kind, text)


def sort_rows(
    rows: Iterable[Row], by: SortKey = "name", descending: bool = False
) -> tuple[Row, ...]:
    """Rows by name (ignoring case), by index, or by a column ("phase.3", "question.1"); rows
    without a figure always last; ties by name."""
    rows = list(rows)
    name_key: Callable[[Row], str] = lambda r: _norm(r.name)  # noqa: E731
    if by == "name":
        return tuple(sorted(rows, key=name_key, reverse=descending))
    if by == "index":
        get: Callable[[Row], float | None] = lambda r: r.index  # noqa: E731
    elif by in _COLUMN:
        col = _COLUMN[by]
        get = lambda r: r.value(col)  # noqa: E731
    else:
        raise ValueError(f"unknown sort key {by!r}")
    with_value = sorted((r for r in rows if get(r) is not None), key=name_key)
    with_value.sort(key=lambda r: get(r) or 0.0, reverse=descending)  # stable: ties by name
    without = sorted((r for r in rows if get(r) is None), key=name_key)
    return tuple(with_value + without)


def filter_rows(rows: Iterable[Row], kind: Kind | None = None, text: str = "") -> tuple[Row, ...]:
    """The rows of one kind (None: both) whose name or source contains ``text`` (ignoring case
    and spacing)."""
    needle = _norm(text)
    return tuple(
        r
        for r in rows
        if (kind is None or r.entry.kind == kind)
        and (not needle or needle in _norm(r.name) or needle in _norm(r.entry.source))
    )


def _build(
    content: Content,
    entries: Sequence[Entry],
    shared: frozenset[str],
    only_some_versions: int,
    no_longer_asked: int,
) -> Many:
    # on every current item: the same result without filtering each phase (the hot path)
    only = None if shared >= set(content.item_ids()) else shared
    rows = tuple(Row(e, score(content, e.answers, only=only)) for e in entries)
    phases = tuple(Spread(tuple(r.fulfilment(n) for r in rows)) for n in range(1, 7))
    questions = tuple(Spread(tuple(r.score(n) for r in rows)) for n in range(1, 5))
    read = [_as_read(r.result) for r in rows]

    def spread(item_id: str, part: Part, number: int) -> ItemSpread:
        return ItemSpread(item_id, part, number, tuple(a.get(item_id) for a in read))

    items = [
        spread(st.id, "phase", p.number)
        for p in content.phases
        for st in p.statements
        if st.id in shared
    ]
    items += [
        spread(sq.id, "question", q.number)
        for q in content.questions
        for sq in q.subquestions
        if sq.id in shared
    ]
    return Many(
        rows=rows,
        shared=shared,
        only_some_versions=only_some_versions,
        no_longer_asked=no_longer_asked,
        phases=phases,
        questions=questions,
        items=tuple(items),
    )


def _as_read(result: Result) -> dict[str, AnswerValue]:
    """Each item's answer as the formula read it ("not applicable" on an item that always
    applies is open)."""
    out = {a.item_id: a.value for p in result.phases for a in p.answers}
    out.update((a.item_id, a.value) for q in result.questions for a in q.answers)
    return out


def compare_many(content: Content, entries: Sequence[Entry]) -> Many:
    """Every entry scored on the items all their content versions asked and the scan still
    asks (see the module's rules); names told apart."""
    entries = distinct_names(entries)
    current = frozenset(content.item_ids())
    every: frozenset[str] = frozenset()
    some: frozenset[str] = frozenset()
    # per part: the phases over the entries that asked the phases (a workshop of the questions
    # alone leaves the scans' phases as they are), the questions likewise
    for part, skip, scale in (
        ("phases", "questions", "phase"),
        ("questions", "phases", "question"),
    ):
        retired = {r.id for r in content.retired if r.scale == scale}
        items = frozenset(content.item_ids(part)) | retired  # type: ignore[arg-type]
        asked = list(
            {
                (e.content_version, e.parts): e.asked(content) & items
                for e in entries
                if e.parts != skip
            }.values()
        )
        if asked:
            every |= frozenset.intersection(*asked)
            some |= frozenset.union(*asked)
    shared = every & current
    return _build(content, entries, shared, len(some - every), len(every - shared))


def single(content: Content, entry: Entry) -> Many:
    """One scan or workshop on its own, scored on every item as ``score`` scores it (its export
    gives the figures ``python -m assessment score`` gives)."""
    return _build(content, distinct_names([entry]), frozenset(content.item_ids()), 0, 0)
