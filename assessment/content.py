"""Content models and loading.

All wording of the product (phases, statements, questions, scales, objectives, sources and the
interface strings) lives as YAML data in ``content/``. It is validated once, at start-up, by the
pydantic models below: a typo is a clear error that names the file and the field.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assessment.answers import ANSWER_VALUES, Given, Parts, Size
from assessment.formats import plural_form

LANGUAGES: tuple[str, ...] = ("nl", "en")
Lang = Literal["nl", "en"]


def as_lang(value: object) -> Lang:
    """A language code from outside (a URL, a file, a database row): English or else Dutch."""
    return "en" if value == "en" else "nl"


CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,60}$")]
NonEmpty = Annotated[str, Field(min_length=1, max_length=2000)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in every supported language; both are required and non-empty."""

    nl: NonEmpty
    en: NonEmpty

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Forms(Frozen):
    """The plural forms of a text in one language (CLDR's categories for Dutch and English)."""

    one: NonEmpty
    other: NonEmpty


class Plural(Frozen):
    """An interface text that depends on a ``count``: "1 actie", "3 acties"."""

    nl: Forms
    en: Forms

    def __call__(self, lang: str, count: int) -> str:
        forms = self.en if lang == "en" else self.nl
        return forms.one if plural_form(count, lang) == "one" else forms.other


Effort = Literal["small", "medium", "large"]


class Source(Frozen):
    id: Id
    citation: str = Field(min_length=5)
    title: Text
    note: Text | None = None


class Condition(Frozen):
    """Something a few items assume (several people, departments, a sales team, a community).

    Where it does not hold, such an item may be answered "not applicable"; at the organisation
    sizes in ``not_at`` the app pre-marks it so (the user sees that and can change it).
    """

    id: Id
    label: Text  # what is assumed, after "gaat uit van" / "assumes": "meerdere mensen die ..."
    not_at: tuple[Size, ...] = ()
    applies_at: tuple[Size, ...] = ()  # sizes at which it always holds: "not applicable" refused

    @model_validator(mode="after")
    def _sizes(self) -> Condition:
        if set(self.not_at) & set(self.applies_at):
            raise ValueError(f"conditions.yaml: {self.id}: a size in both not_at and applies_at")
        return self


class Item(Frozen):
    """Something an organisation rates itself on: a phase statement or a sub-question."""

    id: Id
    assumes: Id | None = None  # a condition id: the item may not apply where it does not hold
    text: Text
    help: Text  # what "fully" (or "validated") looks like
    action: Text  # what to do, the first step
    kpi: Text  # example KPI or evidence
    owner: Text  # typical owner role
    effort: Effort
    sources: tuple[Id, ...] = Field(min_length=1)


class Phase(Frozen):
    number: int = Field(ge=1, le=6)
    id: Id
    name: Text
    tagline: Text
    description: Text
    statements: tuple[Item, ...] = Field(min_length=5, max_length=7)


class Question(Frozen):
    number: int = Field(ge=1, le=4)
    id: Id
    title: Text
    description: Text
    method: Text  # the recommended way to answer it
    method_kind: Literal["desk_research", "interviews", "field_research"]
    phase: int = Field(ge=1, le=6)  # the SBSMI phase this question underpins (plan order)
    sources: tuple[Id, ...] = Field(min_length=1)
    subquestions: tuple[Item, ...] = Field(min_length=3, max_length=5)


class ScalePoint(Frozen):
    value: Given
    label: Text
    description: Text


class Scale(Frozen):
    id: Literal["phase", "question"]
    points: tuple[ScalePoint, ...]

    @model_validator(mode="after")
    def _points(self) -> Scale:
        values = tuple(p.value for p in self.points)
        if values != ANSWER_VALUES:
            expected = ", ".join(map(str, ANSWER_VALUES))
            raise ValueError(f"points must be {expected} in that order, got {list(values)}")
        return self

    def point(self, value: int | str) -> ScalePoint:
        for p in self.points:
            if p.value == value:
                return p
        raise KeyError(value)


