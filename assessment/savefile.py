"""The versioned save file: organisation, answers, plan edits and timestamps, as JSON.

Reading one never trusts it: bad JSON, a foreign file, a wrong version, an unknown id, a value out
of range, "not applicable" on an item that always applies or an over-long text each raise
SaveFileError with a code the interface translates.

Every file any version wrote loads forever:
- version 1 (until content version 2): no "not applicable";
- version 2: "not applicable" on the items that may not apply, and ``retired``;
- version 3: the strategy canvas (``strategy``); progress over time: the content version the
  answers were given on (``content_version``), earlier scans kept as dated ``snapshots``,
  ``targets``, a status per plan action, and the answers carried over from the earlier scan that
  are not confirmed yet (``unconfirmed``). A version 1 or 2 file upgrades with all of these empty
  (a version 1 file was answered on content version 1, a version 2 file on content version 2).
Loading upgrades a file to the current version. An answer (or plan edit) to a statement whose
meaning changed (an id in ``content/retired.yaml``) is never mapped onto a new statement: it moves
to ``retired``, is kept there in every later save, and the app lists it to be answered again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assessment.answers import MAX_POINTS, NOT_APPLICABLE, AnswerValue, Size
from assessment.content import Content, as_lang, default_content
from assessment.errors import TranslatableError
from assessment.plan import MAX_NOTES, MAX_SHORT, Edit, Status
from assessment.strategy import Strategy, StrategyError, check_refs

FORMAT = "sbsmi-scan"
VERSION = 3
VERSIONS = (1, 2, 3)  # every version that loads
MAX_BYTES = 1_000_000
MAX_NAME = 120

Score = Annotated[int, Field(ge=0, le=MAX_POINTS, strict=True)]
Answer = Score | Literal["dont_know", "not_applicable"] | None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Organisation(_Model):
    name: str = Field(default="", max_length=MAX_NAME)
    sector: str = Field(default="", max_length=MAX_SHORT)
    size: Size | None = None


class PlanEdit(_Model):
    action_id: str = Field(max_length=200)
    include: bool = True
    owner: str | None = Field(default=None, max_length=MAX_SHORT)
    due: dt.date | None = None
    notes: str = Field(default="", max_length=MAX_NOTES)
    status: Status | None = Field(
        default=None,
        description='open, in_progress, done or dropped ("dropped" is include false); '
        "absent: open, or dropped when include is false.",
    )
    done_on: dt.date | None = Field(default=None, description="When it was marked done.")

    @model_validator(mode="after")
    def _status(self) -> PlanEdit:
        if self.status is None:
            self.status = "open" if self.include else "dropped"
        elif (self.status == "dropped") == self.include:
            raise ValueError("status and include disagree")
        if self.status != "done":
            self.done_on = None
        return self

    def to_edit(self) -> Edit:
        progress = self.status if self.status in ("open", "in_progress", "done") else "open"
        return Edit(
            include=self.include,
            owner=self.owner,
            due=self.due,
            notes=self.notes,
            progress=progress,
            done_on=self.done_on,
        )

    @classmethod
    def of(cls, action_id: str, e: Edit) -> PlanEdit:
        return cls(
            action_id=action_id,
            include=e.include,
            owner=e.owner,
            due=e.due,
            notes=e.notes,
            status=e.status,
            done_on=e.done_on,
        )


def _content_version() -> int:
    return default_content().version


class Snapshot(_Model):
    """An earlier scan kept inside a later one: its answers and the phase and index they gave."""

    taken_on: dt.date = Field(description="The date of the earlier scan (when it was saved).")
    content_version: int = Field(ge=1, description="The content version it was answered on.")
    answers: dict[str, Answer] = Field(default_factory=dict)
    phase: int = Field(ge=0, le=6)
    index: float = Field(ge=0, le=6)
    plan: list[PlanEdit] = Field(
        default_factory=list, description="The plan's edits and statuses at the time."
    )

    def edits(self) -> dict[str, Edit]:
        return {e.action_id: e.to_edit() for e in self.plan}


PhaseNumber = Annotated[int, Field(ge=1, le=6)]
Fulfilment = Annotated[float, Field(ge=0, le=100)]


class Targets(_Model):
    """Where the organisation wants to be: a phase by a date, optionally a fulfilment per phase."""

    phase: PhaseNumber | None = None
    by: dt.date | None = None
    fulfilment: dict[PhaseNumber, Fulfilment] = Field(
        default_factory=dict, description="Target fulfilment (0-100) per phase number."
    )

    def __bool__(self) -> bool:
        return self != Targets()


class TemplateItem(_Model):
    id: str
    phase: int | None = Field(default=None, ge=1, le=6)
    question: int | None = Field(default=None, ge=1, le=4)
    text: str
    may_not_apply: bool = Field(
        default=False, description='Whether "not_applicable" is an answer this item can take.'
    )
    assumes: str | None = Field(
        default=None, description="What the item assumes, when it may not apply (a phrase)."
    )
    not_applicable_at: list[Size] = Field(
        default_factory=list,
        description='The organisation sizes at which the app pre-marks it "not_applicable".',
    )
    applies_at: list[Size] = Field(
        default_factory=list,
        description='The organisation sizes at which it always applies ("not_applicable" refused).',
    )


class Retired(_Model):
    """Answers and plan edits to statements whose meaning changed since the file was written.

    Kept, never mapped onto the new statements: the app lists them to be answered again."""

    answers: dict[str, Answer] = Field(default_factory=dict)
    plan: list[PlanEdit] = Field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.answers or self.plan)


class SaveFile(_Model):
    """Version 3 of the save file (a version-1 or -2 file is upgraded on load)."""

    format: Literal["sbsmi-scan"] = "sbsmi-scan"
    version: Literal[3] = 3
    language: Literal["nl", "en"] = "nl"
    organisation: Organisation = Field(default_factory=Organisation)
    answers: dict[str, Answer] = Field(default_factory=dict)
    plan: list[PlanEdit] = Field(default_factory=list)
    retired: Retired = Field(
        default_factory=Retired,
        description="Answers to statements that changed since they were given; answer again.",
    )
    strategy: Strategy = Field(
        default_factory=Strategy,
        description="The strategy canvas (POST): audiences, goals with SMART objectives, channels "
        "and the organisation part. Empty until the user fills it in.",
    )
    content_version: int = Field(
        default_factory=_content_version,
        ge=1,
        description="The content version the answers were given on (content/versions.yaml).",
    )
    snapshots: list[Snapshot] = Field(
        default_factory=list, max_length=50, description="Earlier scans, oldest first."
    )
    targets: Targets = Field(default_factory=Targets)
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="Answers carried over from the latest snapshot, not yet confirmed or changed.",
    )
    created_at: dt.datetime = Field(default_factory=now)
    updated_at: dt.datetime = Field(default_factory=now)
    items: list[TemplateItem] | None = Field(
        default=None, description="Only in a template: the text of every id, to help fill it in."
    )

    def edits(self) -> dict[str, Edit]:
        return {e.action_id: e.to_edit() for e in self.plan}

    @classmethod
    def from_state(
        cls,
        *,
        language: str,
        organisation: Organisation | Mapping[str, Any],
        answers: Mapping[str, AnswerValue],
        edits: Mapping[str, Edit],
        created_at: dt.datetime,
        retired: Retired | None = None,
        strategy: Strategy | None = None,
        snapshots: list[Snapshot] | None = None,
        targets: Targets | None = None,
        unconfirmed: Collection[str] = (),
    ) -> SaveFile:
        """The save file of a scan in progress (the app's state), stamped now."""
        return cls(
            language=as_lang(language),
            organisation=Organisation.model_validate(organisation),
            answers=dict(answers),
            plan=[PlanEdit.of(k, e) for k, e in edits.items()],
            retired=retired or Retired(),
            strategy=strategy or Strategy(),
            snapshots=list(snapshots or []),
            targets=targets or Targets(),
            unconfirmed=sorted(unconfirmed),
            created_at=created_at,
            updated_at=now(),
        )

    def filename(
        self, today: dt.date | None = None, kind: Literal["scan", "report"] = "scan"
    ) -> str:
        """``sbsmi-scan-<organisation>-<date>.json`` (``kind`` "report": the PDF's name)."""
        slug = "".join(ch if ch.isalnum() else " " for ch in self.organisation.name.lower())
        slug = "-".join(slug.split())[:40].strip("-") or "assessment"
        stamp = (today or dt.date.today()).isoformat()
        suffix = "pdf" if kind == "report" else "json"
        return f"sbsmi-{kind}-{slug}-{stamp}.{suffix}"

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=False, exclude={"items"})


