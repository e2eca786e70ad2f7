"""Workshop mode: a facilitator's session that participants join by code and answer on a phone.

Pure domain on top of ``assessment.storage``: no Streamlit. Every answer is written the moment
it is given (an upsert keyed by participant and item, so a repeated submit changes nothing).
The live board aggregates in one pass over the answers.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from assessment.answers import (
    ANSWER_VALUES,
    DONT_KNOW,
    NOT_APPLICABLE,
    PARTS,
    AnswerValue,
    Parts,
    is_answer,
)
from assessment.content import Content, as_lang
from assessment.errors import TranslatableError
from assessment.savefile import MAX_NAME, Organisation, Retired, SaveFile
from assessment.scoring import phase_level
from assessment.storage import (
    DONT_KNOW_VALUE,
    NOT_APPLICABLE_VALUE,
    StorageBusy,
    answers,
    consensus,
    participants,
    read,
    workshops,
    write,
)

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MAX_TITLE = 120


class WorkshopError(TranslatableError):
    """A request the workshop cannot honour; ``code`` selects the translated message."""

    prefix = "ws.error"


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    facilitator_key: str
    title: str
    language: Literal["nl", "en"]
    parts: Parts
    status: Literal["open", "closed"]
    created_at: dt.datetime
    board_key: str = ""
    consensus_saved: bool = False  # the group answer was saved at least once

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    token: str
    finished: bool


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_code(text: str) -> str:
    """What a person typed, as a code: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[: CODE_LENGTH * 2]


def to_db(value: AnswerValue) -> int:
    """An answer as the database stores it (0..4, and negative codes for the other two)."""
    if not is_answer(value):
        raise WorkshopError("bad_value")
    if value == DONT_KNOW:
        return DONT_KNOW_VALUE
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE_VALUE
    return int(value)


def from_db(value: int) -> AnswerValue:
    """A stored answer as the domain knows it."""
    if value == DONT_KNOW_VALUE:
        return DONT_KNOW
    if value == NOT_APPLICABLE_VALUE:
        return NOT_APPLICABLE
    return int(value)


def _check_applies(content: Content, item_id: str, value: AnswerValue) -> None:
    """ "Not applicable" only on an item that may not apply (bad input otherwise)."""
    if value == NOT_APPLICABLE and not content.may_not_apply(item_id):
        raise WorkshopError("bad_value")


def _row_to_workshop(row: Mapping[Any, Any]) -> Workshop:
    return Workshop(
        id=int(row["id"]),
        code=str(row["code"]),
        facilitator_key=str(row["facilitator_key"]),
        title=str(row["title"]),
        language=as_lang(row["language"]),
        parts=row["parts"],
        status="closed" if row["status"] == "closed" else "open",
        created_at=row["created_at"],
        board_key=str(row["board_key"] or ""),
        consensus_saved=row["consensus_saved_at"] is not None,
    )


def _upsert_stmt(engine: Engine, table: Table, values: dict[str, object], keys: list[str]) -> Any:
    """Insert or update one row by its key: the same code on SQLite and PostgreSQL."""
    ins_mod = postgresql if engine.dialect.name == "postgresql" else sqlite
    stmt = ins_mod.insert(table).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=keys,
        set_={k: getattr(stmt.excluded, k) for k in values if k not in keys},
    )


# -- facilitator -----------------------------------------------------------------------------


def create(engine: Engine, title: str, language: str, parts: str) -> Workshop:
    title = " ".join(title.split())[:MAX_TITLE]
    if not title:
        raise WorkshopError("no_title")
    if parts not in PARTS:
        raise WorkshopError("bad_parts")
    language = as_lang(language)
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        key = secrets.token_urlsafe(24)
        row = {
            "code": code,
            "facilitator_key": key,
            "board_key": secrets.token_urlsafe(24),
            "title": title,
            "language": language,
            "parts": parts,
            "status": "open",
            "created_at": now(),
        }
        try:
            _write(engine, lambda conn, row=row: conn.execute(insert(workshops).values(**row)))
        except IntegrityError:  # a code already in use: draw again
            continue
        found = by_key(engine, key)
        assert found is not None
        return found
    raise WorkshopError("no_code")  # pragma: no cover - 25^6 codes


def _by_secret(engine: Engine, column: Any, key: str) -> Workshop | None:
    """The workshop whose link carries ``key`` in ``column`` (a facilitator or board key)."""
    if not key or len(key) > 64:
        return None
    with read(engine) as conn:
        row = conn.execute(select(workshops).where(column == key)).first()
    return _row_to_workshop(row._mapping) if row else None


def by_key(engine: Engine, key: str) -> Workshop | None:
    """The workshop whose private facilitator link carries ``key``."""
    return _by_secret(engine, workshops.c.facilitator_key, key)