class Retired(Frozen):
    """A statement or sub-question that an earlier content version asked and whose meaning
    changed: its id is never used again, and an answer to it is never mapped onto a new item.
    The text stays so that a loaded answer can be listed ("answer these again")."""

    id: Id
    scale: Literal["phase", "question"]
    text: Text
    replaced_by: tuple[Id, ...] = ()  # where its subject is asked now (a pointer, not a mapping)
    since: int = Field(ge=2)  # the save-file version whose content retired it


Approach = Literal["listening", "talking", "energizing", "supporting", "embracing"]


class Objective(Frozen):
    id: Id
    approach: Approach  # Li & Bernoff's approach the canvas suggests first (seed003)
    name: Text
    description: Text
    kpis: tuple[Text, ...] = Field(min_length=1)
    sources: tuple[Id, ...] = Field(min_length=1)


class Named(Frozen):
    """A choice with a name in both languages (an approach, a kind of research, a rhythm)."""

    id: Id
    name: Text
    description: Text | None = None


class StrategyStep(Frozen):
    """A step of the canvas in POST's order: its reasoning, sources and the scan's items."""

    id: Literal["people", "objectives", "strategy", "technology", "organisation"]
    title: Text
    why: Text
    scan: tuple[Id, ...]  # items whose answers the step shows ("what your scan says")
    sources: tuple[Id, ...] = Field(min_length=1)


class SmartLimits(Frozen):
    max_months: int = Field(ge=1, le=120)
    max_factor_per_year: float = Field(gt=1, le=100)
    focus: int = Field(ge=1, le=8)


class StrategyContent(Frozen):
    smart: SmartLimits
    steps: tuple[StrategyStep, ...]
    approaches: tuple[Named, ...]
    research: tuple[Named, ...]
    rhythms: tuple[Named, ...]

    @model_validator(mode="after")
    def _complete(self) -> StrategyContent:
        steps = [s.id for s in self.steps]
        if steps != ["people", "objectives", "strategy", "technology", "organisation"]:
            raise ValueError(f"strategy.yaml: steps must follow POST's order, got {steps}")
        if [a.id for a in self.approaches] != list(get_args(Approach)):
            raise ValueError(f"strategy.yaml: approaches must be {list(get_args(Approach))}")
        if [r.id for r in self.research] != ["assumption", "desk", "field"]:
            raise ValueError("strategy.yaml: research must be assumption, desk, field")
        if [r.id for r in self.rhythms] != ["monthly", "quarterly", "half-yearly", "yearly"]:
            raise ValueError("strategy.yaml: rhythms must be monthly ... yearly")
        return self

    def step(self, step_id: str) -> StrategyStep:
        return next(s for s in self.steps if s.id == step_id)

    def approach(self, approach_id: str) -> Named:
        return next(a for a in self.approaches if a.id == approach_id)


class ContentVersion(Frozen):
    """A version of the content: the items it added (every other current item dates from 1)."""

    number: int = Field(ge=1)
    added: tuple[Id, ...] = ()


class Settings(Frozen):
    threshold: int = Field(default=75, ge=1, le=100)


