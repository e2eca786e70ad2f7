"""The versioned save file: organisation, answers, plan edits and timestamps, as JSON.

Reading one never trusts it: bad JSON, a foreign file, a wrong version, an unknown id, a value out
of range or an over-long text each raise SaveFileError with a code the interface translates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assessment.answers import MAX_POINTS, AnswerValue
from assessment.content import Content, as_lang
from assessment.errors import TranslatableError
from assessment.plan import MAX_NOTES, MAX_SHORT, Edit

FORMAT = "sbsmi-scan"
VERSION = 1
MAX_BYTES = 1_000_000
MAX_NAME = 120

Size = Literal["1", "2-9", "10-49", "50-249", "250+"]
SIZES: tuple[Size, ...] = ("1", "2-9", "10-49", "50-249", "250+")
Score = Annotated[int, Field(ge=0, le=MAX_POINTS, strict=True)]
Answer = Score | Literal["dont_know"] | None


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

    def to_edit(self) -> Edit:
        return Edit(include=self.include, owner=self.owner, due=self.due, notes=self.notes)


class TemplateItem(_Model):
    id: str
    phase: int | None = Field(default=None, ge=1, le=6)
    question: int | None = Field(default=None, ge=1, le=4)
    text: str


class SaveFile(_Model):
    """Version 1 of the save file."""

    format: Literal["sbsmi-scan"] = "sbsmi-scan"
    version: Literal[1] = 1
    language: Literal["nl", "en"] = "nl"
    organisation: Organisation = Field(default_factory=Organisation)
    answers: dict[str, Answer] = Field(default_factory=dict)
    plan: list[PlanEdit] = Field(default_factory=list)
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
    ) -> SaveFile:
        """The save file of a scan in progress (the app's state), stamped now."""
        return cls(
            language=as_lang(language),
            organisation=Organisation.model_validate(organisation),
            answers=dict(answers),
            plan=[
                PlanEdit(action_id=k, include=e.include, owner=e.owner, due=e.due, notes=e.notes)
                for k, e in edits.items()
            ],
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
    if type(version) is not int or version != VERSION:  # not True, 1.0 or "1"
        raise SaveFileError("wrong_version", version=json.dumps(version)[:20], expected=VERSION)
    try:
        save = SaveFile.model_validate(raw)
    except ValidationError as exc:
        raise _explain(exc) from exc
    known = set(content.item_ids())
    for key in save.answers:
        if key not in known:
            raise SaveFileError("unknown_id", id=key[:80])
    for edit in save.plan:
        kind, _, item_id = edit.action_id.partition(".")
        if kind not in ("act", "find") or item_id not in known:
            raise SaveFileError("unknown_id", id=edit.action_id[:80])
    return save


def _explain(exc: ValidationError) -> SaveFileError:
    err = exc.errors()[0]
    loc = [str(part) for part in err["loc"]]
    if loc and loc[0] == "answers" and len(loc) >= 2:
        return SaveFileError("bad_value", id=loc[1][:80], value=str(err.get("input"))[:40])
    if err["type"] == "string_too_long":
        return SaveFileError("too_long", field=".".join(loc), limit=err["ctx"]["max_length"])
    return SaveFileError("invalid", field=".".join(loc) or "-")


def template(content: Content, lang: str) -> dict[str, Any]:
    """An empty save file with every id set to null and the text of each item."""
    items: list[dict[str, Any]] = []
    for p in content.phases:
        items += [{"id": s.id, "phase": p.number, "text": s.text(lang)} for s in p.statements]
    for q in content.questions:
        items += [{"id": s.id, "question": q.number, "text": s.text(lang)} for s in q.subquestions]
    save = SaveFile(language=as_lang(lang))
    data: dict[str, Any] = json.loads(save.to_json())
    data["answers"] = {i: None for i in content.item_ids()}
    data["items"] = items
    return data


def json_schema() -> dict[str, Any]:
    schema = SaveFile.model_json_schema()
    schema["$id"] = f"urn:sbsmi-scan:save-file:v{VERSION}"
    schema["title"] = "SBSMI scan save file"
    return schema