def by_board(engine: Engine, key: str) -> Workshop | None:
    """The workshop whose read-only board link carries ``key``."""
    return _by_secret(engine, workshops.c.board_key, key)


def by_code(engine: Engine, code: str) -> Workshop | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    with read(engine) as conn:
        row = conn.execute(select(workshops).where(workshops.c.code == code)).first()
    return _row_to_workshop(row._mapping) if row else None


def set_status(engine: Engine, workshop: Workshop, status: Literal["open", "closed"]) -> Workshop:
    _write(
        engine,
        lambda conn: conn.execute(
            update(workshops)
            .where(workshops.c.id == workshop.id)
            .values(status=status, closed_at=now() if status == "closed" else None)
        ),
    )
    found = by_key(engine, workshop.facilitator_key)
    assert found is not None
    return found


def delete_workshop(engine: Engine, workshop: Workshop) -> None:
    """The workshop with all its participants, answers and agreed answers."""

    def work(conn: Connection) -> None:
        pids = select(participants.c.id).where(participants.c.workshop_id == workshop.id)
        conn.execute(delete(answers).where(answers.c.participant_id.in_(pids)))
        conn.execute(delete(participants).where(participants.c.workshop_id == workshop.id))
        conn.execute(delete(consensus).where(consensus.c.workshop_id == workshop.id))
        conn.execute(delete(workshops).where(workshops.c.id == workshop.id))

    _write(engine, work)


# -- participant -----------------------------------------------------------------------------


def join(engine: Engine, workshop: Workshop) -> Participant:
    if not workshop.is_open:
        raise WorkshopError("closed")
    token = secrets.token_urlsafe(16)
    _write(
        engine,
        lambda conn: conn.execute(
            insert(participants).values(workshop_id=workshop.id, token=token, created_at=now())
        ),
    )
    found = participant(engine, token)
    assert found is not None
    return found[0]


def participant(engine: Engine, token: str) -> tuple[Participant, Workshop] | None:
    if not token or len(token) > 64:
        return None
    with read(engine) as conn:
        row = conn.execute(
            select(participants, workshops)
            .join(workshops, workshops.c.id == participants.c.workshop_id)
            .where(participants.c.token == token)
        ).first()
    if row is None:
        return None
    m = row._mapping
    p = Participant(
        id=int(m[participants.c.id]),
        workshop_id=int(m[participants.c.workshop_id]),
        token=str(m[participants.c.token]),
        finished=m[participants.c.finished_at] is not None,
    )
    w = _row_to_workshop({c.name: m[c] for c in workshops.c})
    return p, w


def answer(engine: Engine, content: Content, token: str, item_id: str, value: AnswerValue) -> None:
    """Store one answer now. Idempotent: the same answer twice changes nothing.

    One statement in one short transaction: the participant, the workshop being open and the
    item belonging to its parts are checked in the same statement that writes, so closing
    cannot slip in between. Raises ``WorkshopError("not_saved")`` when the database stayed
    busy (nothing written: the person is told and can try again).
    """
    stored = to_db(value)
    if not token or len(token) > 64:
        raise WorkshopError("unknown_participant")
    try:
        phase = content.item(item_id)[1]
    except KeyError:
        raise WorkshopError("unknown_item") from None
    _check_applies(content, item_id, value)
    params = {
        "token": token,
        "item_id": item_id,
        "value": stored,
        "updated_at": now(),
        "fits": ["phases", "both"] if phase is not None else ["questions", "both"],
    }
    stmt = _answer_statement(engine.dialect.name)
    written = _write(engine, lambda conn: conn.execute(stmt, params).first())
    if written is not None:
        return
    found = participant(engine, token)  # why not: say so precisely
    if found is None:
        raise WorkshopError("unknown_participant")
    if not found[1].is_open:
        raise WorkshopError("closed")
    raise WorkshopError("unknown_item")


@functools.cache
def _answer_statement(dialect: str) -> Any:
    """The answer's upsert, built once per dialect (building it costs more than running it).

    Only a participant of an open workshop whose parts include the item gets a row: the checks
    and the write are one statement, so closing cannot slip in between.
    """
    source = (
        select(
            participants.c.id,
            bindparam("item_id", type_=String),
            bindparam("value", type_=Integer),
            bindparam("updated_at", type_=answers.c.updated_at.type),
        )
        .join(workshops, workshops.c.id == participants.c.workshop_id)
        .where(
            participants.c.token == bindparam("token"),
            workshops.c.status == "open",
            workshops.c.parts.in_(bindparam("fits", expanding=True)),
        )
    )
    if dialect == "postgresql":
        # the workshop row is share-locked: a close waits for this answer (or comes first)
        source = source.with_for_update(read=True, of=workshops)
    ins_mod = postgresql if dialect == "postgresql" else sqlite
    stmt = ins_mod.insert(answers).from_select(
        ["participant_id", "item_id", "value", "updated_at"], source
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["participant_id", "item_id"],
        set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
    )
    return stmt.returning(answers.c.item_id)  # rowcount is not reliable here on psycopg