class Content(Frozen):
    """Everything in ``content/``, cross-checked."""

    settings: Settings
    sources: tuple[Source, ...]
    scales: tuple[Scale, ...]
    phases: tuple[Phase, ...]
    questions: tuple[Question, ...]
    objectives: tuple[Objective, ...]
    conditions: tuple[Condition, ...]
    retired: tuple[Retired, ...]
    strategy: StrategyContent
    versions: tuple[ContentVersion, ...] = Field(min_length=1)
    ui: dict[str, Text | Plural]

    @model_validator(mode="after")
    def _cross_checks(self) -> Content:
        if [p.number for p in self.phases] != [1, 2, 3, 4, 5, 6]:
            raise ValueError("phases.yaml: expected the six phases numbered 1 to 6 in order")
        if [q.number for q in self.questions] != [1, 2, 3, 4]:
            raise ValueError("questions.yaml: expected the four questions numbered 1 to 4 in order")
        if sorted(s.id for s in self.scales) != ["phase", "question"]:
            raise ValueError("scales.yaml: expected exactly the scales 'phase' and 'question'")
        if len(self.objectives) != 8:
            raise ValueError(
                f"objectives.yaml: expected the eight objectives, got {len(self.objectives)}"
            )
        seen: dict[str, str] = {}
        for where, ident in self._all_ids():
            if ident in seen:
                raise ValueError(f"{where}: duplicate id {ident!r} (first used in {seen[ident]})")
            seen[ident] = where
        source_ids = {s.id for s in self.sources}
        for where, refs in self._all_source_refs():
            for ref in refs:
                if ref not in source_ids:
                    raise ValueError(f"{where}: unknown source {ref!r}")
        for key, text in self.ui.items():
            _check_placeholders(key, text)
        self._check_conditions()
        self._check_retired(set(seen))
        items = set(self.item_ids())
        self._check_versions(items)
        for step in self.strategy.steps:
            for ref in step.scan:
                if ref not in items:
                    raise ValueError(f"strategy.yaml: step {step.id}: scan: unknown item {ref!r}")
        return self

    def _check_conditions(self) -> None:
        """Every ``assumes`` names a condition, and at least half of the items of every phase
        and every question always apply (so "not applicable" can never empty a phase)."""
        known = {c.id for c in self.conditions}
        groups: list[tuple[str, str, tuple[Item, ...]]] = [
            ("phases.yaml", f"phase {p.number} ({p.id}) statements", p.statements)
            for p in self.phases
        ] + [
            ("questions.yaml", f"question {q.number} ({q.id}) subquestions", q.subquestions)
            for q in self.questions
        ]
        for file, where, items in groups:
            for item in items:
                if item.assumes is not None and item.assumes not in known:
                    raise ValueError(
                        f"{file}: {where}: {item.id}.assumes: unknown condition "
                        f"{item.assumes!r} (conditions.yaml has {sorted(known)})"
                    )
            always = sum(item.assumes is None for item in items)
            if 2 * always < len(items):
                raise ValueError(
                    f"{file}: {where}: only {always} of {len(items)} always apply; at least half "
                    "must have no 'assumes' field"
                )

    def _check_versions(self, current: set[str]) -> None:
        numbers = [v.number for v in self.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(
                f"versions.yaml: versions must be numbered 1, 2, ... in order: {numbers}"
            )
        retired = {r.id: r.since for r in self.retired}
        for v in self.versions:
            for item_id in v.added:
                if item_id not in current and retired.get(item_id, 0) <= v.number:
                    raise ValueError(
                        f"versions.yaml: version {v.number} adds {item_id!r}, which is neither a "
                        "current item nor one retired after that version"
                    )
        for r in self.retired:
            if r.since > self.version:
                raise ValueError(f"retired.yaml: {r.id}: since {r.since} > content version")

    @property
    def version(self) -> int:
        """The content version of this content (the last in versions.yaml)."""
        return self.versions[-1].number

    def asked(self, version: int) -> frozenset[str]:
        """The item ids that content version ``version`` asked (current ids and retired ones)."""
        added = {i: v.number for v in self.versions for i in v.added}
        current = {i for i in self.item_ids() if added.get(i, 1) <= version}
        retired = {
            r.id for r in self.retired if r.since > version and added.get(r.id, 1) <= version
        }
        return frozenset(current | retired)

    def _check_retired(self, current: set[str]) -> None:
        for r in self.retired:
            if r.id in current:
                raise ValueError(f"retired.yaml: {r.id}: a retired id may never be used again")
            for new in r.replaced_by:
                if new not in current:
                    raise ValueError(f"retired.yaml: {r.id}.replaced_by: unknown id {new!r}")
        ids = [r.id for r in self.retired]
        if len(ids) != len(set(ids)):
            raise ValueError("retired.yaml: an id is listed twice")

    def _all_ids(self) -> Iterator[tuple[str, str]]:
        for s in self.sources:
            yield "sources.yaml", s.id
        for p in self.phases:
            yield "phases.yaml", p.id
            for st in p.statements:
                yield f"phases.yaml (phase {p.number})", st.id
        for q in self.questions:
            yield "questions.yaml", q.id
            for sq in q.subquestions:
                yield f"questions.yaml (question {q.number})", sq.id
        for o in self.objectives:
            yield "objectives.yaml", o.id
        for c in self.conditions:
            yield "conditions.yaml", c.id

    def _all_source_refs(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        for p in self.phases:
            for st in p.statements:
                yield f"phases.yaml: statement {st.id}", st.sources
        for q in self.questions:
            yield f"questions.yaml: question {q.id}", q.sources
            for sq in q.subquestions:
                yield f"questions.yaml: sub-question {sq.id}", sq.sources
        for o in self.objectives:
            yield f"objectives.yaml: {o.id}", o.sources
        for s in self.strategy.steps:
            yield f"strategy.yaml: step {s.id}", s.sources

    # -- look-ups -------------------------------------------------------------------------

    @property
    def threshold(self) -> int:
        return self.settings.threshold

    def scale(self, scale_id: str) -> Scale:
        return next(s for s in self.scales if s.id == scale_id)

    def phase(self, number: int) -> Phase:
        return self.phases[number - 1]

    def question(self, number: int) -> Question:
        return self.questions[number - 1]

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def item_ids(self, parts: Parts = "both") -> list[str]:
        """The ids that can carry an answer in ``parts``, in questionnaire order."""
        ids: list[str] = []
        if parts in ("phases", "both"):
            ids += [st.id for p in self.phases for st in p.statements]
        if parts in ("questions", "both"):
            ids += [sq.id for q in self.questions for sq in q.subquestions]
        return ids

    def condition(self, item_id: str) -> Condition | None:
        """What the item assumes (None: it always applies)."""
        assumes = self.item(item_id)[0].assumes
        return next(c for c in self.conditions if c.id == assumes) if assumes else None

    def may_not_apply(self, item_id: str, size: str | None = None) -> bool:
        """Whether "not applicable" is an answer this item can take (for an organisation of
        ``size``: a large organisation cannot say it has no managers)."""
        condition = self.condition(item_id)
        return condition is not None and size not in condition.applies_at

    def assuming(self, condition_ids: Collection[str]) -> list[str]:
        """The items that assume one of these conditions, in questionnaire order."""
        items = [st for p in self.phases for st in p.statements]
        items += [sq for q in self.questions for sq in q.subquestions]
        return [i.id for i in items if i.assumes is not None and i.assumes in condition_ids]

    def not_applicable_at(self, size: str | None) -> list[str]:
        """The items that are pre-marked "not applicable" for an organisation of this size."""
        if size is None:
            return []
        return self.assuming({c.id for c in self.conditions if size in c.not_at})

    def retired_item(self, item_id: str) -> Retired | None:
        return next((r for r in self.retired if r.id == item_id), None)

    def item(self, item_id: str) -> tuple[Item, Phase | None, Question | None]:
        for p in self.phases:
            for st in p.statements:
                if st.id == item_id:
                    return st, p, None
        for q in self.questions:
            for sq in q.subquestions:
                if sq.id == item_id:
                    return sq, None, q
        raise KeyError(item_id)

    def ref(self, item_id: str, lang: str) -> str:
        """The number the questionnaire shows: 2.3 for a statement, V1.2 / Q1.2 for a question."""
        item, phase, question = self.item(item_id)
        if phase is not None:
            return f"{phase.number}.{phase.statements.index(item) + 1}"
        assert question is not None
        prefix = "V" if lang == "nl" else "Q"
        return f"{prefix}{question.number}.{question.subquestions.index(item) + 1}"

    def phase_name(self, number: int, lang: str) -> str:
        """A phase's name; phase 0 (Planning not reached yet) has a name of its own."""
        return self.phase(number).name(lang) if number else self.t("results.phase0", lang)

    def t(self, key: str, lang: str, **params: Any) -> str:
        """An interface string in ``lang``; ``params`` fill its ``{placeholders}``. A plural
        text picks its form by the ``count`` parameter."""
        entry = self.ui[key]
        if isinstance(entry, Plural):
            if "count" not in params:
                raise TypeError(f"ui.yaml: {key!r} has plural forms: pass count=...")
            text = entry(lang, int(params["count"]))
        else:
            text = entry(lang)
        return text.format(**params) if params else text


def _fields(text: str) -> set[str]:
    return {f[1] for f in string.Formatter().parse(text) if f[1] is not None}


def _check_placeholders(key: str, text: Text | Plural) -> None:
    """Both languages fill the same placeholders; a plural's "one" form may leave the count out
    ("één actie") but has no placeholder of its own, and a plural text has a ``count``."""
    if isinstance(text, Plural):
        fields = [_fields(text.nl.other), _fields(text.en.other)]
        if "count" not in fields[0]:
            raise ValueError(f"ui.yaml: plural key {key!r} must have a {{count}} placeholder")
        if _fields(text.nl.one) != _fields(text.en.one):
            raise ValueError(
                f"ui.yaml: key {key!r} has different placeholders in its nl and en 'one' forms"
            )
        for lang, forms in (("nl", text.nl), ("en", text.en)):
            extra = _fields(forms.one) - _fields(forms.other)
            if extra:
                raise ValueError(
                    f"ui.yaml: key {key!r} ({lang}): the 'one' form has placeholders that the "
                    f"'other' form lacks: {sorted(extra)}"
                )
    else:
        fields = [_fields(text.nl), _fields(text.en)]
    if fields[0] != fields[1]:
        raise ValueError(
            f"ui.yaml: key {key!r} has different placeholders in nl {sorted(fields[0])} "
            f"and en {sorted(fields[1])}"
        )


class ContentError(Exception):
    """Content that does not load; the message names the file and the field."""


FILES = {
    "settings": "settings.yaml",
    "sources": "sources.yaml",
    "scales": "scales.yaml",
    "phases": "phases.yaml",
    "questions": "questions.yaml",
    "objectives": "objectives.yaml",
    "conditions": "conditions.yaml",
    "retired": "retired.yaml",
    "strategy": "strategy.yaml",
    "versions": "versions.yaml",
    "ui": "ui.yaml",
}


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: file is missing") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML: {exc}") from exc


def _format_error(directory: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        if not loc:  # a cross-check: its message starts with the file name
            lines.append(f"{directory}/{err['msg'].removeprefix('Value error, ')}")
            continue
        file = FILES.get(str(loc[0]), "?") if loc else "?"
        field = ".".join(str(part) for part in loc)
        lines.append(f"{directory / file}: {field}: {err['msg']}")
    return "\n".join(lines)


def load_content(directory: Path | None = None) -> Content:
    """Load and validate every content file; raise ContentError naming file and field."""
    directory = directory or CONTENT_DIR
    raw: dict[str, Any] = {}
    for key, name in FILES.items():
        data = _read_yaml(directory / name)
        if not isinstance(data, dict) or key not in data:
            raise ContentError(f"{directory / name}: expected a top-level key {key!r}")
        raw[key] = data[key]
    try:
        return Content.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_format_error(directory, exc)) from exc


@cache
def default_content() -> Content:
    """The bundled content, loaded once per process."""
    return load_content()