class SaveFileError(TranslatableError):
    """A save file that cannot be used. ``code`` selects the translated message."""

    prefix = "save.error"


def parse(data: bytes | str, content: Content) -> SaveFile:
    """Read and check a save file; raise SaveFileError with a translatable code."""
    if len(data) > MAX_BYTES:
        raise SaveFileError("too_big", limit=MAX_BYTES // 1000)
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SaveFileError("bad_json", detail=str(exc)[:120]) from exc
    except RecursionError as exc:  # absurdly deep nesting
        raise SaveFileError("bad_json", detail="nesting too deep") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise SaveFileError("not_save_file")
    version = raw.get("version")
    if type(version) is not int or version not in VERSIONS:  # not True, 1.0 or "1"
        raise SaveFileError("wrong_version", version=json.dumps(version)[:20], expected=VERSION)
    if version == 1:
        raw = _from_version_1(raw)
    if raw["version"] == 2:  # a version 1 file was answered on content version 1, a 2 on 2
        raw = _from_version_2(raw, content_version=version)
    try:
        save = SaveFile.model_validate(raw)
    except ValidationError as exc:
        raise _explain(exc) from exc
    return _retire(save, content)


def _from_version_1(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: the same fields; "not applicable" did not exist yet."""
    answers = raw.get("answers")
    if isinstance(answers, dict):
        for key, value in answers.items():
            if value == NOT_APPLICABLE:
                raise SaveFileError("na_in_v1", id=str(key)[:80])
    if "retired" in raw:
        raise SaveFileError("invalid", field="retired")
    return {**raw, "version": 2}


def _from_version_2(raw: dict[str, Any], content_version: int) -> dict[str, Any]:
    """Version 2 -> 3: the same fields; the canvas and the history did not exist yet (they start
    empty)."""
    for field in ("strategy", "snapshots", "targets", "unconfirmed", "content_version"):
        if field in raw:
            raise SaveFileError("invalid", field=field)
    for edit in raw.get("plan") or []:
        if isinstance(edit, dict) and ("status" in edit or "done_on" in edit):
            raise SaveFileError("invalid", field="plan.status")
    return {**raw, "version": 3, "content_version": content_version}


def _item_of(action_id: str) -> str | None:
    kind, _, item_id = action_id.partition(".")
    return item_id if kind in ("act", "find") else None


def _retire(save: SaveFile, content: Content) -> SaveFile:
    """Move answers and plan edits of retired statements to ``retired``; refuse unknown ids and
    "not applicable" on an item that always applies."""
    known = set(content.item_ids())
    retired_ids = {r.id for r in content.retired}
    for key, value in save.retired.answers.items():
        if key not in retired_ids:
            code = "not_retired" if key in known else "unknown_id"
            raise SaveFileError(code, id=key[:80])
        if value == NOT_APPLICABLE:  # every retired statement dates from before "not applicable"
            raise SaveFileError("na_in_v1", id=key[:80])
    answers: dict[str, Answer] = {}
    kept = {k: v for k, v in save.retired.answers.items() if v is not None}
    retired = Retired(answers=kept, plan=list(save.retired.plan))
    size = save.organisation.size
    for key, value in save.answers.items():
        if key in known:
            if value == NOT_APPLICABLE and not content.may_not_apply(key, size):
                raise SaveFileError("always_applies", id=key[:80])
            answers[key] = value
        elif key in retired_ids:
            if key in retired.answers:
                raise SaveFileError("retired_twice", id=key[:80])
            if value is not None:  # an open statement of an old file: nothing to keep
                retired.answers[key] = value
        else:
            raise SaveFileError("unknown_id", id=key[:80])
    plan: list[PlanEdit] = []
    for edit in save.plan:
        item_id = _item_of(edit.action_id)
        if item_id in known:
            plan.append(edit)
        elif item_id in retired_ids:
            retired.plan.append(edit)
        else:
            raise SaveFileError("unknown_id", id=edit.action_id[:80])
    for edit in retired.plan:
        if _item_of(edit.action_id) not in retired_ids:
            raise SaveFileError("unknown_id", id=edit.action_id[:80])
    try:  # a link to an action of a retired statement stays: it is not an answer, and harmless
        check_refs(save.strategy, content, known | retired_ids)
    except StrategyError as exc:
        raise SaveFileError(exc.code, **exc.params) from exc
    snapshots = _check_history(save, content, known | retired_ids)
    # an answer carried over stays unconfirmed only while it is a current, given answer
    unconfirmed = sorted({i for i in save.unconfirmed if answers.get(i) is not None})
    for item_id in save.unconfirmed:
        if item_id not in known and item_id not in retired_ids:
            raise SaveFileError("unknown_id", id=item_id[:80])
    return save.model_copy(
        update={
            "answers": answers,
            "plan": plan,
            "retired": retired,
            "snapshots": snapshots,
            "unconfirmed": unconfirmed,
        }
    )


def _check_history(save: SaveFile, content: Content, actionable: set[str]) -> list[Snapshot]:
    """Snapshots are history: kept as they were written (answers to statements retired since
    included), but never dated after the file itself, never of a content version this app does
    not know, and only with ids their own content version asked. Oldest first."""
    # not after the file's own date, nor after tomorrow (a clock a time zone ahead)
    saved_on = min(save.updated_at.date(), dt.date.today() + dt.timedelta(days=1))
    if save.content_version > content.version:
        raise SaveFileError("newer_content", version=save.content_version)
    for edit in save.plan:
        if edit.done_on and edit.done_on > saved_on:
            raise SaveFileError("in_future", field=f"plan {edit.action_id[:80]}: done_on")
    for snap in save.snapshots:
        if snap.taken_on > saved_on:
            raise SaveFileError("in_future", field=f"snapshots: {snap.taken_on.isoformat()}")
        if snap.content_version > content.version:
            raise SaveFileError("newer_content", version=snap.content_version)
        asked = content.asked(snap.content_version)
        for key in snap.answers:
            if key not in asked:
                raise SaveFileError(
                    "not_asked",
                    id=key[:80],
                    when=snap.taken_on.isoformat(),
                    version=snap.content_version,
                )
        top = 6.0 if snap.phase == 6 else snap.phase + 1
        if not snap.phase <= snap.index <= top:
            raise SaveFileError("invalid", field=f"snapshots: {snap.taken_on.isoformat()}: index")
        for edit in snap.plan:
            if _item_of(edit.action_id) not in actionable:
                raise SaveFileError("unknown_id", id=edit.action_id[:80])
    return sorted(save.snapshots, key=lambda snap: snap.taken_on)


def _explain(exc: ValidationError) -> SaveFileError:
    err = exc.errors()[0]
    loc = [str(part) for part in err["loc"]]
    if loc and loc[0] == "answers" and len(loc) >= 2:
        return SaveFileError("bad_value", id=loc[1][:80], value=str(err.get("input"))[:40])
    if loc and loc[0] in ("plan", "snapshots") and "status and include disagree" in str(err["msg"]):
        return SaveFileError("status_conflict", field=".".join(loc))
    if loc and loc[0] == "strategy":
        where = ".".join(loc)
        if err["type"] in ("float_type", "float_parsing", "finite_number"):
            return SaveFileError("not_number", field=where, value=json.dumps(err.get("input"))[:40])
        if err["type"].startswith("date"):
            return SaveFileError("bad_date", field=where, value=str(err.get("input"))[:40])
        if err["type"] == "value_error":  # an id defined twice
            return SaveFileError("duplicate", detail=str(err["msg"]).removeprefix("Value error, "))
    if err["type"] == "string_too_long":
        return SaveFileError("too_long", field=".".join(loc), limit=err["ctx"]["max_length"])
    return SaveFileError("invalid", field=".".join(loc) or "-")


def template(content: Content, lang: str) -> dict[str, Any]:
    """An empty save file with every id set to null and the text of each item."""
    items: list[dict[str, Any]] = []
    for p in content.phases:
        items += [
            {"id": s.id, "phase": p.number, **_item(content, s.id, lang)} for s in p.statements
        ]
    for q in content.questions:
        items += [
            {"id": s.id, "question": q.number, **_item(content, s.id, lang)} for s in q.subquestions
        ]
    save = SaveFile(language=as_lang(lang))
    data: dict[str, Any] = json.loads(save.to_json())
    data["answers"] = {i: None for i in content.item_ids()}
    data["items"] = items
    return data


def _item(content: Content, item_id: str, lang: str) -> dict[str, Any]:
    item = content.item(item_id)[0]
    condition = content.condition(item_id)
    return {
        "text": item.text(lang),
        "may_not_apply": condition is not None,
        "assumes": condition.label(lang) if condition else None,
        "not_applicable_at": list(condition.not_at) if condition else [],
        "applies_at": list(condition.applies_at) if condition else [],
    }


def json_schema() -> dict[str, Any]:
    schema = SaveFile.model_json_schema()
    schema["$id"] = f"urn:sbsmi-scan:save-file:v{VERSION}"
    schema["title"] = "SBSMI scan save file"
    return schema