def _write(engine: Engine, work: Any) -> Any:
    """A write through the storage's retrying queue; a database that stays busy is refused."""
    try:
        return write(engine, work)
    except StorageBusy:
        raise WorkshopError("not_saved") from None


def answers_of(engine: Engine, token: str) -> dict[str, AnswerValue]:
    if not token or len(token) > 64:
        return {}
    with read(engine) as conn:
        rows = conn.execute(
            select(answers.c.item_id, answers.c.value)
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.token == token)
        ).all()
    return {item: from_db(value) for item, value in rows}


def finish(engine: Engine, token: str) -> bool:
    """Mark a participant as finished. False when they had already finished."""
    found = participant(engine, token)
    if found is None:
        raise WorkshopError("unknown_participant")
    if not found[1].is_open:
        raise WorkshopError("closed")
    changed = _write(
        engine,
        lambda conn: (
            conn.execute(
                update(participants)
                .where(participants.c.token == token, participants.c.finished_at.is_(None))
                .values(finished_at=now())
            ).rowcount
        ),
    )
    return bool(changed)


# -- the live board --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    counts: dict[AnswerValue, int]  # 0..4, "dont_know" and "not_applicable"
    answered: int  # numeric answers
    dont_know: int
    mean: float | None
    spread: float | None  # population standard deviation of the numeric answers
    median: int | None  # the lower median: a cautious starting point for consensus
    not_applicable: int = 0


@dataclass(frozen=True)
class PhaseStats:
    number: int
    mean: float | None  # mean of the participants' phase fulfilment (0-100)
    spread: float | None  # standard deviation of it
    low: float | None
    high: float | None
    people: int  # participants with enough answers in this phase to count


@dataclass(frozen=True)
class Board:
    joined: int
    finished: int
    items: dict[str, ItemStats]
    answering: int  # participants with at least one answer: the room the report speaks for
    phases: tuple[PhaseStats, ...]
    dont_know: int
    answers: int = 0  # every answer given, "don't know" included
    updated_at: dt.datetime = field(default_factory=now)

    def disagreements(self, limit: int = 5, minimum: int = 2) -> list[ItemStats]:
        """The statements the room disagrees on most (largest spread, then most answers)."""
        ranked = [s for s in self.items.values() if s.spread is not None and s.answered >= minimum]
        ranked.sort(key=lambda s: (-(s.spread or 0.0), -s.answered, s.item_id))
        return [s for s in ranked if (s.spread or 0.0) > 0][:limit]


def _stats(item_id: str, values: list[int]) -> ItemStats:
    counts: Counter[AnswerValue] = Counter()
    numeric = []
    for v in values:
        if v in (DONT_KNOW_VALUE, NOT_APPLICABLE_VALUE):
            counts[from_db(v)] += 1
        else:
            counts[v] += 1
            numeric.append(v)
    return ItemStats(
        item_id=item_id,
        counts={k: counts.get(k, 0) for k in ANSWER_VALUES},
        answered=len(numeric),
        dont_know=counts[DONT_KNOW],
        mean=statistics.fmean(numeric) if numeric else None,
        spread=statistics.pstdev(numeric) if numeric else None,
        median=statistics.median_low(numeric) if numeric else None,
        not_applicable=counts[NOT_APPLICABLE],
    )


def joined_count(engine: Engine, workshop: Workshop) -> int:
    with read(engine) as conn:
        count = conn.execute(
            select(func.count(participants.c.id)).where(participants.c.workshop_id == workshop.id)
        ).scalar()
    return int(count or 0)


def board(engine: Engine, content: Content, workshop: Workshop) -> Board:
    """The room's answers, anonymous, in one pass: O(answers)."""
    with read(engine) as conn:
        counts = conn.execute(
            select(
                func.count(participants.c.id),
                func.count(participants.c.finished_at),
            ).where(participants.c.workshop_id == workshop.id)
        ).one()
        rows = conn.execute(
            select(answers.c.participant_id, answers.c.item_id, answers.c.value)
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.workshop_id == workshop.id)
        ).all()
    by_item: dict[str, list[int]] = defaultdict(list)
    by_person: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, item_id, value in rows:
        by_item[item_id].append(value)
        by_person[pid][item_id] = value
    ids = content.item_ids(workshop.parts)
    items = {i: _stats(i, by_item.get(i, [])) for i in ids}

    phase_stats = []
    if workshop.parts in ("phases", "both"):
        people = [{i: from_db(v) for i, v in person.items()} for person in by_person.values()]
        for phase in content.phases:
            levels = []
            for person in people:
                level = phase_level(phase.statements, person)
                if level is not None:
                    levels.append(level)
            phase_stats.append(
                PhaseStats(
                    number=phase.number,
                    mean=statistics.fmean(levels) if levels else None,
                    spread=statistics.pstdev(levels) if levels else None,
                    low=min(levels) if levels else None,
                    high=max(levels) if levels else None,
                    people=len(levels),
                )
            )
    return Board(
        joined=int(counts[0]),
        finished=int(counts[1]),
        items=items,
        answering=len(by_person),
        phases=tuple(phase_stats),
        dont_know=sum(s.dont_know for s in items.values()),
        answers=sum(s.answered + s.dont_know + s.not_applicable for s in items.values()),
    )


# -- consensus -------------------------------------------------------------------------------


def agreed(engine: Engine, workshop: Workshop) -> dict[str, AnswerValue]:
    with read(engine) as conn:
        rows = conn.execute(
            select(consensus.c.item_id, consensus.c.value).where(
                consensus.c.workshop_id == workshop.id
            )
        ).all()
    return {item: from_db(value) for item, value in rows}


def agreed_save(engine: Engine, content: Content, workshop: Workshop) -> SaveFile | None:
    """The group's agreed answers as a save file (the current version), so a team's workshops
    compare like any two scans (``python -m assessment compare``) and a re-scan can start from
    one: the organisation is the workshop's name, in the workshop's language and on this
    content version, dated the day the group answer was last saved. Only the agreed answers:
    nothing of any participant. None until the group answer is saved."""
    values = agreed(engine, workshop)
    with read(engine) as conn:
        saved_at = conn.execute(
            select(workshops.c.consensus_saved_at).where(workshops.c.id == workshop.id)
        ).scalar()
    if not values or saved_at is None:
        return None
    saved_at = _utc(saved_at)
    retired = {i: v for i, v in values.items() if content.retired_item(i) is not None}
    return SaveFile(
        language=workshop.language,
        organisation=Organisation(name=workshop.title[:MAX_NAME]),
        answers={i: v for i, v in values.items() if i not in retired},
        retired=Retired(answers=retired),
        content_version=content.version,
        created_at=min(_utc(workshop.created_at), saved_at),
        updated_at=saved_at,
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment in UTC, to the second (SQLite keeps no time zone: stored in UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def proposal(content: Content, workshop: Workshop, room: Board) -> dict[str, AnswerValue]:
    """The starting point of the consensus step: the group's (lower) median per statement.

    A statement that more people called "not applicable" than rated starts as "not applicable";
    one only "don't know" answers were given to starts as "don't know"; one nobody answered stays
    open.
    """
    out: dict[str, AnswerValue] = {}
    for i in content.item_ids(workshop.parts):
        s = room.items[i]
        if s.not_applicable > s.answered:
            out[i] = NOT_APPLICABLE
        elif s.median is not None:
            out[i] = s.median
        elif s.dont_know:
            out[i] = DONT_KNOW
    return out


def set_agreed(
    engine: Engine, content: Content, workshop: Workshop, values: Mapping[str, AnswerValue]
) -> None:
    """Save the group answer: every value checked first, then all written in one transaction.

    ``None`` is an item left open; it stays open when the step is opened again (the median is
    only the starting point before the first save).
    """
    allowed = set(content.item_ids(workshop.parts))
    unknown = [i for i in values if i not in allowed]
    if unknown:
        raise WorkshopError("unknown_item")
    for i, v in values.items():
        _check_applies(content, i, v)
    rows = {i: to_db(v) for i, v in values.items() if v is not None}
    left_open = [i for i, v in values.items() if v is None]
    stamp = now()

    def work(conn: Connection) -> None:
        if left_open:
            conn.execute(
                delete(consensus).where(
                    consensus.c.workshop_id == workshop.id, consensus.c.item_id.in_(left_open)
                )
            )
        for item_id, value in rows.items():
            conn.execute(
                _upsert_stmt(
                    engine,
                    consensus,
                    {
                        "workshop_id": workshop.id,
                        "item_id": item_id,
                        "value": value,
                        "updated_at": stamp,
                    },
                    ["workshop_id", "item_id"],
                )
            )
        conn.execute(
            update(workshops).where(workshops.c.id == workshop.id).values(consensus_saved_at=stamp)
        )

    _write(engine, work)
